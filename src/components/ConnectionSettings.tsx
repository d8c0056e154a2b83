import {
  Alert,
  Button,
  Field,
  FieldSet,
  Input,
  RadioButtonGroup,
  SecretInput,
  SecretTextArea,
  Switch,
} from '@grafana/ui';
import React, { useState } from 'react';
import type { AuthType } from '../types';
import {
  apiKeyCharacterProblem,
  encodeApiKey,
  withAuthType,
  withJsonData,
  withoutSecret,
  withSecret,
  type Options,
} from './optionsUpdate';

interface Props {
  options: Options;
  onOptionsChange: (options: Options) => void;
}

const AUTH_OPTIONS: Array<{ label: string; value: AuthType }> = [
  { label: 'No authentication', value: 'none' },
  { label: 'Basic (user, password)', value: 'basic' },
  { label: 'API key', value: 'apiKey' },
];

type KeyForm = 'pair' | 'encoded';
const KEY_FORM_OPTIONS: Array<{ label: string; value: KeyForm }> = [
  { label: 'id and api_key', value: 'pair' },
  { label: 'encoded', value: 'encoded' },
];

export function ConnectionSettings({ options, onOptionsChange }: Props) {
  const authType = options.jsonData.authType ?? (options.basicAuth ? 'basic' : 'none');
  const [keyForm, setKeyForm] = useState<KeyForm>('pair');
  const [keyId, setKeyId] = useState('');
  const [keySecret, setKeySecret] = useState('');
  const urlInvalid = !!options.url && !/^https?:\/\/[^\s/]+/i.test(options.url);

  const setUrl = (url: string) => onOptionsChange({ ...withJsonData(options, { clusterUrl: url }), url });
  const setAuth = (value: AuthType) => onOptionsChange(withAuthType(options, value));
  const [keyProblem, setKeyProblem] = useState<string>();
  const setPair = (id: string, secret: string) => {
    setKeyId(id);
    setKeySecret(secret);
    const problem = apiKeyCharacterProblem(id) ?? apiKeyCharacterProblem(secret);
    setKeyProblem(problem);
    // A key that cannot be right is not saved, and no earlier value stays behind in its place.
    const complete = !problem && id.trim() && secret.trim();
    onOptionsChange(withSecret(options, 'apiKey', complete ? encodeApiKey(id, secret) : ''));
  };
  const setEncoded = (encoded: string) => {
    const problem = apiKeyCharacterProblem(encoded);
    setKeyProblem(problem);
    onOptionsChange(withSecret(options, 'apiKey', problem ? '' : encoded.trim()));
  };
  // The route sends the key to jsonData.clusterUrl, which Grafana's URL allow-list does not check.
  const clusterUrl = options.jsonData.clusterUrl;
  const routeElsewhere = authType === 'apiKey' && !!options.url && !!clusterUrl && clusterUrl !== options.url;

  return (
    <FieldSet label="Connection">
      <Field
        label="URL"
        description="Elasticsearch or OpenSearch URL as seen from the Grafana server, e.g. https://es.internal:9200"
        invalid={urlInvalid}
        error={urlInvalid ? 'Enter an http:// or https:// URL.' : undefined}
        required
      >
        <Input
          width={60}
          id="sre-url"
          aria-label="URL"
          value={options.url ?? ''}
          placeholder="http://localhost:9200"
          onChange={(e) => setUrl(e.currentTarget.value.trim())}
        />
      </Field>
      <Field label="Authentication">
        <RadioButtonGroup options={AUTH_OPTIONS} value={authType} onChange={setAuth} />
      </Field>
      {authType === 'basic' && (
        <>
          <Field label="User">
            <Input
              width={60}
              aria-label="User"
              value={options.basicAuthUser ?? ''}
              onChange={(e) => onOptionsChange({ ...options, basicAuthUser: e.currentTarget.value })}
            />
          </Field>
          <Field label="Password">
            <SecretInput
              width={60}
              aria-label="Password"
              isConfigured={!!options.secureJsonFields?.basicAuthPassword}
              value={options.secureJsonData?.basicAuthPassword ?? ''}
              onChange={(e) => onOptionsChange(withSecret(options, 'basicAuthPassword', e.currentTarget.value))}
              onReset={() => onOptionsChange(withoutSecret(options, 'basicAuthPassword'))}
            />
          </Field>
        </>
      )}
      {authType === 'apiKey' &&
        (options.secureJsonFields?.apiKey ? (
          <Field label="API key" description="Saved on the Grafana server; the browser never sees it again.">
            <SecretInput
              width={60}
              aria-label="API key"
              isConfigured
              value=""
              onChange={() => undefined}
              onReset={() => onOptionsChange(withoutSecret(options, 'apiKey'))}
            />
          </Field>
        ) : (
          <>
            <Field label="API key form" description="As returned by POST /_security/api_key">
              <RadioButtonGroup
                options={KEY_FORM_OPTIONS}
                value={keyForm}
                onChange={(form) => {
                  setKeyForm(form);
                  setPair('', '');
                }}
              />
            </Field>
            {keyForm === 'pair' ? (
              <>
                <Field label="API key id">
                  <Input
                    width={60}
                    aria-label="API key id"
                    value={keyId}
                    onChange={(e) => setPair(e.currentTarget.value, keySecret)}
                  />
                </Field>
                <Field label="API key secret" description="The api_key value">
                  <Input
                    width={60}
                    aria-label="API key secret"
                    type="password"
                    value={keySecret}
                    onChange={(e) => setPair(keyId, e.currentTarget.value)}
                  />
                </Field>
              </>
            ) : (
              <Field label="Encoded API key" description="The encoded value: base64 of id:api_key">
                <SecretInput
                  width={60}
                  aria-label="Encoded API key"
                  isConfigured={false}
                  value={options.secureJsonData?.apiKey ?? ''}
                  onChange={(e) => setEncoded(e.currentTarget.value)}
                  onReset={() => onOptionsChange(withoutSecret(options, 'apiKey'))}
                />
              </Field>
            )}
            {keyProblem && (
              <Alert severity="error" title="This API key cannot be saved">
                {keyProblem}
              </Alert>
            )}
          </>
        ))}
      {routeElsewhere && (
        <Alert severity="warning" title="The API key goes to another URL than this one">
          The key is sent to {clusterUrl} (jsonData.clusterUrl), not to {options.url}. Grafana's data source URL
          allow-list checks only the URL above.{' '}
          <Button
            size="sm"
            variant="secondary"
            onClick={() => onOptionsChange(withJsonData(options, { clusterUrl: options.url }))}
          >
            Send the key to {options.url}
          </Button>
        </Alert>
      )}
      <Field
        label="Skip TLS certificate verification"
        description="Only for test clusters with self-signed certificates"
      >
        <Switch
          aria-label="Skip TLS certificate verification"
          value={!!options.jsonData.tlsSkipVerify}
          onChange={(e) => onOptionsChange(withJsonData(options, { tlsSkipVerify: e.currentTarget.checked }))}
        />
      </Field>
      <Field
        label="Custom CA certificate"
        description="Verify the cluster's certificate with your own certificate authority"
      >
        <Switch
          aria-label="Custom CA certificate"
          value={!!options.jsonData.tlsAuthWithCACert}
          onChange={(e) => onOptionsChange(withJsonData(options, { tlsAuthWithCACert: e.currentTarget.checked }))}
        />
      </Field>
      {options.jsonData.tlsAuthWithCACert && (
        <Field label="CA certificate (PEM)">
          <SecretTextArea
            aria-label="CA certificate"
            rows={5}
            cols={60}
            placeholder="-----BEGIN CERTIFICATE-----"
            isConfigured={!!options.secureJsonFields?.tlsCACert}
            onChange={(e) => onOptionsChange(withSecret(options, 'tlsCACert', e.currentTarget.value))}
            onReset={() => onOptionsChange(withoutSecret(options, 'tlsCACert'))}
          />
        </Field>
      )}
    </FieldSet>
  );
}

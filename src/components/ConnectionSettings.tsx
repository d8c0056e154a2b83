import { Alert, Field, FieldSet, Input, RadioButtonGroup, SecretInput, SecretTextArea, Switch } from '@grafana/ui';
import React, { useState } from 'react';
import { basicAuthCredentials } from '../cluster/proxyRoutes';
import type { AuthType } from '../types';
import {
  apiKeyCharacterProblem,
  encodeApiKey,
  normalizedUrl,
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
  // Typed here only: a saved password is never read back, so the credentials are rebuilt from both.
  const [password, setPassword] = useState('');
  const [keyForm, setKeyForm] = useState<KeyForm>('pair');
  const [keyId, setKeyId] = useState('');
  const [keySecret, setKeySecret] = useState('');
  const urlInvalid = !!options.url && !/^https?:\/\/[^\s/]+/i.test(options.url);

  const setUrl = (url: string) => onOptionsChange({ ...options, url });
  const setBasic = (user: string, typed: string) => {
    setPassword(typed);
    const next = { ...options, basicAuthUser: user };
    // The saved credentials hold the old user name too: a new name needs the password again.
    onOptionsChange(
      typed
        ? withSecret(next, 'basicAuthCredentials', basicAuthCredentials(user, typed))
        : withoutSecret(next, 'basicAuthCredentials')
    );
  };
  const credentialsSaved = !!options.secureJsonFields?.basicAuthCredentials;
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
          // Trailing slashes go when the field is left, not while typing a path after them.
          onBlur={(e) => setUrl(normalizedUrl(e.currentTarget.value))}
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
              onChange={(e) => setBasic(e.currentTarget.value, password)}
            />
          </Field>
          <Field
            label="Password"
            description="Sent by the plugin's proxy routes only, never with any other request to the cluster."
          >
            <SecretInput
              width={60}
              aria-label="Password"
              isConfigured={credentialsSaved && !password}
              value={password}
              onChange={(e) => setBasic(options.basicAuthUser ?? '', e.currentTarget.value)}
              onReset={() => setBasic(options.basicAuthUser ?? '', '')}
            />
          </Field>
          {!credentialsSaved && !password && (
            <Alert severity="info" title="Enter the password">
              Enter the user&apos;s password and save. Data sources saved before version 1.4 used Grafana&apos;s own
              basic authentication, which Grafana adds to any request sent through its proxy: their password must be
              entered once more.
            </Alert>
          )}
        </>
      )}
      {authType === 'none' && (
        <Alert severity="warning" title="Grafana forwards any request to a cluster without authentication">
          Without authentication, any user who may query this data source can send any request to the cluster through
          Grafana&apos;s data source proxy: any method and any path, deleting an index included. Use it only for a
          cluster that holds nothing else; otherwise choose basic authentication or an API key with read-only privileges
          on the log indices.
        </Alert>
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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { resolveSettings } from '../../src/settings';
import type { SessionErrorsOptions } from '../../src/types';
import { grafanaApiKeyRequest, provisioningYaml } from './grafanaAccess';
import { DEFAULT_FIELDS } from './template';

describe('grafanaApiKeyRequest', () => {
  it('grants read and view_index_metadata on the pattern and the error-group summary, monitor on the cluster, nothing else', () => {
    expect(grafanaApiKeyRequest('logs-*', '90d').role_descriptors).toEqual({
      session_replay_errors_reader: {
        cluster: ['monitor'],
        indices: [{ names: ['logs-*', 'sessionreplay-error-groups'], privileges: ['read', 'view_index_metadata'] }],
      },
    });
    expect(
      grafanaApiKeyRequest('logs-*', '90d', 'groups-x').role_descriptors?.session_replay_errors_reader
    ).toMatchObject({
      indices: [{ names: ['logs-*', 'groups-x'] }],
    });
  });

  it('never makes a key that lives forever', () => {
    expect(grafanaApiKeyRequest('logs-*', '30d')).toMatchObject({
      name: 'grafana-session-replay-errors',
      expiration: '30d',
    });
  });
});

describe('provisioningYaml', () => {
  it('writes an API-key data source whose secret comes from the environment', () => {
    const doc = parse(
      provisioningYaml({
        url: 'https://es:9200/',
        indexPattern: 'logs-*',
        fields: DEFAULT_FIELDS,
        apiKeyEnv: 'SRE_API_KEY',
      })
    );
    expect(doc.apiVersion).toBe(1);
    const ds = doc.datasources[0];
    expect(ds).toMatchObject({ type: 'sessionreplay-errors-datasource', access: 'proxy', url: 'https://es:9200' });
    expect(ds.jsonData).toMatchObject({
      authType: 'apiKey',
      sessionFields: ['session.id'],
      // Error groups read the summary once the summarizer has written it.
      groupsSummaryIndex: 'sessionreplay-error-groups',
    });
    // The list the editor saves, not the single field of older versions.
    expect(ds.jsonData).not.toHaveProperty('sessionField');
    expect(resolveSettings(ds.jsonData)).toMatchObject({ sessionFields: ['session.id'], sessionField: 'session.id' });
    expect(ds.jsonData.userField).toBeUndefined();
    // The routes use {{ .URL }}: no copy of it, and no trailing slash to double theirs.
    expect(ds.jsonData.clusterUrl).toBeUndefined();
    expect(ds.secureJsonData).toEqual({ apiKey: '$SRE_API_KEY' });
    expect(ds.basicAuth).toBeUndefined();
  });

  it('can write the key itself, for a stack that creates it at start', () => {
    const ds = parse(
      provisioningYaml({ url: 'http://es:9200', indexPattern: 'x', fields: DEFAULT_FIELDS, apiKeyValue: 'a$b' })
    ).datasources[0];
    expect(ds.secureJsonData).toEqual({ apiKey: 'a$$b' });
    expect(ds.jsonData.authType).toBe('apiKey');
  });

  it('writes basic credentials for the routes, never Grafana basic auth, and replay settings', () => {
    const ds = parse(
      provisioningYaml({
        url: 'http://os:9200',
        indexPattern: 'x',
        fields: DEFAULT_FIELDS,
        basicAuthUser: 'grafana',
        openReplayUrl: 'https://or',
        openReplayProjectId: '4',
      })
    ).datasources[0];
    expect(ds).toMatchObject({
      basicAuthUser: 'grafana',
      secureJsonData: { basicAuthCredentials: '$ES_BASIC_CREDENTIALS' },
    });
    expect(ds.basicAuth).toBeUndefined();
    expect(ds.jsonData).toMatchObject({
      authType: 'basic',
      replayLink: 'openreplay',
      openReplayUrl: 'https://or',
      openReplayProjectId: '4',
    });
  });

  it('writes no secrets without auth', () => {
    const ds = parse(provisioningYaml({ url: 'http://x', indexPattern: 'x', fields: DEFAULT_FIELDS })).datasources[0];
    expect(ds.jsonData.authType).toBe('none');
    expect(ds.secureJsonData).toBeUndefined();
  });
});

describe('the example provisioning file', () => {
  it('sets no default data source: Grafana refuses to start with two defaults in one org', () => {
    // pkg/services/provisioning/datasources/config_reader.go: ErrInvalidConfigToManyDefault.
    const file = readFileSync(join(__dirname, '../../provisioning/datasources/session-replay-errors.yaml'), 'utf8');
    const { datasources } = parse(file) as { datasources: Array<Record<string, unknown>> };
    expect(datasources.map((ds) => ds.isDefault)).toEqual([undefined]);
    expect(datasources[0].basicAuth).toBeUndefined();
    expect((datasources[0].jsonData as Record<string, unknown>).clusterUrl).toBeUndefined();
    expect(resolveSettings(datasources[0].jsonData as SessionErrorsOptions).sessionFields).toEqual(['session.id']);
  });
});

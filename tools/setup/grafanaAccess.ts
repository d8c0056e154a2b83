import type { estypes } from '@elastic/elasticsearch';
import { stringify } from 'yaml';
import { DEFAULT_SUMMARY_INDEX } from '../../src/query/errorGroupsSummary';
import type { LogFields } from './template';

export const API_KEY_NAME = 'grafana-session-replay-errors';

/**
 * Least privilege for Grafana: read and view_index_metadata on the logs and the error-group summary,
 * monitor on the cluster; an expiry.
 */
export function grafanaApiKeyRequest(
  indexPattern: string,
  expiration: string,
  summaryIndex = DEFAULT_SUMMARY_INDEX
): estypes.SecurityCreateApiKeyRequest {
  return {
    name: API_KEY_NAME,
    expiration,
    role_descriptors: {
      session_replay_errors_reader: {
        cluster: ['monitor'],
        indices: [{ names: [indexPattern, summaryIndex], privileges: ['read', 'view_index_metadata'] }],
      },
    },
    metadata: { application: 'sessionreplay-errors-datasource' },
  };
}

export interface ProvisioningInput {
  url: string;
  indexPattern: string;
  fields: LogFields;
  /** `encoded` from POST /_security/api_key, referenced through this environment variable... */
  apiKeyEnv?: string;
  /** ...or written into the file, for a stack that generates the key at start (docker-compose.yaml). */
  apiKeyValue?: string;
  basicAuthUser?: string;
  /** The environment variable holding base64(user:password), sent by the basic-mode routes. */
  basicAuthCredentialsEnv?: string;
  openReplayUrl?: string;
  openReplayProjectId?: string;
  /** The error-group summary index (`npm run summarize`). */
  summaryIndex?: string;
}

/** The Grafana provisioning file for the data source. Secrets stay in environment variables ($VAR). */
export function provisioningYaml(input: ProvisioningInput): string {
  const authType = input.apiKeyEnv || input.apiKeyValue ? 'apiKey' : input.basicAuthUser ? 'basic' : 'none';
  const dataSource: Record<string, unknown> = {
    name: 'Session Replay Errors',
    type: 'sessionreplay-errors-datasource',
    uid: 'session-replay-errors',
    access: 'proxy',
    // The routes append paths to {{ .URL }}: a trailing slash would double theirs.
    url: input.url.trim().replace(/\/+$/, ''),
    // Never Grafana's own basic auth, which reaches the cluster with any request (proxyRoutes.ts).
    ...(authType === 'basic' ? { basicAuthUser: input.basicAuthUser } : {}),
    jsonData: {
      authType,
      indexPattern: input.indexPattern,
      timeField: input.fields.time,
      messageField: input.fields.message,
      levelField: input.fields.level,
      // A list: a cluster may hold the id in several fields (session.id, attributes.session.id).
      sessionFields: [input.fields.session],
      serviceField: input.fields.service,
      hostField: input.fields.host,
      ...(input.fields.user ? { userField: input.fields.user } : {}),
      // Read by Error groups once `npm run summarize` has written it; lines are counted until then.
      groupsSummaryIndex: input.summaryIndex ?? DEFAULT_SUMMARY_INDEX,
      ...(input.openReplayUrl
        ? {
            replayLink: 'openreplay',
            openReplayUrl: input.openReplayUrl,
            openReplayProjectId: input.openReplayProjectId ?? '1',
            jumpMode: 'absolute',
            leadInSeconds: 5,
          }
        : {}),
    },
  };
  if (authType === 'apiKey') {
    // Grafana expands $VAR in provisioning files; `$$` keeps a literal dollar.
    dataSource.secureJsonData = {
      apiKey: input.apiKeyValue ? input.apiKeyValue.replace(/\$/g, '$$$$') : `$${input.apiKeyEnv}`,
    };
  } else if (authType === 'basic') {
    dataSource.secureJsonData = {
      basicAuthCredentials: `$${input.basicAuthCredentialsEnv ?? 'ES_BASIC_CREDENTIALS'}`,
    };
  }
  return stringify({ apiVersion: 1, datasources: [dataSource] });
}

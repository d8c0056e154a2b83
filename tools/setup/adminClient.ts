import { Client as ElasticsearchClient, type estypes } from '@elastic/elasticsearch';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import { engineReason } from '../../src/cluster/describeClusterError';
import type { LogDocument } from './demoLogs';

/**
 * Cluster administration for the setup tool, with each vendor's own client: @elastic/elasticsearch
 * refuses servers that do not answer `X-Elastic-Product: Elasticsearch`, and OpenSearch rejects its
 * compatibility media type, so the engine is detected first with a plain request.
 */

export interface AdminAuth {
  apiKey?: string;
  username?: string;
  password?: string;
  insecure?: boolean;
}

export interface EngineInfo {
  distribution: 'elasticsearch' | 'opensearch';
  version: string;
}

export interface AdminCluster {
  engine: EngineInfo;
  putIndexTemplate(template: estypes.IndicesPutIndexTemplateRequest): Promise<void>;
  putPipeline(pipeline: estypes.IngestPutPipelineRequest): Promise<void>;
  bulkIndex(index: string, docs: LogDocument[]): Promise<{ failed: number; firstError?: string }>;
  refresh(index: string): Promise<void>;
  createApiKey(request: estypes.SecurityCreateApiKeyRequest): Promise<estypes.SecurityCreateApiKeyResponse>;
  close(): Promise<void>;
}

export class SetupError extends Error {}

function authHeader(auth: AdminAuth): Record<string, string> {
  if (auth.apiKey) {
    return { Authorization: `ApiKey ${auth.apiKey}` };
  }
  if (auth.username) {
    return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}` };
  }
  return {};
}

/** `GET /` with plain HTTP: which engine, which version, and whether we may talk to it at all. */
export async function detectEngine(url: string, auth: AdminAuth): Promise<EngineInfo> {
  let response: Response;
  try {
    response = await fetch(new URL('/', url), { headers: authHeader(auth) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new SetupError(
      `Cannot reach ${url} (${cause?.code ?? cause?.message ?? (e as Error).message}): is the cluster running, and is the URL right?`
    );
  }
  if (response.status === 401) {
    throw new SetupError(`${url} refused the credentials (HTTP 401): check --api-key, or --user and --password.`);
  }
  const text = await response.text();
  let body: { version?: { number?: string; distribution?: string }; error?: estypes.ErrorCause } = {};
  try {
    body = JSON.parse(text);
  } catch {
    throw new SetupError(
      `${url} answered HTTP ${response.status} with something other than Elasticsearch or OpenSearch JSON.`
    );
  }
  if (response.status === 403) {
    throw new SetupError(
      `${url} accepted the credentials but denied GET / (${body.error ? engineReason(body.error) : 'forbidden'}): the setup user needs the "monitor" cluster privilege.`
    );
  }
  if (!response.ok || !body.version?.number) {
    throw new SetupError(
      `${url} answered HTTP ${response.status}: ${body.error ? engineReason(body.error) : text.slice(0, 200)}`
    );
  }
  return {
    distribution: body.version.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch',
    version: body.version.number,
  };
}

/** A clear message for a failed admin call, naming the privilege when one is missing. */
export function describeAdminError(e: unknown, action: string, privilege: string): SetupError {
  const meta = (e as { meta?: { statusCode?: number; body?: { error?: estypes.ErrorCause } | string } }).meta;
  const status = meta?.statusCode;
  const body = meta?.body;
  const reason =
    typeof body === 'object' && body?.error
      ? engineReason(body.error)
      : typeof body === 'string'
        ? body
        : (e as Error).message;
  if (status === 403) {
    return new SetupError(`Could not ${action}: the setup user lacks a privilege (${reason}). It needs ${privilege}.`);
  }
  if (status === 401) {
    return new SetupError(`Could not ${action}: the cluster refused the credentials (HTTP 401).`);
  }
  return new SetupError(`Could not ${action}${status ? ` (HTTP ${status})` : ''}: ${reason}`);
}

function bulkBody(index: string, docs: LogDocument[]): Array<Record<string, unknown>> {
  return docs.flatMap((doc) => [{ index: { _index: index } }, doc]);
}

function bulkFailures(items: Array<Record<string, { error?: estypes.ErrorCause }>>): {
  failed: number;
  firstError?: string;
} {
  const errors = items.map((item) => Object.values(item)[0]?.error).filter(Boolean) as estypes.ErrorCause[];
  return { failed: errors.length, firstError: errors[0] ? engineReason(errors[0]) : undefined };
}

function elasticsearchAdmin(url: string, auth: AdminAuth, engine: EngineInfo): AdminCluster {
  const client = new ElasticsearchClient({
    node: url,
    auth: auth.apiKey
      ? { apiKey: auth.apiKey }
      : auth.username
        ? { username: auth.username, password: auth.password ?? '' }
        : undefined,
    tls: auth.insecure ? { rejectUnauthorized: false } : undefined,
  });
  return {
    engine,
    async putIndexTemplate(template) {
      await client.indices.putIndexTemplate(template).catch((e) => {
        throw describeAdminError(e, 'create the index template', 'the "manage_index_templates" cluster privilege');
      });
    },
    async putPipeline(pipeline) {
      await client.ingest.putPipeline(pipeline).catch((e) => {
        throw describeAdminError(e, 'create the ingest pipeline', 'the "manage_pipeline" cluster privilege');
      });
    },
    async bulkIndex(index, docs) {
      const response = await client.bulk({ operations: bulkBody(index, docs) }).catch((e) => {
        throw describeAdminError(e, `write to ${index}`, `the "create_doc" or "write" privilege on ${index}`);
      });
      return bulkFailures(response.items as never);
    },
    async refresh(index) {
      await client.indices.refresh({ index });
    },
    async createApiKey(request) {
      return client.security.createApiKey(request).catch((e) => {
        throw describeAdminError(
          e,
          'create the API key for Grafana',
          'the "manage_own_api_key" (or "manage_api_key") cluster privilege and every privilege the key grants'
        );
      });
    },
    close: () => client.close(),
  };
}

function openSearchAdmin(url: string, auth: AdminAuth, engine: EngineInfo): AdminCluster {
  const client = new OpenSearchClient({
    node: url,
    auth: auth.username ? { username: auth.username, password: auth.password ?? '' } : undefined,
    headers: auth.apiKey ? authHeader(auth) : undefined,
    ssl: auth.insecure ? { rejectUnauthorized: false } : undefined,
  });
  return {
    engine,
    async putIndexTemplate({ name, ...body }) {
      await client.indices.putIndexTemplate({ name, body: body as never }).catch((e) => {
        throw describeAdminError(
          e,
          'create the index template',
          'the "indices:admin/index_template/put" cluster permission'
        );
      });
    },
    async putPipeline({ id, ...body }) {
      await client.ingest.putPipeline({ id, body: body as never }).catch((e) => {
        throw describeAdminError(
          e,
          'create the ingest pipeline',
          'the "cluster:admin/ingest/pipeline/put" cluster permission'
        );
      });
    },
    async bulkIndex(index, docs) {
      const response = await client.bulk({ body: bulkBody(index, docs) as never }).catch((e) => {
        throw describeAdminError(e, `write to ${index}`, `the "indices:data/write/bulk*" permission on ${index}`);
      });
      return bulkFailures(response.body.items as never);
    },
    async refresh(index) {
      await client.indices.refresh({ index });
    },
    async createApiKey() {
      throw new SetupError(
        'API keys are an Elasticsearch feature: OpenSearch has none. Give Grafana a read-only user (basic authentication) instead.'
      );
    },
    close: () => client.close(),
  };
}

export async function connectAdmin(url: string, auth: AdminAuth = {}): Promise<AdminCluster> {
  const engine = await detectEngine(url, auth);
  return engine.distribution === 'opensearch'
    ? openSearchAdmin(url, auth, engine)
    : elasticsearchAdmin(url, auth, engine);
}

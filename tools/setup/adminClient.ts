import { Client as ElasticsearchClient, type estypes } from '@elastic/elasticsearch';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { engineReason } from '../../src/cluster/describeClusterError';
import type { LogDocument } from './demoLogs';
import { redactUrl, type ExistingTemplate } from './ownership';

/**
 * Cluster administration for the setup tool, with each vendor's own client: @elastic/elasticsearch
 * refuses servers that do not answer `X-Elastic-Product: Elasticsearch`, and OpenSearch rejects its
 * compatibility media type, so the engine is detected first with a plain request.
 */

export interface AdminAuth {
  apiKey?: string;
  username?: string;
  password?: string;
  /** Skip TLS certificate verification (every request, the first included). */
  insecure?: boolean;
  /** PEM of the certificate authority that signed the cluster's certificate. */
  caCert?: string;
}

/** What a demo load wrote into its index's mapping, so that a rerun resumes with the same documents. */
export interface DemoMarker {
  endMs: number;
  seed: number;
  lines: number;
}

export interface BulkResult {
  failed: number;
  /** Documents already there (create with a known id): a resumed load skips them. */
  existing: number;
  firstError?: string;
}

export interface EngineInfo {
  distribution: 'elasticsearch' | 'opensearch';
  version: string;
}

export interface AdminCluster {
  engine: EngineInfo;
  putIndexTemplate(template: estypes.IndicesPutIndexTemplateRequest): Promise<void>;
  putPipeline(pipeline: estypes.IngestPutPipelineRequest): Promise<void>;
  /** Index templates as they are, for the overlap check. */
  getIndexTemplates(): Promise<ExistingTemplate[]>;
  /** The description of an ingest pipeline, or undefined when there is none of that name. */
  getPipelineDescription(id: string): Promise<string | undefined>;
  /** Writes documents; with ids, as `create`, so documents already there are counted, not duplicated. */
  bulkIndex(index: string, docs: LogDocument[], ids?: string[]): Promise<BulkResult>;
  /** Writes documents under the given ids, replacing any there (the error-group summarizer's hours). */
  putDocuments(index: string, docs: Array<{ id: string; doc: Record<string, unknown> }>): Promise<BulkResult>;
  /** Creates the index with these mappings unless it exists; says whether it created it. */
  ensureIndex(
    index: string,
    body: { mappings: estypes.MappingTypeMapping; settings?: Record<string, unknown> }
  ): Promise<boolean>;
  search<A = Record<string, estypes.AggregationsAggregate>>(
    index: string,
    body: Record<string, unknown>
  ): Promise<estypes.SearchResponse<unknown, A>>;
  /** Deletes the documents a query matches, waiting for it; returns how many. */
  deleteByQuery(index: string, query: estypes.QueryDslQueryContainer): Promise<number>;
  refresh(index: string): Promise<void>;
  /** The demo marker of an index, or undefined when the index or the marker is absent. */
  demoMarker(index: string): Promise<DemoMarker | undefined>;
  /** Creates the index if needed and records the demo marker in its mapping's _meta. */
  markDemo(index: string, marker: DemoMarker): Promise<void>;
  createApiKey(request: estypes.SecurityCreateApiKeyRequest): Promise<estypes.SecurityCreateApiKeyResponse>;
  /** Starts an update by query through an ingest pipeline, as a task; returns the task id. */
  startUpdateByQuery(
    index: string,
    pipeline: string,
    query: estypes.QueryDslQueryContainer,
    options: { batchSize: number; requestsPerSecond?: number }
  ): Promise<string>;
  /** A running task's progress; `done` once it has finished. */
  taskProgress(taskId: string): Promise<{ done: boolean; total: number; processed: number; failures: string[] }>;
  cancelTask(taskId: string): Promise<void>;
  /** Valid API keys of this name that the setup user owns. */
  findApiKeys(name: string): Promise<string[]>;
  invalidateApiKeys(ids: string[]): Promise<void>;
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

/** GET of the cluster's root with plain HTTP, the URL's path prefix and TLS options kept. */
function getRoot(url: string, auth: AdminAuth): Promise<{ status: number; text: string }> {
  const root = new URL(url.endsWith('/') ? url : `${url}/`);
  const send = root.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      root,
      {
        method: 'GET',
        headers: authHeader(auth),
        rejectUnauthorized: !auth.insecure,
        ca: auth.caCert,
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      }
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/** `GET /` with plain HTTP: which engine, which version, and whether we may talk to it at all. */
export async function detectEngine(url: string, auth: AdminAuth): Promise<EngineInfo> {
  const shown = redactUrl(url);
  let response: { status: number; text: string };
  try {
    response = await getRoot(url, auth);
  } catch (e) {
    const code = (e as { code?: string }).code ?? (e as Error).message;
    const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)
      ? ': the certificate is not trusted; pass --ca-cert <file> with its CA, or --insecure for a test cluster'
      : ': is the cluster running, and is the URL right?';
    throw new SetupError(`Cannot reach ${shown} (${code})${tls}`);
  }
  if (response.status === 401) {
    throw new SetupError(`${shown} refused the credentials (HTTP 401): check --api-key, or --user and --password.`);
  }
  const text = response.text;
  let body: { version?: { number?: string; distribution?: string }; error?: estypes.ErrorCause } = {};
  try {
    body = JSON.parse(text);
  } catch {
    throw new SetupError(
      `${shown} answered HTTP ${response.status} with something other than Elasticsearch or OpenSearch JSON${/^\s*</.test(text) ? ' (an HTML page: a login page or proxy in front of the cluster?)' : ''}.`
    );
  }
  if (response.status === 403) {
    throw new SetupError(
      `${shown} accepted the credentials but denied GET / (${body.error ? engineReason(body.error) : 'forbidden'}): the setup user needs the "monitor" cluster privilege.`
    );
  }
  if (response.status < 200 || response.status >= 300 || !body.version?.number) {
    throw new SetupError(
      `${shown} answered HTTP ${response.status}: ${body.error ? engineReason(body.error) : text.slice(0, 200)}`
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
  const engine = typeof body === 'object' && body?.error ? engineReason(body.error) : undefined;
  const reason =
    engine && engine !== 'unknown error'
      ? engine
      : typeof body === 'string'
        ? body
        : body
          ? JSON.stringify(body).slice(0, 300)
          : (e as Error).message;
  if (status === 403) {
    return new SetupError(`Could not ${action}: the setup user lacks a privilege (${reason}). It needs ${privilege}.`);
  }
  if (status === 401) {
    return new SetupError(`Could not ${action}: the cluster refused the credentials (HTTP 401).`);
  }
  return new SetupError(`Could not ${action}${status ? ` (HTTP ${status})` : ''}: ${reason}`);
}

/**
 * A bulk request's lines: without ids, `index` with ids the engine makes; with ids, `create` (a
 * document already there is kept and counted) or `index` (it is replaced).
 */
function bulkBody(
  index: string,
  docs: LogDocument[],
  ids?: string[],
  withIds: 'create' | 'index' = 'create'
): Array<Record<string, unknown>> {
  return docs.flatMap((doc, i) => [
    ids ? { [withIds]: { _index: index, _id: ids[i] } } : { index: { _index: index } },
    doc,
  ]);
}

/** The bulk lines that replace documents under their ids. */
function putBody(index: string, docs: Array<{ id: string; doc: LogDocument }>): Array<Record<string, unknown>> {
  return bulkBody(
    index,
    docs.map((d) => d.doc),
    docs.map((d) => d.id),
    'index'
  );
}

function bulkResult(items: Array<Record<string, { status?: number; error?: estypes.ErrorCause }>>): BulkResult {
  const results = items.map((item) => Object.values(item)[0]);
  // 409 on create: the document is there from an earlier, interrupted run.
  const existing = results.filter((r) => r?.status === 409).length;
  const errors = results.filter((r) => r?.error && r.status !== 409).map((r) => r!.error!);
  return { failed: errors.length, existing, firstError: errors[0] ? engineReason(errors[0]) : undefined };
}

function templatesOf(list: Array<{ name: string; index_template: Record<string, unknown> }>): ExistingTemplate[] {
  return list.map(({ name, index_template }) => ({
    name,
    index_patterns: ([] as string[]).concat((index_template.index_patterns as string | string[]) ?? []),
    priority: index_template.priority as number | undefined,
    _meta: index_template._meta as Record<string, unknown> | undefined,
  }));
}

/** A task's progress from GET _tasks/<id>, alike on both engines. */
function progressOf(response: {
  completed?: boolean;
  task?: { status?: { total?: number; updated?: number; created?: number; deleted?: number; noops?: number } };
  response?: { failures?: Array<{ cause?: estypes.ErrorCause }> };
}) {
  const status = response.task?.status ?? {};
  return {
    done: !!response.completed,
    total: status.total ?? 0,
    processed: (status.updated ?? 0) + (status.created ?? 0) + (status.deleted ?? 0) + (status.noops ?? 0),
    failures: (response.response?.failures ?? []).map((f) => (f.cause ? engineReason(f.cause) : 'failure')),
  };
}

const isNotFound = (e: unknown) => (e as { meta?: { statusCode?: number } }).meta?.statusCode === 404;
const alreadyExists = (e: unknown) =>
  JSON.stringify((e as { meta?: { body?: unknown } }).meta?.body ?? '').includes('resource_already_exists_exception');

function markerOf(mappings: Record<string, { mappings?: { _meta?: Record<string, unknown> } }>) {
  const marker = Object.values(mappings)[0]?.mappings?._meta?.sessionreplay_demo as DemoMarker | undefined;
  return marker && Number.isFinite(marker.endMs) ? marker : undefined;
}

/** The Elasticsearch client with the tool's credentials and TLS options (setup tool and log shipper). */
export function elasticsearchClient(url: string, auth: AdminAuth): ElasticsearchClient {
  return new ElasticsearchClient({
    node: url,
    auth: auth.apiKey
      ? { apiKey: auth.apiKey }
      : auth.username
        ? { username: auth.username, password: auth.password ?? '' }
        : undefined,
    tls: { rejectUnauthorized: !auth.insecure, ...(auth.caCert ? { ca: auth.caCert } : {}) },
  });
}

/** The OpenSearch client with the tool's credentials and TLS options (setup tool and log shipper). */
export function openSearchClient(url: string, auth: AdminAuth): OpenSearchClient {
  return new OpenSearchClient({
    node: url,
    auth: auth.username ? { username: auth.username, password: auth.password ?? '' } : undefined,
    headers: auth.apiKey ? authHeader(auth) : undefined,
    ssl: { rejectUnauthorized: !auth.insecure, ...(auth.caCert ? { ca: auth.caCert } : {}) },
  });
}

function elasticsearchAdmin(url: string, auth: AdminAuth, engine: EngineInfo): AdminCluster {
  const client = elasticsearchClient(url, auth);
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
    async getIndexTemplates() {
      const response = await client.indices.getIndexTemplate().catch((e) => {
        if (isNotFound(e)) {
          return { index_templates: [] };
        }
        throw describeAdminError(e, 'list the index templates', 'the "manage_index_templates" cluster privilege');
      });
      return templatesOf(response.index_templates as never);
    },
    async getPipelineDescription(id) {
      try {
        const response = await client.ingest.getPipeline({ id });
        return response[id]?.description ?? '';
      } catch (e) {
        if (isNotFound(e)) {
          return undefined;
        }
        throw describeAdminError(e, 'read the ingest pipeline', 'the "manage_pipeline" cluster privilege');
      }
    },
    async bulkIndex(index, docs, ids) {
      const response = await client.bulk({ operations: bulkBody(index, docs, ids) }).catch((e) => {
        throw describeAdminError(e, `write to ${index}`, `the "create_doc" or "write" privilege on ${index}`);
      });
      return bulkResult(response.items as never);
    },
    async putDocuments(index, docs) {
      const response = await client.bulk({ operations: putBody(index, docs) }).catch((e) => {
        throw describeAdminError(e, `write to ${index}`, `the "write" privilege on ${index}`);
      });
      return bulkResult(response.items as never);
    },
    async ensureIndex(index, body) {
      return client.indices.create({ index, ...body }).then(
        () => true,
        (e) => {
          if (alreadyExists(e)) {
            return false;
          }
          throw describeAdminError(e, `create ${index}`, `the "create_index" privilege on ${index}`);
        }
      );
    },
    async search(index, body) {
      return client.search({ index, ...body }).catch((e) => {
        throw describeAdminError(e, `search ${index}`, `the "read" privilege on ${index}`);
      }) as never;
    },
    async deleteByQuery(index, query) {
      const response = await client.deleteByQuery({ index, query, conflicts: 'proceed', refresh: true }).catch((e) => {
        throw describeAdminError(e, `delete from ${index}`, `the "delete" privilege on ${index}`);
      });
      return response.deleted ?? 0;
    },
    async refresh(index) {
      await client.indices.refresh({ index });
    },
    async demoMarker(index) {
      try {
        return markerOf((await client.indices.getMapping({ index })) as never);
      } catch (e) {
        if (isNotFound(e)) {
          return undefined;
        }
        throw describeAdminError(e, `read the mapping of ${index}`, `the "view_index_metadata" privilege on ${index}`);
      }
    },
    async markDemo(index, marker) {
      await client.indices.create({ index }).catch((e) => {
        if (!alreadyExists(e)) {
          throw describeAdminError(e, `create ${index}`, `the "create_index" privilege on ${index}`);
        }
      });
      await client.indices.putMapping({ index, _meta: { sessionreplay_demo: marker } }).catch((e) => {
        throw describeAdminError(e, `mark ${index} as demo data`, `the "manage" privilege on ${index}`);
      });
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
    async startUpdateByQuery(index, pipeline, query, { batchSize, requestsPerSecond }) {
      const response = await client
        .updateByQuery({
          index,
          pipeline,
          query,
          conflicts: 'proceed',
          wait_for_completion: false,
          scroll_size: batchSize,
          allow_no_indices: true,
          ...(requestsPerSecond ? { requests_per_second: requestsPerSecond } : {}),
        })
        .catch((e) => {
          throw describeAdminError(e, `update ${index}`, `the "write" privilege on ${index}`);
        });
      return String(response.task);
    },
    async taskProgress(taskId) {
      const response = await client.tasks.get({ task_id: taskId });
      return progressOf(response as never);
    },
    async cancelTask(taskId) {
      await client.tasks.cancel({ task_id: taskId }).catch(() => undefined);
    },
    async findApiKeys(name) {
      const response = await client.security.getApiKey({ name, owner: true }).catch((e) => {
        if (isNotFound(e)) {
          return { api_keys: [] };
        }
        throw describeAdminError(e, 'list the earlier API keys', 'the "manage_own_api_key" cluster privilege');
      });
      return response.api_keys.filter((k) => !k.invalidated).map((k) => k.id);
    },
    async invalidateApiKeys(ids) {
      await client.security.invalidateApiKey({ ids, owner: true }).catch((e) => {
        throw describeAdminError(e, 'invalidate the earlier API keys', 'the "manage_own_api_key" cluster privilege');
      });
    },
    close: () => client.close(),
  };
}

function openSearchAdmin(url: string, auth: AdminAuth, engine: EngineInfo): AdminCluster {
  const client = openSearchClient(url, auth);
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
    async getIndexTemplates() {
      const response = await client.indices.getIndexTemplate().catch((e) => {
        if (isNotFound(e)) {
          return { body: { index_templates: [] } };
        }
        throw describeAdminError(e, 'list the index templates', 'the "indices:admin/index_template/get" permission');
      });
      return templatesOf((response.body as { index_templates: never }).index_templates);
    },
    async getPipelineDescription(id) {
      try {
        const response = await client.ingest.getPipeline({ id });
        return (response.body as Record<string, { description?: string }>)[id]?.description ?? '';
      } catch (e) {
        if (isNotFound(e)) {
          return undefined;
        }
        throw describeAdminError(e, 'read the ingest pipeline', 'the "cluster:admin/ingest/pipeline/get" permission');
      }
    },
    async bulkIndex(index, docs, ids) {
      const response = await client.bulk({ body: bulkBody(index, docs, ids) as never }).catch((e) => {
        throw describeAdminError(e, `write to ${index}`, `the "indices:data/write/bulk*" permission on ${index}`);
      });
      return bulkResult(response.body.items as never);
    },
    async putDocuments(index, docs) {
      const response = await client.bulk({ body: putBody(index, docs) as never }).catch((e) => {
        throw describeAdminError(e, `write to ${index}`, `the "indices:data/write/bulk*" permission on ${index}`);
      });
      return bulkResult(response.body.items as never);
    },
    async ensureIndex(index, body) {
      return client.indices.create({ index, body: body as never }).then(
        () => true,
        (e) => {
          if (alreadyExists(e)) {
            return false;
          }
          throw describeAdminError(e, `create ${index}`, `the "indices:admin/create" permission on ${index}`);
        }
      );
    },
    async search(index, body) {
      const response = await client.search({ index, body: body as never }).catch((e) => {
        throw describeAdminError(e, `search ${index}`, `the "indices:data/read/search" permission on ${index}`);
      });
      return response.body as never;
    },
    async deleteByQuery(index, query) {
      const response = await client
        .deleteByQuery({ index, conflicts: 'proceed', refresh: true, body: { query } as never })
        .catch((e) => {
          throw describeAdminError(
            e,
            `delete from ${index}`,
            `the "indices:data/write/delete/byquery" permission on ${index}`
          );
        });
      return (response.body as { deleted?: number }).deleted ?? 0;
    },
    async refresh(index) {
      await client.indices.refresh({ index });
    },
    async demoMarker(index) {
      try {
        return markerOf((await client.indices.getMapping({ index })).body as never);
      } catch (e) {
        if (isNotFound(e)) {
          return undefined;
        }
        throw describeAdminError(
          e,
          `read the mapping of ${index}`,
          `the "indices:admin/mappings/get" permission on ${index}`
        );
      }
    },
    async markDemo(index, marker) {
      await client.indices.create({ index }).catch((e) => {
        if (!alreadyExists(e)) {
          throw describeAdminError(e, `create ${index}`, `the "indices:admin/create" permission on ${index}`);
        }
      });
      await client.indices
        .putMapping({ index, body: { _meta: { sessionreplay_demo: marker } } as never })
        .catch((e) => {
          throw describeAdminError(
            e,
            `mark ${index} as demo data`,
            `the "indices:admin/mapping/put" permission on ${index}`
          );
        });
    },
    async createApiKey() {
      throw new SetupError(
        'API keys are an Elasticsearch feature: OpenSearch has none. Give Grafana a read-only user (basic authentication) instead.'
      );
    },
    async startUpdateByQuery(index, pipeline, query, { batchSize, requestsPerSecond }) {
      const response = await client
        .updateByQuery({
          index,
          pipeline,
          conflicts: 'proceed',
          wait_for_completion: false,
          scroll_size: batchSize,
          allow_no_indices: true,
          ...(requestsPerSecond ? { requests_per_second: requestsPerSecond } : {}),
          body: { query } as never,
        })
        .catch((e) => {
          throw describeAdminError(
            e,
            `update ${index}`,
            `the "indices:data/write/update/byquery" permission on ${index}`
          );
        });
      return String((response.body as { task: string }).task);
    },
    async taskProgress(taskId) {
      const response = await client.tasks.get({ task_id: taskId });
      return progressOf(response.body as never);
    },
    async cancelTask(taskId) {
      await client.tasks.cancel({ task_id: taskId }).catch(() => undefined);
    },
    async findApiKeys() {
      return [];
    },
    async invalidateApiKeys() {},
    close: () => client.close(),
  };
}

export async function connectAdmin(url: string, auth: AdminAuth = {}): Promise<AdminCluster> {
  const engine = await detectEngine(url, auth);
  return engine.distribution === 'opensearch'
    ? openSearchAdmin(url, auth, engine)
    : elasticsearchAdmin(url, auth, engine);
}

import type { estypes } from '@elastic/elasticsearch';
import type { AuthType } from '../types';

/** What a failed request through Grafana's proxy looks like (FetchError's relevant part). */
export interface ClusterRequestFailure {
  status?: number;
  statusText?: string;
  data?: unknown;
  message?: string;
}

export interface ErrorContext {
  indexPattern: string;
  authType: AuthType;
}

/** A request the plugin refuses to send because the settings cannot route it faithfully; its message names the fix. */
export class ClusterSetupError extends Error {
  readonly name = 'ClusterSetupError';
}

/** Grafana's data source proxy turns an upstream 401 into a 400 with this text (ds_proxy.go). */
export const PROXY_AUTH_FAILED = 'Authentication to data source failed';

function engineError(data: unknown): estypes.ErrorCause | undefined {
  if (data && typeof data === 'object' && 'error' in data) {
    const error = (data as { error: unknown }).error;
    if (error && typeof error === 'object') {
      return error as estypes.ErrorCause;
    }
    if (typeof error === 'string') {
      return { type: 'error', reason: error };
    }
  }
  return undefined;
}

/** The most specific reason in an engine error: the deepest caused_by of the first root cause or failed shard. */
export function engineReason(error: estypes.ErrorCause): string {
  const shardReason = (error as { failed_shards?: Array<{ reason?: estypes.ErrorCause }> }).failed_shards?.[0]?.reason;
  const candidates = [shardReason, error.root_cause?.[0], error].filter(Boolean) as estypes.ErrorCause[];
  for (const candidate of candidates) {
    let deepest = candidate;
    while (deepest.caused_by) {
      deepest = deepest.caused_by;
    }
    // Lucene parse errors append a long "Was expecting one of" list after the first line.
    const parts = [candidate.reason, deepest !== candidate ? deepest.reason : undefined]
      .filter((r): r is string => !!r)
      .map((r) => r.split('\n')[0].trim());
    if (parts.length) {
      return [...new Set(parts)].join(': ');
    }
  }
  return error.type ?? 'unknown error';
}

function textOf(data: unknown): string {
  if (typeof data === 'string') {
    return data;
  }
  if (
    data &&
    typeof data === 'object' &&
    'message' in data &&
    typeof (data as { message: unknown }).message === 'string'
  ) {
    return (data as { message: string }).message;
  }
  return '';
}

/** A clear, actionable message for any failed cluster request. Never a stack trace. */
/** Whether a failed request names a missing index (a concrete index name that does not exist). */
export function isIndexNotFound(failure: unknown): boolean {
  return engineError((failure as ClusterRequestFailure | undefined)?.data)?.type === 'index_not_found_exception';
}

export function describeClusterError(failure: ClusterRequestFailure | unknown, ctx: ErrorContext): string {
  if (failure instanceof ClusterSetupError) {
    return failure.message;
  }
  const f = (failure ?? {}) as ClusterRequestFailure;
  const status = f.status ?? 0;
  const text = textOf(f.data) || f.message || '';
  const engine = engineError(f.data);

  if (text.includes(PROXY_AUTH_FAILED) || status === 401) {
    return ctx.authType === 'apiKey'
      ? 'The cluster refused the API key (HTTP 401): check that the key exists, is not expired or invalidated, and was entered as id and api_key or as its encoded form.'
      : ctx.authType === 'basic'
        ? "The cluster refused the user name or password (HTTP 401): enter them again in the data source settings and save (a data source saved before version 1.4 must have its password entered again once: it now travels in the plugin's proxy routes, not as Grafana's basic auth)."
        : 'The cluster requires authentication (HTTP 401): choose basic authentication or an API key in the data source settings.';
  }
  if (engine) {
    const reason = engineReason(engine);
    if (engine.type === 'index_not_found_exception') {
      return `No index matches "${ctx.indexPattern}": check the index pattern in the data source settings (${reason}).`;
    }
    if (JSON.stringify(engine).includes('"circuit_breaking_exception"')) {
      return `The cluster ran out of memory for this query and refused it (HTTP ${status || 429}: ${reason}). Narrow the time range or lower the number of rows asked for; for Error groups, thousands of distinct fingerprints usually mean a variable part of the messages (an id) is not normalized. Otherwise give the cluster more heap.`;
    }
    if (status === 429) {
      return `The cluster is too busy to take the query now (HTTP 429: ${reason}): try again in a moment, or lower the refresh rate of the dashboard.`;
    }
    if (engine.type === 'security_exception' || status === 403) {
      return `The cluster accepted the credentials but denied the request: ${reason}. Grant "read" and "view_index_metadata" on ${ctx.indexPattern} and "monitor" on the cluster.`;
    }
    return `The cluster rejected the query (HTTP ${status || '?'}): ${reason}`;
  }
  if (status === 502 || status === 503 || status === 504 || status === 0 || status === -1) {
    const detail = text ? ` (${text.trim().slice(0, 200)})` : '';
    return `Grafana could not reach the cluster${status > 0 ? ` (HTTP ${status})` : ''}${detail}: check the URL, that the cluster is running and reachable from the Grafana server, and the TLS settings.`;
  }
  if (status === 403) {
    return `Grafana denied the request to the data source (HTTP 403)${text ? `: ${text}` : ''}.`;
  }
  if (status === 404) {
    return `The cluster answered 404 Not Found${text ? ` (${text.slice(0, 200)})` : ''}: check that the URL points at Elasticsearch or OpenSearch, not at Kibana or a path below it.`;
  }
  // A login page, a portal or a load balancer's error page answers instead of the cluster.
  if (typeof f.data === 'string' && /^\s*</.test(f.data)) {
    const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(f.data)?.[1]?.trim();
    return `The URL answered with an HTML page${title ? ` ("${title}")` : ''} (HTTP ${status || '?'}), not with Elasticsearch or OpenSearch: a login page, SSO portal or proxy stands in front of the cluster. Point the URL at the cluster's REST endpoint (port 9200 by default) that Grafana can reach directly.`;
  }
  if (status >= 200 && status < 300 && (f.data === undefined || f.data === null || typeof f.data !== 'object')) {
    return `The URL answered HTTP ${status} with ${f.data ? 'a body that is not JSON' : 'an empty body'}, not with Elasticsearch or OpenSearch: check that the URL points at the cluster's REST endpoint.`;
  }

  return `The request to the cluster failed${status ? ` (HTTP ${status}${f.statusText ? ` ${f.statusText}` : ''})` : ''}${text ? `: ${text.slice(0, 300)}` : ''}.`;
}

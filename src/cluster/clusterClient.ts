import type { estypes } from '@elastic/elasticsearch';
import type { AuthType } from '../types';
import { ClusterSetupError, type ClusterRequestFailure } from './describeClusterError';
import type { SearchBody, Query } from '../query/buildSessionErrorsQuery';

export interface ClusterRequest {
  method: 'GET' | 'POST';
  /** Full URL below Grafana's data source proxy. */
  url: string;
  data?: unknown;
  /** Grafana cancels an in-flight request when another with the same id starts (a re-run panel). */
  requestId?: string;
  /** Aborts the request when the query is unsubscribed (a closed panel, a new Explore query). */
  signal?: AbortSignal;
}

/** How a query's requests can be superseded or cancelled. */
export interface RequestControl {
  requestId?: string;
  signal?: AbortSignal;
}

/** Sends one request and resolves with the parsed JSON body; rejects with a ClusterRequestFailure. */
export type ClusterTransport = <T>(request: ClusterRequest) => Promise<T>;

/**
 * The API-key routes of plugin.json: one per request the plugin sends, each with its method and with
 * the index pattern fixed in the route's URL from the saved settings, so that the stored key can only
 * read the cluster banner and search, count and list the fields of that pattern. Any other path or
 * method under `-apikey/` matches no route and reaches the cluster without the key. The prefix starts
 * with `-`, which no index name or engine API can, so Grafana's prefix match never sends an ordinary
 * request through these routes.
 */
export const API_KEY_ROUTE = '-apikey';
export const API_KEY_ROUTES = {
  info: { method: 'GET', path: `${API_KEY_ROUTE}/info` },
  search: { method: 'POST', path: `${API_KEY_ROUTE}/_search` },
  count: { method: 'POST', path: `${API_KEY_ROUTE}/_count` },
  fieldCaps: { method: 'GET', path: `${API_KEY_ROUTE}/_field_caps` },
  /** Error groups: the lines and the error-group summary index together (errorGroupsSummary.ts). */
  groupsSearch: { method: 'POST', path: `${API_KEY_ROUTE}/groups/_search` },
} as const;

export type ClusterInfo = estypes.InfoResponse & {
  version: estypes.ElasticsearchVersionInfo & { distribution?: string };
};

/** The cluster API the plugin uses, addressed through Grafana's data source proxy, on one index pattern. */
export class ClusterClient {
  constructor(
    private readonly proxyUrl: string,
    private readonly authType: AuthType,
    private readonly transport: ClusterTransport,
    readonly indexPattern: string,
    /** Set when the settings cannot route a request faithfully: every request then fails with it. */
    private readonly setupProblem?: string,
    /** The error-group summary index, searched with the lines by `groupsSearch`. */
    readonly summaryIndex?: string
  ) {}

  /** Sends a request; a body that is not a JSON object (an HTML login page, nothing) is a failure, never an empty result. */
  private async send<T>(request: ClusterRequest): Promise<T> {
    if (this.setupProblem) {
      throw new ClusterSetupError(this.setupProblem);
    }
    const data = await this.transport<T>(request);
    if (data === null || typeof data !== 'object') {
      const failure: ClusterRequestFailure = { status: 200, data };
      throw failure;
    }
    return data;
  }

  /** The proxy URL of an operation: the engine path, or in API-key mode the operation's own route. */
  url(operation: keyof typeof API_KEY_ROUTES, query?: URLSearchParams): string {
    const base = this.proxyUrl.replace(/\/+$/, '');
    const index = encodeURIComponent(this.indexPattern);
    const enginePaths = {
      info: '',
      search: `${index}/_search`,
      count: `${index}/_count`,
      fieldCaps: `${index}/_field_caps`,
      groupsSearch: `${index},${encodeURIComponent(this.summaryIndex ?? '')}/_search`,
    };
    const path = this.authType === 'apiKey' ? API_KEY_ROUTES[operation].path : enginePaths[operation];
    return `${base}/${path}${query ? `?${query}` : ''}`;
  }

  info(): Promise<ClusterInfo> {
    return this.send({ method: 'GET', url: this.url('info') });
  }

  search<T = Record<string, unknown>, A = Record<string, estypes.AggregationsAggregate>>(
    body: SearchBody,
    control: RequestControl = {}
  ): Promise<estypes.SearchResponse<T, A>> {
    return this.send({ method: 'POST', url: this.url('search'), data: body, ...control });
  }

  /** A search over the lines and the error-group summary index at once. */
  groupsSearch<T = Record<string, unknown>, A = Record<string, estypes.AggregationsAggregate>>(
    body: SearchBody,
    control: RequestControl = {}
  ): Promise<estypes.SearchResponse<T, A>> {
    if (!this.summaryIndex) {
      return Promise.reject(new ClusterSetupError('No error-group summary index is set in the data source settings.'));
    }
    return this.send({ method: 'POST', url: this.url('groupsSearch'), data: body, ...control });
  }

  count(query: Query): Promise<estypes.CountResponse> {
    return this.send({ method: 'POST', url: this.url('count'), data: { query } });
  }

  fieldCaps(fields: string[]): Promise<estypes.FieldCapsResponse> {
    const params = new URLSearchParams({ fields: fields.join(','), allow_no_indices: 'false' });
    return this.send({ method: 'GET', url: this.url('fieldCaps', params) });
  }
}

/**
 * Why API-key mode cannot route requests as configured, or undefined. Grafana fills the routes' URLs
 * from jsonData verbatim: the cluster URL copy must be there, and the index pattern must be exactly
 * the one the plugin searches (saved, trimmed), or the key would search another pattern than shown.
 */
export function apiKeyRouteProblem(
  jsonData: { clusterUrl?: string; indexPattern?: string; groupsSummaryIndex?: string },
  indexPattern: string,
  summaryIndex?: string
): string | undefined {
  if (!/^https?:\/\/[^\s/]+/i.test(jsonData.clusterUrl ?? '')) {
    return 'API-key authentication needs jsonData.clusterUrl, the cluster URL that the key is sent to: open the data source settings and save them again (the editor fills it in), or set it when provisioning.';
  }
  if (jsonData.indexPattern !== indexPattern) {
    return `API-key authentication needs the index pattern saved in the data source settings: save "${indexPattern}" there (when provisioning, set jsonData.indexPattern), so that the key's route searches exactly that pattern.`;
  }
  if (summaryIndex !== undefined && jsonData.groupsSummaryIndex !== summaryIndex) {
    return `API-key authentication needs the error-group summary index saved exactly: save "${summaryIndex}" in the data source settings (when provisioning, set jsonData.groupsSummaryIndex without spaces), so that the key's route searches that index.`;
  }
  return undefined;
}

import type { estypes } from '@elastic/elasticsearch';
import type { AuthType } from '../types';
import { ClusterSetupError, type ClusterRequestFailure } from './describeClusterError';
import type { SearchBody, Query } from '../query/buildSessionErrorsQuery';
import { routePath, type RouteOperation } from './proxyRoutes';
import type { PitSearchBody, PointInTimeApi } from '../query/pointInTime';

export interface ClusterRequest {
  method: 'GET' | 'POST';
  /** Which of the plugin's requests this is (its route in proxyRoutes.ts). */
  operation: RouteOperation;
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

  /** The proxy URL of an operation: its route in this auth mode (proxyRoutes.ts), never a bare engine path. */
  url(operation: RouteOperation, query?: Record<string, string>): string {
    const base = this.proxyUrl.replace(/\/+$/, '');
    // Encoded by hand: the Go backend's JavaScript engine has no URLSearchParams.
    const search = query
      ? Object.entries(query)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join('&')
      : '';
    return `${base}/${routePath(this.authType, operation)}${search ? `?${search}` : ''}`;
  }

  info(): Promise<ClusterInfo> {
    return this.send({ method: 'GET', operation: 'info', url: this.url('info') });
  }

  search<T = Record<string, unknown>, A = Record<string, estypes.AggregationsAggregate>>(
    body: SearchBody,
    control: RequestControl = {}
  ): Promise<estypes.SearchResponse<T, A>> {
    return this.send({ method: 'POST', operation: 'search', url: this.url('search'), data: body, ...control });
  }

  /** A search over the lines and the error-group summary index at once. */
  groupsSearch<T = Record<string, unknown>, A = Record<string, estypes.AggregationsAggregate>>(
    body: SearchBody,
    control: RequestControl = {}
  ): Promise<estypes.SearchResponse<T, A>> {
    if (!this.summaryIndex) {
      return Promise.reject(new ClusterSetupError('No error-group summary index is set in the data source settings.'));
    }
    return this.send({
      method: 'POST',
      operation: 'groupsSearch',
      url: this.url('groupsSearch'),
      data: body,
      ...control,
    });
  }

  /** Opens a point in time on the index pattern (pointInTime.ts): `id` on Elasticsearch, `pit_id` on OpenSearch. */
  openPointInTime(
    api: PointInTimeApi,
    keepAlive: string,
    control: RequestControl = {}
  ): Promise<{ id?: string; pit_id?: string }> {
    const operation = api === 'opensearch' ? 'openPitOpenSearch' : 'openPit';
    const url = this.url(operation, { keep_alive: keepAlive });
    return this.send({ method: 'POST', operation, url, ...control });
  }

  /** A search in a point in time, which names its indices itself. */
  pitSearch<T = Record<string, unknown>>(
    body: PitSearchBody,
    control: RequestControl = {}
  ): Promise<estypes.SearchResponse<T> & { pit_id?: string }> {
    return this.send({ method: 'POST', operation: 'pitSearch', url: this.url('pitSearch'), data: body, ...control });
  }

  count(query: Query): Promise<estypes.CountResponse> {
    return this.send({ method: 'POST', operation: 'count', url: this.url('count'), data: { query } });
  }

  fieldCaps(fields: string[]): Promise<estypes.FieldCapsResponse> {
    const params = { fields: fields.join(','), allow_no_indices: 'false' };
    return this.send({ method: 'GET', operation: 'fieldCaps', url: this.url('fieldCaps', params) });
  }
}

/**
 * Why the routes cannot send the requests as configured, or undefined. Grafana fills the routes' URLs
 * from the saved jsonData verbatim: the index pattern must be exactly the one the plugin searches
 * (saved, trimmed), or the routes would search another pattern than the editor shows; the same for
 * the error-group summary index.
 */
export function routeSettingsProblem(
  jsonData: { indexPattern?: string; groupsSummaryIndex?: string },
  indexPattern: string,
  summaryIndex?: string
): string | undefined {
  // Characters no index name may hold (Elasticsearch's and OpenSearch's index naming rules): in a
  // route's URL they would end the path, start a query string or reach another API.
  const forbidden = [indexPattern, summaryIndex ?? ''].join('').match(/[\\/?#"<>|\s]/);
  if (forbidden) {
    const shown = /\s/.test(forbidden[0]) ? 'a blank' : `"${forbidden[0]}"`;
    return `The index pattern "${indexPattern}"${summaryIndex ? ` or the summary index "${summaryIndex}"` : ''} holds ${shown}, which no index name can: use names, * wildcards and commas only (for example logs-*,app-logs).`;
  }
  if (jsonData.indexPattern !== indexPattern) {
    return `The index pattern must be saved in the data source settings: save "${indexPattern}" there (when provisioning, set jsonData.indexPattern), so that the plugin's proxy routes search exactly that pattern.`;
  }
  if (summaryIndex !== undefined && jsonData.groupsSummaryIndex !== summaryIndex) {
    return `The error-group summary index must be saved exactly: save "${summaryIndex}" in the data source settings (when provisioning, set jsonData.groupsSummaryIndex without spaces), so that the plugin's proxy route searches that index.`;
  }
  return undefined;
}

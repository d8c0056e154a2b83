import type { estypes } from '@elastic/elasticsearch';
import type { AuthType } from '../types';
import type { SearchBody, Query } from '../query/buildSessionErrorsQuery';

export interface ClusterRequest {
  method: 'GET' | 'POST';
  /** Full URL below Grafana's data source proxy. */
  url: string;
  data?: unknown;
}

/** Sends one request and resolves with the parsed JSON body; rejects with a ClusterRequestFailure. */
export type ClusterTransport = <T>(request: ClusterRequest) => Promise<T>;

/** The path prefix of the API-key route in plugin.json. Index names and engine APIs never start with `-`,
 * so Grafana's prefix match cannot send an ordinary request through this route by accident. */
export const API_KEY_ROUTE = '-apikey';

export type ClusterInfo = estypes.InfoResponse & {
  version: estypes.ElasticsearchVersionInfo & { distribution?: string };
};

/** The cluster API the plugin uses, addressed through Grafana's data source proxy. */
export class ClusterClient {
  constructor(
    private readonly proxyUrl: string,
    private readonly authType: AuthType,
    private readonly transport: ClusterTransport
  ) {}

  url(path: string): string {
    const base = this.proxyUrl.replace(/\/+$/, '');
    return this.authType === 'apiKey' ? `${base}/${API_KEY_ROUTE}/${path}` : `${base}/${path}`;
  }

  info(): Promise<ClusterInfo> {
    return this.transport({ method: 'GET', url: this.url('') });
  }

  search<T = Record<string, unknown>, A = Record<string, estypes.AggregationsAggregate>>(
    index: string,
    body: SearchBody
  ): Promise<estypes.SearchResponse<T, A>> {
    return this.transport({ method: 'POST', url: this.url(`${encodeURIComponent(index)}/_search`), data: body });
  }

  count(index: string, query: Query): Promise<estypes.CountResponse> {
    return this.transport({ method: 'POST', url: this.url(`${encodeURIComponent(index)}/_count`), data: { query } });
  }

  fieldCaps(index: string, fields: string[]): Promise<estypes.FieldCapsResponse> {
    const params = new URLSearchParams({ fields: fields.join(','), allow_no_indices: 'false' });
    return this.transport({ method: 'GET', url: this.url(`${encodeURIComponent(index)}/_field_caps?${params}`) });
  }
}

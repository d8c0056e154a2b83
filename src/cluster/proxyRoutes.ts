import type { AuthType } from '../types';

/**
 * The data source proxy routes of plugin.json, one per request the plugin sends and per auth mode.
 * plugin.json's `routes` are generated from this table and a test keeps them equal.
 *
 * Why every mode goes through routes (grafana/grafana pkg/api/pluginproxy/ds_proxy.go, validateRequest
 * and director): a request that matches no route still goes to the data source URL, with any method
 * and path, and with the data source's own basic auth when `basicAuth` is on. So basic credentials are
 * never Grafana's basic auth here: they travel as a route header from secureJsonData, and a request
 * outside the routes reaches the cluster with no credentials at all.
 *
 * How the routes stay narrow:
 * - each has one method and its URL fixes the index pattern from the saved settings;
 * - the URL is `{{ .URL }}`, the data source URL, which Grafana's data_source_proxy_whitelist checks;
 * - Grafana matches the cleaned proxy path against the route path and appends the raw rest, `..`
 *   included. A route path with as many segments as its URL adds after `{{ .URL }}` keeps any `..`
 *   inside that URL: climbing out of it needs as many `..` as the route path has segments, and the
 *   cleaned path must then name the whole route path again, which starts with `-` (no index can).
 * - optional indices are rendered with `with`, so a missing one never prints `<no value>`.
 */
export type RouteOperation =
  'info' | 'search' | 'count' | 'fieldCaps' | 'groupsSearch' | 'openPit' | 'openPitOpenSearch' | 'pitSearch';

/** The first path segment of each mode's routes. No index name or engine API starts with `-`. */
export const ROUTE_PREFIX: Record<AuthType, string> = {
  none: '-open',
  basic: '-basic',
  apiKey: '-apikey',
};

const INDEX = '{{ .JsonData.indexPattern }}';
const SUMMARY = '{{ with .JsonData.groupsSummaryIndex }},{{ . }}{{ end }}';

/** Per operation: its method, the route path after the prefix, and the URL after `{{ .URL }}`. */
export const ROUTE_OPERATIONS: Record<RouteOperation, { method: 'GET' | 'POST'; path: string; url: string }> = {
  // One segment (`-apikey-info`) for a URL that adds none: a `..` can only climb back to the route path.
  info: { method: 'GET', path: '-info', url: '/' },
  search: { method: 'POST', path: '/_search', url: `/${INDEX}/_search` },
  count: { method: 'POST', path: '/_count', url: `/${INDEX}/_count` },
  fieldCaps: { method: 'GET', path: '/_field_caps', url: `/${INDEX}/_field_caps` },
  // The lines and the error-group summary index together (errorGroupsSummary.ts).
  groupsSearch: { method: 'POST', path: '-groups/_search', url: `/${INDEX}${SUMMARY}/_search` },
  // A point in time on the pattern, for log context (pointInTime.ts): Elasticsearch's and OpenSearch's API.
  openPit: { method: 'POST', path: '-pit/_pit', url: `/${INDEX}/_pit` },
  openPitOpenSearch: { method: 'POST', path: '-pit/_search/point_in_time', url: `/${INDEX}/_search/point_in_time` },
  // A search in a point in time names no index (the engines refuse one with `pit`): see PIT_ACCESS.
  pitSearch: { method: 'POST', path: '-pit-search', url: '/_search' },
};

/** What each mode sends as `Authorization`, from secrets the browser can never read back. */
const AUTHORIZATION: Record<AuthType, string | undefined> = {
  none: undefined,
  basic: 'Basic {{ .SecureJsonData.basicAuthCredentials }}',
  apiKey: 'ApiKey {{ .SecureJsonData.apiKey }}',
};

export interface PluginJsonRoute {
  path: string;
  method: string;
  url: string;
  reqRole?: string;
  reqAction?: string;
  headers?: Array<{ name: string; content: string }>;
}

/**
 * The banner route's URL ends in `/`, so whatever follows its path is a fresh path on the cluster
 * (`-apikey-info_cat/indices` reaches `GET /_cat/indices`). Only those who may edit the data source
 * use it: by RBAC action where Grafana evaluates route actions (ds_proxy.go hasAccessToRoute), by the
 * Admin role elsewhere. Save & test goes on without the banner when it is refused.
 */
const INFO_ACCESS = { reqRole: 'Admin', reqAction: 'datasources:write' } as const;

/**
 * The search in a point in time goes to `/_search`, which the body alone confines (to the point in
 * time's indices): any body sent there searches whatever the credentials can read. So only those
 * who may edit the data source, and could point it at any index anyway, use it; the others' log
 * context reads the lines by instants (buildContextQuery.ts), which is as correct.
 */
const GUARDED: Partial<Record<RouteOperation, typeof INFO_ACCESS>> = { info: INFO_ACCESS, pitSearch: INFO_ACCESS };

/**
 * The cluster path an operation's route URL names after `{{ .URL }}`, filled from the saved settings
 * as Grafana fills the templates: what the Go backend sends where the browser goes through the route.
 */
export function routeTargetPath(
  operation: RouteOperation,
  jsonData: { indexPattern?: string; groupsSummaryIndex?: string }
): string {
  const summary = jsonData.groupsSummaryIndex ? `,${jsonData.groupsSummaryIndex}` : '';
  return ROUTE_OPERATIONS[operation].url.replace(INDEX, jsonData.indexPattern ?? '').replace(SUMMARY, summary);
}

/** The proxy path of an operation in a mode, below `/api/datasources/proxy/uid/<uid>/`. */
export function routePath(authType: AuthType, operation: RouteOperation): string {
  return `${ROUTE_PREFIX[authType]}${ROUTE_OPERATIONS[operation].path}`;
}

/** plugin.json's `routes`, in the order Grafana tries them. */
export function pluginJsonRoutes(): PluginJsonRoute[] {
  return (Object.keys(ROUTE_PREFIX) as AuthType[]).flatMap((authType) =>
    (Object.keys(ROUTE_OPERATIONS) as RouteOperation[]).map((operation) => {
      const { method, url } = ROUTE_OPERATIONS[operation];
      const authorization = AUTHORIZATION[authType];
      return {
        path: routePath(authType, operation),
        method,
        url: `{{ .URL }}${url}`,
        ...GUARDED[operation],
        ...(authorization ? { headers: [{ name: 'Authorization', content: authorization }] } : {}),
      };
    })
  );
}

/** The `Basic` credentials a route header sends: base64 of `user:password` in UTF-8, as RFC 7617 asks. */
export function basicAuthCredentials(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary);
}

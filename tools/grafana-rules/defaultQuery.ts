/**
 * Whether Grafana runs a data source's default query as soon as a panel or Explore pane is new,
 * read in grafana/grafana public/app/core/utils/explore.ts (11.0 to 13.x):
 * - `generateEmptyQuery` builds the first query as `{ ...ds.getDefaultQuery(app), refId, key,
 *   datasource }` (a new dashboard panel's query is built from getDefaultQuery the same way);
 * - `hasNonEmptyQuery` runs it when any key other than refId, key, context and datasource has a
 *   truthy value. `queryType: 'logs'` alone is enough, so a default query that cannot run (an empty
 *   session id in session mode) is sent at once and its error shown on the new panel.
 */

const IGNORED_KEYS = ['refId', 'key', 'context', 'datasource'];

export function hasNonEmptyQuery(queries: Array<Record<string, unknown>>): boolean {
  return queries.some((query) => Object.keys(query).some((k) => !IGNORED_KEYS.includes(k) && Boolean(query[k])));
}

/** The first query of a new panel or Explore pane. */
export function newPanelQuery<Q extends object>(
  defaultQuery: Partial<Q> | undefined,
  refId = 'A'
): Q & { refId: string } {
  return { ...(defaultQuery ?? {}), refId } as Q & { refId: string };
}

export function grafanaRunsOnNewPanel(defaultQuery: object | undefined): boolean {
  return hasNonEmptyQuery([newPanelQuery(defaultQuery) as Record<string, unknown>]);
}

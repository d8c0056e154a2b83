import type { DataQueryRequest, DataSourceInstanceSettings, DataSourcePlugin, DataSourceSettings } from '@grafana/data';
import { dateTime } from '@grafana/data';
import type { DataSource } from '../../../src/datasource';
import type { SessionErrorsOptions, SessionErrorsQuery, SessionErrorsSecureOptions } from '../../../src/types';

/** What the preview page hands the plugin, built the way Grafana builds it. */
export type Settings = DataSourceSettings<SessionErrorsOptions, SessionErrorsSecureOptions>;
export type Plugin = DataSourcePlugin<DataSource, SessionErrorsQuery, SessionErrorsOptions, SessionErrorsSecureOptions>;

export const PREVIEW_UID = 'sre';

/** The preview server's stand-in for Grafana's data source API. */
export async function dataSourceApi<T>(method: 'GET' | 'PUT', body?: unknown): Promise<T> {
  const response = await fetch(`/api/datasources/uid/${PREVIEW_UID}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    throw new Error(`${method} data source: HTTP ${response.status}`);
  }
  return response.json() as Promise<T>;
}

/** What Grafana hands a data source: the proxy URL, never the cluster URL or any secret. */
export function instanceSettings(settings: Settings, plugin: Plugin): DataSourceInstanceSettings<SessionErrorsOptions> {
  return {
    id: settings.id,
    uid: settings.uid,
    type: settings.type,
    name: settings.name,
    url: `/api/datasources/proxy/uid/${settings.uid}`,
    access: 'proxy',
    jsonData: settings.jsonData,
    meta: plugin.meta,
    readOnly: false,
  } as DataSourceInstanceSettings<SessionErrorsOptions>;
}

/** A query request as a panel or Explore sends it, for the last `rangeMs` up to `toMs`. */
export function queryRequest(
  targets: SessionErrorsQuery[],
  rangeMs: number,
  toMs = Date.now()
): DataQueryRequest<SessionErrorsQuery> {
  const from = toMs - rangeMs;
  return {
    targets,
    range: { from: dateTime(from), to: dateTime(toMs), raw: { from: `now-${rangeMs / 1000}s`, to: 'now' } },
    scopedVars: {},
    interval: '1m',
    intervalMs: Math.max(60_000, Math.round(rangeMs / 200)),
    requestId: 'preview',
    timezone: 'utc',
    app: 'explore',
    startTime: Date.now(),
  } as unknown as DataQueryRequest<SessionErrorsQuery>;
}

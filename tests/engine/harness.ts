import {
  dateTime,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv, setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import type { Server } from 'node:http';
import { lastValueFrom } from 'rxjs';
import pluginJson from '../../plugin.json';
import { DataSource } from '../../src/datasource';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import {
  DataSourceProxy,
  startProxyServer,
  type ProxyOptions,
  type StoredDataSource,
} from '../../tools/grafana-proxy/dataSourceProxy';
import { fetchBackendSrv } from '../../tools/grafana-proxy/fetchBackendSrv';
import type { PluginRoute } from '../../tools/grafana-proxy/routes';
import { connectAdmin } from '../../tools/setup/adminClient';
import { sessionIdPipeline } from '../../tools/setup/template';
import { variablesTemplateSrv } from '../../tools/grafana-proxy/templateSrv';

export function engineUrl(): string {
  const url = process.env.SRE_ENGINE_URL;
  if (!url) {
    throw new Error('SRE_ENGINE_URL is not set: run the engine tests through jest (globalSetup starts the engine).');
  }
  return url;
}

export interface Harness {
  ds: DataSource;
  proxy: DataSourceProxy;
  proxyUrl: string;
  close(): Promise<void>;
}

/**
 * The plugin's request path as in Grafana: DataSource -> backendSrv.fetch -> the data source proxy
 * (plugin.json routes applied as Grafana does, secrets held server-side) -> the engine.
 */
export async function openHarness(
  jsonData: SessionErrorsOptions,
  stored: Partial<Omit<StoredDataSource, 'jsonData'>> = {},
  variables: Record<string, string | string[]> = {},
  proxyOptions: Omit<ProxyOptions, 'routes'> = {}
): Promise<Harness> {
  const url = stored.url ?? engineUrl();
  const proxy = new DataSourceProxy({ routes: pluginJson.routes as PluginRoute[], ...proxyOptions });
  // The routes search the saved pattern: the editor saves the default one on opening.
  const fullJsonData = { indexPattern: 'logs-*', ...jsonData };
  proxy.dataSources.set('sre', {
    uid: 'sre',
    type: pluginJson.id,
    secureJsonData: {},
    ...stored,
    url,
    jsonData: fullJsonData as Record<string, unknown>,
  });
  const { server, url: proxyUrl } = await startProxyServer(proxy);
  // Grafana's runtime services are process-wide singletons: put the previous ones back on close,
  // so a harness opened inside another one does not leave the outer one talking to a closed proxy.
  const previous = { backendSrv: getBackendSrv(), templateSrv: getTemplateSrv() };
  setBackendSrv(fetchBackendSrv(proxyUrl));
  setTemplateSrv(variablesTemplateSrv(variables));
  const settings = {
    id: 1,
    uid: 'sre',
    type: pluginJson.id,
    name: 'Session Replay Errors',
    url: '/api/datasources/proxy/uid/sre',
    access: 'proxy',
    jsonData: fullJsonData,
    meta: {},
    readOnly: false,
  } as unknown as DataSourceInstanceSettings<SessionErrorsOptions>;
  return {
    ds: new DataSource(settings),
    proxy,
    proxyUrl,
    close: () => {
      setBackendSrv(previous.backendSrv);
      setTemplateSrv(previous.templateSrv);
      return closeServer(server);
    },
  };
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Data source settings with a session field and an OpenReplay replay link, as the engine tests use them. */
export function replaySettings(indexPattern: string, patch: SessionErrorsOptions = {}): SessionErrorsOptions {
  return {
    indexPattern,
    sessionField: 'session.id',
    replayLink: 'openreplay',
    openReplayUrl: 'https://replay.test',
    openReplayProjectId: '9',
    leadInSeconds: 5,
    ...patch,
  };
}

/** One query request as a panel sends it, over [fromMs, toMs]. */
export function runQueries(
  ds: DataSource,
  targets: Array<Partial<SessionErrorsQuery>>,
  window: { fromMs: number; toMs: number },
  extra: Partial<DataQueryRequest<SessionErrorsQuery>> = {}
): Promise<DataQueryResponse> {
  const from = dateTime(window.fromMs);
  const to = dateTime(window.toMs);
  return lastValueFrom(
    ds.query({
      targets: targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), ...t })),
      range: { from, to, raw: { from, to } },
      scopedVars: {},
      intervalMs: 60_000,
      ...extra,
    } as unknown as DataQueryRequest<SessionErrorsQuery>)
  );
}

/**
 * Creates an index with the fields the plugin reads mapped explicitly; the session id as given, and
 * further fields' mappings (`attributes`, ...) beside them.
 */
export async function createLogsIndex(
  index: string,
  sessionIdType: 'keyword' | 'long' = 'keyword',
  moreProperties: Record<string, unknown> = {},
  indexSettings: { number_of_shards?: number; number_of_replicas?: number } = {}
): Promise<void> {
  const keyword = { type: 'keyword' };
  const response = await fetch(`${engineUrl()}/${index}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      settings: { number_of_replicas: 0, ...indexSettings },
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          message: { type: 'text' },
          log: { properties: { level: keyword } },
          service: { properties: { name: keyword } },
          host: { properties: { name: keyword } },
          session: { properties: { id: { type: sessionIdType } } },
          // As the setup tool's template maps them (error fingerprints are keywords).
          error: { properties: { type: keyword, fingerprint: keyword, group_message: keyword } },
          ...moreProperties,
        },
      },
    }),
  });
  if (!response.ok) {
    throw new Error(`creating ${index} failed: HTTP ${response.status} ${await response.text()}`);
  }
}

/** One call of the engine's own API (JSON in and out), failing with its answer on an error status. */
export async function engineCall<T>(method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(`${engineUrl()}${pathname}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) {
    throw new Error(`${method} ${pathname}: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 400)}`);
  }
  return answer;
}

/** Writes documents given as raw JSON text, so that numbers reach the engine exactly as a backend logs them. */
export async function writeRawDocuments(index: string, docs: string[], pipeline?: string): Promise<void> {
  const body = docs.map((doc) => `{"index":{}}\n${doc}\n`).join('');
  const response = await fetch(`${engineUrl()}/${index}/_bulk?refresh=true${pipeline ? `&pipeline=${pipeline}` : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson' },
    body,
  });
  const result = (await response.json()) as { errors: boolean };
  if (!response.ok || result.errors) {
    throw new Error(`writing ${index} failed: ${JSON.stringify(result).slice(0, 300)}`);
  }
}

/** A frame's column by field name (empty when the field is absent). */
export function fieldValues(frame: DataFrame, name: string) {
  return frame.fields.find((f) => f.name === name)?.values ?? [];
}

/** The setup tool's ingest pipeline (session id from tags, error fingerprints) on the engine. */
export async function installSessionIdPipeline(): Promise<void> {
  const admin = await connectAdmin(engineUrl());
  try {
    await admin.putPipeline(sessionIdPipeline());
  } finally {
    await admin.close();
  }
}

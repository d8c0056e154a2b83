import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import pluginJson from '../../plugin.json';
import { openReplaySessionStartMs } from '../../src/session/sessionId';
import type { SessionErrorsOptions } from '../../src/types';
import { DataSourceProxy, type StoredDataSource } from '../grafana-proxy/dataSourceProxy';
import type { PluginRoute } from '../grafana-proxy/routes';
import { ALERTING_PATH, evaluateProvisionedRules, renderAlertingPage } from './alertingPage';
import type { BackendHost } from './backendHost';
import { previewBuildDir } from './build';
import type { GrafanaHost } from './hosts';

/**
 * The preview server: what the page needs from Grafana. The data source API stores secrets and
 * never returns them (secureJsonFields only, as Grafana's API does), the data source proxy is the
 * same code as the engine tests' stand-in, and /replay/ is a local stand-in for the replay tool.
 * With a backend host (the plugin's Go backend under the stand-in of Grafana's plugin host),
 * Grafana's backend routes go to it, and /alerting evaluates the provisioned alert rules through it.
 */

const ROOT = path.resolve(__dirname, '../..');
export const PREVIEW_UID = 'sre';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.md': 'text/markdown',
  '.css': 'text/css',
};

export interface PreviewOptions {
  engineUrl: string;
  /** the Grafana line whose packages the page runs (its build in artifacts/preview/<line>) */
  host: GrafanaHost;
  port?: number;
  /**
   * Starts the plugin's backend once the preview's URL is known (its data source links replays to
   * the preview's replay page); the preview closes it when it closes.
   */
  backend?: (previewUrl: string) => Promise<BackendHost>;
}

export interface Preview {
  url: string;
  proxy: DataSourceProxy;
  backend?: BackendHost;
  close(): Promise<void>;
}

/**
 * Grafana's routes that reach a backend plugin: queries (pkg/api/ds_query.go), and a data source's
 * health check and resources (pkg/api/datasource.go, plugin_resource.go). The preview's own data
 * source settings (`/api/datasources/uid/sre`) stay the preview's.
 */
export function isBackendRoute(pathname: string): boolean {
  return (
    pathname === '/api/ds/query' ||
    /^\/api\/datasources\/uid\/[^/]+\/(health|resources)(\/|$)/.test(pathname) ||
    (/^\/api\/datasources\/uid\/[^/]+$/.test(pathname) && pathname !== `/api/datasources/uid/${PREVIEW_UID}`)
  );
}

/**
 * Passes a request to the backend host (method, path, query, headers, body) and its answer back. The
 * target is the parsed path on the backend's origin: a request target such as `//elsewhere/api/ds/query`
 * cannot name another host.
 */
function forward(req: IncomingMessage, res: ServerResponse, url: URL, backendUrl: string): void {
  const target = new URL(`${url.pathname}${url.search}`, backendUrl);
  const headers = { ...req.headers, host: target.host };
  const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (e) => {
    if (!res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'application/json' });
    }
    res.end(JSON.stringify({ message: 'Plugin unavailable', error: e.message }));
  });
  req.pipe(upstream);
}

type Settings = Omit<StoredDataSource, 'secureJsonData'> & {
  id: number;
  name: string;
  basicAuth: boolean;
  basicAuthUser: string;
};

/** The demo data source as provisioning/ declares it. */
function provisionedDataSource(): { name: string; jsonData: SessionErrorsOptions } {
  return parse(readFileSync(path.join(ROOT, 'provisioning/datasources/session-replay-errors.yaml'), 'utf8'))
    .datasources[0];
}

/** The provisioned demo settings: index pattern and fields, as the summarizer needs them too. */
export function provisionedJsonData(): SessionErrorsOptions {
  return provisionedDataSource().jsonData;
}

function demoDataSource(engineUrl: string, previewUrl: string): StoredDataSource & Settings {
  const provisioned = provisionedDataSource();
  return {
    id: 1,
    uid: PREVIEW_UID,
    name: provisioned.name,
    type: pluginJson.id,
    url: engineUrl,
    basicAuth: false,
    basicAuthUser: '',
    // The provisioned demo settings, with the local replay page as the replay tool.
    jsonData: {
      ...provisioned.jsonData,
      openReplayUrl: `${previewUrl}/replay`,
      openReplayProjectId: 'demo',
    },
    secureJsonData: {},
  };
}

/** The settings as Grafana's API returns them: secrets reduced to "is set". */
function publicSettings(ds: StoredDataSource & Settings) {
  const { secureJsonData, ...rest } = ds;
  return {
    ...rest,
    orgId: 1,
    typeName: 'Session Replay Errors',
    access: 'proxy',
    user: '',
    database: '',
    withCredentials: false,
    isDefault: true,
    readOnly: false,
    secureJsonFields: Object.fromEntries(Object.keys(secureJsonData).map((k) => [k, true])),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function replayPage(projectId: string, sessionId: string, jumpto: string | null): string {
  const at = jumpto === null ? undefined : Number(jumpto);
  const start = openReplaySessionStartMs(sessionId);
  const moment =
    at === undefined || !Number.isFinite(at)
      ? 'the start of the session'
      : at > 1e12
        ? `${new Date(at).toISOString()} (absolute jumpto${start ? `, ${((at - start) / 1000).toFixed(1)} s after the start in the id` : ''})`
        : `${(at / 1000).toFixed(1)} s after the session start (offset jumpto)`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Replay ${escapeHtml(sessionId)}</title></head>
<body style="background:#111217;color:#ccccdc;font-family:sans-serif;margin:40px">
<h1>Local replay stand-in</h1>
<p>A session-replay tool would now play session <b data-testid="replay-session">${escapeHtml(sessionId)}</b>
of project <b data-testid="replay-project">${escapeHtml(projectId)}</b> from <b data-testid="replay-moment">${escapeHtml(moment)}</b>.</p>
<p>jumpto=<code data-testid="replay-jumpto">${escapeHtml(jumpto ?? '')}</code></p>
</body></html>`;
}

/**
 * Grafana serves the whole unicons set; @grafana/ui's package ships only part of it. The time
 * picker's "move backward" icon (angle-double-left, 12.x on) is missing there: drawn as the mirror
 * image of angle-double-right, which is.
 */
const MIRRORED_ICONS: Record<string, string> = { 'angle-double-left': 'angle-double-right' };

function mirroredIcon(pathname: string, host: GrafanaHost): string | undefined {
  const icon = /^\/public\/(?:build\/)?img\/icons\/unicons\/([\w-]+)\.svg$/.exec(pathname)?.[1];
  const dir = path.join(ROOT, host.dir, 'node_modules/@grafana/ui/dist/public/img/icons/unicons');
  if (!icon || !MIRRORED_ICONS[icon] || existsSync(path.join(dir, `${icon}.svg`))) {
    return undefined;
  }
  const source = readFileSync(path.join(dir, `${MIRRORED_ICONS[icon]}.svg`), 'utf8');
  return source.replace(/<svg([^>]*)>([\s\S]*)<\/svg>/, '<svg$1><g transform="matrix(-1 0 0 1 24 0)">$2</g></svg>');
}

const indexHtml = (
  host: GrafanaHost
) => `<!doctype html><html><head><meta charset="utf-8"><title>Session Replay Errors — preview</title>
<style>body{background:#111217;color:#ccccdc;font-family:Inter,Helvetica,Arial,sans-serif;margin:0;padding:24px}h2{font-weight:500}</style>
<base href="/">
<script>window.grafanaBootData = { settings: { buildInfo: { version: '${host.grafana}', edition: 'Open Source' } }, user: {}, navTree: [] };</script>
<script src="/vendor/systemjs/system.js"></script><script src="/vendor/systemjs/extras/amd.js"></script></head>
<body data-plugin-id="${pluginJson.id}"><h1>Session Replay Errors — plugin preview</h1>
<p data-testid="host-line">Grafana ${host.grafana} packages</p><div id="root"></div><script src="/preview/host.js"></script></body></html>`;

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const proxy = new DataSourceProxy({ routes: pluginJson.routes as PluginRoute[] });
  let settings: StoredDataSource & Settings;
  const statics: Array<[string, string]> = [
    [`/public/plugins/${pluginJson.id}/`, path.join(ROOT, 'dist')],
    ['/preview/', previewBuildDir(options.host)],
    // Icons as Grafana serves them (the path moved to public/build/img in 12.x); @grafana/ui ships them.
    ...['/public/img/', '/public/build/img/'].map((prefix): [string, string] => [
      prefix,
      path.join(ROOT, options.host.dir, 'node_modules/@grafana/ui/dist/public/img'),
    ]),
    ['/vendor/systemjs/', path.join(ROOT, 'node_modules/systemjs/dist')],
  ];
  const send = (res: ServerResponse, status: number, body: string, type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  };

  let allowedHosts = new Set<string>();
  let backend: BackendHost | undefined;
  const server = createServer(async (req, res) => {
    try {
      // DNS rebinding: a page on another site whose name resolves to 127.0.0.1 reaches this server
      // with its own name in Host. Answer only to the loopback names, so it can neither read the
      // data source nor point it elsewhere and capture the key.
      if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
        send(res, 403, JSON.stringify({ message: `Host not allowed: use ${[...allowedHosts][0]}` }));
        return;
      }
      const url = new URL(req.url ?? '/', 'http://preview.invalid');
      if (isBackendRoute(url.pathname)) {
        if (backend) {
          forward(req, res, url, backend.url);
        } else {
          send(res, 503, JSON.stringify({ message: 'Plugin unavailable: this preview runs without the backend' }));
        }
        return;
      }
      if (url.pathname === ALERTING_PATH) {
        const nowMs = Date.now();
        const page = backend
          ? renderAlertingPage({ nowMs, groups: await evaluateProvisionedRules(backend.url, nowMs) })
          : renderAlertingPage({
              nowMs,
              groups: [],
              problem: 'This preview runs without the plugin backend, so no rule is evaluated (npm start runs it).',
            });
        send(res, 200, page, TYPES['.html']);
        return;
      }
      if (proxy.handle(req, res)) {
        return;
      }
      if (url.pathname === `/api/datasources/uid/${PREVIEW_UID}`) {
        if (req.method === 'PUT') {
          const body = JSON.parse(await readBody(req)) as Settings & {
            secureJsonData?: Record<string, string>;
            secureJsonFields?: Record<string, boolean>;
          };
          const secrets = { ...settings.secureJsonData };
          for (const [key, isSet] of Object.entries(body.secureJsonFields ?? {})) {
            if (!isSet) {
              delete secrets[key];
            }
          }
          for (const [key, value] of Object.entries(body.secureJsonData ?? {})) {
            if (value) {
              secrets[key] = value;
            } else {
              delete secrets[key];
            }
          }
          settings = {
            ...settings,
            url: body.url,
            basicAuth: !!body.basicAuth,
            basicAuthUser: body.basicAuthUser ?? '',
            jsonData: body.jsonData,
            secureJsonData: secrets,
          };
          proxy.dataSources.set(PREVIEW_UID, settings);
          send(res, 200, JSON.stringify({ datasource: publicSettings(settings), message: 'Datasource updated' }));
          return;
        }
        send(res, 200, JSON.stringify(publicSettings(settings)));
        return;
      }
      const replay = /^\/replay\/([^/]+)\/session\/([^/]+)$/.exec(url.pathname);
      if (replay) {
        send(
          res,
          200,
          replayPage(decodeURIComponent(replay[1]), decodeURIComponent(replay[2]), url.searchParams.get('jumpto')),
          TYPES['.html']
        );
        return;
      }
      // The page routes these itself, as Grafana's single-page app does (tools/preview/host/App.tsx).
      if (url.pathname === '/' || url.pathname === '/explore' || url.pathname.startsWith('/d/')) {
        send(res, 200, indexHtml(options.host), TYPES['.html']);
        return;
      }
      const mirrored = mirroredIcon(url.pathname, options.host);
      if (mirrored) {
        send(res, 200, mirrored, TYPES['.svg']);
        return;
      }
      for (const [prefix, dir] of statics) {
        if (url.pathname.startsWith(prefix)) {
          const file = path.join(
            dir,
            path.normalize(decodeURIComponent(url.pathname.slice(prefix.length))).replace(/^(\.\.[/\\])+/, '')
          );
          if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
            res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
            createReadStream(file).pipe(res);
            return;
          }
        }
      }
      send(res, 404, JSON.stringify({ message: 'Not found' }));
    } catch (e) {
      send(res, 500, JSON.stringify({ message: (e as Error).message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  settings = demoDataSource(options.engineUrl, url);
  proxy.dataSources.set(PREVIEW_UID, settings);
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  try {
    backend = await options.backend?.(url);
  } catch (e) {
    await closeServer();
    throw e;
  }
  return {
    url,
    proxy,
    backend,
    close: async () => {
      await closeServer();
      await backend?.close();
    },
  };
}

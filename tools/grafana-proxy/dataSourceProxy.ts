import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { interpolateRouteTemplate, joinUrlFragments, matchRoute, type PluginRoute } from './routes';

/**
 * A stand-in for Grafana's data source proxy (/api/datasources/proxy/uid/<uid>/<path>) that applies a
 * plugin's proxy configuration as grafana/grafana pkg/api/pluginproxy/ds_proxy.go does. It holds the
 * data sources' secrets on the server side, exactly like Grafana: the browser never sees them.
 */

export interface StoredDataSource {
  uid: string;
  name?: string;
  type: string;
  url: string;
  basicAuth?: boolean;
  basicAuthUser?: string;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';
const ROLE_RANK: Record<OrgRole, number> = { Viewer: 0, Editor: 1, Admin: 2 };

export interface ProxyOptions {
  routes: PluginRoute[];
  /** The signed-in user's org role, checked against a route's reqRole (default Admin). */
  role?: OrgRole;
  /** Grafana's default data proxy timeout is 30 s (dataproxy.timeout). */
  timeoutMs?: number;
}

export const PROXY_PREFIX = '/api/datasources/proxy/uid/';
const AUTH_FAILED = 'Authentication to data source failed';

export class DataSourceProxy {
  readonly dataSources = new Map<string, StoredDataSource>();
  /** Every response body this proxy sent back, for tests that check no secret leaks. */
  readonly sentBodies: string[] = [];

  constructor(private readonly options: ProxyOptions) {}

  /** Handles a request if it is for the proxy; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://grafana.invalid');
    if (!url.pathname.startsWith(PROXY_PREFIX)) {
      return false;
    }
    const rest = url.pathname.slice(PROXY_PREFIX.length);
    const slash = rest.indexOf('/');
    const uid = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const rawProxyPath = slash < 0 ? '' : rest.slice(slash + 1);
    const ds = this.dataSources.get(uid);
    if (!ds) {
      this.reply(res, 404, { message: 'Data source not found' });
      return true;
    }
    this.forward(req, res, ds, rawProxyPath, url.search);
    return true;
  }

  private reply(res: ServerResponse, status: number, body: unknown, contentType = 'application/json') {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    this.sentBodies.push(text);
    res.writeHead(status, { 'Content-Type': contentType });
    res.end(text);
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    ds: StoredDataSource,
    rawProxyPath: string,
    search: string
  ) {
    const method = req.method ?? 'GET';
    const proxyPath = decodeURIComponent(rawProxyPath);
    const route = matchRoute(this.options.routes, proxyPath, method);
    // ds_proxy.go validateRequest: a matched route whose reqRole the user lacks is refused outright.
    const role = this.options.role ?? 'Admin';
    if (route?.reqRole && ROLE_RANK[route.reqRole as OrgRole] > ROLE_RANK[role]) {
      this.reply(res, 403, { message: 'plugin proxy route access denied' });
      return;
    }
    let target: URL;
    try {
      target = new URL(ds.url);
    } catch {
      this.reply(res, 400, { message: 'Invalid data source URL' });
      return;
    }
    let targetPath = joinUrlFragments(target.pathname, rawProxyPath);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !['host', 'cookie', 'connection', 'content-length', 'authorization'].includes(name)) {
        headers[name] = value;
      }
    }
    headers['user-agent'] = 'Grafana/12.4.0';
    if (ds.basicAuth) {
      const password = ds.secureJsonData.basicAuthPassword ?? '';
      headers.authorization = `Basic ${Buffer.from(`${ds.basicAuthUser ?? ''}:${password}`).toString('base64')}`;
    }
    if (route) {
      const data = { JsonData: ds.jsonData, SecureJsonData: ds.secureJsonData };
      const trimmed = proxyPath.startsWith(route.path)
        ? rawProxyPath.slice(encodeURI(route.path).length)
        : rawProxyPath;
      try {
        if (route.url) {
          const routeUrl = interpolateRouteTemplate(route.url, data);
          let parsed: URL | undefined;
          try {
            parsed = new URL(routeUrl);
          } catch {
            parsed = undefined;
          }
          if (!parsed || !parsed.host) {
            // Go parses "<no value>" as a relative URL; the transport then fails: a 502 from the reverse proxy.
            this.reply(res, 502, 'Bad Gateway', 'text/plain');
            return;
          }
          target = parsed;
          targetPath = joinUrlFragments(parsed.pathname, trimmed);
        }
        for (const header of route.headers ?? []) {
          // ds_auth_provider.go addHeaders: Header.Set, after basic auth was applied, so a route's
          // Authorization replaces the basic one.
          headers[header.name.toLowerCase()] = interpolateRouteTemplate(header.content, data);
        }
      } catch (e) {
        this.reply(res, 500, { message: (e as Error).message });
        return;
      }
    }

    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method,
        path: targetPath + search,
        headers,
        timeout: this.options.timeoutMs ?? 30_000,
      },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          const body = Buffer.concat(chunks);
          if (upstreamRes.statusCode === 401) {
            // ds_proxy.go ModifyResponse: a 401 becomes a 400 with a fixed text and no headers.
            this.reply(res, 400, AUTH_FAILED, 'text/plain');
            return;
          }
          const outHeaders = { ...upstreamRes.headers };
          delete outHeaders['set-cookie'];
          delete outHeaders['content-length'];
          delete outHeaders['transfer-encoding'];
          this.sentBodies.push(body.toString());
          res.writeHead(upstreamRes.statusCode ?? 502, outHeaders);
          res.end(body);
        });
      }
    );
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    // Go's reverse proxy cancels the upstream request when the browser goes away.
    res.on('close', () => {
      if (!res.writableFinished) {
        upstream.destroy();
      }
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) {
        // proxyutil's error handler: 504 for a deadline, 502 for anything else.
        this.reply(
          res,
          e.message === 'timeout' ? 504 : 502,
          e.message === 'timeout' ? 'Gateway Timeout' : 'Bad Gateway',
          'text/plain'
        );
      }
    });
    req.pipe(upstream);
  }
}

/** Serves only the proxy, on 127.0.0.1; used by the engine tests. */
export async function startProxyServer(proxy: DataSourceProxy, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (!proxy.handle(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

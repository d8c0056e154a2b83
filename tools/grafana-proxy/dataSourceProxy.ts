import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { goEscapedPath, interpolateRouteTemplate, joinUrlFragments, matchRoute, type PluginRoute } from './routes';

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
  /**
   * Whether Grafana evaluates a route's reqAction by RBAC (feature accessControlOnCall), and the
   * user's actions on this data source (e.g. `datasources:write` for a writer who is not an Admin).
   */
  rbac?: boolean;
  permissions?: string[];
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
    // The raw request target, never normalized: `..`, `//` and `%2F` reach Grafana as sent.
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
    const search = queryAt < 0 ? '' : target.slice(queryAt);
    if (!rawPath.startsWith(PROXY_PREFIX)) {
      return false;
    }
    const rest = rawPath.slice(PROXY_PREFIX.length);
    const slash = rest.indexOf('/');
    const uid = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    const rawProxyPath = slash < 0 ? '' : rest.slice(slash + 1);
    const ds = this.dataSources.get(uid);
    if (!ds) {
      this.reply(res, 404, { message: 'Data source not found' });
      return true;
    }
    this.forward(req, res, ds, rawProxyPath, search);
    return true;
  }

  private reply(res: ServerResponse, status: number, body: unknown, contentType = 'application/json') {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    this.sentBodies.push(text);
    res.writeHead(status, { 'Content-Type': contentType });
    res.end(text);
  }

  /**
   * A status and no body, as pkg/util/proxyutil/reverse_proxy.go's errorHandler answers a failed
   * upstream (w.WriteHeader alone: no Content-Type, an empty body).
   */
  private replyStatus(res: ServerResponse, status: number) {
    this.sentBodies.push('');
    res.writeHead(status);
    res.end();
  }

  /** ds_proxy.go hasAccessToRoute: the route's RBAC action where evaluated, else its org role. */
  private mayUse(route: PluginRoute): boolean {
    if (this.options.rbac && route.reqAction) {
      return (this.options.permissions ?? []).includes(route.reqAction);
    }
    const role = this.options.role ?? 'Admin';
    return !route.reqRole || ROLE_RANK[role] >= ROLE_RANK[route.reqRole as OrgRole];
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    ds: StoredDataSource,
    rawProxyPath: string,
    search: string
  ) {
    const method = req.method ?? 'GET';
    // ds_proxy.go validateRequest: matched on the cleaned path; a route the user may not use is a 403.
    const route = matchRoute(this.options.routes, rawProxyPath, method);
    if (route && !this.mayUse(route)) {
      this.reply(res, 403, { message: 'plugin proxy route access denied' });
      return;
    }
    const dsUrl = parseGoUrl(ds.url);
    if (!dsUrl) {
      this.reply(res, 400, { message: 'Invalid data source URL' });
      return;
    }
    // director: the raw path joined to the data source URL's path and forwarded as it is.
    let target = dsUrl;
    let targetPath = joinUrlFragments(dsUrl.path, rawProxyPath);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      // An incoming Authorization is kept: only basic auth, X-DS-Authorization or a route header replace it.
      if (value !== undefined && !DROPPED_REQUEST_HEADERS.has(name)) {
        headers[name] = value;
      }
    }
    headers['user-agent'] = 'Grafana/12.4.0';
    if (ds.basicAuth) {
      const password = ds.secureJsonData.basicAuthPassword ?? '';
      headers.authorization = `Basic ${Buffer.from(`${ds.basicAuthUser ?? ''}:${password}`).toString('base64')}`;
    }
    const dsAuthorization = headers['x-ds-authorization'];
    if (dsAuthorization) {
      delete headers['x-ds-authorization'];
      headers.authorization = dsAuthorization;
    }
    if (route) {
      const data = { URL: ds.url, JsonData: ds.jsonData, SecureJsonData: ds.secureJsonData };
      // ds_auth_provider.go ApplyRoute: strings.TrimPrefix of the raw proxy path by the route path.
      const trimmed = rawProxyPath.startsWith(route.path) ? rawProxyPath.slice(route.path.length) : rawProxyPath;
      let applied = true;
      if (route.url) {
        let routeUrl: GoUrl | undefined;
        try {
          routeUrl = parseGoUrl(interpolateRouteTemplate(route.url, data), true);
        } catch {
          // "Error interpolating proxy url": ApplyRoute returns before its headers.
          routeUrl = undefined;
        }
        if (!routeUrl) {
          applied = false;
        } else if (!routeUrl.host) {
          // Go parses "<no value>/…" as a relative URL; the transport then fails: a 502 from the reverse proxy.
          this.replyStatus(res, 502);
          return;
        } else {
          target = routeUrl;
          targetPath = goEscapedPath(joinUrlFragments(routeUrl.path, trimmed));
        }
      }
      for (const header of applied ? (route.headers ?? []) : []) {
        try {
          // utils.go addHeaders: Header.Set, after basic auth; the first failing header stops the rest.
          headers[header.name.toLowerCase()] = interpolateRouteTemplate(header.content, data);
        } catch {
          break;
        }
      }
    }

    const send = target.scheme === 'https' ? httpsRequest : httpRequest;
    const [hostname, port] = splitHost(target.host);
    const upstream = send(
      {
        protocol: `${target.scheme}:`,
        hostname,
        port,
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
          // proxyutil.SetProxyResponseHeaders: what the cluster answers may never run as a page of Grafana.
          outHeaders['content-security-policy'] = 'sandbox';
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
        this.replyStatus(res, e.message === 'timeout' ? 504 : 502);
      }
    });
    req.pipe(upstream);
  }
}

/**
 * Headers the director removes or that Node sets itself (proxyutil.ClearCookieHeader, the
 * X-Forwarded-Host/Port/Proto of PrepareProxyRequest; Origin and Referer, which Grafana drops).
 */
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'cookie',
  'connection',
  'content-length',
  'origin',
  'referer',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
]);

interface GoUrl {
  scheme: string;
  host: string;
  path: string;
}

/**
 * url.Parse, as far as routes need it: scheme, host and the path kept as written (`//` included).
 * A string without `scheme://` is a relative URL with no host (Go accepts "<no value>/x").
 */
function parseGoUrl(text: string, allowRelative = false): GoUrl | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(text);
  if (match) {
    return { scheme: match[1].toLowerCase(), host: match[2], path: match[3] };
  }
  return allowRelative ? { scheme: '', host: '', path: text } : undefined;
}

function splitHost(host: string): [string, string | undefined] {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  return match ? [match[1].replace(/^\[|\]$/g, ''), match[2]] : [host, undefined];
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

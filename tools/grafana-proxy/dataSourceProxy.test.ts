import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pluginJson from '../../plugin.json';
import { DataSourceProxy, startProxyServer, type OrgRole, type StoredDataSource } from './dataSourceProxy';
import type { PluginRoute } from './routes';
import { basicAuthCredentials } from '../../src/cluster/proxyRoutes';

/**
 * plugin.json's routes applied by the proxy stand-in, against an upstream that records what reaches
 * it: the stored credentials go only with the requests the plugin sends, to the saved index pattern.
 */
interface Seen {
  method: string;
  url: string;
  authorization?: string;
}

let upstream: Server;
let upstreamUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'a=b' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => upstream.close(resolve)));

const KEY = 'aWQ6c2VjcmV0';
const BASIC = basicAuthCredentials('reader', 'pw');

interface Caller {
  role?: OrgRole;
  rbac?: boolean;
  permissions?: string[];
  headers?: Record<string, string>;
}

async function send(method: string, path: string, ds: Partial<StoredDataSource> = {}, caller: Caller = {}) {
  const proxy = new DataSourceProxy({ routes: pluginJson.routes as PluginRoute[], role: 'Admin', ...caller });
  proxy.dataSources.set('ds', {
    uid: 'ds',
    type: pluginJson.id,
    url: upstreamUrl,
    jsonData: { authType: 'apiKey', indexPattern: 'logs-*,app-*', groupsSummaryIndex: 'groups-x' },
    secureJsonData: { apiKey: KEY },
    ...ds,
  });
  const { server, url } = await startProxyServer(proxy);
  try {
    seen.length = 0;
    // A raw request target, as a browser or curl --path-as-is sends it: fetch would normalize `..`.
    const response = await rawRequest(`${url}/api/datasources/proxy/uid/ds/${path}`, method, caller.headers);
    return { ...response, upstream: seen[0] };
  } finally {
    server.close();
  }
}

function rawRequest(
  target: string,
  method: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: Record<string, unknown> }> {
  const { host, pathname } = new URL(target.split('/api/')[0]);
  const path = target.slice(target.indexOf('/api/'));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: host.split(':')[0], port: host.split(':')[1], method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    // Node frames a body by chunks only for methods that usually carry one.
    req.end(method === 'POST' || method === 'PUT' ? '{}' : undefined);
    void pathname;
  });
}

const basicDs: Partial<StoredDataSource> = {
  jsonData: { authType: 'basic', indexPattern: 'logs-*,app-*' },
  secureJsonData: { basicAuthCredentials: BASIC },
};

describe('the routes of each auth mode', () => {
  it.each([
    ['apiKey', 'GET', '-apikey-info', '/', `ApiKey ${KEY}`],
    ['apiKey', 'POST', '-apikey/_search', '/logs-%2A,app-%2A/_search', `ApiKey ${KEY}`],
    ['apiKey', 'POST', '-apikey/_count', '/logs-%2A,app-%2A/_count', `ApiKey ${KEY}`],
    [
      'apiKey',
      'GET',
      '-apikey/_field_caps?fields=a%2Cb&allow_no_indices=false',
      '/logs-%2A,app-%2A/_field_caps?fields=a%2Cb&allow_no_indices=false',
      `ApiKey ${KEY}`,
    ],
    ['apiKey', 'POST', '-apikey-groups/_search', '/logs-%2A,app-%2A,groups-x/_search', `ApiKey ${KEY}`],
    ['basic', 'POST', '-basic/_search', '/logs-%2A,app-%2A/_search', `Basic ${BASIC}`],
    ['basic', 'GET', '-basic-info', '/', `Basic ${BASIC}`],
    ['none', 'POST', '-open/_search', '/logs-%2A,app-%2A/_search', undefined],
  ] as const)('%s: %s %s reaches %s with its credentials', async (authType, method, path, upstreamPath, auth) => {
    const ds =
      authType === 'basic'
        ? basicDs
        : authType === 'none'
          ? { jsonData: { authType, indexPattern: 'logs-*,app-*' }, secureJsonData: {} }
          : {};
    const { upstream: hit } = await send(method, path, ds);
    expect(hit).toEqual({ method, url: upstreamPath, authorization: auth });
  });

  it.each([
    ['DELETE', '-apikey/_search'],
    ['PUT', '-apikey/_search'],
    ['DELETE', '-apikey-info'],
    ['POST', '-apikey-info'],
    ['GET', '-apikey/_search'],
    ['POST', '-apikey/_bulk'],
    ['POST', '-apikey/logs-*/_delete_by_query'],
    ['POST', '-apikey/_security/api_key'],
    ['POST', '-apikey/_search/../../_security/api_key'],
    ['GET', '-apikey/_field_caps/../../_cat/indices'],
    ['GET', '-apikey'],
    ['DELETE', 'logs-x'],
  ])('%s %s never carries the key', async (method, path) => {
    const { upstream: hit } = await send(method, path);
    expect(hit?.authorization ?? '').not.toContain(KEY);
  });

  it('basic mode: a Viewer deleting an index through the proxy reaches the cluster without credentials', async () => {
    const { upstream: hit, status } = await send('DELETE', 'logs-x', basicDs, { role: 'Viewer' });
    expect(status).toBe(200);
    expect(hit).toEqual({ method: 'DELETE', url: '/logs-x', authorization: undefined });
  });

  it("Grafana's own basic auth, as saved before 1.4, would have sent the credentials with that delete", async () => {
    const { upstream: hit } = await send(
      'DELETE',
      'logs-x',
      {
        basicAuth: true,
        basicAuthUser: 'reader',
        jsonData: { authType: 'basic' },
        secureJsonData: { basicAuthPassword: 'pw' },
      },
      { role: 'Viewer' }
    );
    expect(hit.authorization).toBe(`Basic ${BASIC}`);
  });

  it('a path climbing out of a route with .. stays inside the route URL: the remainder is forwarded raw', async () => {
    const { upstream: hit } = await send('POST', '-apikey-groups/_search/../../-apikey-groups/_search');
    // Cleaned, the path matches the route; the raw rest is appended, `..` kept for the cluster to resolve.
    expect(hit.url).toBe('/logs-%2A,app-%2A,groups-x/_search/../../-apikey-groups/_search');
    expect(new URL(hit.url, 'http://x').pathname).toBe('/-apikey-groups/_search');
  });

  it('an encoded slash in the rest is escaped again, never decoded into another path', async () => {
    const { upstream: hit } = await send('POST', '-apikey/_search%2F..%2F..%2F_security');
    // util.JoinURLFragments puts a slash between the route URL and a rest that has none.
    expect(hit.url).toBe('/logs-%2A,app-%2A/_search/%252F..%252F..%252F_security');
  });

  it('a suffix after a search route stays below the saved pattern', async () => {
    const { upstream: hit } = await send('POST', '-apikey/_search/template');
    expect(hit.url).toBe('/logs-%2A,app-%2A/_search/template');
  });

  it('a trailing slash on the data source URL doubles the slash of every route', async () => {
    const { upstream: hit } = await send('POST', '-apikey/_search', { url: `${upstreamUrl}/` });
    expect(hit.url).toBe('//logs-%2A,app-%2A/_search');
  });

  it('without a summary index the groups route searches the lines alone, never "<no value>"', async () => {
    const { upstream: hit } = await send('POST', '-apikey-groups/_search', {
      jsonData: { authType: 'apiKey', indexPattern: 'logs-*' },
    });
    expect(hit.url).toBe('/logs-%2A/_search');
  });

  it('a route whose URL template fails goes to the data source URL without its headers', async () => {
    const routes = [
      {
        path: '-x',
        method: 'POST',
        url: '{{ .Nope }}/a',
        headers: [{ name: 'Authorization', content: 'ApiKey {{ .SecureJsonData.apiKey }}' }],
      },
    ];
    const proxy = new DataSourceProxy({ routes });
    proxy.dataSources.set('ds', {
      uid: 'ds',
      type: 'x',
      url: upstreamUrl,
      jsonData: {},
      secureJsonData: { apiKey: KEY },
    });
    const { server, url } = await startProxyServer(proxy);
    try {
      seen.length = 0;
      await rawRequest(`${url}/api/datasources/proxy/uid/ds/-x/b`, 'POST');
      expect(seen[0]).toEqual({ method: 'POST', url: '/-x/b', authorization: undefined });
    } finally {
      server.close();
    }
  });

  it("an incoming Authorization is kept where nothing replaces it, and a route's replaces it", async () => {
    const headers = { Authorization: 'Bearer from-browser' };
    const none = { jsonData: { authType: 'none', indexPattern: 'logs-*' }, secureJsonData: {} };
    expect((await send('DELETE', 'logs-x', none, { headers })).upstream.authorization).toBe('Bearer from-browser');
    expect((await send('POST', '-apikey/_search', {}, { headers })).upstream.authorization).toBe(`ApiKey ${KEY}`);
  });

  it("an unreachable cluster is a 502 with no body, as proxyutil's errorHandler writes only a status", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const response = await send('POST', '-apikey/_search', { url: `http://127.0.0.1:${port}` });
    expect(response.status).toBe(502);
    expect(response.headers['content-type']).toBeUndefined();
    expect(response.upstream).toBeUndefined();
  });

  it('answers lose Set-Cookie and gain Content-Security-Policy: sandbox', async () => {
    const response = await send('POST', '-apikey/_search');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['content-security-policy']).toBe('sandbox');
  });
});

describe('the cluster banner route', () => {
  it('is refused to a Viewer, also with a suffix that would reach another API', async () => {
    expect((await send('GET', '-apikey-info', {}, { role: 'Viewer' })).status).toBe(403);
    expect((await send('GET', '-apikey-info_cat/indices', {}, { role: 'Editor' })).status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('is open to a data source writer who is no Admin where Grafana evaluates route actions', async () => {
    const writer = { role: 'Editor' as const, rbac: true, permissions: ['datasources:write'] };
    expect((await send('GET', '-apikey-info', {}, writer)).upstream).toMatchObject({ url: '/' });
    const reader = { role: 'Editor' as const, rbac: true, permissions: ['datasources:query'] };
    expect((await send('GET', '-apikey-info', {}, reader)).status).toBe(403);
  });
});

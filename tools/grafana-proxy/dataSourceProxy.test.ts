import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pluginJson from '../../plugin.json';
import { DataSourceProxy, startProxyServer, type OrgRole, type StoredDataSource } from './dataSourceProxy';
import type { PluginRoute } from './routes';

/**
 * plugin.json's API-key routes applied by the proxy stand-in, against an upstream that records what
 * reaches it: the stored key goes only with the requests the plugin sends, to the saved index pattern.
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
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => upstream.close(resolve)));

const KEY = 'aWQ6c2VjcmV0';

async function send(method: string, path: string, ds: Partial<StoredDataSource> = {}, role: OrgRole = 'Admin') {
  const proxy = new DataSourceProxy({ routes: pluginJson.routes as PluginRoute[], role });
  proxy.dataSources.set('ds', {
    uid: 'ds',
    type: pluginJson.id,
    url: upstreamUrl,
    jsonData: { authType: 'apiKey', clusterUrl: upstreamUrl, indexPattern: 'logs-*,app-*' },
    secureJsonData: { apiKey: KEY },
    ...ds,
  });
  const { server, url } = await startProxyServer(proxy);
  try {
    seen.length = 0;
    const response = await fetch(`${url}/api/datasources/proxy/uid/ds/${path}`, {
      method,
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
    });
    await response.text();
    return { status: response.status, upstream: seen[0] };
  } finally {
    server.close();
  }
}

describe('the API-key routes', () => {
  it.each([
    ['GET', '-apikey/info', 'GET', '/'],
    ['POST', '-apikey/_search', 'POST', '/logs-*,app-*/_search'],
    ['POST', '-apikey/_count', 'POST', '/logs-*,app-*/_count'],
    [
      'GET',
      '-apikey/_field_caps?fields=a%2Cb&allow_no_indices=false',
      'GET',
      '/logs-*,app-*/_field_caps?fields=a%2Cb&allow_no_indices=false',
    ],
  ])('%s %s carries the key to %s %s', async (method, path, upstreamMethod, upstreamPath) => {
    const { upstream: hit } = await send(method, path);
    expect(hit).toEqual({ method: upstreamMethod, url: upstreamPath, authorization: `ApiKey ${KEY}` });
  });

  it.each([
    ['DELETE', '-apikey/_search'],
    ['PUT', '-apikey/_search'],
    ['DELETE', '-apikey/info'],
    ['POST', '-apikey/info'],
    ['GET', '-apikey/_search'],
    ['POST', '-apikey/_bulk'],
    ['POST', '-apikey/logs-*/_delete_by_query'],
    ['POST', '-apikey/_security/api_key'],
    ['POST', '-apikey/_search/../../_security/api_key'],
    ['GET', '-apikey/_field_caps/../../_cat/indices'],
    ['GET', '-apikey'],
  ])('%s %s never carries the key', async (method, path) => {
    const { upstream: hit } = await send(method, path);
    expect(hit?.authorization ?? '').not.toContain(KEY);
  });

  it('a suffix after a search route stays below the saved pattern', async () => {
    const { upstream: hit } = await send('POST', '-apikey/_search/template');
    expect(hit.url).toBe('/logs-*,app-*/_search/template');
  });

  it('the cluster banner route is for admins only: a suffix on it cannot reach another API for a viewer', async () => {
    expect((await send('GET', '-apikey/info', {}, 'Viewer')).status).toBe(403);
    expect((await send('GET', '-apikey/info_cat/indices', {}, 'Editor')).status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('the route header replaces basic auth, as Grafana sets it', async () => {
    const { upstream: hit } = await send('POST', '-apikey/_search', {
      basicAuth: true,
      basicAuthUser: 'u',
      secureJsonData: { apiKey: KEY, basicAuthPassword: 'p' },
    });
    expect(hit.authorization).toBe(`ApiKey ${KEY}`);
  });
});

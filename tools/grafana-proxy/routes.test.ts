import { cleanRelativePath, interpolateRouteTemplate, joinUrlFragments, matchRoute, type PluginRoute } from './routes';
import pluginJson from '../../plugin.json';

// Mirrors grafana/grafana pkg/api/pluginproxy/ds_proxy.go (validateRequest) and ds_auth_provider.go (ApplyRoute).
describe('matchRoute', () => {
  const routes: PluginRoute[] = [
    { path: 'es', url: 'http://a' },
    { path: 'es-apikey', url: 'http://b' },
    { path: 'api', method: 'POST', url: 'http://c' },
    { path: 'api', url: 'http://d' },
  ];

  it.each([
    ['es/_search', 'GET', 'http://a'],
    // strings.HasPrefix, no slash boundary: the first route catches the longer path too.
    ['es-apikey/_search', 'GET', 'http://a'],
    ['api/x', 'POST', 'http://c'],
    ['api/x', 'GET', 'http://d'],
    ['/es/../api/x', 'GET', 'http://d'],
    ['other', 'GET', undefined],
  ])('%s %s -> %s', (path, method, url) => {
    expect(matchRoute(routes, path, method)?.url).toBe(url);
  });

  it("the plugin's own routes catch only the -apikey paths the plugin sends, each with its method", () => {
    const own = pluginJson.routes as PluginRoute[];
    expect(matchRoute(own, '-apikey/_search', 'POST')?.path).toBe('-apikey/_search');
    expect(matchRoute(own, '-apikey/_count', 'POST')?.path).toBe('-apikey/_count');
    expect(matchRoute(own, '-apikey/_field_caps', 'GET')?.path).toBe('-apikey/_field_caps');
    expect(matchRoute(own, '-apikey/info', 'GET')?.path).toBe('-apikey/info');
    for (const path of [
      '',
      'logs-*/_search',
      '_search',
      'apikey-logs/_search',
      '_field_caps',
      '-apikey/logs-*/_search',
    ]) {
      expect(matchRoute(own, path, 'POST')).toBeUndefined();
    }
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      expect(own.map((route) => matchRoute([route], route.path, method))).toEqual(own.map(() => undefined));
    }
  });
});

describe('cleanRelativePath', () => {
  it.each([
    ['a/b', 'a/b'],
    ['/a/b/', 'a/b'],
    ['a/../b', 'b'],
    ['../../etc', 'etc'],
    ['', ''],
  ])('%p -> %p', (input, expected) => {
    expect(cleanRelativePath(input)).toBe(expected);
  });
});

describe('interpolateRouteTemplate', () => {
  const data = { JsonData: { clusterUrl: 'http://es:9200', n: 3 }, SecureJsonData: { apiKey: 'k' } };
  it.each([
    ['{{ .JsonData.clusterUrl }}', 'http://es:9200'],
    ['ApiKey {{ .SecureJsonData.apiKey }}', 'ApiKey k'],
    ['{{.JsonData.n}}', '3'],
    ['{{ .SecureJsonData.missing }}', '<no value>'],
    ['plain', 'plain'],
  ])('%p -> %p', (template, expected) => {
    expect(interpolateRouteTemplate(template, data)).toBe(expected);
  });

  it('fails on templates it cannot parse, as Grafana does', () => {
    expect(() => interpolateRouteTemplate('{{ printf "%s" .JsonData.x }}', data)).toThrow(/could not parse template/);
  });
});

describe('joinUrlFragments', () => {
  it.each([
    ['', '/x', '/x'],
    ['/', '/x', '/x'],
    ['/base', 'x', '/base/x'],
    ['/base/', '/x', '/base/x'],
    ['/base', '', '/base'],
  ])('%p + %p', (a, b, expected) => {
    expect(joinUrlFragments(a, b)).toBe(expected);
  });
});

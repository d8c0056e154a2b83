import {
  cleanRelativePath,
  goEscapedPath,
  interpolateRouteTemplate,
  joinUrlFragments,
  matchRoute,
  type PluginRoute,
} from './routes';
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

  it("the plugin's own routes catch only the paths the plugin sends, each with its one method", () => {
    const own = pluginJson.routes as PluginRoute[];
    for (const prefix of ['-open', '-basic', '-apikey']) {
      expect(matchRoute(own, `${prefix}/_search`, 'POST')?.path).toBe(`${prefix}/_search`);
      expect(matchRoute(own, `${prefix}/_count`, 'POST')?.path).toBe(`${prefix}/_count`);
      expect(matchRoute(own, `${prefix}/_field_caps`, 'GET')?.path).toBe(`${prefix}/_field_caps`);
      expect(matchRoute(own, `${prefix}-info`, 'GET')?.path).toBe(`${prefix}-info`);
      expect(matchRoute(own, `${prefix}-groups/_search`, 'POST')?.path).toBe(`${prefix}-groups/_search`);
    }
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
  const data = {
    URL: 'http://es:9200',
    JsonData: { indexPattern: 'logs-*', summary: 'groups', empty: '', n: 3, tags: ['a', 'b'] },
    SecureJsonData: { apiKey: 'k' },
  };
  it.each([
    ['{{ .URL }}/{{ .JsonData.indexPattern }}/_search', 'http://es:9200/logs-*/_search'],
    ['ApiKey {{ .SecureJsonData.apiKey }}', 'ApiKey k'],
    ['{{.JsonData.n}}', '3'],
    ['{{ .JsonData.tags }}', '[a b]'],
    // Go's default missingkey: a missing key prints <no value>, in JsonData and SecureJsonData alike.
    ['{{ .SecureJsonData.missing }}', '<no value>'],
    ['{{ .JsonData.missing }}/_search', '<no value>/_search'],
    // with skips its body for a missing key or an empty string, and binds . to the value otherwise.
    ['x{{ with .JsonData.missing }},{{ . }}{{ end }}/_search', 'x/_search'],
    ['x{{ with .JsonData.empty }},{{ . }}{{ end }}', 'x'],
    ['x{{ with .JsonData.summary }},{{ . }}{{ end }}', 'x,groups'],
    ['plain', 'plain'],
  ])('%p -> %p', (template, expected) => {
    expect(interpolateRouteTemplate(template, data)).toBe(expected);
  });

  it.each(['{{ printf "%s" .JsonData.x }}', '{{ with .JsonData.summary }}', '{{ end }}', '{{ . }}'])(
    'fails on %p, a template Grafana cannot parse or execute',
    (template) => {
      expect(() => interpolateRouteTemplate(template, data)).toThrow(/could not parse template/);
    }
  );
});

describe('goEscapedPath', () => {
  it.each([
    ['/logs-*/_search', '/logs-%2A/_search'],
    ['/a,b/_search', '/a,b/_search'],
    // The raw rest went into Path still encoded: its % is escaped again; .. and / are not.
    ['/x/_search/..%2F..%2Fsecret', '/x/_search/..%252F..%252Fsecret'],
    ['/x/_search/../../y', '/x/_search/../../y'],
    ['/<no value>/_search', '/%3Cno%20value%3E/_search'],
  ])('%p -> %p', (path, expected) => {
    expect(goEscapedPath(path)).toBe(expected);
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

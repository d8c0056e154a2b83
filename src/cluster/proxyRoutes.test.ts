import pluginJson from '../../plugin.json';
import { basicAuthCredentials, pluginJsonRoutes, ROUTE_OPERATIONS, routePath, routeTargetPath } from './proxyRoutes';

const segments = (path: string) => path.split('/').filter(Boolean).length;

describe('the proxy routes', () => {
  it('are exactly the routes of plugin.json', () => {
    expect(pluginJson.routes).toEqual(pluginJsonRoutes());
  });

  it.each(pluginJsonRoutes().map((r) => [r.path, r] as const))(
    '%s: one method, the data source URL, and no deeper than its URL',
    (_path, route) => {
      expect(['GET', 'POST']).toContain(route.method);
      expect(route.url.startsWith('{{ .URL }}/')).toBe(true);
      expect(route.url).not.toContain('clusterUrl');
      // A `..` in the rest can climb at most as many segments as the route path has; it must then name
      // the route path again, which starts with `-`: it never leaves the URL for another index or API.
      const added = segments(route.url.slice('{{ .URL }}'.length));
      expect(segments(route.path) - 1).toBeLessThanOrEqual(added);
      expect(route.path.startsWith('-')).toBe(true);
    }
  );

  it('no route path is a prefix of another, so Grafana’s first-match order cannot pick the wrong one', () => {
    const paths = pluginJsonRoutes().map((r) => r.path);
    for (const a of paths) {
      expect(paths.filter((b) => b !== a && b.startsWith(a))).toEqual([]);
    }
  });

  it('only the banner and the point-in-time search (to /_search, no index) need the right to edit the data source', () => {
    const guarded = pluginJsonRoutes().filter((r) => r.reqRole || r.reqAction);
    expect(guarded.map((r) => [r.path, r.reqRole, r.reqAction])).toEqual(
      ['-open', '-basic', '-apikey'].flatMap((mode) =>
        [`${mode}-info`, `${mode}-pit-search`].map((p) => [p, 'Admin', 'datasources:write'])
      )
    );
    // Every route but those two fixes the saved index pattern in its URL.
    const unguarded = pluginJsonRoutes().filter((r) => !r.reqRole && !r.reqAction);
    expect(unguarded.every((r) => r.url.startsWith('{{ .URL }}/{{ .JsonData.indexPattern }}'))).toBe(true);
  });

  it.each([
    ['none', 'search', '-open/_search'],
    ['basic', 'groupsSearch', '-basic-groups/_search'],
    ['apiKey', 'info', '-apikey-info'],
  ] as const)('%s %s is sent to %s', (authType, operation, path) => {
    expect(routePath(authType, operation)).toBe(path);
    expect(ROUTE_OPERATIONS[operation]).toBeDefined();
  });

  it.each([
    ['info', {}, '/'],
    ['search', { indexPattern: 'logs-*,app-*' }, '/logs-*,app-*/_search'],
    ['fieldCaps', { indexPattern: 'logs-*' }, '/logs-*/_field_caps'],
    ['groupsSearch', { indexPattern: 'logs-*' }, '/logs-*/_search'],
    ['groupsSearch', { indexPattern: 'logs-*', groupsSummaryIndex: 'groups' }, '/logs-*,groups/_search'],
    ['openPit', { indexPattern: 'logs-*' }, '/logs-*/_pit'],
    ['openPitOpenSearch', { indexPattern: 'logs-*' }, '/logs-*/_search/point_in_time'],
    ['pitSearch', { indexPattern: 'logs-*' }, '/_search'],
  ] as const)('%s with %j goes where its route goes: %s', (operation, jsonData, path) => {
    expect(routeTargetPath(operation, jsonData)).toBe(path);
  });

  it.each([
    ['elastic', 'changeme', 'ZWxhc3RpYzpjaGFuZ2VtZQ=='],
    ['jörg', 'pässwörd:x', Buffer.from('jörg:pässwörd:x').toString('base64')],
  ])('basic credentials of %s are base64 of the UTF-8 user:password', (user, password, expected) => {
    expect(basicAuthCredentials(user, password)).toBe(expected);
  });
});

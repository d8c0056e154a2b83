import { ClusterClient, routeSettingsProblem, type ClusterRequest } from './clusterClient';
import { ClusterSetupError } from './describeClusterError';

const answering = (data: unknown, seen: ClusterRequest[] = []) =>
  (async <T>(request: ClusterRequest) => {
    seen.push(request);
    return data as T;
  }) as <T>(request: ClusterRequest) => Promise<T>;

describe('ClusterClient', () => {
  it.each([
    ['none', 'info', '/p/-open-info'],
    ['none', 'search', '/p/-open/_search'],
    ['basic', 'count', '/p/-basic/_count'],
    ['basic', 'fieldCaps', '/p/-basic/_field_caps'],
    ['apiKey', 'info', '/p/-apikey-info'],
    ['apiKey', 'search', '/p/-apikey/_search'],
    ['apiKey', 'count', '/p/-apikey/_count'],
    ['apiKey', 'fieldCaps', '/p/-apikey/_field_caps'],
    ['none', 'groupsSearch', '/p/-open-groups/_search'],
    ['apiKey', 'groupsSearch', '/p/-apikey-groups/_search'],
  ] as const)('%s: %s goes to %s', (auth, operation, url) => {
    expect(new ClusterClient('/p/', auth, answering({}), 'logs-*,app-*', undefined, 'groups-x').url(operation)).toBe(
      url
    );
  });

  it('without a summary index refuses a groups search and sends nothing', async () => {
    const seen: ClusterRequest[] = [];
    const client = new ClusterClient('/p', 'none', answering({}, seen), 'logs-*');
    await expect(client.groupsSearch({ size: 0 })).rejects.toBeInstanceOf(ClusterSetupError);
    expect(seen).toEqual([]);
  });

  it.each([
    ['an HTML login page', '<html><title>Sign in</title></html>'],
    ['an empty body', ''],
    ['no body', undefined],
  ])('a 200 with %s is a failure, never an empty result', async (_label, body) => {
    const client = new ClusterClient('/p', 'none', answering(body), 'logs-*');
    await expect(client.search({ size: 0 })).rejects.toEqual({ status: 200, data: body });
  });

  it('with a setup problem sends nothing and fails with it', async () => {
    const seen: ClusterRequest[] = [];
    const client = new ClusterClient('/p', 'apiKey', answering({}, seen), 'logs-*', 'Save it.');
    await expect(client.info()).rejects.toEqual(new ClusterSetupError('Save it.'));
    expect(seen).toEqual([]);
  });
});

describe('routeSettingsProblem', () => {
  it.each([
    [{ indexPattern: 'logs-*' }, 'logs-*', undefined],
    [{}, 'logs-*', /save "logs-\*" there/],
    [{ indexPattern: ' logs-* ' }, 'logs-*', /save "logs-\*" there/],
    // Saved before 1.4: the old URL copy no longer matters.
    [{ indexPattern: 'logs-*', clusterUrl: 'https://elsewhere:9200' }, 'logs-*', undefined],
  ])('%j searching %s', (jsonData, pattern, expected) => {
    const problem = routeSettingsProblem(jsonData, pattern);
    if (expected === undefined) {
      expect(problem).toBeUndefined();
    } else {
      expect(problem).toMatch(expected);
    }
  });

  it.each([
    ['logs-x/_delete_by_query', undefined, '"/"'],
    ['logs-*?refresh=true', undefined, '"?"'],
    ['logs-#1', undefined, '"#"'],
    ['logs-a, logs-b', undefined, 'a blank'],
    ['logs\\x', undefined, '"\\"'],
    ['logs-*', 'groups/_doc', '"/"'],
  ])('refuses %p (summary %p), which would leave the route’s path: it names %s', (pattern, summary, shown) => {
    const problem = routeSettingsProblem({ indexPattern: pattern, groupsSummaryIndex: summary }, pattern, summary);
    expect(problem).toContain(`holds ${shown}, which no index name can`);
    expect(problem).toContain(`"${pattern}"`);
  });

  it.each(['logs-*,app-logs', '-logs-old,logs-*', 'remote:logs-*'])('accepts %p', (pattern) => {
    expect(routeSettingsProblem({ indexPattern: pattern }, pattern)).toBeUndefined();
  });

  it.each([
    [{ groupsSummaryIndex: 'groups-x' }, 'groups-x', undefined],
    [{ groupsSummaryIndex: ' groups-x' }, 'groups-x', /save "groups-x" in the data source settings/],
    [{}, 'groups-x', /save "groups-x"/],
    [{ groupsSummaryIndex: 'groups-x' }, undefined, undefined],
  ])('summary index %j, resolved %s', (saved, summaryIndex, expected) => {
    const problem = routeSettingsProblem({ indexPattern: 'logs-*', ...saved }, 'logs-*', summaryIndex);
    if (expected === undefined) {
      expect(problem).toBeUndefined();
    } else {
      expect(problem).toMatch(expected);
    }
  });
});

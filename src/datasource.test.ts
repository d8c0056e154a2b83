import {
  dateTime,
  SupplementaryQueryType,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import { lastValueFrom, Observable, of, throwError } from 'rxjs';
import recorded from '../tests/fixtures/opensearch/search-three-hits.json';
import badLucene from '../tests/fixtures/opensearch/error-400-bad-lucene.json';
import indexNotFound from '../tests/fixtures/opensearch/error-404-index-not-found.json';
import apiKeyPrivilege from '../tests/fixtures/elasticsearch/error-403-apikey-privilege.json';
import { DataSource } from './datasource';
import type { SessionErrorsOptions, SessionErrorsQuery } from './types';

const fetchMock = jest.fn();
const replaceMock = jest.fn((value: string) => value.replace('$session', '3864047860558056943'));
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: fetchMock }),
  getTemplateSrv: () => ({ replace: replaceMock }),
}));

function instance(jsonData: SessionErrorsOptions = {}): DataSourceInstanceSettings<SessionErrorsOptions> {
  return {
    id: 1,
    uid: 'abc',
    type: 'sessionreplay-errors-datasource',
    name: 'Session errors',
    url: '/api/datasources/proxy/uid/abc',
    // The routes search the saved pattern: the editor saves the default one on opening.
    jsonData: { indexPattern: 'logs-*', ...jsonData },
    meta: {} as DataSourceInstanceSettings['meta'],
    access: 'proxy',
    readOnly: false,
  };
}

const from = dateTime(Date.parse('2026-11-20T09:00:00Z'));
const to = dateTime(Date.parse('2026-11-20T10:00:00Z'));
function request(...targets: SessionErrorsQuery[]): DataQueryRequest<SessionErrorsQuery> {
  return {
    targets,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    requestId: 'r',
    interval: '1m',
    intervalMs: 60000,
    timezone: 'utc',
    app: 'explore',
    startTime: 0,
  };
}

beforeEach(() => {
  fetchMock.mockReset();
  replaceMock.mockClear();
});

describe('DataSource.applyTemplateVariables: what Grafana sends to the backend', () => {
  const filters = [{ key: 'service.name', operator: '=', value: 'checkout' }];

  it('writes the ad hoc filters Grafana passes into the filter, and leaves the query alone without them', () => {
    const ds = new DataSource(instance());
    const query: SessionErrorsQuery = { refId: 'A', mode: 'range', filter: 'timeout' };
    expect(ds.applyTemplateVariables(query, {}, filters)).toEqual({
      ...query,
      sessionId: undefined,
      filter: 'timeout AND service.name:"checkout"',
    });
    expect(ds.applyTemplateVariables(query, {})).toEqual({ ...query, sessionId: undefined });
    expect(ds.interpolateVariablesInQueries([query], {}, filters)[0].filter).toBe(
      'timeout AND service.name:"checkout"'
    );
  });

  it('marks a query whose filter has no Lucene form, and the runner refuses it rather than run it wider', async () => {
    const ds = new DataSource(instance());
    const unsupported = [...filters, { key: 'host.name', operator: '=|', value: 'x' }];
    const marked = ds.applyTemplateVariables({ refId: 'A', mode: 'range' }, {}, unsupported);
    expect(marked.adHocProblem).toMatch(/operator "=\|" on host.name is not supported/);
    const response = await lastValueFrom(ds.query(request(marked)));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(response.errors?.[0].message).toBe(marked.adHocProblem);
  });
});

describe('DataSource: one core, two hosts', () => {
  it('is a backend data source whose interactive queries still run in the browser, through the proxy', async () => {
    fetchMock.mockReturnValue(of({ data: recorded, status: 200 }));
    const ds = new DataSource(instance({ indexPattern: 'logs-rec' }));
    expect(ds).toBeInstanceOf(DataSourceWithBackend);
    const response = await lastValueFrom(ds.query(request({ refId: 'A', mode: 'range' })));
    expect(response.data[0].length).toBe(3);
    expect(fetchMock.mock.calls.map(([options]) => options.url)).toEqual([
      '/api/datasources/proxy/uid/abc/-open/_search',
    ]);
  });
});

describe('DataSource.query: Explore scrolling to newer lines', () => {
  const order = (call: number) =>
    (fetchMock.mock.calls[call][0].data as { sort: Array<Record<string, { order: string }>> }).sort[0]['@timestamp']
      .order;
  const ranged = (fromMs: number, target: SessionErrorsQuery) => ({
    ...request(target),
    range: { from: dateTime(fromMs), to, raw: { from: dateTime(fromMs), to } },
  });

  it('answers a range that starts at the newest line shown with the lines right after it, oldest first', async () => {
    fetchMock.mockReturnValue(of({ data: recorded, status: 200 }));
    const ds = new DataSource(instance({ indexPattern: 'logs-rec' }));
    const target: SessionErrorsQuery = { refId: 'A', mode: 'range' };
    const first = await lastValueFrom(ds.query(request(target)));
    const newest = Math.max(...(first.data[0].fields[0].values as number[]));
    expect(order(0)).toBe('desc');

    // infiniteScrollUtils.ts: newer lines are asked as { from: newest shown, to: now }, nothing else.
    const next = await lastValueFrom(ds.query(ranged(newest, target)));
    expect(order(1)).toBe('asc');
    expect(next.data[0].length).toBeGreaterThan(0);

    // Any other range, or another query from the same instant, is an ordinary one.
    await lastValueFrom(ds.query(ranged(newest - 1, target)));
    expect(order(2)).toBe('desc');
    await lastValueFrom(ds.query(ranged(newest, { ...target, filter: 'timeout' })));
    expect(order(3)).toBe('desc');
  });

  it('keeps knowing the newest line shown after a page of older lines', async () => {
    fetchMock.mockReturnValue(of({ data: recorded, status: 200 }));
    const ds = new DataSource(instance({ indexPattern: 'logs-rec' }));
    const target: SessionErrorsQuery = { refId: 'A', mode: 'range' };
    const first = await lastValueFrom(ds.query(request(target)));
    const newest = Math.max(...(first.data[0].fields[0].values as number[]));
    await lastValueFrom(ds.query(request(target)));
    await lastValueFrom(ds.query(ranged(newest, target)));
    expect(order(2)).toBe('asc');
  });
});

describe('DataSource.query', () => {
  it('runs the default query of a new panel at once, without an error: the latest errors of the range', async () => {
    fetchMock.mockReturnValue(of({ data: recorded, status: 200 }));
    const ds = new DataSource(instance({ indexPattern: 'logs-rec' }));
    const response = await lastValueFrom(ds.query(request({ refId: 'A', ...ds.getDefaultQuery() })));
    expect(response.errors).toBeUndefined();
    expect(response.data[0].length).toBeGreaterThan(0);
    const body = JSON.stringify(fetchMock.mock.calls[0][0].data);
    expect(body).toContain('"error"');
    expect(body).toContain('"critical"');
  });

  it('sends one search through the proxy and returns a logs frame', async () => {
    fetchMock.mockReturnValue(of({ data: recorded, status: 200 }));
    const ds = new DataSource(instance({ indexPattern: 'logs-rec' }));
    const response = await lastValueFrom(ds.query(request({ refId: 'A', sessionId: '3864047860558056943' })));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const sent = fetchMock.mock.calls[0][0];
    expect(sent).toMatchObject({
      method: 'POST',
      url: '/api/datasources/proxy/uid/abc/-open/_search',
      showErrorAlert: false,
    });
    expect(sent.data.query.bool.filter[0].range['@timestamp']).toEqual({
      gte: from.valueOf(),
      lt: to.valueOf(),
      format: 'epoch_millis',
    });
    expect(response.errors).toBeUndefined();
    expect(response.data).toHaveLength(1);
    expect(response.data[0].length).toBe(3);
  });

  it('uses the API-key route when the key is configured', async () => {
    fetchMock.mockReturnValue(of({ data: recorded, status: 200 }));
    const ds = new DataSource(instance({ authType: 'apiKey', indexPattern: 'logs-*,app-*' }));
    await lastValueFrom(ds.query(request({ refId: 'A', mode: 'range' })));
    // The route puts the saved index pattern into the cluster URL; the plugin names only the operation.
    expect(fetchMock.mock.calls[0][0].url).toBe('/api/datasources/proxy/uid/abc/-apikey/_search');
  });

  it('interpolates dashboard variables before validating', async () => {
    fetchMock.mockReturnValue(of({ data: recorded, status: 200 }));
    const ds = new DataSource(instance());
    await lastValueFrom(ds.query(request({ refId: 'A', sessionId: '$session' })));
    expect(replaceMock).toHaveBeenCalledWith('$session', {});
    expect(JSON.stringify(fetchMock.mock.calls[0][0].data)).toContain('asayer_session_id=3864047860558056943');
  });

  it.each([
    ['an injection attempt', '1 OR *', /not a valid session id/],
    ['an empty id', '', /Enter a session id/],
  ])('rejects %s without sending anything', async (_label, sessionId, message) => {
    const ds = new DataSource(instance());
    const response = await lastValueFrom(ds.query(request({ refId: 'B', sessionId })));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(response.data).toEqual([]);
    expect(response.errors).toEqual([{ refId: 'B', message: expect.stringMatching(message) }]);
  });

  it('passes the panel’s request id per target and aborts the request when unsubscribed', () => {
    const teardown = jest.fn();
    fetchMock.mockReturnValue(new Observable(() => teardown));
    const ds = new DataSource(instance());
    const subscription = ds
      .query({ ...request({ refId: 'A', mode: 'range' }), requestId: 'Q12' })
      .subscribe({ next: () => undefined });
    expect(fetchMock.mock.calls[0][0]).toMatchObject({ requestId: 'Q12_A' });
    expect(teardown).not.toHaveBeenCalled();
    subscription.unsubscribe();
    expect(teardown).toHaveBeenCalledTimes(1);
  });

  it('asks for logs volume only for visible log-line queries', () => {
    const ds = new DataSource(instance());
    expect(ds.getSupportedSupplementaryQueryTypes()).toEqual([SupplementaryQueryType.LogsVolume]);
    const volume = ds.getSupplementaryRequest(
      SupplementaryQueryType.LogsVolume,
      request(
        { refId: 'A', queryType: 'logs', mode: 'range' },
        { refId: 'B', queryType: 'sessions' },
        { refId: 'C', queryType: 'logs', hide: true }
      )
    );
    expect(volume?.targets).toEqual([{ refId: 'log-volume-A', queryType: 'logsVolume', mode: 'range' }]);
    expect(volume?.hideFromInspector).toBe(true);
    expect(ds.getSupplementaryRequest(SupplementaryQueryType.LogsSample, request({ refId: 'A' }))).toBeUndefined();
    expect(
      ds.getSupplementaryRequest(SupplementaryQueryType.LogsVolume, request({ refId: 'B', queryType: 'sessions' }))
    ).toBeUndefined();
  });

  it('reports an engine error per query and keeps the other results', async () => {
    fetchMock
      .mockReturnValueOnce(of({ data: recorded, status: 200 }))
      .mockReturnValueOnce(throwError(() => ({ status: 400, data: badLucene })));
    const ds = new DataSource(instance());
    const response = await lastValueFrom(
      ds.query(request({ refId: 'A', mode: 'range' }, { refId: 'B', mode: 'range', filter: 'message:(unclosed' }))
    );
    expect(response.data).toHaveLength(1);
    expect(response.errors).toEqual([{ refId: 'B', message: expect.stringContaining('Failed to parse query') }]);
  });

  it('skips hidden queries', async () => {
    const ds = new DataSource(instance());
    const response = await lastValueFrom(ds.query(request({ refId: 'A', sessionId: '1', hide: true })));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(response.data).toEqual([]);
  });

  it('searches the whole session from its decoded start', async () => {
    fetchMock.mockReturnValue(of({ data: { hits: { hits: [] } }, status: 200 }));
    const ds = new DataSource(instance());
    await lastValueFrom(
      ds.query(request({ refId: 'A', sessionId: '3864047860558056943', wholeSession: true, sessionWindow: '1h' }))
    );
    const range = fetchMock.mock.calls[0][0].data.query.bool.filter[0].range['@timestamp'];
    const start = Date.parse('2026-06-01T12:00:00.123Z');
    // The session window, with the end exclusive as for every log-lines page.
    expect(range).toEqual({ gte: start - 300_000, lt: start + 3_600_000, format: 'epoch_millis' });
  });
});

describe('DataSource.query: error groups and the hourly summary', () => {
  const groupsQuery = { refId: 'G', queryType: 'errorGroups' } as SessionErrorsQuery;
  const sent = () => fetchMock.mock.calls.map(([req]) => ({ url: req.url as string, data: req.data }));
  const emptyGroups = { took: 1, timed_out: false, aggregations: { groups: { buckets: [] } } };

  it('without a summary index sends one search of the lines', async () => {
    fetchMock.mockReturnValue(of({ data: emptyGroups, status: 200 }));
    const ds = new DataSource(instance({ indexPattern: 'logs-rec', sessionField: 'session.id' }));
    const response = await lastValueFrom(ds.query(request(groupsQuery)));
    expect(response.errors).toBeUndefined();
    expect(sent().map((r) => r.url)).toEqual(['/api/datasources/proxy/uid/abc/-open/_search']);
  });

  it('reads the checkpoint, then the summary and the lines in one search', async () => {
    fetchMock
      .mockReturnValueOnce(of({ data: { took: 1, aggregations: { through: { value: to.valueOf() } } }, status: 200 }))
      .mockReturnValueOnce(of({ data: emptyGroups, status: 200 }));
    const ds = new DataSource(
      instance({ indexPattern: 'logs-rec', sessionField: 'session.id', groupsSummaryIndex: 'groups-x' })
    );
    const response = await lastValueFrom(ds.query(request({ ...groupsQuery, newLookback: '2h' })));
    expect(response.errors).toBeUndefined();
    expect(response.data[0].meta?.notices).toBeUndefined();
    const [checkpoint, hybrid] = sent();
    expect(checkpoint.url).toBe('/api/datasources/proxy/uid/abc/-open-groups/_search');
    expect(checkpoint.data).toMatchObject({ query: { ids: { values: ['checkpoint'] } } });
    expect(hybrid.url).toBe(checkpoint.url);
    // The range is one whole hour (09:00 to 10:00), and the look-back two more.
    expect(JSON.stringify(hybrid.data)).toContain(`"gte":${from.valueOf() - 7_200_000},"lt":${from.valueOf()}`);
    expect(JSON.stringify(hybrid.data)).toContain(`"gte":${from.valueOf()},"lt":${to.valueOf()}`);
  });

  it('counts from lines, saying so, while the summary index does not exist', async () => {
    fetchMock
      .mockReturnValueOnce(throwError(() => ({ status: 404, data: indexNotFound })))
      .mockReturnValueOnce(of({ data: emptyGroups, status: 200 }));
    const ds = new DataSource(
      instance({ indexPattern: 'logs-rec', sessionField: 'session.id', groupsSummaryIndex: 'groups-x' })
    );
    const response = await lastValueFrom(ds.query(request(groupsQuery)));
    expect(response.errors).toBeUndefined();
    expect(sent()[1].url).toBe('/api/datasources/proxy/uid/abc/-open/_search');
    expect(response.data[0].meta?.notices?.[0].text).toMatch(/groups-x has no summarized hour yet/);
  });

  it('names both indices when the cluster denies the summary', async () => {
    fetchMock.mockReturnValueOnce(throwError(() => ({ status: 403, data: apiKeyPrivilege })));
    const ds = new DataSource(
      instance({ indexPattern: 'logs-rec', sessionField: 'session.id', groupsSummaryIndex: 'groups-x' })
    );
    const response = await lastValueFrom(ds.query(request(groupsQuery)));
    expect(response.errors?.[0].message).toMatch(/Grant "read" and "view_index_metadata" on logs-rec,groups-x/);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe('DataSource.testDatasource', () => {
  it('reports an unreachable cluster', async () => {
    fetchMock.mockReturnValue(throwError(() => ({ status: 502, data: 'Bad Gateway' })));
    const result = await new DataSource(instance()).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/could not reach the cluster/);
  });
});

describe('DataSource dashboards support', () => {
  it('lists sessions for a variable, latest first, in the given range', async () => {
    // One session field: the latest sessions by collapse (src/query/latestSessions.ts).
    fetchMock.mockReturnValue(
      of({
        data: { hits: { hits: [{ fields: { 'session.id': ['2'] } }, { fields: { 'session.id': ['1'] } }] } },
        status: 200,
      })
    );
    const ds = new DataSource(instance({ sessionField: 'session.id' }));
    const values = await ds.metricFindQuery('sessions', { range: { from, to, raw: { from, to } } });
    expect(values).toEqual([
      { text: '2', value: '2' },
      { text: '1', value: '1' },
    ]);
    // Two sessions in every span: each span of the range searched, the last the whole range.
    expect(fetchMock).toHaveBeenCalledTimes(4);
    const body = fetchMock.mock.calls[3][0].data;
    expect(body.collapse).toEqual({ field: 'session.id' });
    expect(body.sort[0]).toEqual({ '@timestamp': { order: 'desc' } });
    expect(body.query.bool.filter[0].bool.filter[0].range['@timestamp']).toMatchObject({
      gte: from.valueOf(),
      lte: to.valueOf(),
    });
  });

  it('refuses to list variable values that arrive rounded, naming the fix', async () => {
    const data = JSON.parse('{"hits":{"hits":[{"fields":{"session.id":[7301928374659648775]}}]}}');
    fetchMock.mockReturnValue(of({ data, status: 200 }));
    const ds = new DataSource(instance({ sessionField: 'session.id' }));
    await expect(ds.metricFindQuery('sessions')).rejects.toThrow(
      /^1 session id in session.id is stored as a number.*keyword/
    );
  });

  it('explains a variable query it does not understand', async () => {
    const ds = new DataSource(instance());
    await expect(ds.metricFindQuery('hosts')).rejects.toThrow(/is not a variable query/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('applies ad hoc filters to every query', async () => {
    fetchMock.mockReturnValue(of({ data: recorded, status: 200 }));
    const ds = new DataSource(instance());
    await lastValueFrom(
      ds.query({
        ...request({ refId: 'A', mode: 'range' }),
        filters: [{ key: 'service.name', operator: '!=', value: 'auth' }],
      })
    );
    expect(fetchMock.mock.calls[0][0].data.query.bool.filter).toContainEqual({
      bool: { must_not: [{ term: { 'service.name': 'auth' } }] },
    });
  });

  it('refuses an ad hoc operator it cannot apply, per query', async () => {
    const ds = new DataSource(instance());
    const response = await lastValueFrom(
      ds.query({ ...request({ refId: 'A', mode: 'range' }), filters: [{ key: 'k', operator: '=|', value: 'a' }] })
    );
    expect(fetchMock).not.toHaveBeenCalled();
    expect(response.errors?.[0]).toEqual({ refId: 'A', message: expect.stringMatching(/not supported/) });
  });

  it('offers aggregatable keyword fields as ad hoc keys', async () => {
    fetchMock.mockReturnValue(
      of({
        data: {
          indices: ['a'],
          fields: {
            'service.name': { keyword: { type: 'keyword', aggregatable: true } },
            message: { text: { type: 'text', aggregatable: false } },
            _id: { _id: { type: '_id', aggregatable: true } },
            'host.name': { keyword: { type: 'keyword', aggregatable: true } },
          },
        },
        status: 200,
      })
    );
    expect(await new DataSource(instance()).getTagKeys()).toEqual([{ text: 'host.name' }, { text: 'service.name' }]);
  });

  it('turns log lines into annotations with replay links', async () => {
    const ds = new DataSource(
      instance({ replayLink: 'openreplay', openReplayUrl: 'https://or', openReplayProjectId: '1' })
    );
    const frames = [
      {
        length: 1,
        fields: [
          { name: 'timestamp', type: 'time', config: {}, values: [5] },
          { name: 'body', type: 'string', config: {}, values: ['boom'] },
          { name: 'replay_url', type: 'string', config: {}, values: ['https://or/1/session/9?jumpto=5'] },
        ],
      },
    ];
    const events = await lastValueFrom(ds.annotations.processEvents!({} as never, frames as never));
    expect(events?.[0].text).toContain('href="https://or/1/session/9?jumpto=5"');
    expect(ds.annotations.prepareQuery!({ target: { refId: 'Anno', queryType: 'sessions' } } as never)?.queryType).toBe(
      'logs'
    );
  });
});

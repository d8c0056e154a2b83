import recorded from '../../tests/fixtures/opensearch/search-three-hits.json';
import badLucene from '../../tests/fixtures/opensearch/error-400-bad-lucene.json';
import indexNotFound from '../../tests/fixtures/opensearch/error-404-index-not-found.json';
import apiKeyPrivilege from '../../tests/fixtures/elasticsearch/error-403-apikey-privilege.json';
import { ClusterClient, type ClusterRequest, type ClusterTransport } from '../cluster/clusterClient';
import { openReplaySessionIdAt } from '../session/sessionId';
import { resolveSettings } from '../settings';
import type { AuthType, SessionErrorsOptions, SessionErrorsQuery, TimeWindow } from '../types';
import { resolveQuery } from './resolveQuery';
import { resolveTarget, runQuery, type QueryScope } from './runQuery';

const FROM = Date.parse('2026-11-20T09:00:00Z');
const TO = Date.parse('2026-11-20T10:00:00Z');
const HOUR = 3_600_000;
const RANGE: TimeWindow = { fromMs: FROM, toMs: TO };
const SESSION = '3864047860558056943';
const BASE_OPTIONS: SessionErrorsOptions = { indexPattern: 'logs-rec', sessionField: 'session.id' };

type Answer = { data: unknown } | { fail: unknown };

interface Harness {
  options?: SessionErrorsOptions;
  answers?: Answer[];
  scope?: Partial<Omit<QueryScope, 'client' | 'settings'>>;
}

/** Runs one query against a fake cluster that records the requests and answers them in order. */
async function run(query: SessionErrorsQuery, { options = {}, answers = [], scope = {} }: Harness = {}) {
  const settings = resolveSettings({ ...BASE_OPTIONS, ...options });
  const seen: ClusterRequest[] = [];
  const queue = [...answers];
  const transport: ClusterTransport = async <T>(request: ClusterRequest) => {
    seen.push(request);
    const answer = queue.shift();
    if (!answer) {
      throw new Error(`unexpected request to ${request.url}`);
    }
    if ('fail' in answer) {
      throw answer.fail;
    }
    return answer.data as T;
  };
  const client = new ClusterClient(
    '/proxy',
    'none',
    transport,
    settings.indexPattern,
    undefined,
    settings.groupsSummaryIndex
  );
  const outcome = await runQuery(query, {
    client,
    settings,
    authType: 'none',
    range: RANGE,
    nowMs: TO,
    ...scope,
  });
  // Each body as it crosses the wire.
  const bodies = seen.map((r) => JSON.parse(JSON.stringify(r.data)));
  return { outcome, seen, bodies };
}

function framesOf(outcome: Awaited<ReturnType<typeof run>>['outcome']) {
  if (!outcome.ok) {
    throw new Error(`expected frames, got: ${outcome.error}`);
  }
  return outcome.frames;
}

function hit(id: string, timeMs: number, message = `line ${id}`) {
  return {
    _index: 'logs-rec',
    _id: id,
    _source: { '@timestamp': new Date(timeMs).toISOString(), message, log: { level: 'error' } },
    fields: { '@timestamp': [String(timeMs)] },
    sort: [timeMs, 0],
  };
}

const hitsAnswer = (hits: unknown[]): Answer => ({ data: { took: 1, timed_out: false, hits: { hits } } });
const emptyGroups: Answer = { data: { took: 1, timed_out: false, aggregations: { groups: { buckets: [] } } } };
const checkpointAt = (value: number | null): Answer => ({ data: { took: 1, aggregations: { through: { value } } } });
const noIndexShards = { total: 0, successful: 0, skipped: 0, failed: 0 };

describe('resolveTarget', () => {
  it.each([
    ['a range search, whatever its session id', { mode: 'range', sessionId: 'not valid!' }],
    ['sessions, which need no session id', { queryType: 'sessions', mode: 'session' }],
    ['error groups, which need no session id', { queryType: 'errorGroups', mode: 'session' }],
  ] as const)('%s targets the range', (_label, saved) => {
    expect(resolveTarget(resolveQuery({ refId: 'A', ...saved }), RANGE, TO)).toEqual({ ok: true, window: RANGE });
  });

  it.each([
    ['logs', /Enter a session id/],
    ['errorsOverTime', /Enter a session id/],
    ['logsVolume', /Enter a session id/],
  ] as const)('a %s query in session mode needs a session id', (queryType, message) => {
    expect(resolveTarget(resolveQuery({ refId: 'A', queryType }), RANGE, TO)).toEqual({
      ok: false,
      error: expect.stringMatching(message),
    });
  });

  it('refuses an id that could widen the search', () => {
    expect(resolveTarget(resolveQuery({ refId: 'A', sessionId: '1 OR *' }), RANGE, TO)).toEqual({
      ok: false,
      error: expect.stringMatching(/"1 OR \*" is not a valid session id/),
    });
  });

  it('targets the trimmed session in the range', () => {
    expect(resolveTarget(resolveQuery({ refId: 'A', sessionId: ` ${SESSION} ` }), RANGE, TO)).toEqual({
      ok: true,
      sessionId: SESSION,
      window: RANGE,
    });
  });

  it('a whole-session search starts at the session start, whatever the range', () => {
    const startMs = FROM - 10 * HOUR;
    const sessionId = openReplaySessionIdAt(startMs, 7);
    const query = resolveQuery({ refId: 'A', sessionId, wholeSession: true, sessionWindow: '1h' });
    expect(resolveTarget(query, RANGE, TO)).toEqual({
      ok: true,
      sessionId,
      window: { fromMs: startMs - 300_000, toMs: startMs + HOUR },
    });
  });

  it('a whole-session search never reaches past the range end (Explore asking for older lines)', () => {
    const startMs = FROM - HOUR / 2;
    const sessionId = openReplaySessionIdAt(startMs);
    const query = resolveQuery({ refId: 'A', sessionId, wholeSession: true, sessionWindow: '4h' });
    expect(resolveTarget(query, RANGE, TO)).toEqual({
      ok: true,
      sessionId,
      window: { fromMs: startMs - 300_000, toMs: TO },
    });
  });

  it('a whole-session search needs an OpenReplay id', () => {
    const query = resolveQuery({ refId: 'A', sessionId: 'abc-def', wholeSession: true });
    expect(resolveTarget(query, RANGE, TO)).toEqual({
      ok: false,
      error: expect.stringMatching(/^Whole-session search needs an OpenReplay session id .* session "abc-def"/),
    });
  });
});

describe('runQuery: log lines', () => {
  it('searches the session’s lines, newest first, and returns a logs frame', async () => {
    const { outcome, seen, bodies } = await run({ refId: 'A', sessionId: SESSION }, { answers: [{ data: recorded }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/proxy/-open/_search' });
    expect(bodies[0].size).toBe(1001);
    expect(bodies[0].sort[0]).toEqual({ '@timestamp': { order: 'desc', unmapped_type: 'date' } });
    expect(bodies[0].query.bool.filter[0]).toEqual({
      range: { '@timestamp': { gte: FROM, lt: TO, format: 'epoch_millis' } },
    });
    expect(JSON.stringify(bodies[0].query)).toContain(`"session.id":"${SESSION}"`);
    const [frame] = framesOf(outcome);
    expect(frame.refId).toBe('A');
    expect(frame.name).toBe(`Session ${SESSION}`);
    expect(frame.length).toBe(3);
    expect(frame.meta?.notices).toBeUndefined();
    expect(frame.meta?.custom).toEqual({ searchWords: [`(?i)${SESSION}`], contextScope: 'session' });
  });

  it('scrolling to newer lines: the lines right after the range start, oldest first, shown newest first', async () => {
    // As the engine answers an ascending search: the recorded lines oldest first.
    const ascending = { ...recorded, hits: { ...recorded.hits, hits: [...recorded.hits.hits].reverse() } };
    const { outcome, bodies } = await run(
      { refId: 'A', sessionId: SESSION, limit: 2 },
      { answers: [{ data: ascending }], scope: { newerLines: true } }
    );
    expect(bodies[0].sort[0]).toEqual({ '@timestamp': { order: 'asc', unmapped_type: 'date' } });
    expect(bodies[0].query.bool.filter[0]).toEqual({
      range: { '@timestamp': { gt: FROM, lte: TO, format: 'epoch_millis' } },
    });
    const [frame] = framesOf(outcome);
    const times = frame.fields[0].values as number[];
    // The two oldest lines, newest first; the third, newer, is for the next scroll.
    const oldestTwo = (ascending.hits.hits as unknown as Array<{ fields: Record<string, string[]> }>)
      .slice(0, 2)
      .map((h) => Number(h.fields['@timestamp'][0]))
      .reverse();
    expect(times).toEqual(oldestTwo);
    expect(frame.meta?.notices).toEqual([
      {
        severity: 'info',
        text: 'Showing the 2 lines after the newest shown; newer ones remain: scroll again for them.',
      },
    ]);
  });

  it('in range mode searches every tagged line', async () => {
    const { outcome, bodies } = await run({ refId: 'R', mode: 'range' }, { answers: [{ data: recorded }] });
    expect(JSON.stringify(bodies[0].query)).toContain('{"exists":{"field":"session.id"}}');
    expect(JSON.stringify(bodies[0].query)).not.toContain(SESSION);
    const [frame] = framesOf(outcome);
    expect(frame.name).toBe('Session errors');
    expect(frame.length).toBe(3);
  });

  it('applies the filter, the levels and the ad hoc filters, and highlights the filter’s words', async () => {
    const adHoc = { bool: { must_not: [{ term: { 'service.name': 'auth' } }] } };
    const { outcome, bodies } = await run(
      { refId: 'A', sessionId: SESSION, filter: 'timeout', levels: ['error'] },
      { answers: [{ data: recorded }], scope: { extraFilters: [adHoc] } }
    );
    const filter = bodies[0].query.bool.filter;
    expect(filter).toContainEqual({
      query_string: { query: 'timeout', default_field: 'message', analyze_wildcard: true },
    });
    expect(filter).toContainEqual({ terms: { 'log.level': expect.arrayContaining(['error', 'ERROR']) } });
    expect(filter).toContainEqual(adHoc);
    expect(framesOf(outcome)[0].meta?.custom).toEqual({
      searchWords: [`(?i)${SESSION}`, '(?i)timeout'],
      contextScope: 'session',
    });
  });

  it('refuses a level it does not know, sending nothing', async () => {
    const { outcome, seen } = await run({ refId: 'A', sessionId: SESSION, levels: ['loud'] });
    expect(seen).toEqual([]);
    expect(outcome).toEqual({ ok: false, error: expect.stringContaining('loud') });
  });

  it.each([
    ['an empty id', '', /Enter a session id/],
    ['an injection attempt', '1 OR *', /not a valid session id/],
  ])('refuses %s, sending nothing', async (_label, sessionId, message) => {
    const { outcome, seen } = await run({ refId: 'A', sessionId });
    expect(seen).toEqual([]);
    expect(outcome).toEqual({ ok: false, error: expect.stringMatching(message) });
  });

  it.each([
    ['no limit: the data source’s', undefined, 1000, 1001],
    ['a lower limit', 50, 1000, 51],
    ['a limit above the data source’s: capped', 5000, 100, 101],
    ['the data source’s limit exactly', 100, 100, 101],
  ])('asks for one line more than the limit, with %s', async (_label, limit, maxLines, size) => {
    const { bodies } = await run(
      { refId: 'A', sessionId: SESSION, limit },
      { options: { maxLines }, answers: [hitsAnswer([])] }
    );
    expect(bodies[0].size).toBe(size);
  });

  it('keeps an instant whole: lines with the last shown time move to the next page', async () => {
    const { outcome } = await run(
      { refId: 'A', sessionId: SESSION, limit: 2 },
      { answers: [hitsAnswer([hit('a', FROM + 3000), hit('b', FROM + 2000), hit('c', FROM + 2000)])] }
    );
    const [frame] = framesOf(outcome);
    expect(frame.length).toBe(1);
    expect(frame.fields.find((f) => f.name === 'id')?.values).toEqual(['logs-rec:a']);
    expect(frame.meta?.notices).toEqual([
      expect.objectContaining({ severity: 'info', text: expect.stringMatching(/^Showing the newest 1 lines; older/) }),
    ]);
  });

  it('shows a full page and says older lines remain when the extra line came back', async () => {
    const { outcome } = await run(
      { refId: 'A', sessionId: SESSION, limit: 2 },
      { answers: [hitsAnswer([hit('a', FROM + 3000), hit('b', FROM + 2000), hit('c', FROM + 1000)])] }
    );
    const [frame] = framesOf(outcome);
    expect(frame.fields.find((f) => f.name === 'id')?.values).toEqual(['logs-rec:a', 'logs-rec:b']);
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([expect.stringMatching(/^Showing the newest 2 lines/)]);
  });

  it('says nothing of older lines when exactly the limit came back', async () => {
    const { outcome } = await run(
      { refId: 'A', sessionId: SESSION, limit: 2 },
      { answers: [hitsAnswer([hit('a', FROM + 3000), hit('b', FROM + 2000)])] }
    );
    const [frame] = framesOf(outcome);
    expect(frame.length).toBe(2);
    expect(frame.meta?.notices).toBeUndefined();
  });

  it('at the result window’s ceiling asks for no extra line, and a full page may have more', async () => {
    const hits = Array.from({ length: 10_000 }, (_, i) => hit(String(i), TO - 1 - i));
    const { outcome, bodies } = await run(
      { refId: 'A', sessionId: SESSION },
      { options: { maxLines: 10_000 }, answers: [hitsAnswer(hits)] }
    );
    expect(bodies[0].size).toBe(10_000);
    const [frame] = framesOf(outcome);
    expect(frame.length).toBe(10_000);
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([expect.stringMatching(/^Showing the newest 10000 lines/)]);
  });

  it('an answer without hits is an empty frame, with the engine’s notices', async () => {
    const { outcome } = await run(
      { refId: 'A', sessionId: SESSION },
      { answers: [{ data: { took: 1, timed_out: false, _shards: noIndexShards } }] }
    );
    const [frame] = framesOf(outcome);
    expect(frame.length).toBe(0);
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([
      'No index matches the pattern "logs-rec": check the index pattern in the data source settings.',
    ]);
  });

  it('passes the panel’s request id, per query, and the abort signal', async () => {
    const signal = new AbortController().signal;
    const { seen } = await run(
      { refId: 'B', sessionId: SESSION },
      { answers: [hitsAnswer([])], scope: { requestId: 'Q12', signal } }
    );
    expect(seen[0].requestId).toBe('Q12_B');
    expect(seen[0].signal).toBe(signal);
  });

  it('without a request id sends none', async () => {
    const { seen } = await run({ refId: 'B', sessionId: SESSION }, { answers: [hitsAnswer([])] });
    expect(seen[0].requestId).toBeUndefined();
    expect(seen[0].signal).toBeUndefined();
  });

  it.each([
    [
      'a missing index',
      { status: 404, data: indexNotFound },
      'none',
      'No index matches "logs-rec": check the index pattern in the data source settings (no such index [missing-index]).',
    ],
    [
      'a bad Lucene filter',
      { status: 400, data: badLucene },
      'none',
      'The cluster rejected the query (HTTP 400): Failed to parse query [message:(unclosed]: Encountered "<EOF>" at line 1, column 17.',
    ],
    [
      'refused credentials',
      { status: 401, data: {} },
      'basic',
      expect.stringMatching(/^The cluster refused the user name or password \(HTTP 401\): enter them again/),
    ],
  ] as const)('explains %s', async (_label, fail, authType, error) => {
    const { outcome } = await run(
      { refId: 'A', sessionId: SESSION },
      { answers: [{ fail }], scope: { authType: authType as AuthType } }
    );
    expect(outcome).toEqual({ ok: false, error });
  });
});

describe('runQuery: errors over time and logs volume', () => {
  const overTime = (buckets: Array<[number, number]>) => ({
    buckets: buckets.map(([key, doc_count]) => ({ key, doc_count })),
  });

  it('counts lines per interval, one series per service', async () => {
    const { outcome, bodies, seen } = await run(
      { refId: 'T', queryType: 'errorsOverTime', mode: 'range', splitBy: 'service' },
      {
        scope: { intervalMs: 600_000 },
        answers: [
          {
            data: {
              aggregations: {
                split: {
                  buckets: [
                    { key: 'checkout', doc_count: 3, over_time: overTime([[FROM, 3]]) },
                    { key: 'auth', doc_count: 1, over_time: overTime([[FROM, 1]]) },
                  ],
                },
              },
            },
          },
        ],
      }
    );
    expect(seen[0].url).toBe('/proxy/-open/_search');
    expect(bodies[0].size).toBe(0);
    expect(bodies[0].aggs.split.terms.field).toBe('service.name');
    expect(bodies[0].aggs.split.aggs.over_time.date_histogram.fixed_interval).toBe('600000ms');
    const frames = framesOf(outcome);
    expect(frames.map((f) => [f.refId, f.name, f.fields[1].labels, f.fields[1].values])).toEqual([
      ['T', 'checkout', { service: 'checkout' }, [3]],
      ['T', 'auth', { service: 'auth' }, [1]],
    ]);
  });

  it('in session mode counts the session’s lines in one series, with the engine’s notices', async () => {
    const { outcome, bodies } = await run(
      { refId: 'T', queryType: 'errorsOverTime', sessionId: SESSION },
      { answers: [{ data: { _shards: noIndexShards, aggregations: { over_time: overTime([[FROM, 2]]) } } }] }
    );
    expect(bodies[0].aggs.over_time.date_histogram.field).toBe('@timestamp');
    expect(bodies[0].aggs.split).toBeUndefined();
    expect(JSON.stringify(bodies[0].query)).toContain(`"session.id":"${SESSION}"`);
    const [frame] = framesOf(outcome);
    expect(frame.name).toBe('lines');
    expect(frame.fields[1].values).toEqual([2]);
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([expect.stringContaining('"logs-rec"')]);
  });

  it('a failed histogram says why', async () => {
    const { outcome } = await run(
      { refId: 'T', queryType: 'errorsOverTime', mode: 'range' },
      { answers: [{ fail: { status: 404, data: indexNotFound } }] }
    );
    expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/^No index matches "logs-rec"/) });
  });

  it('logs volume always splits by level, merging its spellings, whatever the query’s split', async () => {
    const { outcome, bodies } = await run(
      { refId: 'log-volume-A', queryType: 'logsVolume', mode: 'range', splitBy: 'service' },
      {
        scope: { intervalMs: 60_000 },
        answers: [
          {
            data: {
              _shards: noIndexShards,
              aggregations: {
                split: {
                  buckets: [
                    { key: 'ERROR', doc_count: 2, over_time: overTime([[FROM, 2]]) },
                    { key: 'error', doc_count: 1, over_time: overTime([[FROM, 1]]) },
                  ],
                },
              },
            },
          },
        ],
      }
    );
    expect(bodies[0].aggs.split.terms.field).toBe('log.level');
    expect(bodies[0].aggs.split.aggs.over_time.date_histogram.fixed_interval).toBe('60000ms');
    const frames = framesOf(outcome);
    expect(frames.map((f) => [f.refId, f.name, f.fields[1].labels, f.fields[1].values])).toEqual([
      ['log-volume-A', 'error', { level: 'error' }, [3]],
    ]);
    expect(frames[0].meta?.notices?.map((n) => n.text)).toEqual([expect.stringContaining('"logs-rec"')]);
  });
});

describe('runQuery: the query type', () => {
  it('refuses a query marked with an ad hoc filter problem, sending nothing', async () => {
    const { outcome, seen } = await run({ refId: 'A', mode: 'range', adHocProblem: 'operator "=|" is not supported' });
    expect(seen).toEqual([]);
    expect(outcome).toEqual({ ok: false, error: 'operator "=|" is not supported' });
  });

  it('runs an empty type as the default, logs', async () => {
    const { outcome } = await run({ refId: 'A', queryType: '', mode: 'range' } as unknown as SessionErrorsQuery, {
      answers: [{ data: recorded }],
    });
    expect(framesOf(outcome)[0].meta?.type).toBe('log-lines');
  });

  it.each(['bogus', 'Logs'])('refuses %p, sending nothing, naming the types', async (queryType) => {
    const { outcome, seen } = await run({ refId: 'A', queryType, mode: 'range' } as unknown as SessionErrorsQuery);
    expect(seen).toEqual([]);
    expect(outcome).toEqual({
      ok: false,
      error: `"${queryType}" is not a query type of this data source: use logs, errorsOverTime, sessions, errorGroups.`,
    });
  });
});

/** A collapse answer: one hit per session, its key in `fields` as the engine puts it. */
const collapsed = (...keys: unknown[]) => ({
  data: {
    _shards: { total: 1, successful: 1, failed: 0 },
    hits: { hits: keys.map((key) => ({ fields: { 'session.id': [key] } })) },
  },
});

describe('runQuery: sessions', () => {
  const sessionBuckets = {
    data: {
      aggregations: {
        sessions: {
          buckets: [
            { key: SESSION, doc_count: 4, first_seen: { value: FROM + 1000 }, last_seen: { value: FROM + 5000 } },
            { key: 's2', doc_count: 1, first_seen: { value: FROM }, last_seen: { value: FROM + 10 } },
          ],
        },
      },
    },
  };

  it('finds the latest sessions by collapse, then aggregates the lines of those sessions only', async () => {
    const { outcome, bodies } = await run(
      { refId: 'S', queryType: 'sessions', limit: 2 },
      {
        options: { replayLink: 'openreplay', openReplayUrl: 'https://or.example', openReplayProjectId: '3' },
        answers: [collapsed(SESSION, 's2'), sessionBuckets],
      }
    );
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatchObject({ size: 2, collapse: { field: 'session.id' }, stored_fields: '_none_' });
    expect(bodies[0].aggs).toBeUndefined();
    expect(bodies[1].aggs.sessions.terms).toMatchObject({ field: 'session.id', size: 2 });
    expect(bodies[1].query.bool.filter).toContainEqual({ terms: { 'session.id': [SESSION, 's2'] } });
    const [frame] = framesOf(outcome);
    expect(frame.refId).toBe('S');
    expect(frame.fields.find((f) => f.name === 'session_id')?.values).toEqual([SESSION, 's2']);
    expect(frame.fields.find((f) => f.name === 'replay_url')?.values?.[0]).toBe(
      `https://or.example/3/session/${SESSION}?jumpto=${FROM + 1000 - 5000}`
    );
  });

  it('lists sessions with the aggregation alone when a collapse key arrives rounded, with its notice', async () => {
    const rounded = JSON.parse('{"data":{"hits":{"hits":[{"fields":{"session.id":[7301928374659648775]}}]}}}');
    const { outcome, bodies } = await run(
      { refId: 'S', queryType: 'sessions', limit: 1 },
      {
        options: { replayLink: 'openreplay', openReplayUrl: 'https://or.example', openReplayProjectId: '3' },
        answers: [
          rounded,
          {
            data: {
              _shards: noIndexShards,
              aggregations: {
                sessions: {
                  buckets: [
                    {
                      key: SESSION,
                      doc_count: 4,
                      first_seen: { value: FROM + 1000 },
                      last_seen: { value: FROM + 5000 },
                    },
                    { key: 7301928374659648775, doc_count: 1 },
                  ],
                },
              },
            },
          },
        ],
      }
    );
    // The whole aggregation: no filter on the collapse's keys.
    expect(JSON.stringify(bodies[1].query)).not.toContain('7301928374659648');
    expect(bodies[1].aggs.sessions.terms).toMatchObject({ field: 'session.id', size: 1 });
    const [frame] = framesOf(outcome);
    expect(frame.fields.find((f) => f.name === 'session_id')?.values).toEqual([SESSION]);
    expect(frame.fields.find((f) => f.name === 'replay_url')?.values).toEqual([
      `https://or.example/3/session/${SESSION}?jumpto=${FROM + 1000 - 5000}`,
    ]);
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([
      expect.stringContaining('"logs-rec"'),
      expect.stringMatching(/^1 session id in session.id is stored as a number/),
    ]);
  });

  it.each([
    [
      'the collapse fails (a multi-valued field)',
      { fail: { status: 400, data: { error: { type: 'illegal_argument_exception' } } } },
    ],
    ['the collapse timed out', { data: { timed_out: true, hits: { hits: [{ fields: { 'session.id': ['s9'] } }] } } }],
    [
      'a shard failed the collapse',
      {
        data: {
          _shards: { total: 2, successful: 1, failed: 1 },
          hits: { hits: [{ fields: { 'session.id': ['s9'] } }] },
        },
      },
    ],
    // Each span of the range, the shortest first, up to the whole range (latestSpans).
    ['the collapse found no session', collapsed(), collapsed(), collapsed(), collapsed()],
  ])('aggregates every session when %s', async (_, ...collapses) => {
    const { outcome, bodies } = await run(
      { refId: 'S', queryType: 'sessions' },
      { answers: [...(collapses as Answer[]), sessionBuckets] }
    );
    expect(bodies).toHaveLength(collapses.length + 1);
    const whole = bodies[collapses.length];
    expect(JSON.stringify(whole.query)).not.toContain('s9');
    expect(whole.query.bool.filter).not.toContainEqual(expect.objectContaining({ terms: expect.anything() }));
    expect(framesOf(outcome)[0].fields[0].values).toEqual([SESSION, 's2']);
  });

  it('aggregates by the key script alone with several session fields, which cannot be collapsed', async () => {
    const { outcome, bodies } = await run(
      { refId: 'S', queryType: 'sessions' },
      {
        options: { sessionField: undefined, sessionFields: ['session.id', 'attributes.session.id'] },
        answers: [sessionBuckets],
      }
    );
    expect(bodies).toHaveLength(1);
    expect(bodies[0].collapse).toBeUndefined();
    expect(bodies[0].aggs.sessions.terms.script.lang).toBe('painless');
    expect(framesOf(outcome)[0].fields[0].values).toEqual([SESSION, 's2']);
  });

  it('says what failed when the second search fails', async () => {
    const { outcome } = await run(
      { refId: 'S', queryType: 'sessions', limit: 1 },
      { answers: [collapsed('s1'), { fail: { status: 404, data: indexNotFound } }] }
    );
    expect(!outcome.ok && outcome.error).toMatch(/logs-rec/);
  });

  it('counts the sessions as alert values, by service when split, with the table still the default', async () => {
    const { outcome, bodies } = await run(
      { refId: 'S', queryType: 'sessions', sessionsResult: 'count', splitBy: 'service' },
      {
        answers: [
          {
            data: {
              aggregations: { split: { buckets: [{ key: 'checkout', doc_count: 5, sessions: { value: 3 } }] } },
            },
          },
        ],
      }
    );
    expect(bodies[0].aggs.split.aggs.sessions.cardinality.field).toBe('session.id');
    expect(framesOf(outcome).map((f) => [f.refId, f.meta?.type, f.fields[0].labels, f.fields[0].values])).toEqual([
      ['S', 'numeric-multi', { service: 'checkout' }, [3]],
    ]);
    const table = await run(
      { refId: 'S', queryType: 'sessions' },
      { answers: [collapsed(), collapsed(), collapsed(), collapsed(), { data: { aggregations: {} } }] }
    );
    expect(framesOf(table.outcome)[0].fields[0].name).toBe('session_id');
  });

  it('needs a session id field, sending nothing without it', async () => {
    const { outcome, seen } = await run(
      { refId: 'S', queryType: 'sessions' },
      { options: { sessionField: undefined } }
    );
    expect(seen).toEqual([]);
    expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/^Listing sessions needs a session id field/) });
  });
});

describe('runQuery: error groups', () => {
  const groups = { refId: 'G', queryType: 'errorGroups' } as const;
  const summary = { groupsSummaryIndex: 'groups-x' };

  it('refuses a look-back that is not a duration, sending nothing', async () => {
    const { outcome, seen } = await run({ ...groups, newLookback: 'soon' }, { options: summary });
    expect(seen).toEqual([]);
    expect(outcome).toEqual({ ok: false, error: '"soon" is not a duration: use for example 7d, 24h or 30m.' });
  });

  it.each([
    [{}, 'sessions'],
    [{ groupsValue: 'lines', newGroupsOnly: true }, 'lines'],
  ] as const)('as alert values %j answers numeric-multi frames of %s', async (options, name) => {
    const { outcome } = await run({ ...groups, groupsResult: 'values', ...options }, { answers: [emptyGroups] });
    // No group: the data plane's "no data", one typed frame without fields.
    expect(framesOf(outcome)).toEqual([
      {
        refId: 'G',
        name,
        length: 0,
        fields: [],
        meta: { type: 'numeric-multi', typeVersion: [0, 1], notices: undefined },
      },
    ]);
  });

  it('as alert values includes the old groups unless asked for the new ones only', async () => {
    const oldGroup = {
      data: {
        took: 1,
        timed_out: false,
        aggregations: {
          groups: {
            buckets: [
              { key: 'f1', doc_count: 4, in_range: { doc_count: 4, sessions: { value: 2 } }, before: { doc_count: 3 } },
            ],
          },
        },
      },
    };
    const all = await run({ ...groups, groupsResult: 'values' }, { answers: [oldGroup] });
    expect(framesOf(all.outcome).map((f) => [f.fields[0].labels?.group, f.fields[0].values[0]])).toEqual([['f1', 2]]);
    const newOnly = await run({ ...groups, groupsResult: 'values', newGroupsOnly: true }, { answers: [oldGroup] });
    expect(framesOf(newOnly.outcome)[0].fields).toEqual([]);
    // With a replay link configured, the latest affected session's link at its error is a label on request.
    const latest = {
      hits: { hits: [{ _source: { session: { id: SESSION } }, fields: { '@timestamp': [FROM + 9000] } }] },
    };
    const withLatest = {
      data: {
        ...oldGroup.data,
        aggregations: {
          groups: {
            buckets: [
              {
                ...oldGroup.data.aggregations.groups.buckets[0],
                in_range: { doc_count: 4, sessions: { value: 2 }, latest },
              },
            ],
          },
        },
      },
    };
    const replay = { replayLink: 'openreplay', openReplayUrl: 'https://or.example', openReplayProjectId: '3' } as const;
    const labelled = await run(
      { ...groups, groupsResult: 'values', replayLabel: true },
      { answers: [withLatest], options: replay }
    );
    expect(framesOf(labelled.outcome)[0].fields[0].labels?.replay).toBe(
      `https://or.example/3/session/${SESSION}?jumpto=${FROM + 9000 - 5000}`
    );
    const unlabelled = await run({ ...groups, groupsResult: 'values' }, { answers: [withLatest], options: replay });
    expect(framesOf(unlabelled.outcome)[0].fields[0].labels?.replay).toBeUndefined();
    // The default result is the table.
    const table = await run(groups, { answers: [oldGroup] });
    expect(framesOf(table.outcome)[0].meta?.preferredVisualisationType).toBe('table');
  });

  it('as alert values keeps a failure as it is', async () => {
    const { outcome } = await run(
      { ...groups, groupsResult: 'values' },
      { answers: [{ fail: { status: 404, data: indexNotFound } }] }
    );
    expect(outcome.ok).toBe(false);
  });

  it('without a summary index counts from the lines in one search', async () => {
    const { outcome, seen, bodies } = await run(
      { ...groups, limit: 12, newLookback: '2h' },
      { answers: [emptyGroups], scope: { intervalMs: 1_200_000, requestId: 'Q', signal: undefined } }
    );
    expect(seen.map((r) => [r.url, r.requestId])).toEqual([['/proxy/-open/_search', 'Q_G']]);
    expect(bodies[0].aggs.groups.terms.size).toBe(12);
    expect(bodies[0].aggs.groups.aggs.in_range.aggs.trend.date_histogram.fixed_interval).toBe('1200000ms');
    expect(bodies[0].query.bool.filter[0]).toEqual({
      range: { '@timestamp': { gte: FROM - 2 * HOUR, lte: TO, format: 'epoch_millis' } },
    });
    const [frame] = framesOf(outcome);
    expect(frame.refId).toBe('G');
    expect(frame.length).toBe(0);
    expect(frame.meta?.notices).toBeUndefined();
  });

  it('needs a session id field', async () => {
    const { outcome, seen } = await run(groups, { options: { sessionField: undefined } });
    expect(seen).toEqual([]);
    expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/^Error groups count affected sessions/) });
  });

  it.each([
    ['a filter', { filter: 'service.name:checkout' }, {}],
    ['levels', { levels: ['error'] }, {}],
    ['ad hoc filters', {}, { extraFilters: [{ term: { 'service.name': 'auth' } }] }],
  ])('with %s counts from the lines, saying why, without reading the summary', async (_label, saved, scope) => {
    const { outcome, seen } = await run({ ...groups, ...saved }, { options: summary, answers: [emptyGroups], scope });
    expect(seen.map((r) => r.url)).toEqual(['/proxy/-open/_search']);
    expect(framesOf(outcome)[0].meta?.notices).toEqual([
      {
        severity: 'info',
        text: 'Counted from lines, not the error-group summary in groups-x: the summary has no filter, level or ad hoc filter dimensions.',
      },
    ]);
  });

  it('reads the checkpoint, then the summary and the lines in one search', async () => {
    const signal = new AbortController().signal;
    const { outcome, seen, bodies } = await run(
      { ...groups, newLookback: '2h', filter: '  ' },
      { options: summary, answers: [checkpointAt(TO), emptyGroups], scope: { requestId: 'Q', signal } }
    );
    expect(seen.map((r) => [r.url, r.requestId, r.signal])).toEqual([
      ['/proxy/-open-groups/_search', 'Q_G', signal],
      ['/proxy/-open-groups/_search', 'Q_G', signal],
    ]);
    expect(bodies[0]).toMatchObject({ size: 0, query: { ids: { values: ['checkpoint'] } } });
    // The look-back's two whole hours and the range's hour come from the summary.
    const hybrid = JSON.stringify(bodies[1]);
    expect(hybrid).toContain(`"gte":${FROM - 2 * HOUR},"lt":${FROM}`);
    expect(hybrid).toContain(`"gte":${FROM},"lt":${TO}`);
    expect(hybrid).toContain('"error.session_hash"');
    const [frame] = framesOf(outcome);
    expect(frame.refId).toBe('G');
    expect(frame.meta?.notices).toBeUndefined();
  });

  it('names the summary’s reach when it is more than two hours behind', async () => {
    const checkpoint = TO - 2 * HOUR - 1;
    const { outcome, seen } = await run(groups, { options: summary, answers: [checkpointAt(checkpoint), emptyGroups] });
    expect(seen[1].url).toBe('/proxy/-open-groups/_search');
    expect(framesOf(outcome)[0].meta?.notices).toEqual([
      {
        severity: 'warning',
        text: 'The error-group summary groups-x reaches only 2026-11-20T07:59:59.999Z: later hours are counted from lines, which is slower. Is the summarizer running?',
      },
    ]);
  });

  it('says nothing when the summary is two hours behind', async () => {
    const { outcome, bodies } = await run(groups, {
      options: summary,
      answers: [checkpointAt(TO - 2 * HOUR), emptyGroups],
    });
    // The range's hour is read from the lines: the summary reaches only 08:00.
    expect(JSON.stringify(bodies[1])).not.toContain(`"gte":${FROM},"lt":${TO}`);
    expect(JSON.stringify(bodies[1])).toContain('"error.session_hash"');
    expect(framesOf(outcome)[0].meta?.notices).toBeUndefined();
  });

  it.each([
    ['the summary index does not exist', { fail: { status: 404, data: indexNotFound } }],
    ['the checkpoint has no time', checkpointAt(null)],
    ['no checkpoint aggregation came back', { data: { took: 1 } }],
    ['the checkpoint aggregation is empty', { data: { took: 1, aggregations: {} } }],
  ] as Array<[string, Answer]>)('counts from the lines, saying so, when %s', async (_label, checkpoint) => {
    const { outcome, seen } = await run(groups, { options: summary, answers: [checkpoint, emptyGroups] });
    expect(seen.map((r) => r.url)).toEqual(['/proxy/-open-groups/_search', '/proxy/-open/_search']);
    expect(framesOf(outcome)[0].meta?.notices).toEqual([
      {
        severity: 'info',
        text: 'Counted from lines: the error-group summary groups-x has no summarized hour yet. Run the summarizer (npm run summarize) to make Error groups fast on large indices.',
      },
    ]);
  });

  it('names both indices when the cluster denies the checkpoint, and searches no further', async () => {
    const { outcome, seen } = await run(groups, {
      options: summary,
      answers: [{ fail: { status: 403, data: apiKeyPrivilege } }],
    });
    expect(seen).toHaveLength(1);
    expect(outcome).toEqual({
      ok: false,
      error: expect.stringMatching(/Grant "read" and "view_index_metadata" on logs-rec,groups-x and "monitor"/),
    });
  });

  it('names both indices when the summary search fails', async () => {
    const { outcome } = await run(groups, {
      options: summary,
      answers: [checkpointAt(TO), { fail: { status: 404, data: indexNotFound } }],
    });
    expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/^No index matches "logs-rec,groups-x"/) });
  });
});

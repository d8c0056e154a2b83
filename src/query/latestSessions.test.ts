import type { estypes } from '@elastic/elasticsearch';
import { resolveSettings } from '../settings';
import { buildSessionsQuery, MAX_SESSIONS, sessionsLimit } from './buildAggregationQueries';
import type { SearchBody } from './buildSessionErrorsQuery';
import {
  buildLatestSessionsQuery,
  buildSessionsOfKeysQuery,
  collapsedKeys,
  collapsedLatestKeys,
  collapsibleSessionField,
  FIRST_SPAN_SHARE,
  isExactKey,
  latestSpans,
  searchSessions,
  SPAN_GROWTH,
  type CollapsingSearchBody,
  type SendSearch,
} from './latestSessions';

const window = { fromMs: 1_000_000, toMs: 2_000_000 };
const settings = resolveSettings({ indexPattern: 'logs-*', sessionField: 'session.id' });
const twoFields = resolveSettings({ indexPattern: 'logs-*', sessionFields: ['session.id', 'attributes.session.id'] });

type Answer = { data: unknown } | { fail: unknown };

/** A cluster answering in turn, recording every body. */
function cluster(...answers: Answer[]) {
  const sent: CollapsingSearchBody[] = [];
  const send = (async (body: CollapsingSearchBody) => {
    // Recorded before anything can throw, an unbuilt (undefined) body too.
    sent.push(body && (JSON.parse(JSON.stringify(body)) as CollapsingSearchBody));
    const answer = answers[sent.length - 1];
    if (!answer) {
      throw new Error('unexpected search');
    }
    if ('fail' in answer) {
      throw answer.fail;
    }
    return answer.data;
  }) as SendSearch;
  return { send, sent };
}
const hits = (...keys: unknown[]) => ({
  data: {
    _shards: { total: 1, successful: 1, failed: 0 },
    hits: { hits: keys.map((k) => ({ fields: { 'session.id': [k] } })) },
  },
});
const buckets = { data: { aggregations: { sessions: { buckets: [{ key: 'a', doc_count: 2 }] } } } };
const filtersOf = (body: SearchBody) => (body.query as { bool: { filter: unknown[] } }).bool.filter;

describe('collapsibleSessionField', () => {
  it('is the one session field, and none for several (the key script cannot be collapsed) or none set', () => {
    expect(collapsibleSessionField(settings)).toBe('session.id');
    expect(collapsibleSessionField(twoFields)).toBeUndefined();
    expect(collapsibleSessionField(resolveSettings({ indexPattern: 'logs-*' }))).toBeUndefined();
  });
});

describe('sessionsLimit', () => {
  it('keeps a limit within 1 and MAX_SESSIONS, whole, with 100 by default', () => {
    expect([undefined, 0, NaN, 1, 2.7, -5, 20, 5000].map((n) => sessionsLimit(n))).toEqual([
      100,
      100,
      100,
      1,
      2,
      1,
      20,
      MAX_SESSIONS,
    ]);
  });
});

describe('buildLatestSessionsQuery', () => {
  it('collapses time-sorted lines by session, ties by id ascending, fetching nothing else', () => {
    const built = buildLatestSessionsQuery(settings, 'session.id', { window, levels: ['error'] }, 25);
    expect(built.ok && built.body).toEqual({
      size: 25,
      timeout: expect.any(String),
      track_total_hits: false,
      stored_fields: '_none_',
      query: { bool: { filter: [expect.anything(), { exists: { field: 'session.id' } }] } },
      sort: [{ '@timestamp': { order: 'desc' } }, { 'session.id': { order: 'asc' } }],
      collapse: { field: 'session.id' },
    });
    // The shared filter: the range, tagged lines, the levels.
    const shared = built.ok ? (filtersOf(built.body)[0] as SearchBody['query']) : undefined;
    expect(JSON.stringify(shared)).toContain('"gte":1000000');
    expect(JSON.stringify(shared)).toContain('"log.level"');
  });

  it('passes on what the shared filter refuses', () => {
    const built = buildLatestSessionsQuery(
      resolveSettings({ indexPattern: 'logs-*', sessionField: 'session.id' }),
      'session.id',
      { window, levels: ['nonsense'] },
      5
    );
    expect(built.ok).toBe(false);
  });
});

describe('collapsedKeys and isExactKey', () => {
  it('reads each hit’s key in order, undefined where a hit has none', () => {
    const response = {
      hits: { hits: [{ fields: { 'session.id': ['b'] } }, { fields: {} }, { fields: { 'session.id': [7] } }] },
    } as unknown as estypes.SearchResponse<unknown, unknown>;
    expect(collapsedKeys(response, 'session.id')).toStrictEqual(['b', undefined, 7]);
    const noFields = { hits: { hits: [{}] } } as unknown as estypes.SearchResponse<unknown, unknown>;
    expect(collapsedKeys(noFields, 'session.id')).toStrictEqual([undefined]);
    expect(collapsedKeys({} as estypes.SearchResponse<unknown, unknown>, 'session.id')).toStrictEqual([]);
  });

  it('takes text and exact numbers, never a rounded number or nothing', () => {
    expect(['', 'a', 12, 2 ** 53 - 1].every(isExactKey)).toBe(true);
    expect([2 ** 53, 7301928374659648775, 1.5, undefined, null, {}].some(isExactKey)).toBe(false);
  });
});

describe('latestSpans', () => {
  it('widens from the newest 1/512 of the range by 8 each time, ending with the whole range', () => {
    const day = { fromMs: 0, toMs: 512_000 };
    expect(latestSpans(day)).toEqual([
      { fromMs: 511_000, toMs: 512_000 },
      { fromMs: 504_000, toMs: 512_000 },
      { fromMs: 448_000, toMs: 512_000 },
      day,
    ]);
    expect(latestSpans(day)[3]).toBe(day);
    expect([FIRST_SPAN_SHARE, SPAN_GROWTH]).toEqual([1 / 512, 8]);
  });

  it('rounds a span up to whole milliseconds, never past the range', () => {
    const spans = latestSpans({ fromMs: 1000, toMs: 2000 });
    expect(spans.map((s) => s.fromMs)).toEqual([1998, 1984, 1875, 1000]);
    expect(latestSpans({ fromMs: 5, toMs: 5 })).toEqual([
      { fromMs: 5, toMs: 5 },
      { fromMs: 5, toMs: 5 },
      { fromMs: 5, toMs: 5 },
      { fromMs: 5, toMs: 5 },
    ]);
  });
});

describe('collapsedLatestKeys', () => {
  const rangeOf = (body: SearchBody) =>
    JSON.stringify(body.query)
      .match(/"gte":(\d+),"lte":(\d+)/)
      ?.slice(1)
      .map(Number);

  it('stops at the first span that holds a full page', async () => {
    const { send, sent } = cluster(hits('c'), hits('c', 'b'), hits('x'));
    expect(await collapsedLatestKeys(send, settings, 'session.id', { window }, 2)).toEqual(['c', 'b']);
    expect(sent.map(rangeOf)).toEqual([
      [2_000_000 - 1954, 2_000_000],
      [2_000_000 - 15625, 2_000_000],
    ]);
  });

  it('takes what the whole range holds when no span fills the page', async () => {
    const { send, sent } = cluster(hits(), hits('a'), hits('a'), hits('a', 'z'));
    expect(await collapsedLatestKeys(send, settings, 'session.id', { window }, 3)).toEqual(['a', 'z']);
    expect(sent.map(rangeOf).at(-1)).toEqual([1_000_000, 2_000_000]);
    expect(sent).toHaveLength(4);
  });

  it.each([
    ['a failed search', { fail: new Error('collapse on a multi-valued field') }],
    ['a timed out answer', { data: { timed_out: true, hits: { hits: [] } } }],
    ['a failed shard', { data: { _shards: { total: 3, successful: 2, failed: 1 }, hits: { hits: [] } } }],
  ])('gives nothing for %s, so that the aggregation answers', async (_, answer) => {
    const { send, sent } = cluster(hits(), answer);
    expect(await collapsedLatestKeys(send, settings, 'session.id', { window }, 3)).toBeUndefined();
    expect(sent).toHaveLength(2);
  });

  it('sends nothing for a filter that cannot be built', async () => {
    const { send, sent } = cluster();
    expect(
      await collapsedLatestKeys(send, settings, 'session.id', { window, levels: ['nonsense'] }, 3)
    ).toBeUndefined();
    expect(sent).toHaveLength(0);
  });
});

describe('buildSessionsOfKeysQuery', () => {
  it('is the sessions aggregation, narrowed to the keys beside the other filters', () => {
    const extra = { term: { 'service.name': 'checkout' } };
    const built = buildSessionsOfKeysQuery(settings, 'session.id', { window, limit: 2, extraFilters: [extra] }, [
      'b',
      4,
    ]);
    expect(built.ok && built.body.aggs?.sessions.terms).toMatchObject({
      field: 'session.id',
      size: 2,
      order: { last_seen: 'desc' },
    });
    const filters = built.ok ? filtersOf(built.body) : [];
    expect(filters.slice(-2)).toEqual([extra, { terms: { 'session.id': ['b', 4] } }]);
    // Without other filters, the keys' alone.
    const alone = buildSessionsOfKeysQuery(settings, 'session.id', { window }, ['b']);
    const shared = buildSessionsQuery(settings, { window });
    expect(alone.ok && filtersOf(alone.body)).toStrictEqual([
      ...(shared.ok ? filtersOf(shared.body) : ['not built']),
      { terms: { 'session.id': ['b'] } },
    ]);
  });
});

describe('searchSessions', () => {
  it('collapses, then aggregates the sessions found, at the limit', async () => {
    const { send, sent } = cluster(hits('b', 'a'), buckets);
    const answer = await searchSessions(send, settings, { window, limit: 2 });
    expect(answer).toEqual({ ok: true, response: buckets.data, variant: 'collapse' });
    expect(sent[0]).toMatchObject({ size: 2, collapse: { field: 'session.id' } });
    expect(filtersOf(sent[1])).toContainEqual({ terms: { 'session.id': ['b', 'a'] } });
  });

  it.each([
    ['no session was found', hits(), hits(), hits(), hits()],
    ['a key is a rounded number', hits('b', 7301928374659648775)],
    ['the collapse failed', { fail: new Error('multi-valued') }],
  ])('aggregates every session when %s', async (_, ...collapses) => {
    const { send, sent } = cluster(...(collapses as Answer[]), buckets);
    const answer = await searchSessions(send, settings, { window, limit: 2 });
    expect(answer).toEqual({ ok: true, response: buckets.data, variant: 'aggregation' });
    expect(sent).toHaveLength(collapses.length + 1);
    expect(JSON.stringify(sent.at(-1)!.query)).not.toContain('"terms":{"session.id"');
    expect(sent.at(-1)!.aggs?.sessions.terms).toMatchObject({ field: 'session.id', size: 2 });
  });

  it('aggregates by the key script alone with several session fields', async () => {
    const { send, sent } = cluster(buckets);
    expect(await searchSessions(send, twoFields, { window })).toMatchObject({ ok: true, variant: 'aggregation' });
    expect(sent).toHaveLength(1);
    expect(sent[0].aggs?.sessions.terms?.script).toBeDefined();
  });

  it('says what is missing without a session field, sending nothing', async () => {
    const { send, sent } = cluster();
    const answer = await searchSessions(send, resolveSettings({ indexPattern: 'logs-*' }), { window });
    expect(answer).toEqual({ ok: false, error: expect.stringMatching(/^Listing sessions needs a session id field/) });
    expect(sent).toHaveLength(0);
  });

  it('passes on a filter the second search refuses', async () => {
    const { send, sent } = cluster();
    const answer = await searchSessions(send, settings, { window, levels: ['nonsense'] });
    expect(answer.ok).toBe(false);
    expect(sent).toHaveLength(0);
  });

  it('lets the second search’s failure reach the caller', async () => {
    const { send } = cluster(hits('a'), { fail: new Error('HTTP 500') });
    await expect(searchSessions(send, settings, { window, limit: 1 })).rejects.toThrow('HTTP 500');
  });
});

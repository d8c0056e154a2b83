import { resolveSettings } from '../settings';
import {
  buildFilterQuery,
  buildSessionErrorsQuery,
  GRAFANA_PROXY_TIMEOUT_MS,
  MAX_RESULT_WINDOW,
  pageOfWholeInstants,
  SEARCH_TIMEOUT,
  logSourceFields,
  sessionMatch,
  taggedMatch,
} from './buildSessionErrorsQuery';

const window = { fromMs: 1_700_000_000_000, toMs: 1_700_000_600_000 };
const base = resolveSettings({});
const withField = resolveSettings({ sessionField: 'session.id' });
const timeFilter = { range: { '@timestamp': { gte: window.fromMs, lte: window.toMs, format: 'epoch_millis' } } };
// Log lines exclude the window's end, so Explore's next page starts strictly before the lines shown.
const logsTimeFilter = { range: { '@timestamp': { gte: window.fromMs, lt: window.toMs, format: 'epoch_millis' } } };

describe('sessionMatch', () => {
  it.each([
    [
      'numeric id, both tags, no field',
      base,
      '123',
      {
        bool: {
          should: [
            { match_phrase: { message: 'asayer_session_id=123' } },
            { match_phrase: { message: 'openReplaySession.id=123' } },
          ],
          minimum_should_match: 1,
        },
      },
    ],
    [
      'numeric id with a session field',
      withField,
      '123',
      {
        bool: {
          should: [
            { term: { 'session.id': '123' } },
            { match_phrase: { message: 'asayer_session_id=123' } },
            { match_phrase: { message: 'openReplaySession.id=123' } },
          ],
          minimum_should_match: 1,
        },
      },
    ],
    ['non-numeric id uses only the field', withField, 'abc-1', { term: { 'session.id': 'abc-1' } }],
    [
      'one tag only',
      resolveSettings({ messageTags: ['openReplaySession.id'] }),
      '9',
      { match_phrase: { message: 'openReplaySession.id=9' } },
    ],
    [
      'custom message field',
      resolveSettings({ messageField: 'log.original', messageTags: ['asayer_session_id'] }),
      '9',
      { match_phrase: { 'log.original': 'asayer_session_id=9' } },
    ],
    ['non-numeric id without a field matches nothing', base, 'abc', undefined],
    ['no tags and no field', resolveSettings({ messageTags: [] }), '1', undefined],
  ])('%s', (_label, settings, id, expected) => {
    expect(sessionMatch(settings, id)).toEqual(expected);
  });
});

describe('taggedMatch', () => {
  it('matches the field or any tag', () => {
    expect(taggedMatch(withField)).toEqual({
      bool: {
        should: [
          { exists: { field: 'session.id' } },
          { match_phrase: { message: 'asayer_session_id' } },
          { match_phrase: { message: 'openReplaySession.id' } },
        ],
        minimum_should_match: 1,
      },
    });
  });
  it('is undefined with nothing to match', () => {
    expect(taggedMatch(resolveSettings({ messageTags: [] }))).toBeUndefined();
  });
});

describe('buildFilterQuery', () => {
  it('always bounds by time, first', () => {
    const built = buildFilterQuery(base, { sessionId: '1', window });
    expect(built.ok && built.query.bool?.filter).toEqual([timeFilter, expect.anything()]);
  });

  it('adds the Lucene filter on the message field by default', () => {
    const built = buildFilterQuery(base, { window, filter: '  service.name:checkout AND timeout ' });
    expect(built.ok && (built.query.bool?.filter as unknown[])[2]).toEqual({
      query_string: { query: 'service.name:checkout AND timeout', default_field: 'message', analyze_wildcard: true },
    });
  });

  it('adds a level filter with every spelling', () => {
    const built = buildFilterQuery(base, { window, levels: ['error'] });
    const levels =
      built.ok && (built.query.bool?.filter as Array<{ terms?: Record<string, string[]> }>)[2].terms?.['log.level'];
    expect(levels).toEqual(expect.arrayContaining(['error', 'ERROR', 'Error', 'err', 'ERR']));
  });

  it('skips a blank filter', () => {
    const built = buildFilterQuery(base, { window, filter: '   ' });
    expect(built.ok && built.query.bool?.filter).toHaveLength(2);
  });

  it.each([
    [['ERROR'], 'error'],
    [['err'], 'error'],
    [['FATAL'], 'fatal'],
    [['50'], 'error'],
    [['Warn', 'warning'], 'warn'],
  ])('filters on a level spelled as loggers do: %j', (levels, spelling) => {
    const built = buildFilterQuery(base, { window, levels });
    const terms =
      built.ok && (built.query.bool?.filter as Array<{ terms?: Record<string, string[]> }>)[2].terms?.['log.level'];
    expect(terms).toEqual(expect.arrayContaining([spelling]));
  });

  it('refuses a word that is no level, instead of dropping the level filter', () => {
    const built = buildFilterQuery(base, { window, levels: ['error', 'nope'] });
    expect(built.ok).toBe(false);
    expect(!built.ok && built.error).toMatch(/^"nope" is not a log level: use critical, error/);
  });

  it('keeps the engine timeout well below Grafana’s data proxy timeout, so slow searches end as partial results', () => {
    expect(Number.parseInt(SEARCH_TIMEOUT, 10) * 1000).toBeLessThanOrEqual(GRAFANA_PROXY_TIMEOUT_MS - 5000);
    const built = buildSessionErrorsQuery(base, { sessionId: '1', window, limit: 10 });
    expect(built.ok && built.body.timeout).toBe(SEARCH_TIMEOUT);
  });

  it.each([
    ['a non-numeric id without field', base, 'abc', /not numeric/],
    [
      'range mode with nothing to match',
      resolveSettings({ messageTags: [] }),
      undefined,
      /Nothing identifies tagged lines/,
    ],
  ])('fails clearly for %s', (_label, settings, sessionId, message) => {
    const built = buildFilterQuery(settings, { sessionId, window });
    expect(built.ok).toBe(false);
    expect(!built.ok && built.error).toMatch(message);
  });
});

describe('buildSessionErrorsQuery', () => {
  it('builds the full request body', () => {
    const built = buildSessionErrorsQuery(withField, { sessionId: '42', window, limit: 100 });
    expect(built).toEqual({
      ok: true,
      body: {
        // One line more than shown: whether the last instant continues past the page.
        size: 101,
        timeout: '20s',
        track_total_hits: false,
        query: { bool: { filter: [logsTimeFilter, expect.objectContaining({ bool: expect.anything() })] } },
        _source: [
          '@timestamp',
          'message',
          'log.level',
          'service.name',
          'host.name',
          'session.id',
          ...withField.detailFields,
        ],
        docvalue_fields: [{ field: '@timestamp', format: 'epoch_millis' }],
        fields: ['session.id'],
        sort: [
          { '@timestamp': { order: 'desc', unmapped_type: 'date' } },
          { _index: { order: 'desc' } },
          { _doc: { order: 'desc' } },
        ],
      },
    });
  });

  it('uses filter context only: no scoring clauses', () => {
    const built = buildSessionErrorsQuery(base, { sessionId: '42', window, limit: 10 });
    const json = JSON.stringify(built.ok && built.body.query);
    expect(json).not.toMatch(/"must"|"should_not"|"function_score"/);
    expect(Object.keys((built.ok && built.body.query?.bool) || {})).toEqual(['filter']);
  });

  it.each([
    [5000, 1000],
    [0, 1],
    [10.9, 10],
  ])('limit %p is capped to %p, and one more line is asked for', (limit, shown) => {
    const built = buildSessionErrorsQuery(base, { window, limit });
    expect(built.ok && built.body.size).toBe(shown + 1);
  });

  it('never asks past the result window: at 10,000 lines, no extra line', () => {
    const built = buildSessionErrorsQuery(resolveSettings({ maxLines: 10_000 }), { window, limit: 10_000 });
    expect(built.ok && built.body.size).toBe(MAX_RESULT_WINDOW);
  });

  it('floors and ceils fractional window bounds', () => {
    const built = buildSessionErrorsQuery(base, { window: { fromMs: 10.7, toMs: 20.2 }, limit: 1 });
    expect(JSON.stringify(built.ok && built.body.query)).toContain('"gte":10,"lt":21');
  });

  it('deduplicates _source fields', () => {
    const settings = resolveSettings({ detailFields: ['message', 'error.type', 'error.type'] });
    expect(logSourceFields(settings).filter((f) => f === 'message' || f === 'error.type')).toEqual([
      'message',
      'error.type',
    ]);
  });
});

describe('pageOfWholeInstants', () => {
  const hits = (...times: number[]) => times.map((t, i) => ({ _id: String(i), sort: [t, 'i', i] }));
  const ids = (page: { hits: Array<{ _id: string }> }) => page.hits.map((h) => h._id);

  it.each([
    ['fewer lines than the limit: all, nothing more', hits(5, 4, 3), 5, ['0', '1', '2'], false],
    ['the limit between two instants', hits(5, 4, 3, 2), 3, ['0', '1', '2'], true],
    ['the limit inside an instant moves it whole to the next page', hits(5, 4, 3, 3, 3), 3, ['0', '1'], true],
    ['an instant larger than a page is cut', hits(3, 3, 3, 3), 2, ['0', '1'], true],
  ])('%s', (_label, input, limit, expected, more) => {
    const page = pageOfWholeInstants(input, limit);
    expect(ids(page)).toEqual(expected);
    expect(page.more).toBe(more);
  });
});

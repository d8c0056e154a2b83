import { resolveSettings } from '../settings';
import {
  buildFilterQuery,
  buildSessionErrorsQuery,
  GRAFANA_PROXY_TIMEOUT_MS,
  MAX_RESULT_WINDOW,
  pageOfWholeInstants,
  SEARCH_TIMEOUT,
  logFieldsApiFields,
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
    ['a non-numeric id without field', base, 'abc', /not an id the enabled message tags carry/],
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
        fields: ['session.id', 'log.level', 'service.name', 'host.name', 'trace.id'],
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

describe('timeRangeFilter and anyOf, as the filter query uses them', () => {
  it('bounds an inclusive window by whole milliseconds around fractional edges', () => {
    const built = buildFilterQuery(base, { sessionId: '1', window: { fromMs: 10.7, toMs: 20.2 } });
    expect(built.ok && (built.query.bool?.filter as unknown[])[0]).toEqual({
      range: { '@timestamp': { gte: 10, lte: 21, format: 'epoch_millis' } },
    });
  });

  it('bounds an end-exclusive window by whole milliseconds around fractional edges', () => {
    const built = buildFilterQuery(base, { sessionId: '1', window: { fromMs: 10.7, toMs: 20.2 } }, 'end');
    expect(built.ok && (built.query.bool?.filter as unknown[])[0]).toEqual({
      range: { '@timestamp': { gte: 10, lt: 21, format: 'epoch_millis' } },
    });
  });

  it('bounds a start-exclusive window (newer lines after the newest shown) by whole milliseconds', () => {
    const built = buildFilterQuery(base, { sessionId: '1', window: { fromMs: 10.7, toMs: 20.2 } }, 'start');
    expect(built.ok && (built.query.bool?.filter as unknown[])[0]).toEqual({
      range: { '@timestamp': { gt: 10, lte: 21, format: 'epoch_millis' } },
    });
  });

  it.each([
    ['desc', { lt: 2000 }, { gte: 1000 }],
    ['asc', { gt: 1000 }, { lte: 2000 }],
  ] as const)('the %s log search excludes the end it pages from', (order, excluded, included) => {
    const built = buildSessionErrorsQuery(base, {
      sessionId: '1',
      window: { fromMs: 1000, toMs: 2000 },
      limit: 5,
      order,
    });
    const body = built.ok ? built.body : undefined;
    const range = ((body?.query as { bool: { filter: Array<{ range?: Record<string, object> }> } }).bool.filter[0]
      .range ?? {})['@timestamp'];
    expect(range).toMatchObject({ ...excluded, ...included });
    expect((body?.sort as Array<Record<string, { order: string }>>)[0]['@timestamp'].order).toBe(order);
  });

  it('bounds on a custom time field', () => {
    const built = buildFilterQuery(resolveSettings({ timeField: 'ts' }), { sessionId: '1', window });
    expect(built.ok && (built.query.bool?.filter as unknown[])[0]).toEqual({
      range: { ts: { gte: window.fromMs, lte: window.toMs, format: 'epoch_millis' } },
    });
  });
});

describe('sessionMatch at the session id validation boundary', () => {
  // validateSessionId lets through ids of up to 128 characters.
  const longId = 'a'.repeat(127) + '9';
  const longDigits = '1'.repeat(128);

  it.each([
    ['a 128-character id with a session field', withField, longId, { term: { 'session.id': longId } }],
    ['a 128-character id without a session field', base, longId, undefined],
    [
      '128 digits: too long for a message tag, kept whole on the field',
      withField,
      longDigits,
      { term: { 'session.id': longDigits } },
    ],
    ['128 digits without a session field match nothing', base, longDigits, undefined],
    [
      'a 20-digit id still goes through the tags',
      resolveSettings({ messageTags: ['asayer_session_id'] }),
      '12345678901234567890',
      { match_phrase: { message: 'asayer_session_id=12345678901234567890' } },
    ],
  ])('%s', (_label, settings, id, expected) => {
    expect(sessionMatch(settings, id)).toEqual(expected);
  });

  it('searches a 128-character session, and names a too-long numeric id it cannot tag', () => {
    const built = buildSessionErrorsQuery(withField, { sessionId: longId, window, limit: 10 });
    expect(built.ok && (built.body.query?.bool?.filter as unknown[])[1]).toEqual({ term: { 'session.id': longId } });
    const failed = buildSessionErrorsQuery(base, { sessionId: longDigits, window, limit: 10 });
    expect(failed).toEqual({
      ok: false,
      error: `Session id "${longDigits}" is not an id the enabled message tags carry (OpenReplay's tags carry up to 20 digits, Faro's session_id letters and digits); set a session id field in the data source settings to search by it.`,
    });
  });
});

describe('several session fields and Faro’s tag', () => {
  const many = resolveSettings({
    sessionFields: ['session.id', 'attributes.session.id'],
    messageTags: ['openReplaySession.id', 'session_id'],
  });

  it('searches a session in every field and in each tag that can carry its id', () => {
    expect(sessionMatch(many, '7212345678901234567')).toEqual({
      bool: {
        should: [
          { term: { 'session.id': '7212345678901234567' } },
          { term: { 'attributes.session.id': '7212345678901234567' } },
          { match_phrase: { message: 'openReplaySession.id=7212345678901234567' } },
          { match_phrase: { message: 'session_id=7212345678901234567' } },
        ],
        minimum_should_match: 1,
      },
    });
    // A Faro id has letters: no OpenReplay tag can carry it.
    expect(sessionMatch(many, 'k3Jh7mNp2Q')).toEqual({
      bool: {
        should: [
          { term: { 'session.id': 'k3Jh7mNp2Q' } },
          { term: { 'attributes.session.id': 'k3Jh7mNp2Q' } },
          { match_phrase: { message: 'session_id=k3Jh7mNp2Q' } },
        ],
        minimum_should_match: 1,
      },
    });
    // Only Faro's tag, no field: an id with a dash nothing can carry.
    expect(sessionMatch(resolveSettings({ messageTags: ['session_id'] }), 'k3Jh7mNp2Q')).toEqual({
      match_phrase: { message: 'session_id=k3Jh7mNp2Q' },
    });
    expect(sessionMatch(resolveSettings({ messageTags: ['session_id'] }), 'abc-1')).toBeUndefined();
  });

  it('finds tagged lines by any field or tag', () => {
    expect(taggedMatch(many)).toEqual({
      bool: {
        should: [
          { exists: { field: 'session.id' } },
          { exists: { field: 'attributes.session.id' } },
          { match_phrase: { message: 'openReplaySession.id' } },
          { match_phrase: { message: 'session_id' } },
        ],
        minimum_should_match: 1,
      },
    });
  });

  it('reads every session field and the trace field, exact ids from the fields API', () => {
    const settings = resolveSettings({
      sessionFields: ['session.id', 'sid'],
      traceField: 'traceId',
      detailFields: ['sid', 'x'],
    });
    const built = buildSessionErrorsQuery(settings, { sessionId: 'abc', window, limit: 3 });
    // Each field once, though the first session field is the level field too.
    expect(logFieldsApiFields(resolveSettings({ sessionFields: ['lvl', 'sid'], levelField: 'lvl' }))).toEqual([
      'lvl',
      'sid',
      'service.name',
      'host.name',
      'trace.id',
    ]);
    expect(built.ok && built.body._source).toEqual([
      '@timestamp',
      'message',
      'log.level',
      'service.name',
      'host.name',
      'session.id',
      'sid',
      'x',
      'traceId',
    ]);
    expect(built.ok && built.body.fields).toEqual([
      'session.id',
      'sid',
      'log.level',
      'service.name',
      'host.name',
      'traceId',
    ]);
  });
});

describe('taggedMatch, more', () => {
  it.each([
    ['only a session field', resolveSettings({ sessionField: 'sid', messageTags: [] }), { exists: { field: 'sid' } }],
    [
      'only one tag, on a custom message field',
      resolveSettings({ messageField: 'log', messageTags: ['openReplaySession.id'] }),
      { match_phrase: { log: 'openReplaySession.id' } },
    ],
  ])('%s: the clause itself', (_label, settings, expected) => {
    expect(taggedMatch(settings)).toEqual(expected);
  });

  it('is the range mode’s second filter', () => {
    const built = buildFilterQuery(base, { window });
    expect(built.ok && (built.query.bool?.filter as unknown[])[1]).toEqual(taggedMatch(base));
  });
});

describe('buildFilterQuery, more', () => {
  it('adds no level filter when no level is chosen, and extra filters last', () => {
    const extra = [{ term: { 'host.name': 'a' } }, { term: { 'service.name': 'b' } }];
    const built = buildFilterQuery(base, { sessionId: '1', window, levels: [], extraFilters: extra });
    expect(built.ok && built.query).toEqual({
      bool: { filter: [timeFilter, sessionMatch(base, '1'), ...extra] },
    });
  });

  it('orders Lucene, levels, then extra filters, on the configured fields', () => {
    const settings = resolveSettings({
      messageField: 'log',
      levelField: 'severity',
      messageTags: ['asayer_session_id'],
    });
    const extra = { term: { 'host.name': 'a' } };
    const built = buildFilterQuery(settings, {
      sessionId: '7',
      window,
      filter: 'timeout',
      levels: ['critical'],
      extraFilters: [extra],
    });
    const filter = (built.ok && built.query.bool?.filter) as Array<Record<string, unknown>>;
    expect(filter).toHaveLength(5);
    expect(filter[1]).toEqual({ match_phrase: { log: 'asayer_session_id=7' } });
    expect(filter[2]).toEqual({ query_string: { query: 'timeout', default_field: 'log', analyze_wildcard: true } });
    expect(Object.keys((filter[3] as { terms: Record<string, unknown> }).terms)).toEqual(['severity']);
    expect(filter[4]).toEqual(extra);
  });

  it('gives the exact message for range mode with nothing to match', () => {
    expect(buildFilterQuery(resolveSettings({ messageTags: [] }), { window })).toEqual({
      ok: false,
      error:
        'Nothing identifies tagged lines: enable a message tag or set a session id field in the data source settings.',
    });
  });
});

describe('buildSessionErrorsQuery, failures and bounds', () => {
  it.each([
    ['a bad level', base, { sessionId: '1', levels: ['nope'] }, /^"nope" is not a log level/],
    [
      'a non-numeric id without a session field',
      base,
      { sessionId: 'abc' },
      /^Session id "abc" is not an id the enabled message tags carry/,
    ],
    ['nothing to match in range mode', resolveSettings({ messageTags: [] }), {}, /^Nothing identifies tagged lines/],
  ])('sends no search for %s, and says why', (_label, settings, patch, message) => {
    const built = buildSessionErrorsQuery(settings, { window, limit: 10, ...patch });
    expect(built.ok).toBe(false);
    expect(built).not.toHaveProperty('body');
    expect(!built.ok && built.error).toMatch(message);
  });

  it.each([
    [-5, 1],
    [1, 1],
    [999, 999],
    [1000, 1000],
    [1001, 1000],
  ])('limit %p shows %p lines under the default maximum', (limit, shown) => {
    const built = buildSessionErrorsQuery(base, { window, limit });
    expect(built.ok && built.body.size).toBe(shown + 1);
  });

  it('caps by the data source’s own maximum', () => {
    const built = buildSessionErrorsQuery(resolveSettings({ maxLines: 50 }), { window, limit: 51 });
    expect(built.ok && built.body.size).toBe(51);
  });

  it.each([
    [9_998, 9_999],
    [9_999, 10_000],
    [10_001, 10_000],
  ])('at %p lines asks for %p, within the result window', (limit, size) => {
    const built = buildSessionErrorsQuery(resolveSettings({ maxLines: 10_000 }), { window, limit });
    expect(built.ok && built.body.size).toBe(size);
  });

  it('without a session field: no session field in _source or from the fields API', () => {
    const built = buildSessionErrorsQuery(base, { sessionId: '42', window, limit: 10 });
    expect(built.ok && built.body.fields).toEqual(['log.level', 'service.name', 'host.name', 'trace.id']);
    expect(built.ok && built.body._source).toEqual([
      '@timestamp',
      'message',
      'log.level',
      'service.name',
      'host.name',
      ...base.detailFields,
    ]);
  });

  it('reads every configured field, once, in order', () => {
    const settings = resolveSettings({
      timeField: 'ts',
      messageField: 'msg',
      levelField: 'lvl',
      serviceField: 'svc',
      hostField: 'msg',
      sessionField: 'sid',
      detailFields: ['ts', 'x'],
    });
    expect(logSourceFields(settings)).toEqual(['ts', 'msg', 'lvl', 'svc', 'sid', 'x', 'trace.id']);
    const built = buildSessionErrorsQuery(settings, { sessionId: 'abc', window, limit: 3 });
    expect(built.ok && built.body).toMatchObject({
      docvalue_fields: [{ field: 'ts', format: 'epoch_millis' }],
      fields: ['sid', 'lvl', 'svc', 'msg', 'trace.id'],
      sort: [
        { ts: { order: 'desc', unmapped_type: 'date' } },
        { _index: { order: 'desc' } },
        { _doc: { order: 'desc' } },
      ],
    });
  });
});

describe('pageOfWholeInstants, at the limit', () => {
  const hits = (...times: number[]) => times.map((t, i) => ({ _id: String(i), sort: [t, 'i', i] }));
  const ids = (page: { hits: Array<{ _id: string }> }) => page.hits.map((h) => h._id);

  it.each([
    ['limit - 1 lines', hits(5, 4), 3, ['0', '1'], false],
    ['exactly limit lines: all, nothing more', hits(5, 4, 3), 3, ['0', '1', '2'], false],
    ['exactly limit lines of one instant', hits(3, 3, 3), 3, ['0', '1', '2'], false],
    ['limit + 1 lines, the extra one older', hits(5, 4, 3, 2), 3, ['0', '1', '2'], true],
    ['limit + 1 lines, the extra one in the last instant', hits(5, 4, 3, 3), 3, ['0', '1'], true],
    ['limit + 1 lines of one instant: cut at the limit', hits(3, 3, 3, 3), 3, ['0', '1', '2'], true],
    ['a limit of one, two instants', hits(5, 4), 1, ['0'], true],
    ['a limit of one, one instant', hits(5, 5), 1, ['0'], true],
    ['no lines', hits(), 3, [], false],
  ])('%s', (_label, input, limit, expected, more) => {
    const page = pageOfWholeInstants(input, limit);
    expect(ids(page)).toEqual(expected);
    expect(page.more).toBe(more);
  });

  it('returns the very hits when nothing is cut', () => {
    const input = hits(5, 4, 3);
    expect(pageOfWholeInstants(input, 3).hits).toBe(input);
  });

  it('treats hits without sort values as one instant, cut at the limit', () => {
    const input = ['a', 'b', 'c'].map((_id) => ({ _id, sort: undefined }));
    const page = pageOfWholeInstants(input, 2);
    expect(ids(page)).toEqual(['a', 'b']);
    expect(page.more).toBe(true);
  });

  it('keeps a last line without sort values when the extra line has some: they are no one instant', () => {
    const input = [{ _id: 'a', sort: [5] }, { _id: 'b' }, { _id: 'c', sort: [4] }];
    expect(ids(pageOfWholeInstants(input, 2))).toEqual(['a', 'b']);
  });
});

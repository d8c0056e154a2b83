import { resolveSettings } from '../settings';
import { buildContextQuery, type BuiltContext } from './buildContextQuery';

const settings = resolveSettings({ sessionField: 'session.id' });
const anchor = {
  sort: [1_700_000_000_000, 'logs-a', 17],
  timeMs: 1_700_000_000_000,
  key: { index: 'logs-a', id: 'x1' },
  sessionId: '123',
  service: 'checkout',
};
const DAY = 86_400_000;

/** The search beyond the anchor's instant (5 lines) of a built context. */
const beyond = (built: BuiltContext) => (built.ok ? built.searches.beyond(5) : undefined);
const filters = (built: BuiltContext) => beyond(built)?.query?.bool?.filter as unknown[];

describe('buildContextQuery', () => {
  it('searches backward strictly before the line’s instant, newest first, a day at most', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', 5);
    expect(built.ok && built.searches.order).toBe('desc');
    expect(beyond(built)).toMatchObject({
      size: 5,
      sort: [
        { '@timestamp': { order: 'desc', unmapped_type: 'date' } },
        { _index: { order: 'desc' } },
        { _doc: { order: 'desc' } },
      ],
    });
    expect(beyond(built)).not.toHaveProperty('search_after');
    expect(filters(built)[0]).toEqual({
      range: { '@timestamp': { gte: 1_700_000_000_000 - DAY, lt: 1_700_000_000_000, format: 'epoch_millis' } },
    });
  });

  it('searches forward strictly after it, oldest first', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'FORWARD', 5);
    expect(built.ok && built.searches.order).toBe('asc');
    expect(beyond(built)?.sort).toEqual([
      { '@timestamp': { order: 'asc', unmapped_type: 'date' } },
      { _index: { order: 'asc' } },
      { _doc: { order: 'asc' } },
    ]);
    expect(filters(built)[0]).toEqual({
      range: { '@timestamp': { gt: anchor.timeMs, lte: anchor.timeMs + DAY, format: 'epoch_millis' } },
    });
  });

  it.each(['BACKWARD', 'FORWARD'] as const)(
    'fetches a whole instant %s: every line of the scope at that time, up to the result window',
    (direction) => {
      const built = buildContextQuery(settings, anchor, 'service', direction, 5);
      const instant = built.ok ? built.searches.instant(1_600_000_000_000) : undefined;
      expect(instant?.size).toBe(10_000);
      expect(instant?.query).toEqual({
        bool: {
          filter: [
            { range: { '@timestamp': { gte: 1_600_000_000_000, lte: 1_600_000_000_000, format: 'epoch_millis' } } },
            { term: { 'service.name': 'checkout' } },
          ],
        },
      });
    }
  );

  it.each([
    [
      'session',
      { bool: expect.objectContaining({ should: expect.arrayContaining([{ term: { 'session.id': '123' } }]) }) },
    ],
    ['service', { term: { 'service.name': 'checkout' } }],
  ] as const)('matches the same %s at every level', (scope, match) => {
    const built = buildContextQuery(settings, anchor, scope, 'BACKWARD', 5);
    expect(filters(built)).toEqual([expect.anything(), match]);
  });

  it('says when the line has nothing of that kind', () => {
    expect(buildContextQuery(settings, anchor, 'trace', 'BACKWARD', 5)).toEqual({
      ok: false,
      error: 'This line has no trace.id, so there is no context of that kind to show.',
    });
  });

  it('never pages more lines than the settings allow', () => {
    const built = buildContextQuery(resolveSettings({ maxLines: 10 }), anchor, 'service', 'BACKWARD', 500);
    expect(built.ok && built.searches.size).toBe(10);
  });
});

describe('buildContextQuery, each scope and side', () => {
  it('bounds on the configured time field', () => {
    const built = buildContextQuery(resolveSettings({ timeField: 'ts' }), anchor, 'service', 'BACKWARD', 5);
    expect(beyond(built)?.query).toEqual({
      bool: {
        filter: [
          { range: { ts: { gte: anchor.timeMs - DAY, lt: anchor.timeMs, format: 'epoch_millis' } } },
          { term: { 'service.name': 'checkout' } },
        ],
      },
    });
  });

  it('matches the same trace, and the same service on its configured field', () => {
    const traced = buildContextQuery(settings, { ...anchor, traceId: 'abc123' }, 'trace', 'FORWARD', 5);
    expect(filters(traced)[1]).toEqual({ term: { 'trace.id': 'abc123' } });
    const service = buildContextQuery(resolveSettings({ serviceField: 'app' }), anchor, 'service', 'FORWARD', 5);
    expect(filters(service)[1]).toEqual({ term: { app: 'checkout' } });
  });

  it('matches the trace on the configured trace field, and names it when the line has none', () => {
    const otel = resolveSettings({ sessionField: 'session.id', traceField: 'traceId' });
    const traced = buildContextQuery(otel, { ...anchor, traceId: 'abc123' }, 'trace', 'BACKWARD', 5);
    expect(filters(traced)[1]).toEqual({ term: { traceId: 'abc123' } });
    expect(beyond(traced)?._source).toContain('traceId');
    expect(buildContextQuery(otel, anchor, 'trace', 'BACKWARD', 5)).toEqual({
      ok: false,
      error: 'This line has no traceId, so there is no context of that kind to show.',
    });
  });

  it('matches the session exactly as the session search does', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'FORWARD', 5);
    expect(filters(built)[1]).toEqual({
      bool: {
        should: [
          { term: { 'session.id': '123' } },
          { match_phrase: { message: 'asayer_session_id=123' } },
          { match_phrase: { message: 'openReplaySession.id=123' } },
        ],
        minimum_should_match: 1,
      },
    });
  });

  it.each([
    ['service', { ...anchor, service: undefined }, 'service'],
    ['service', { ...anchor, service: '' }, 'service'],
    ['session', { ...anchor, sessionId: undefined }, 'session id'],
    ['session', { ...anchor, sessionId: '' }, 'session id'],
    ['trace', { ...anchor, traceId: '' }, 'trace.id'],
  ] as const)('says when the line has no %s (%j)', (scope, line, what) => {
    expect(buildContextQuery(settings, line, scope, 'BACKWARD', 5)).toEqual({
      ok: false,
      error: `This line has no ${what}, so there is no context of that kind to show.`,
    });
  });

  it('sends no search when the session id cannot be searched for with these settings', () => {
    // A non-numeric id, and no session field: nothing could match it (sessionMatch).
    const built = buildContextQuery(resolveSettings({}), { ...anchor, sessionId: 'abc' }, 'session', 'BACKWARD', 5);
    expect(built.ok).toBe(false);
    expect(built).not.toHaveProperty('searches');
  });

  it.each([
    [0, 1],
    [-3, 1],
    [7.9, 7],
    [1000, 1000],
    [1001, 1000],
  ])('limit %p pages %p lines', (limit, size) => {
    const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', limit);
    expect(built.ok && built.searches.size).toBe(size);
  });

  it('reads the fields a log line shows, exactly', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', 5);
    expect(beyond(built)).toMatchObject({
      timeout: '20s',
      track_total_hits: false,
      docvalue_fields: [{ field: '@timestamp', format: 'epoch_millis' }],
      fields: ['session.id', 'log.level', 'service.name', 'host.name', 'trace.id'],
    });
  });
});

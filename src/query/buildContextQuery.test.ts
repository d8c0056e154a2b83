import { resolveSettings } from '../settings';
import { buildContextQuery } from './buildContextQuery';

const settings = resolveSettings({ sessionField: 'session.id' });
const anchor = {
  sort: [1_700_000_000_000, 'logs-a', 17],
  timeMs: 1_700_000_000_000,
  sessionId: '123',
  service: 'checkout',
};

describe('buildContextQuery', () => {
  it('pages backward from the line’s own sort values, newest first, a day at most', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', 5);
    expect(built.ok && built.body).toMatchObject({
      size: 5,
      search_after: [1_700_000_000_000, 'logs-a', 17],
      sort: [
        { '@timestamp': { order: 'desc', unmapped_type: 'date' } },
        { _index: { order: 'desc' } },
        { _doc: { order: 'desc' } },
      ],
    });
    const filter = (built.ok && built.body.query?.bool?.filter) as unknown[];
    expect(filter[0]).toEqual({
      range: { '@timestamp': { gte: 1_700_000_000_000 - 86_400_000, lte: 1_700_000_000_000, format: 'epoch_millis' } },
    });
  });

  it('pages forward oldest first', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'FORWARD', 5);
    expect(built.ok && built.body.sort).toEqual([
      { '@timestamp': { order: 'asc', unmapped_type: 'date' } },
      { _index: { order: 'asc' } },
      { _doc: { order: 'asc' } },
    ]);
  });

  it.each([
    [
      'session',
      { bool: expect.objectContaining({ should: expect.arrayContaining([{ term: { 'session.id': '123' } }]) }) },
    ],
    ['service', { term: { 'service.name': 'checkout' } }],
  ] as const)('matches the same %s at every level', (scope, match) => {
    const built = buildContextQuery(settings, anchor, scope, 'BACKWARD', 5);
    expect(built.ok && built.body.query?.bool?.filter).toEqual([expect.anything(), match]);
  });

  it('says when the line has nothing of that kind', () => {
    expect(buildContextQuery(settings, anchor, 'trace', 'BACKWARD', 5)).toEqual({
      ok: false,
      error: 'This line has no trace.id, so there is no context of that kind to show.',
    });
  });

  it('never pages more lines than the settings allow', () => {
    const built = buildContextQuery(resolveSettings({ maxLines: 10 }), anchor, 'service', 'BACKWARD', 500);
    expect(built.ok && built.body.size).toBe(10);
  });
});

describe('buildContextQuery, each scope and side', () => {
  const DAY = 86_400_000;

  it('pages forward over the day after the line', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'FORWARD', 5);
    expect(built.ok && built.body).toMatchObject({ size: 5, search_after: anchor.sort });
    expect(built.ok && (built.body.query?.bool?.filter as unknown[])[0]).toEqual({
      range: { '@timestamp': { gte: anchor.timeMs, lte: anchor.timeMs + DAY, format: 'epoch_millis' } },
    });
  });

  it('bounds on the configured time field', () => {
    const built = buildContextQuery(resolveSettings({ timeField: 'ts' }), anchor, 'service', 'BACKWARD', 5);
    expect(built.ok && built.body.query).toEqual({
      bool: {
        filter: [
          { range: { ts: { gte: anchor.timeMs - DAY, lte: anchor.timeMs, format: 'epoch_millis' } } },
          { term: { 'service.name': 'checkout' } },
        ],
      },
    });
  });

  it('matches the same trace, and the same service on its configured field', () => {
    const traced = buildContextQuery(settings, { ...anchor, traceId: 'abc123' }, 'trace', 'FORWARD', 5);
    expect(traced.ok && (traced.body.query?.bool?.filter as unknown[])[1]).toEqual({ term: { 'trace.id': 'abc123' } });
    const service = buildContextQuery(resolveSettings({ serviceField: 'app' }), anchor, 'service', 'FORWARD', 5);
    expect(service.ok && (service.body.query?.bool?.filter as unknown[])[1]).toEqual({ term: { app: 'checkout' } });
  });

  it('matches the session exactly as the session search does', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'FORWARD', 5);
    expect(built.ok && (built.body.query?.bool?.filter as unknown[])[1]).toEqual({
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
    expect(built).not.toHaveProperty('body');
  });

  it.each([
    [0, 1],
    [-3, 1],
    [7.9, 7],
    [1000, 1000],
    [1001, 1000],
  ])('limit %p pages %p lines', (limit, size) => {
    const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', limit);
    expect(built.ok && built.body.size).toBe(size);
  });

  it('reads the fields a log line shows, exactly', () => {
    const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', 5);
    expect(built.ok && built.body).toMatchObject({
      timeout: '20s',
      track_total_hits: false,
      docvalue_fields: [{ field: '@timestamp', format: 'epoch_millis' }],
      fields: ['session.id'],
    });
  });
});

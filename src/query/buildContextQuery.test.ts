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

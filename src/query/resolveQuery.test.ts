import { migrateQuery, QUERY_DEFAULTS, QUERY_VERSION, resolveQuery } from './resolveQuery';

describe('migrateQuery', () => {
  it.each([
    [
      'a 1.0 query without mode is the session search it was',
      { refId: 'A', queryType: 'logs', sessionId: '$session' },
      { refId: 'A', queryType: 'logs', sessionId: '$session', mode: 'session', version: 1 },
    ],
    [
      'a 1.0 query with logger spellings gets Grafana levels',
      { refId: 'A', mode: 'range', levels: ['ERROR', 'err', 'fatal'] },
      { refId: 'A', mode: 'range', levels: ['error', 'critical'], version: 1 },
    ],
    [
      'an unknown level stays, so that running the query names it',
      { refId: 'A', mode: 'range', levels: ['bogus'] },
      { refId: 'A', mode: 'range', levels: ['bogus'], version: 1 },
    ],
  ] as const)('%s', (_label, saved, expected) => {
    expect(migrateQuery({ ...saved, levels: 'levels' in saved ? [...saved.levels] : undefined } as never)).toEqual(
      Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined))
    );
  });

  it('leaves a current query alone', () => {
    const current = { refId: 'A', version: QUERY_VERSION, levels: ['ERROR'] };
    expect(migrateQuery(current)).toBe(current);
  });
});

describe('resolveQuery', () => {
  it('applies every default to an empty query', () => {
    expect(resolveQuery({ refId: 'A' })).toEqual({ ...QUERY_DEFAULTS, refId: 'A', limit: undefined });
  });

  it.each([
    [{ limit: 0 }, undefined],
    [{ limit: -5 }, undefined],
    [{ limit: 12.7 }, 12],
    [{ limit: '40' as unknown as number }, 40],
  ])('limit %j -> %p', (patch, limit) => {
    expect(resolveQuery({ refId: 'A', ...patch }).limit).toBe(limit);
  });

  it('keeps what is set, and never a null or undefined over a default', () => {
    const resolved = resolveQuery({
      refId: 'B',
      version: 1,
      queryType: 'sessions',
      mode: 'range',
      filter: undefined,
      splitBy: null as never,
    });
    expect(resolved).toMatchObject({ queryType: 'sessions', mode: 'range', filter: '', splitBy: 'none' });
  });
});

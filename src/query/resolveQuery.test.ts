import { lookbackToMs, migrateQuery, QUERY_DEFAULTS, QUERY_VERSION, resolveQuery } from './resolveQuery';

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

describe('lookbackToMs', () => {
  it.each([
    [undefined, 7 * 86_400_000],
    ['', 7 * 86_400_000],
    ['   ', 7 * 86_400_000],
    [' 24h ', 86_400_000],
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['2w', 14 * 86_400_000],
    ['1d', 86_400_000],
    ['1y', undefined],
    ['d', undefined],
    ['x7d', undefined],
    ['7dx', undefined],
    ['7 d', undefined],
    ['-1h', undefined],
    ['now-7d', undefined],
  ])('%j -> %p', (text, ms) => {
    expect(lookbackToMs(text)).toBe(ms);
  });
});

describe('migrateQuery, by version', () => {
  it.each([0, undefined])('migrates a query of version %p', (version) => {
    expect(migrateQuery({ refId: 'A', version, levels: ['ERROR'] })).toEqual({
      refId: 'A',
      version: 1,
      mode: 'session',
      levels: ['error'],
    });
  });

  it('leaves a query of a later version alone', () => {
    const later = { refId: 'A', version: QUERY_VERSION + 1, levels: ['ERROR'] };
    expect(migrateQuery(later)).toBe(later);
  });

  it('writes no levels into a query that had none', () => {
    expect(migrateQuery({ refId: 'A' })).not.toHaveProperty('levels');
  });
});

describe('resolveQuery, defaults spelled out', () => {
  it('gives an empty query the documented defaults', () => {
    expect(resolveQuery({ refId: 'A' })).toStrictEqual({
      refId: 'A',
      version: 1,
      queryType: 'logs',
      mode: 'session',
      sessionId: '',
      wholeSession: false,
      sessionWindow: '4h',
      filter: '',
      levels: [],
      splitBy: 'none',
      contextScope: 'session',
      newLookback: '7d',
      limit: undefined,
    });
  });

  it('migrates what it resolves, and writes the current version', () => {
    expect(resolveQuery({ refId: 'A', levels: ['WARN'], version: 7 }).version).toBe(1);
    expect(resolveQuery({ refId: 'A', levels: ['WARN'] })).toMatchObject({ version: 1, levels: ['warning'] });
  });

  it.each([
    [Number.POSITIVE_INFINITY, undefined],
    [Number.NaN, undefined],
    ['abc', undefined],
    [1, 1],
    [undefined, undefined],
  ])('limit %p -> %p', (limit, expected) => {
    expect(resolveQuery({ refId: 'A', limit: limit as number }).limit).toBe(expected);
  });

  it('keeps what is set over the defaults', () => {
    expect(resolveQuery({ refId: 'A', version: 1, filter: '', wholeSession: true, sessionId: '0' })).toMatchObject({
      wholeSession: true,
      sessionId: '0',
      filter: '',
    });
  });
});

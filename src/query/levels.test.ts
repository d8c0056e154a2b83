import { levelFilterValues, resolveLevels, toLogLevel } from './levels';

describe('toLogLevel', () => {
  it.each([
    ['error', 'error'],
    ['ERROR', 'error'],
    ['Err', 'error'],
    ['severe', 'error'],
    ['warn', 'warning'],
    ['WARNING', 'warning'],
    ['fatal', 'critical'],
    ['CRITICAL', 'critical'],
    ['panic', 'critical'],
    ['info', 'info'],
    ['notice', 'info'],
    ['debug', 'debug'],
    ['trace', 'trace'],
    [50, 'error'],
    [60, 'critical'],
    [40, 'warning'],
    [30, 'info'],
    ['50', 'error'],
    [5, 'trace'],
    [20, 'debug'],
    [25, 'debug'],
    [19, 'trace'],
    [10, 'trace'],
    [0, 'trace'],
    [NaN, 'unknown'],
    [Infinity, 'unknown'],
    [-Infinity, 'unknown'],
    [' error ', 'error'],
    [' 40 ', 'warning'],
    ['   ', 'unknown'],
    ['+50', 'unknown'],
    ['-50', 'unknown'],
    ['50e1', 'unknown'],
    ['x50', 'unknown'],
    ['crit', 'critical'],
    ['emerg', 'critical'],
    ['emergency', 'critical'],
    ['alert', 'critical'],
    ['eror', 'error'],
    ['information', 'info'],
    ['informational', 'info'],
    ['dbug', 'debug'],
    ['fine', 'debug'],
    ['finer', 'trace'],
    ['finest', 'trace'],
    ['verbose-ish', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
    [null, 'unknown'],
    [{ level: 'error' }, 'unknown'],
  ])('%p -> %p', (raw, expected) => {
    expect(toLogLevel(raw)).toBe(expected);
  });
});

describe('levelFilterValues', () => {
  it('lists each spelling in three casings', () => {
    const values = levelFilterValues(['warning']);
    expect(values).toEqual(expect.arrayContaining(['warning', 'WARNING', 'Warning', 'warn', 'WARN', 'Warn']));
    expect(values).not.toContain('error');
  });

  it('ignores unknown levels and returns nothing for none', () => {
    expect(levelFilterValues([])).toEqual([]);
    expect(levelFilterValues(['bogus'])).toEqual([]);
  });
});

describe('resolveLevels', () => {
  it.each([
    [undefined, []],
    [[], []],
    [
      ['error', 'critical'],
      ['error', 'critical'],
    ],
    [['ERROR', 'err', 'Error'], ['error']],
    [['fatal', 'panic'], ['critical']],
    [['WARN'], ['warning']],
    [
      ['60', '10'],
      ['critical', 'trace'],
    ],
  ])('%j -> %j', (levels, expected) => {
    expect(resolveLevels(levels)).toEqual({ ok: true, levels: expected });
  });

  it.each([['nope'], ['error', ''], ['unknown'], ['*']])('refuses %j', (...levels) => {
    expect(resolveLevels(levels)).toEqual({ ok: false, error: expect.stringMatching(/is not a log level/) });
  });

  it('names the word it refuses, cut to 40 characters, and the levels to use', () => {
    expect(resolveLevels(['x'.repeat(50)])).toEqual({
      ok: false,
      error: `"${'x'.repeat(40)}" is not a log level: use critical, error, warning, info, debug, trace (or a spelling of one, such as ERROR or warn).`,
    });
  });
});

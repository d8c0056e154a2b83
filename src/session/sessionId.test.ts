import { isNumericSessionId, openReplaySessionIdAt, openReplaySessionStartMs, validateSessionId } from './sessionId';

describe('validateSessionId', () => {
  it.each([
    ['7212345678901234567', '7212345678901234567'],
    ['  123  ', '123'],
    ['a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4'],
    ['0190b5c6-1d2e-7f00-8a9b-0c1d2e3f4a5b', '0190b5c6-1d2e-7f00-8a9b-0c1d2e3f4a5b'],
    ['abc.def:1_2', 'abc.def:1_2'],
  ])('accepts %p', (raw, expected) => {
    expect(validateSessionId(raw)).toEqual({ ok: true, sessionId: expected });
  });

  it.each([
    ['', /Enter a session id/],
    ['   ', /Enter a session id/],
    [undefined, /Enter a session id/],
    ['1 OR *', /not a valid session id/],
    ['*', /not a valid session id/],
    ['12*', /not a valid session id/],
    ['"123"', /not a valid session id/],
    ['123) OR (a', /not a valid session id/],
    ['-123', /not a valid session id/],
    ['{1,2}', /not a valid session id/],
    ['a'.repeat(129), /at most 128/],
  ])('rejects %p', (raw, message) => {
    const check = validateSessionId(raw as string);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error).toMatch(message);
  });
});

describe('OpenReplay ids', () => {
  const now = Date.UTC(2026, 10, 27);

  it('decodes the start time of a 19-digit id beyond Number.MAX_SAFE_INTEGER', () => {
    const start = Date.UTC(2026, 5, 1, 12, 0, 0, 123);
    const id = openReplaySessionIdAt(start, 0xabcdef);
    expect(id).toHaveLength(19);
    expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(openReplaySessionStartMs(id, now)).toBe(start);
  });

  it('matches the formula (id >> 24) + 1550000000000 for an id computed independently', () => {
    // Python: ((1780315200123 - 1550000000000) << 24) + 0xabcdef
    expect(openReplaySessionStartMs('3864047860558056943', now)).toBe(1780315200123);
    expect(openReplaySessionIdAt(1780315200123, 0xabcdef)).toBe('3864047860558056943');
  });

  it.each([
    ['not numeric', 'abc'],
    ['beyond uint64', '99999999999999999999'],
    ['a short id that decodes to the epoch itself', '123'],
    ['zero', '0'],
    ['2032, after now', '7212345678901234567'],
    ['in the future', openReplaySessionIdAt(now + 3 * 24 * 3600 * 1000)],
  ])('returns undefined when %s', (_label, id) => {
    expect(openReplaySessionStartMs(id, now)).toBeUndefined();
  });

  it('keeps low bits out of the time', () => {
    const start = Date.UTC(2025, 0, 1);
    expect(openReplaySessionStartMs(openReplaySessionIdAt(start, 1), now)).toBe(start);
    expect(openReplaySessionStartMs(openReplaySessionIdAt(start, 0xffffff), now)).toBe(start);
  });

  it.each([
    ['123', true],
    ['00123', true],
    ['12a', false],
    ['1'.repeat(21), false],
  ])('isNumericSessionId(%p) is %p', (id, expected) => {
    expect(isNumericSessionId(id)).toBe(expected);
  });
});

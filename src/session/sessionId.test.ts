import { DAY_MS } from '../durations';
import {
  isNumericSessionId,
  OPENREPLAY_EPOCH_MS,
  openReplaySessionIdAt,
  openReplaySessionStartMs,
  validateSessionId,
} from './sessionId';

const invalidMessage = (shown: string) =>
  `"${shown}" is not a valid session id: use letters, digits and . _ : - only (no spaces, quotes or wildcards).`;

describe('validateSessionId', () => {
  it.each([
    ['7212345678901234567', '7212345678901234567'],
    ['  123  ', '123'],
    ['\t123\n', '123'],
    ['a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4'],
    ['0190b5c6-1d2e-7f00-8a9b-0c1d2e3f4a5b', '0190b5c6-1d2e-7f00-8a9b-0c1d2e3f4a5b'],
    ['abc.def:1_2', 'abc.def:1_2'],
    ['a', 'a'],
    ['Z', 'Z'],
    ['0', '0'],
    ['9', '9'],
    ['A.', 'A.'],
    ['z_', 'z_'],
    ['0:', '0:'],
    ['9-', '9-'],
    ['a'.repeat(128), 'a'.repeat(128)],
    [`1${'-'.repeat(127)}`, `1${'-'.repeat(127)}`],
  ])('accepts %p', (raw, expected) => {
    expect(validateSessionId(raw)).toEqual({ ok: true, sessionId: expected });
  });

  it.each([
    ['', /Enter a session id/],
    ['   ', /Enter a session id/],
    [undefined, /Enter a session id/],
    [null, /Enter a session id/],
    ['1 OR *', /not a valid session id/],
    ['*', /not a valid session id/],
    ['12*', /not a valid session id/],
    ['"123"', /not a valid session id/],
    ['123) OR (a', /not a valid session id/],
    ['-123', /not a valid session id/],
    ['.123', /not a valid session id/],
    ['_123', /not a valid session id/],
    [':123', /not a valid session id/],
    ['123!', /not a valid session id/],
    ['1/2', /not a valid session id/],
    ['{1,2}', /not a valid session id/],
    ['a'.repeat(129), /at most 128/],
    [' '.repeat(3) + 'a'.repeat(129), /at most 128/],
  ])('rejects %p', (raw, message) => {
    const check = validateSessionId(raw);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error).toMatch(message);
  });

  it('says how long an id may be', () => {
    expect(validateSessionId('1'.repeat(129))).toEqual({ ok: false, error: 'A session id is at most 128 characters.' });
  });

  it('says what an empty id means', () => {
    expect(validateSessionId('')).toEqual({
      ok: false,
      error: 'Enter a session id: session mode searches one session.',
    });
  });

  it.each([
    ['a short id in full', '12*', '12*'],
    ['an id of 40 characters in full', `${'a'.repeat(39)}*`, `${'a'.repeat(39)}*`],
    ['an id of 41 characters cut to 37 and an ellipsis', `${'b'.repeat(40)}*`, `${'b'.repeat(37)}...`],
    [
      'a long id cut to 37 and an ellipsis',
      `*${'0123456789'.repeat(10)}`,
      `*${'0123456789'.repeat(4).slice(0, 36)}...`,
    ],
  ])('shows %s in its error', (_label, raw, shown) => {
    expect(validateSessionId(raw)).toEqual({ ok: false, error: invalidMessage(shown) });
  });
});

describe('isNumericSessionId', () => {
  it.each([
    ['123', true],
    ['00123', true],
    ['0', true],
    ['9', true],
    ['1'.repeat(20), true],
    ['12a', false],
    ['a12', false],
    ['1 2', false],
    ['', false],
    ['-1', false],
    ['1'.repeat(21), false],
  ])('isNumericSessionId(%p) is %p', (id, expected) => {
    expect(isNumericSessionId(id)).toBe(expected);
  });
});

describe('OpenReplay ids', () => {
  const now = Date.UTC(2026, 10, 27);
  const epoch = Number(OPENREPLAY_EPOCH_MS);

  it('has the flake id epoch of OpenReplay', () => {
    expect(OPENREPLAY_EPOCH_MS).toBe(1550000000000n);
  });

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
    ['not numeric', () => 'abc'],
    ['beyond uint64', () => '99999999999999999999'],
    ['a short id that decodes to the epoch itself', () => '123'],
    ['zero', () => '0'],
    ['2032, after now', () => '7212345678901234567'],
    ['in the future', () => openReplaySessionIdAt(now + 3 * DAY_MS)],
    ['just more than a day after now', () => openReplaySessionIdAt(now + DAY_MS + 1)],
    ['just less than a day after the epoch', () => openReplaySessionIdAt(epoch + DAY_MS - 1, 0xffffff)],
  ])('returns undefined when %s', (_label, id) => {
    expect(openReplaySessionStartMs(id(), now)).toBeUndefined();
  });

  it.each([
    ['a day after now', () => now + DAY_MS],
    ['a day after the epoch', () => epoch + DAY_MS],
  ])('decodes a start %s', (_label, start) => {
    expect(openReplaySessionStartMs(openReplaySessionIdAt(start()), now)).toBe(start());
  });

  it('decodes the largest uint64 id, and no larger one', () => {
    // (2^64 - 1) >> 24 = 2^40 - 1
    expect(openReplaySessionStartMs('18446744073709551615', Number.MAX_SAFE_INTEGER)).toBe(2 ** 40 - 1 + epoch);
    expect(openReplaySessionStartMs('18446744073709551616', Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });

  it('bounds the start by the current time by default', () => {
    const recent = Date.now() - 3600_000;
    expect(openReplaySessionStartMs(openReplaySessionIdAt(recent))).toBe(recent);
    expect(openReplaySessionStartMs(openReplaySessionIdAt(Date.now() + 2 * DAY_MS))).toBeUndefined();
  });

  it('keeps low bits out of the time', () => {
    const start = Date.UTC(2025, 0, 1);
    expect(openReplaySessionStartMs(openReplaySessionIdAt(start, 1), now)).toBe(start);
    expect(openReplaySessionStartMs(openReplaySessionIdAt(start, 0xffffff), now)).toBe(start);
  });

  it('builds ids from whole milliseconds and the low 24 bits of the sequence', () => {
    const start = Date.UTC(2025, 0, 1);
    const base = (BigInt(start) - OPENREPLAY_EPOCH_MS) << 24n;
    expect(openReplaySessionIdAt(start + 0.9)).toBe(base.toString());
    expect(openReplaySessionIdAt(start, 5)).toBe((base + 5n).toString());
    expect(openReplaySessionIdAt(start, 0x1000005)).toBe((base + 5n).toString());
  });
});

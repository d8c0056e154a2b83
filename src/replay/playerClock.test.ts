import { openReplaySessionIdAt, openReplaySessionStartMs } from '../session/sessionId';
import { playerClock, sessionClockFromStart } from './playerClock';

describe('playerClock', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [1_000, '0:01'],
    [5_000, '0:05'],
    [59_999, '0:59'],
    [60_000, '1:00'],
    [724_000, '12:04'],
    [3_599_999, '59:59'],
    [3_600_000, '1:00:00'],
    [3_661_000, '1:01:01'],
    [3_729_000, '1:02:09'],
    [36_000_000 + 754_000, '10:12:34'],
    [-5_000, '0:00'],
  ])('%d ms -> %s', (ms, clock) => {
    expect(playerClock(ms)).toBe(clock);
  });
});

// As the logs frame uses it: the start decoded once from the id, then each line's time.
const sessionClock = (sessionId: string, timeMs: number) =>
  sessionClockFromStart(sessionId ? openReplaySessionStartMs(sessionId, Number.MAX_SAFE_INTEGER) : undefined, timeMs);

const START = Date.UTC(2026, 10, 20, 9, 0, 0);
const HOUR = 3600_000;

describe('sessionClockFromStart', () => {
  it('counts from the start encoded in an OpenReplay id', () => {
    expect(sessionClock(openReplaySessionIdAt(START, 7), START + 724_000)).toBe('12:04');
  });

  it.each([
    ['at the start', 0, '0:00'],
    ['a minute before the start (clock skew)', -60_000, '0:00'],
    ['half a minute before the start', -30_000, '0:00'],
    ['a day after the start', 24 * HOUR, '24:00:00'],
    ['just under a day after the start', 24 * HOUR - 1, '23:59:59'],
  ])('shows a line %s', (_label, offsetMs, clock) => {
    expect(sessionClockFromStart(START, START + offsetMs)).toBe(clock);
  });

  it.each([
    ['an id that encodes no start', () => sessionClock('abc-def', START)],
    ['a line long before the id’s start', () => sessionClock(openReplaySessionIdAt(START, 7), START - 2 * 24 * HOUR)],
    ['a line just over a minute before the start', () => sessionClockFromStart(START, START - 60_001)],
    ['no time', () => sessionClock(openReplaySessionIdAt(START, 7), NaN)],
    ['an infinite time', () => sessionClockFromStart(START, Infinity)],
    ['a line more than a day after the start', () => sessionClock(openReplaySessionIdAt(START, 7), START + 25 * HOUR)],
    ['a line just over a day after the start', () => sessionClockFromStart(START, START + 24 * HOUR + 1)],
    ['no id', () => sessionClock('', START)],
    ['no start', () => sessionClockFromStart(undefined, START)],
  ])('nothing for %s', (_label, clock) => {
    expect(clock()).toBeUndefined();
  });
});

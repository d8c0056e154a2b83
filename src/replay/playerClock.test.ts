import { openReplaySessionIdAt, openReplaySessionStartMs } from '../session/sessionId';
import { playerClock, sessionClockFromStart } from './playerClock';

describe('playerClock', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [5_000, '0:05'],
    [724_000, '12:04'],
    [3_599_999, '59:59'],
    [3_600_000, '1:00:00'],
    [3_729_000, '1:02:09'],
    [-5_000, '0:00'],
  ])('%d ms -> %s', (ms, clock) => {
    expect(playerClock(ms)).toBe(clock);
  });
});

// As the logs frame uses it: the start decoded once from the id, then each line's time.
const sessionClock = (sessionId: string, timeMs: number) =>
  sessionClockFromStart(sessionId ? openReplaySessionStartMs(sessionId, Number.MAX_SAFE_INTEGER) : undefined, timeMs);

describe('sessionClockFromStart', () => {
  const start = Date.UTC(2026, 10, 20, 9, 0, 0);
  const id = openReplaySessionIdAt(start, 7);

  it('counts from the start encoded in an OpenReplay id', () => {
    expect(sessionClock(id, start + 724_000)).toBe('12:04');
  });

  it.each([
    ['an id that encodes no start', 'abc-def', start],
    ['a line long before the id’s start', id, start - 2 * 24 * 3600_000],
    ['no time', id, NaN],
    ['a line more than a day after the start', id, start + 25 * 3600_000],
    ['no id', '', start],
  ])('nothing for %s', (_label, sessionId, time) => {
    expect(sessionClock(sessionId, time)).toBeUndefined();
  });
});

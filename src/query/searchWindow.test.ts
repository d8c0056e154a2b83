import { openReplaySessionIdAt } from '../session/sessionId';
import { SESSION_START_SLACK_MS, wholeSessionWindow } from './searchWindow';

const now = Date.UTC(2026, 10, 27, 12);
const start = Date.UTC(2026, 10, 27, 8);
const id = openReplaySessionIdAt(start, 7);

describe('wholeSessionWindow', () => {
  it.each([
    [undefined, 4 * 3600_000],
    ['', 4 * 3600_000],
    ['30m', 30 * 60_000],
    ['1d', 24 * 3600_000],
    ['90s', 90_000],
    [' 30m ', 30 * 60_000],
    ['7d', 7 * 24 * 3600_000],
  ])('window %p spans %p ms after the start, from 5 minutes before it', (spec, ms) => {
    expect(wholeSessionWindow(id, spec, now)).toEqual({
      ok: true,
      window: { fromMs: start - SESSION_START_SLACK_MS, toMs: start + ms },
    });
  });

  it.each([
    ['abc', '4h', /needs an OpenReplay session id/],
    [id, 'soon', /not a duration/],
    [id, '30d', /between 1s and 7d/],
    [id, '0s', /between 1s and 7d \(got "0s"\)/],
    [id, '169h', /between 1s and 7d/],
  ])('rejects id %p with window %p', (sessionId, spec, message) => {
    const result = wholeSessionWindow(sessionId, spec, now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});

it('starts the window 5 minutes before the start in the id, for buffered sessions', () => {
  const result = wholeSessionWindow(id, '1h', now);
  expect(result.ok && result.window.fromMs).toBe(Date.UTC(2026, 10, 27, 7, 55));
});

import { rangeUtil } from '../grafanaData';
import { openReplaySessionStartMs } from '../session/sessionId';
import type { TimeWindow } from '../types';

/** OpenReplay may store a session start up to 5 minutes before the time in its id (buffered sessions). */
export const SESSION_START_SLACK_MS = 5 * 60 * 1000;
export const DEFAULT_SESSION_WINDOW = '4h';
const MAX_SESSION_WINDOW_MS = 7 * 24 * 3600 * 1000;

export type WindowResult = { ok: true; window: TimeWindow } | { ok: false; error: string };

/** The window a whole-session search covers: from the decoded session start to `sessionWindow` after it. */
export function wholeSessionWindow(sessionId: string, sessionWindow: string | undefined, nowMs: number): WindowResult {
  const startMs = openReplaySessionStartMs(sessionId, nowMs);
  if (startMs === undefined) {
    return {
      ok: false,
      error: `Whole-session search needs an OpenReplay session id (digits) to know when session "${sessionId}" started; turn "Whole session" off to search the dashboard time range.`,
    };
  }
  const spec = sessionWindow?.trim() || DEFAULT_SESSION_WINDOW;
  let windowMs: number;
  try {
    windowMs = rangeUtil.intervalToMs(spec);
  } catch {
    return { ok: false, error: `"${spec}" is not a duration: use a Grafana interval such as 30m, 4h or 1d.` };
  }
  if (!(windowMs > 0) || windowMs > MAX_SESSION_WINDOW_MS) {
    return { ok: false, error: `The session window must be between 1s and 7d (got "${spec}").` };
  }
  return { ok: true, window: { fromMs: startMs - SESSION_START_SLACK_MS, toMs: startMs + windowMs } };
}

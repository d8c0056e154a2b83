/**
 * Where a line falls in its session, as a replay player's clock shows it (`12:04`, `1:02:09`), so a
 * line can be matched with the replay's timeline at a glance. Only for ids that encode their start
 * (OpenReplay's); undefined otherwise.
 */
const MAX_SESSION_MS = 24 * 3600_000;

/**
 * The same from a start already decoded (a frame decodes each session's start once). The session
 * cannot start after its own line (replayUrlAt's bound, a minute of slack), and no recording lasts a
 * day: a larger offset means the id does not describe this line's session.
 */
export function sessionClockFromStart(startMs: number | undefined, timeMs: number): string | undefined {
  if (startMs === undefined || !Number.isFinite(timeMs) || startMs > timeMs + 60_000) {
    return undefined;
  }
  return timeMs - startMs > MAX_SESSION_MS ? undefined : playerClock(timeMs - startMs);
}

/** `m:ss` under an hour, `h:mm:ss` from an hour on; a line logged before the start shows 0:00. */
export function playerClock(offsetMs: number): string {
  const total = Math.max(0, Math.floor(offsetMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

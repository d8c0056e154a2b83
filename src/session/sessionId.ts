/**
 * Session ids: validation (an id must never widen a search) and OpenReplay's snowflake decoding.
 * Ids stay strings: current OpenReplay ids have ~19 digits, beyond Number.MAX_SAFE_INTEGER.
 */

import { DAY_MS } from '../durations';

/** Letters, digits and `._:-`, starting with a letter or digit: covers OpenReplay (digits),
 * Highlight secure ids, Sentry replay ids (hex), PostHog and Datadog ids (UUIDs). */
const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export type SessionIdCheck = { ok: true; sessionId: string } | { ok: false; error: string };

export function validateSessionId(raw: string | undefined | null): SessionIdCheck {
  const sessionId = (raw ?? '').trim();
  if (!sessionId) {
    return { ok: false, error: 'Enter a session id: session mode searches one session.' };
  }
  if (sessionId.length > 128) {
    return { ok: false, error: 'A session id is at most 128 characters.' };
  }
  if (!SESSION_ID_PATTERN.test(sessionId)) {
    return {
      ok: false,
      error: `"${abbreviate(sessionId)}" is not a valid session id: use letters, digits and . _ : - only (no spaces, quotes or wildcards).`,
    };
  }
  return { ok: true, sessionId };
}

function abbreviate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

/** Digits only: the form that message tags carry and OpenReplay issues. */
export function isNumericSessionId(sessionId: string): boolean {
  return /^[0-9]{1,20}$/.test(sessionId);
}

/** OpenReplay's flake id epoch (backend/pkg/flakeid). */
export const OPENREPLAY_EPOCH_MS = 1550000000000n;
const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * Session start time encoded in an OpenReplay id: `(id >> 24) + 1550000000000`.
 * Returns undefined for ids that are not OpenReplay ids (not numeric, out of range, or an
 * implausible time: within a day of the epoch, or after the given `nowMs` plus a day).
 */
export function openReplaySessionStartMs(sessionId: string, nowMs: number = Date.now()): number | undefined {
  if (!isNumericSessionId(sessionId)) {
    return undefined;
  }
  const id = BigInt(sessionId);
  if (id > MAX_UINT64) {
    return undefined;
  }
  const startMs = Number((id >> 24n) + OPENREPLAY_EPOCH_MS);
  // Short ids decode to the epoch itself: not a real session start.
  if (startMs < Number(OPENREPLAY_EPOCH_MS) + DAY_MS || startMs > nowMs + DAY_MS) {
    return undefined;
  }
  return startMs;
}

/** The OpenReplay id whose encoded start is `startMs`, with `sequence` in the low 24 bits. */
export function openReplaySessionIdAt(startMs: number, sequence = 0): string {
  return ((BigInt(Math.floor(startMs)) - OPENREPLAY_EPOCH_MS) * (1n << 24n) + BigInt(sequence & 0xffffff)).toString();
}

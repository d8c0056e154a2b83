/**
 * Session Replay Errors: Node helper, the request's replay session id. Middleware (middleware.ts)
 * reads it from a request header or W3C baggage, validates it and keeps it in AsyncLocalStorage for
 * the rest of the request; the logger integrations (pino.ts, winston.ts, textTagging.ts,
 * otelLogs.ts) read it from there. With OpenTelemetry installed, the request's active span gets it
 * as `session.id` too (otel.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import { baggageValue } from './baggage';
import { tagActiveSpan } from './otel';

export interface SessionIdOptions {
  /**
   * Request headers to read, in order (case-insensitive). By default the helpers' `X-Session-Id`,
   * OpenReplay's `openReplaySession.id` and PostHog's `X-POSTHOG-SESSION-ID`.
   */
  headers?: string[];
  /**
   * Keys of the W3C `baggage` header to read after the headers, in order. By default `session.id`
   * (OpenTelemetry's name, Datadog's RUM baggage) and Sentry's `sentry-replay_id`; `[]` reads no baggage.
   */
  baggageKeys?: string[];
  /** Which ids to accept: digits, at most 20, by default (OpenReplay's ids). */
  pattern?: RegExp;
  /** Longest id accepted, whatever the pattern (128 at most). */
  maxLength?: number;
}

export const DEFAULT_SESSION_HEADERS = ['x-session-id', 'openreplaysession.id', 'x-posthog-session-id'];
export const DEFAULT_BAGGAGE_KEYS = ['session.id', 'sentry-replay_id'];
const DEFAULT_PATTERN = /^[0-9]{1,20}$/;
/** Whatever the pattern: nothing that can break out of a log line, a tag or a JSON field. */
const LOG_SAFE = /^[A-Za-z0-9._:-]+$/;
const MAX_LENGTH = 128;

/**
 * The session id if `raw` is one, else undefined: blanks around it are dropped; newlines, control
 * characters, brackets, `=` and anything else outside letters, digits and `._:-` are refused.
 */
export function validSessionId(raw: unknown, options: SessionIdOptions = {}): string | undefined {
  if (typeof raw !== 'string') {
    return undefined;
  }
  const id = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  const maxLength = Math.min(options.maxLength ?? MAX_LENGTH, MAX_LENGTH);
  if (id.length === 0 || id.length > maxLength || !LOG_SAFE.test(id)) {
    return undefined;
  }
  return (options.pattern ?? DEFAULT_PATTERN).test(id) ? id : undefined;
}

/**
 * The session id a request carries: the first valid one of the configured headers, then of the
 * baggage keys. A request may carry several tools' ids (PostHog's UUID beside OpenReplay's digits):
 * one the pattern refuses does not hide a valid one. Undefined if there is none.
 */
export function sessionIdFromHeaders(headers: IncomingHttpHeaders, options: SessionIdOptions = {}): string | undefined {
  for (const name of options.headers ?? DEFAULT_SESSION_HEADERS) {
    const value = headers[name.toLowerCase()];
    // A repeated header is ambiguous: refused rather than guessed.
    const id = typeof value === 'string' ? validSessionId(value, options) : undefined;
    if (id !== undefined) {
      return id;
    }
  }
  // Node joins repeated baggage headers with ", ": one list, as the baggage spec reads them.
  const baggage = headers.baggage;
  if (typeof baggage === 'string') {
    for (const key of options.baggageKeys ?? DEFAULT_BAGGAGE_KEYS) {
      const id = validSessionId(baggageValue(baggage, key), options);
      if (id !== undefined) {
        return id;
      }
    }
  }
  return undefined;
}

interface SessionContext {
  sessionId?: string;
}

const storage = new AsyncLocalStorage<SessionContext>();

/**
 * Runs `fn` with `sessionId` as the current session (undefined: explicitly none). With
 * OpenTelemetry installed, the active span (the request's server span) gets `session.id`.
 */
export function runWithSessionId<T>(sessionId: string | undefined, fn: () => T): T {
  if (sessionId !== undefined) {
    tagActiveSpan(sessionId);
  }
  return storage.run({ sessionId }, fn);
}

/** The session id of the request being handled, or undefined outside a request or without a valid id. */
export function currentSessionId(): string | undefined {
  return storage.getStore()?.sessionId;
}

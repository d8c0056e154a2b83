/**
 * Session Replay Errors: Node helper, the request's replay session id. Middleware (middleware.ts)
 * reads it from a request header, validates it and keeps it in AsyncLocalStorage for the rest of
 * the request; the logger integrations (pino.ts, winston.ts, textTagging.ts) read it from there.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';

export interface SessionIdOptions {
  /**
   * Request headers to read, first present wins (case-insensitive). By default `X-Session-Id` and
   * `openReplaySession.id`, the header OpenReplay's current docs use.
   */
  headers?: string[];
  /** Which ids to accept: digits, at most 20, by default (OpenReplay's ids). */
  pattern?: RegExp;
  /** Longest id accepted, whatever the pattern (128 at most). */
  maxLength?: number;
}

export const DEFAULT_SESSION_HEADERS = ['x-session-id', 'openreplaysession.id'];
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

/** The session id a request carries, from the first configured header present; undefined if none or invalid. */
export function sessionIdFromHeaders(headers: IncomingHttpHeaders, options: SessionIdOptions = {}): string | undefined {
  for (const name of options.headers ?? DEFAULT_SESSION_HEADERS) {
    const value = headers[name.toLowerCase()];
    if (value !== undefined) {
      // A repeated header is ambiguous: refused rather than guessed.
      return Array.isArray(value) ? undefined : validSessionId(value, options);
    }
  }
  return undefined;
}

interface SessionContext {
  sessionId?: string;
}

const storage = new AsyncLocalStorage<SessionContext>();

/** Runs `fn` with `sessionId` as the current session (undefined: explicitly none). */
export function runWithSessionId<T>(sessionId: string | undefined, fn: () => T): T {
  return storage.run({ sessionId }, fn);
}

/** The session id of the request being handled, or undefined outside a request or without a valid id. */
export function currentSessionId(): string | undefined {
  return storage.getStore()?.sessionId;
}

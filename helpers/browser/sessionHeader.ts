/**
 * Session Replay Errors: browser helper. Adds the replay session id to the app's own `fetch` and
 * `XMLHttpRequest` calls as a header, so that the backend can tag its error logs with it.
 *
 * No dependencies; copy this file or bundle it. The id goes only to the page's own origin and to
 * origins listed in `allowedOrigins`, never to third parties, and nothing is added while the
 * recorder has no session yet.
 *
 *   import { propagateSessionHeader } from './sessionHeader';
 *   propagateSessionHeader({ getSessionId: () => tracker.getSessionID() });
 */

export interface SessionHeaderOptions {
  /** The current session id, or null/undefined when there is none yet (e.g. OpenReplay's `tracker.getSessionID()`). */
  getSessionId?: () => string | null | undefined;
  /** The header to send; `X-Session-Id` by default (OpenReplay's current docs use `openReplaySession.id`). */
  headerName?: string;
  /**
   * Other origins that may receive the id, as `https://api.example.com` (scheme, host and port).
   * They must allow the header in their CORS answer (`Access-Control-Allow-Headers`).
   */
  allowedOrigins?: string[];
  /** Which ids to send: digits, at most 20, by default (OpenReplay's ids). */
  idPattern?: RegExp;
  /** The window to patch; the global one by default (tests pass their own). */
  target?: SessionHeaderTarget;
}

/** The parts of a window the helper touches. */
export interface SessionHeaderTarget {
  fetch?: typeof fetch;
  XMLHttpRequest?: typeof XMLHttpRequest;
  location: { href: string; origin: string };
  asayer?: unknown;
  OpenReplay?: unknown;
}

export const DEFAULT_HEADER_NAME = 'X-Session-Id';
const DEFAULT_ID_PATTERN = /^[0-9]{1,20}$/;
/** Characters any session id may have, whatever the pattern: nothing that can break a header or a log line. */
const LOG_SAFE = /^[A-Za-z0-9._:-]{1,128}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The id from the recorder's legacy globals: `window.asayer.id()` (Asayer, OpenReplay's former
 * name) or a tracker at `window.OpenReplay` / `window.asayer` with `getSessionID()`.
 */
export function legacySessionId(target: SessionHeaderTarget): string | undefined {
  for (const candidate of [target.OpenReplay, target.asayer]) {
    if (!candidate || typeof candidate !== 'object') {
      continue;
    }
    const tracker = candidate as { getSessionID?: unknown; id?: unknown };
    for (const read of [tracker.getSessionID, tracker.id]) {
      if (typeof read === 'function') {
        try {
          const id = read.call(candidate);
          if (id !== null && id !== undefined && String(id) !== '') {
            return String(id);
          }
        } catch {
          // A tracker that is not started yet may throw: no session.
        }
      }
    }
  }
  return undefined;
}

/** The id to send, or undefined: trimmed of blanks, matched against the pattern and the log-safe characters. */
export function sendableSessionId(raw: unknown, idPattern: RegExp = DEFAULT_ID_PATTERN): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return undefined;
  }
  const id = String(raw).replace(/^[ \t]+|[ \t]+$/g, '');
  return LOG_SAFE.test(id) && idPattern.test(id) ? id : undefined;
}

/** Whether a request to `url` may carry the id: the page's own origin or an allowed one, over http(s). */
export function mayCarrySessionId(url: string, location: { href: string; origin: string }, allowed: Set<string>) {
  let parsed: URL;
  try {
    parsed = new URL(url, location.href);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return false;
  }
  return parsed.origin === location.origin || allowed.has(parsed.origin);
}

function normalizeOrigin(origin: string): string {
  const parsed = new URL(origin);
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.pathname.length > 1 || parsed.search) {
    throw new Error(`allowedOrigins: "${origin}" is not an origin such as https://api.example.com`);
  }
  return parsed.origin;
}

const XHR_URL = new WeakMap<XMLHttpRequest, string>();
/** Header names the app set itself on an XHR: its own value wins, as with fetch. */
const XHR_SET = new WeakMap<XMLHttpRequest, Set<string>>();

/**
 * Patches `fetch` and `XMLHttpRequest` on the target so that the app's requests carry the session
 * id. Returns a function that takes the patches off again.
 */
export function propagateSessionHeader(options: SessionHeaderOptions = {}): () => void {
  const target = options.target ?? (globalThis as unknown as SessionHeaderTarget);
  const headerName = options.headerName ?? DEFAULT_HEADER_NAME;
  if (!HEADER_NAME.test(headerName)) {
    throw new Error(`headerName: "${headerName}" is not a valid HTTP header name`);
  }
  const allowed = new Set((options.allowedOrigins ?? []).map(normalizeOrigin));
  const currentId = () => {
    let raw: unknown;
    try {
      raw = options.getSessionId?.() ?? legacySessionId(target);
    } catch {
      raw = undefined;
    }
    return sendableSessionId(raw, options.idPattern);
  };
  const idFor = (url: string) => (mayCarrySessionId(url, target.location, allowed) ? currentId() : undefined);

  const undo: Array<() => void> = [];
  const originalFetch = target.fetch;
  if (typeof originalFetch === 'function') {
    const patched = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const id = idFor(url);
      if (!id) {
        return originalFetch.call(this, input, init);
      }
      const fromRequest = typeof input === 'object' && 'headers' in input ? input.headers : undefined;
      const headers = new Headers(init?.headers ?? fromRequest);
      if (!headers.has(headerName)) {
        headers.set(headerName, id);
      }
      return originalFetch.call(this, input, { ...init, headers });
    } as typeof fetch;
    target.fetch = patched;
    undo.push(() => {
      if (target.fetch === patched) {
        target.fetch = originalFetch;
      }
    });
  }

  const proto = target.XMLHttpRequest?.prototype;
  if (proto) {
    const originalOpen = proto.open;
    const originalSend = proto.send;
    const originalSetRequestHeader = proto.setRequestHeader;
    proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      XHR_URL.set(this, String(args[1]));
      XHR_SET.set(this, new Set());
      return (originalOpen as (...a: unknown[]) => void).apply(this, args);
    } as typeof proto.open;
    proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
      XHR_SET.get(this)?.add(name.toLowerCase());
      return originalSetRequestHeader.call(this, name, value);
    };
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const url = XHR_URL.get(this);
      const id = url === undefined || XHR_SET.get(this)?.has(headerName.toLowerCase()) ? undefined : idFor(url);
      if (id) {
        originalSetRequestHeader.call(this, headerName, id);
      }
      return originalSend.call(this, body);
    };
    undo.push(() => {
      proto.open = originalOpen;
      proto.send = originalSend;
      proto.setRequestHeader = originalSetRequestHeader;
    });
  }
  return () => undo.forEach((u) => u());
}

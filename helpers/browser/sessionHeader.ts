/**
 * Session Replay Errors: browser helper. Adds the replay session id to the app's own `fetch` and
 * `XMLHttpRequest` calls, as a header and/or as a W3C `baggage` list member, so that the backend
 * can tag its error logs (and its OpenTelemetry spans and log records) with it.
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
  /**
   * The headers to send the id in, `['X-Session-Id']` by default; the tools' own names are in
   * `SESSION_HEADERS`. `[]` with `baggage` sends the id in baggage only.
   */
  headers?: string[];
  /** One header to send, as before `headers` existed (give one or the other). */
  headerName?: string;
  /**
   * Also send the id in the W3C `baggage` header: `true` for the key `session.id` (OpenTelemetry's
   * attribute name, which Datadog's RUM sends in baggage too), or another key. The member is added to
   * the app's own baggage, never replacing a member it set.
   */
  baggage?: boolean | string;
  /**
   * Other origins that may receive the id, as `https://api.example.com` (scheme, host and port).
   * They must allow the headers (and `baggage`) in their CORS answer (`Access-Control-Allow-Headers`).
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
/** Request headers the replay tools use for their session id (reference: each tool's SDK or docs). */
export const SESSION_HEADERS = {
  /** The helpers' own default. */
  default: DEFAULT_HEADER_NAME,
  /** OpenReplay's current docs: the id from `tracker.getSessionID()`. */
  openReplay: 'openReplaySession.id',
  /** PostHog's tracing headers (posthog-js `__add_tracing_headers`, src/entrypoints/tracing-headers.ts). */
  postHog: 'X-POSTHOG-SESSION-ID',
} as const;
/** The baggage key `baggage: true` sends: OpenTelemetry's `session.id`. */
export const BAGGAGE_SESSION_KEY = 'session.id';
const BAGGAGE_HEADER = 'baggage';
const DEFAULT_ID_PATTERN = /^[0-9]{1,20}$/;
/** Characters any session id may have, whatever the pattern: nothing that can break a header or a log line. */
const LOG_SAFE = /^[A-Za-z0-9._:-]{1,128}$/;
/** RFC 7230 `token`: header names and baggage keys. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

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

/**
 * W3C Baggage (w3c/baggage, baggage/HTTP_HEADER_FORMAT.md): the limits every platform must
 * propagate. Adding our member past them could make a hop drop members, the app's among them.
 */
export const BAGGAGE_MAX_MEMBERS = 64;
export const BAGGAGE_MAX_BYTES = 8192;
/** `baggage-octet`: US-ASCII without CTLs, whitespace, DQUOTE, comma, semicolon and backslash. */
const BAGGAGE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const OWS = /^[ \t]+|[ \t]+$/g;

/** The keys of a baggage header's list members, or undefined when the header is not valid baggage. */
export function baggageKeys(header: string): string[] | undefined {
  const keys: string[] = [];
  for (const raw of header.split(',')) {
    const member = raw.replace(OWS, '');
    if (member === '') {
      // Headers combined by the browser ("a=1, b=2") may leave empty elements: RFC 7230 §7 ignores them.
      continue;
    }
    const [pair] = member.split(';');
    const equals = pair.indexOf('=');
    const key = pair.slice(0, Math.max(equals, 0)).replace(OWS, '');
    if (equals < 0 || !TOKEN.test(key) || !BAGGAGE_VALUE.test(pair.slice(equals + 1).replace(OWS, ''))) {
      return undefined;
    }
    keys.push(key);
  }
  return keys;
}

/**
 * The list member `key=<id>` to add to a request's baggage (`existing`: the app's own header, if
 * any), or undefined when none may be added: the app already set that key (its value wins), its
 * header is not valid baggage (left as it is), or the result would pass the spec's limits.
 */
export function baggageMemberToAdd(existing: string | null | undefined, key: string, id: string): string | undefined {
  // Values are percent-encoded UTF-8: a log-safe id needs none of it, but any value comes out valid.
  const member = `${key}=${encodeURIComponent(id)}`;
  if (existing === null || existing === undefined || existing.replace(OWS, '') === '') {
    return member;
  }
  const keys = baggageKeys(existing);
  if (!keys || keys.includes(key)) {
    return undefined;
  }
  const combined = `${existing},${member}`;
  if (keys.length + 1 > BAGGAGE_MAX_MEMBERS || new TextEncoder().encode(combined).length > BAGGAGE_MAX_BYTES) {
    return undefined;
  }
  return member;
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
/** Headers the app set itself on an XHR (lowercase name → value): its own value wins, as with fetch. */
const XHR_SET = new WeakMap<XMLHttpRequest, Map<string, string>>();

/**
 * Patches `fetch` and `XMLHttpRequest` on the target so that the app's requests carry the session
 * id: in each configured header the app did not set itself, and in baggage when asked. Returns a
 * function that takes the patches off again.
 */
export function propagateSessionHeader(options: SessionHeaderOptions = {}): () => void {
  const target = options.target ?? (globalThis as unknown as SessionHeaderTarget);
  const headerNames = sessionHeaderNames(options);
  const baggageKey = options.baggage === true ? BAGGAGE_SESSION_KEY : options.baggage || undefined;
  if (baggageKey !== undefined && !TOKEN.test(baggageKey)) {
    throw new Error(`baggage: "${baggageKey}" is not a valid baggage key`);
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
      for (const name of headerNames) {
        if (!headers.has(name)) {
          headers.set(name, id);
        }
      }
      const member =
        baggageKey === undefined ? undefined : baggageMemberToAdd(headers.get(BAGGAGE_HEADER), baggageKey, id);
      if (member !== undefined) {
        const existing = headers.get(BAGGAGE_HEADER);
        headers.set(BAGGAGE_HEADER, existing?.replace(OWS, '') ? `${existing},${member}` : member);
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
      XHR_SET.set(this, new Map());
      return (originalOpen as (...a: unknown[]) => void).apply(this, args);
    } as typeof proto.open;
    proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
      // XHR combines repeated names as "a, b" (XMLHttpRequest standard, setRequestHeader()): so do we.
      const set = XHR_SET.get(this);
      const key = name.toLowerCase();
      set?.set(key, set.has(key) ? `${set.get(key)}, ${value}` : value);
      return originalSetRequestHeader.call(this, name, value);
    };
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const url = XHR_URL.get(this);
      const id = url === undefined ? undefined : idFor(url);
      const set = XHR_SET.get(this);
      if (id) {
        for (const name of headerNames) {
          if (!set?.has(name.toLowerCase())) {
            originalSetRequestHeader.call(this, name, id);
          }
        }
        const member =
          baggageKey === undefined ? undefined : baggageMemberToAdd(set?.get(BAGGAGE_HEADER), baggageKey, id);
        if (member !== undefined) {
          // Appended to the app's own value by XHR itself.
          originalSetRequestHeader.call(this, BAGGAGE_HEADER, member);
        }
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

/** The header names to send, validated: `headers`, or `headerName`, or the default. */
function sessionHeaderNames(options: SessionHeaderOptions): string[] {
  if (options.headers !== undefined && options.headerName !== undefined) {
    throw new Error('headers and headerName: give one or the other');
  }
  const names = options.headers ?? [options.headerName ?? DEFAULT_HEADER_NAME];
  for (const name of names) {
    if (!TOKEN.test(name)) {
      throw new Error(`headerName: "${name}" is not a valid HTTP header name`);
    }
    if (name.toLowerCase() === BAGGAGE_HEADER) {
      throw new Error('headers: the baggage header is sent with the `baggage` option, as a list member');
    }
  }
  // One header once, whatever its case.
  return names.filter((name, i) => names.findIndex((other) => other.toLowerCase() === name.toLowerCase()) === i);
}

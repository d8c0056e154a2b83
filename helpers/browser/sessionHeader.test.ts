import { JSDOM } from 'jsdom';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeSessionIdCases } from '../sessionIdCases';
import {
  BAGGAGE_MAX_BYTES,
  baggageKeys,
  baggageMemberToAdd,
  legacySessionId,
  mayCarrySessionId,
  propagateSessionHeader,
  sendableSessionId,
  SESSION_HEADERS,
  type SessionHeaderTarget,
} from './sessionHeader';

/** A local server that records the headers of each request. */
async function recordingServer() {
  const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    // Open to any origin, as a third party's collector is: the page may read its simple responses.
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A fetch that records what it was given, as the browser's would send it. */
function recordingFetch() {
  const calls: Array<{ url: string; headers: Headers }> = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    // Relative URLs resolve against the page, as in a browser.
    const request = typeof input === 'string' ? new Request(new URL(input, page.href), init) : new Request(input, init);
    calls.push({ url: request.url, headers: request.headers });
    return new Response('ok');
  }) as typeof fetch;
  return { calls, fetchFn };
}

const page = { href: 'https://app.example.com/checkout', origin: 'https://app.example.com' };

describeSessionIdCases('sendableSessionId', (raw, pattern) => sendableSessionId(raw, pattern));

describe('mayCarrySessionId', () => {
  const allowed = new Set(['https://api.example.com']);
  it.each([
    ['/api/orders', true],
    ['https://app.example.com/api', true],
    ['https://api.example.com/v1', true],
    ['https://api.example.com:8443/v1', false],
    ['http://app.example.com/api', false],
    ['https://cdn.thirdparty.io/x.js', false],
    ['//evil.example.net/steal', false],
    ['javascript:alert(1)', false],
    ['data:text/plain,hi', false],
  ])('%s → %s', (url, expected) => {
    expect(mayCarrySessionId(url, page, allowed)).toBe(expected);
  });
});

describe('legacySessionId', () => {
  it.each<[Partial<SessionHeaderTarget>, string | undefined]>([
    [{ asayer: { id: () => '111' } }, '111'],
    [{ OpenReplay: { getSessionID: () => '222' } }, '222'],
    [{ OpenReplay: { getSessionID: () => null }, asayer: { id: () => '333' } }, '333'],
    [{ OpenReplay: [] }, undefined],
    [
      {
        asayer: {
          id: (): string => {
            throw new Error('not started');
          },
        },
      },
      undefined,
    ],
    [{}, undefined],
  ])('%#', (globals, expected) => {
    expect(legacySessionId({ location: page, ...globals } as SessionHeaderTarget)).toBe(expected);
  });
});

// The rules below are W3C Baggage's (w3c/baggage, baggage/HTTP_HEADER_FORMAT.md).
describe('baggageKeys', () => {
  it.each<[string, string[] | undefined]>([
    ['userId=alice', ['userId']],
    // The spec's own examples: properties, blanks around keys and values, percent-encoded values.
    [
      'key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue',
      ['key1', 'key2', 'key3'],
    ],
    ['userId =   alice, serverNode = DF%2028, isProduction = false', ['userId', 'serverNode', 'isProduction']],
    // A value may hold "=" (the spec: parsers must not assume it only separates key and value).
    ['token=a=b==', ['token']],
    // Empty elements, as combining headers may leave them, are ignored (RFC 7230 section 7).
    ['a=1, ,b=2,', ['a', 'b']],
    ['a=1,b', undefined],
    ['a b=1', undefined],
    ['a="quoted"', undefined],
    ['a=x y', undefined],
    ['a=back\\slash', undefined],
    ['=1', undefined],
  ])('%j → %j', (header, expected) => {
    expect(baggageKeys(header)).toEqual(expected);
  });
});

describe('baggageMemberToAdd', () => {
  const member = 'session.id=7368123456789012345';
  const add = (existing: string | null) => baggageMemberToAdd(existing, 'session.id', '7368123456789012345');

  it('starts the header, or adds to the app’s own baggage, keeping what it set', () => {
    expect(add(null)).toBe(member);
    expect(add('  ')).toBe(member);
    expect(add('userId=alice,serverNode=DF%2028')).toBe(member);
    // Another tool's members are not ours: Sentry's replay id beside OpenTelemetry's session.id.
    expect(
      add('sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-replay_id=bfd31b89a59d41c99d96dc2baf840ecd')
    ).toBe(member);
  });

  it('never replaces a member the app set, nor touches a header that is not baggage', () => {
    expect(add('session.id=999')).toBeUndefined();
    expect(add('userId=alice, session.id = 999;source=app')).toBeUndefined();
    expect(add('not baggage')).toBeUndefined();
  });

  it('percent-encodes the value', () => {
    expect(baggageMemberToAdd(null, 'k', 'a b,c;d')).toBe('k=a%20b%2Cc%3Bd');
  });

  it('stays within the 64 members and 8192 bytes every platform must propagate', () => {
    const members = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(',');
    expect(add(members(63))).toBe(member);
    expect(add(members(64))).toBeUndefined();
    // Existing baggage of exactly the room left (the comma included), then one byte more.
    const room = BAGGAGE_MAX_BYTES - member.length - 1;
    const filler = (bytes: number) => `pad=${'x'.repeat(bytes - 'pad='.length)}`;
    expect(add(filler(room))).toBe(member);
    expect(add(filler(room + 1))).toBeUndefined();
  });
});

describe('propagateSessionHeader with fetch', () => {
  it('adds the id to same-origin and allowed requests only, and only while there is a session', async () => {
    const { calls, fetchFn } = recordingFetch();
    let session: string | null = null;
    const target: SessionHeaderTarget = { fetch: fetchFn, location: page };
    const remove = propagateSessionHeader({
      target,
      getSessionId: () => session,
      allowedOrigins: ['https://api.example.com/'],
    });
    await target.fetch!('/api/before-session');
    session = '7368123456789012345';
    await target.fetch!('/api/orders', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    await target.fetch!(new Request('https://api.example.com/v1/pay', { headers: { Authorization: 'Bearer t' } }));
    await target.fetch!(new URL('https://tracker.thirdparty.io/collect'));
    await target.fetch!('/api/own', { headers: { 'X-Session-Id': 'set-by-app' } });
    remove();
    await target.fetch!('/api/after-removal');

    const header = (i: number) => calls[i].headers.get('X-Session-Id');
    expect(calls.map((c) => c.url)).toEqual([
      'https://app.example.com/api/before-session',
      'https://app.example.com/api/orders',
      'https://api.example.com/v1/pay',
      'https://tracker.thirdparty.io/collect',
      'https://app.example.com/api/own',
      'https://app.example.com/api/after-removal',
    ]);
    expect([0, 1, 2, 3, 4, 5].map(header)).toEqual([
      null,
      '7368123456789012345',
      '7368123456789012345',
      null,
      'set-by-app',
      null,
    ]);
    // The app's own headers survive.
    expect(calls[1].headers.get('Content-Type')).toBe('application/json');
    expect(calls[2].headers.get('Authorization')).toBe('Bearer t');
    expect(target.fetch).toBe(fetchFn);
  });

  it('uses the configured header, falls back to the legacy globals, and never sends a malformed id', async () => {
    const { calls, fetchFn } = recordingFetch();
    const target: SessionHeaderTarget = { fetch: fetchFn, location: page, asayer: { id: () => '42' } };
    propagateSessionHeader({ target, headerName: 'openReplaySession.id' });
    await target.fetch!('/a');
    target.asayer = { id: () => '42\n[openReplaySession.id=1] forged' };
    await target.fetch!('/b');
    expect(calls.map((c) => c.headers.get('openReplaySession.id'))).toEqual(['42', null]);
  });

  it('sends the tools’ headers and baggage, each only where the app did not set its own', async () => {
    const { calls, fetchFn } = recordingFetch();
    const target: SessionHeaderTarget = { fetch: fetchFn, location: page };
    propagateSessionHeader({
      target,
      getSessionId: () => '7368123456789012345',
      headers: [SESSION_HEADERS.openReplay, SESSION_HEADERS.postHog],
      baggage: true,
      allowedOrigins: ['https://api.example.com'],
    });
    await target.fetch!('/api/plain');
    await target.fetch!('https://api.example.com/v1', { headers: { baggage: 'userId=alice' } });
    await target.fetch!(new Request('https://app.example.com/r', { headers: { Baggage: 'session.id=1' } }));
    await target.fetch!('/api/posthog', {
      headers: { 'X-POSTHOG-SESSION-ID': '0192f0c1-5f6e-7c3a-9d2b-3e4f5a6b7c8d' },
    });
    await target.fetch!('/api/bad-baggage', { headers: { baggage: 'not baggage' } });
    await target.fetch!('https://tracker.thirdparty.io/collect', { headers: { baggage: 'userId=alice' } });

    const seen = calls.map((c) => [
      c.headers.get('openReplaySession.id'),
      c.headers.get('X-POSTHOG-SESSION-ID'),
      c.headers.get('baggage'),
      c.headers.get('X-Session-Id'),
    ]);
    expect(seen).toEqual([
      ['7368123456789012345', '7368123456789012345', 'session.id=7368123456789012345', null],
      ['7368123456789012345', '7368123456789012345', 'userId=alice,session.id=7368123456789012345', null],
      ['7368123456789012345', '7368123456789012345', 'session.id=1', null],
      ['7368123456789012345', '0192f0c1-5f6e-7c3a-9d2b-3e4f5a6b7c8d', 'session.id=7368123456789012345', null],
      ['7368123456789012345', '7368123456789012345', 'not baggage', null],
      [null, null, 'userId=alice', null],
    ]);
  });

  it('sends baggage alone, under another key when asked', async () => {
    const { calls, fetchFn } = recordingFetch();
    const target: SessionHeaderTarget = { fetch: fetchFn, location: page };
    propagateSessionHeader({ target, getSessionId: () => '42', headers: [], baggage: 'replay.session' });
    await target.fetch!('/api');
    expect([...calls[0].headers.keys()]).toEqual(['baggage']);
    expect(calls[0].headers.get('baggage')).toBe('replay.session=42');
  });

  it('refuses a header name, a baggage key or an allowed origin that is not one', () => {
    const target: SessionHeaderTarget = { location: page };
    expect(() => propagateSessionHeader({ target, headerName: 'X Session' })).toThrow(/not a valid HTTP header name/);
    expect(() => propagateSessionHeader({ target, headers: ['X-Session-Id', 'X(id)'] })).toThrow(
      /not a valid HTTP header name/
    );
    expect(() => propagateSessionHeader({ target, headers: ['Baggage'] })).toThrow(/`baggage` option/);
    expect(() => propagateSessionHeader({ target, headers: [], headerName: 'X-Id' })).toThrow(/one or the other/);
    expect(() => propagateSessionHeader({ target, baggage: 'session id' })).toThrow(/not a valid baggage key/);
    expect(() => propagateSessionHeader({ target, allowedOrigins: ['https://api.example.com/v1'] })).toThrow(
      /not an origin/
    );
  });
});

describe('propagateSessionHeader with XMLHttpRequest (jsdom, against a local server)', () => {
  let server: Awaited<ReturnType<typeof recordingServer>>;
  let other: Awaited<ReturnType<typeof recordingServer>>;
  beforeAll(async () => {
    [server, other] = await Promise.all([recordingServer(), recordingServer()]);
  });
  afterAll(async () => {
    await Promise.all([server.close(), other.close()]);
  });

  function xhr(window: JSDOM['window'], url: string, headers: Record<string, string> = {}) {
    return new Promise<void>((resolve) => {
      const request = new window.XMLHttpRequest();
      request.open('GET', url);
      for (const [name, value] of Object.entries(headers)) {
        request.setRequestHeader(name, value);
      }
      request.onloadend = () => resolve();
      request.send();
    });
  }

  it('sends the id to the page’s origin, not to another one, and leaves the app’s own value alone', async () => {
    const { window } = new JSDOM('<!doctype html>', { url: `${server.origin}/app` });
    const remove = propagateSessionHeader({
      target: window as unknown as SessionHeaderTarget,
      getSessionId: () => '7368123456789012345',
    });
    await xhr(window, '/api/orders');
    await xhr(window, `${other.origin}/collect`);
    await xhr(window, '/api/own', { 'X-Session-Id': '99' });
    remove();
    await xhr(window, '/api/after');
    window.close();

    expect(server.seen.map((r) => [r.url, r.headers['x-session-id']])).toEqual([
      ['/api/orders', '7368123456789012345'],
      ['/api/own', '99'],
      ['/api/after', undefined],
    ]);
    // The other origin was asked without the id (jsdom sends a simple GET, no preflight).
    expect(other.seen.map((r) => [r.method, r.headers['x-session-id']])).toEqual([['GET', undefined]]);
  });

  it('adds baggage to the app’s own, as XHR combines a repeated header', async () => {
    server.seen.length = 0;
    const { window } = new JSDOM('<!doctype html>', { url: `${server.origin}/app` });
    const remove = propagateSessionHeader({
      target: window as unknown as SessionHeaderTarget,
      getSessionId: () => '7368123456789012345',
      headers: [SESSION_HEADERS.openReplay],
      baggage: true,
    });
    await xhr(window, '/api/plain');
    await xhr(window, '/api/with-baggage', { baggage: 'userId=alice' });
    await xhr(window, '/api/own', { baggage: 'session.id=99', 'openReplaySession.id': '99' });
    remove();
    window.close();

    expect(server.seen.map((r) => [r.url, r.headers['openreplaysession.id'], r.headers.baggage])).toEqual([
      ['/api/plain', '7368123456789012345', 'session.id=7368123456789012345'],
      ['/api/with-baggage', '7368123456789012345', 'userId=alice, session.id=7368123456789012345'],
      ['/api/own', '99', 'session.id=99'],
    ]);
  });
});

import { JSDOM } from 'jsdom';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeSessionIdCases } from '../sessionIdCases';
import {
  legacySessionId,
  mayCarrySessionId,
  propagateSessionHeader,
  sendableSessionId,
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

  it('refuses a header name or an allowed origin that is not one', () => {
    const target: SessionHeaderTarget = { location: page };
    expect(() => propagateSessionHeader({ target, headerName: 'X Session' })).toThrow(/not a valid HTTP header name/);
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
});

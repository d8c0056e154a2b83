import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultProxy, requestComplete } from './faultProxy';

/** An upstream that answers 200 with the request's method, path and body, and counts what reached it. */
async function echoServer() {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`ok ${req.method} ${req.url} ${body}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

type Outcome = { status: number; body: string; ms: number } | { error: string; ms: number };

/** One request without keep-alive; `chunked` sends the body without a length, as Grafana's proxy stand-in does. */
function send(url: string, body = '', options: { timeoutMs?: number; chunked?: boolean } = {}): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request(`${url}/_bulk`, {
      method: 'POST',
      agent: false,
      timeout: options.timeoutMs ?? 5_000,
      headers: options.chunked ? {} : { 'Content-Length': Buffer.byteLength(body) },
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, ms: Date.now() - started }));
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: Date.now() - started }));
    });
    if (options.chunked) {
      req.write(body.slice(0, 2));
      req.end(body.slice(2));
    } else {
      req.end(body);
    }
  });
}

describe('FaultProxy', () => {
  let upstream: Awaited<ReturnType<typeof echoServer>>;
  let proxy: FaultProxy;
  beforeEach(async () => {
    upstream = await echoServer();
    proxy = await FaultProxy.start(upstream.url);
  });
  afterEach(async () => {
    await proxy.close();
    await upstream.close();
  });

  it('passes requests and answers through', async () => {
    expect(await send(proxy.url, 'abc')).toMatchObject({ status: 200, body: 'ok POST /_bulk abc' });
    expect(upstream.seen).toEqual(['POST /_bulk abc']);
  });

  it('refuses connections while nothing listens, and passes again on the same port after', async () => {
    const url = proxy.url;
    await proxy.set({ kind: 'refuse' });
    expect(await send(url, 'x')).toMatchObject({ error: 'ECONNREFUSED' });
    await proxy.set({ kind: 'pass' });
    expect(proxy.url).toBe(url);
    expect(await send(url, 'y')).toMatchObject({ status: 200 });
    expect(upstream.seen).toEqual(['POST /_bulk y']);
  });

  it('resets connections', async () => {
    await proxy.set({ kind: 'reset' });
    expect(await send(proxy.url, 'x')).toMatchObject({ error: 'ECONNRESET' });
    expect(upstream.seen).toEqual([]);
  });

  it('swallows connections in a black hole: the client times out, nothing reaches the upstream', async () => {
    await proxy.set({ kind: 'blackhole' });
    expect(await send(proxy.url, 'x', { timeoutMs: 300 })).toMatchObject({ error: 'ETIMEDOUT' });
    expect(upstream.seen).toEqual([]);
  });

  it('delays every chunk', async () => {
    await proxy.set({ kind: 'delay', ms: 150 });
    const outcome = await send(proxy.url, 'slow');
    expect(outcome).toMatchObject({ status: 200, body: 'ok POST /_bulk slow' });
    // The request's way there and the answer's way back are each delayed.
    expect(outcome.ms).toBeGreaterThanOrEqual(290);
  });

  it('answers the next N requests with a status itself, whole bodies read first (chunked too), then passes', async () => {
    await proxy.set({ kind: 'status', status: 503, count: 2 });
    const first = await send(proxy.url, 'one', { chunked: true });
    expect(first).toMatchObject({ status: 503 });
    expect(JSON.parse((first as { body: string }).body)).toEqual({
      error: { type: 'proxy_fault', reason: 'fault proxy: HTTP 503' },
      status: 503,
    });
    expect(await send(proxy.url, 'two')).toMatchObject({ status: 503 });
    expect(await send(proxy.url, 'three', { chunked: true })).toMatchObject({
      status: 200,
      body: 'ok POST /_bulk three',
    });
    expect(upstream.seen).toEqual(['POST /_bulk three']);
    expect(proxy.answered).toBe(2);
  });

  it('cuts a kept-alive connection when the behaviour changes, so that it cannot slip past it', async () => {
    await proxy.set({ kind: 'blackhole' });
    const hanging = send(proxy.url, 'x', { timeoutMs: 5_000 });
    await new Promise<void>((resolve) => {
      const check = () => (proxy.accepted > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    await proxy.set({ kind: 'pass' });
    expect(await hanging).toMatchObject({ error: 'ECONNRESET' });
  });
});

describe('requestComplete', () => {
  it('needs the whole head and the body its Content-Length names, or the last chunk', () => {
    expect(requestComplete(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nab'))).toBe(false);
    expect(requestComplete(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc'))).toBe(true);
    expect(requestComplete(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n'))).toBe(false);
    expect(requestComplete(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBe(true);
    const chunked = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n';
    expect(requestComplete(Buffer.from(chunked))).toBe(false);
    expect(requestComplete(Buffer.from(`${chunked}0\r\n\r\n`))).toBe(true);
  });
});

/**
 * A TCP proxy for fault tests: it stands between a client (the shipper, Grafana's proxy) and a
 * cluster, and a test switches what it does: pass, refuse connections (nothing listens), reset them,
 * swallow them (a black hole: accepted, never answered), delay every chunk, or answer the next N
 * HTTP requests itself with a status such as 429 or 503. Switching cuts the connections open at the
 * time, so that a kept-alive socket cannot slip past the new behaviour.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  /** Nothing listens on the port: connecting fails with ECONNREFUSED. */
  | { kind: 'refuse' }
  /** Each connection is accepted and reset at once (ECONNRESET). */
  | { kind: 'reset' }
  /** Each connection is accepted, read and never answered. */
  | { kind: 'blackhole' }
  /** Everything is forwarded, each chunk `ms` late (a slow cluster or link). */
  | { kind: 'delay'; ms: number }
  /** The next `count` HTTP requests get this answer from the proxy; later ones pass. */
  | { kind: 'status'; status: number; count: number; body?: string };

const REASONS: Record<number, string> = {
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export class FaultProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private mode: FaultMode = { kind: 'pass' };
  /** Requests answered by the proxy itself in `status` mode. */
  answered = 0;
  /** Connections accepted, whatever the mode. */
  accepted = 0;

  private constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
    private port: number
  ) {}

  /** A proxy on 127.0.0.1 (a free port, or `port`) in front of `upstreamUrl`, passing everything. */
  static async start(upstreamUrl: string, port = 0): Promise<FaultProxy> {
    const upstream = new URL(upstreamUrl);
    const proxy = new FaultProxy(upstream.hostname, Number(upstream.port || 80), port);
    await proxy.listen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get current(): FaultMode {
    return this.mode;
  }

  /** Switches the behaviour; connections open now are reset. */
  async set(mode: FaultMode): Promise<void> {
    this.mode = mode;
    this.answered = 0;
    this.cutAll();
    if (mode.kind === 'refuse') {
      await this.unlisten();
    } else if (!this.server) {
      await this.listen();
    }
  }

  async close(): Promise<void> {
    this.cutAll();
    await this.unlisten();
  }

  private listen(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private unlisten(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private cutAll() {
    for (const socket of this.sockets) {
      // A reset, as a restarting cluster's connections end; but only of a socket open both ways:
      // resetAndDestroy on one the peer has half-closed leaves a handle that spins the event loop
      // (seen on Node 20 after a black hole's client gave up).
      if (socket.readyState === 'open') {
        socket.resetAndDestroy();
      } else {
        socket.destroy();
      }
    }
    this.sockets.clear();
  }

  private track(socket: Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    // A reset from either side is the fault under test, not an error of the proxy.
    socket.on('error', () => socket.destroy());
  }

  private accept(client: Socket) {
    this.accepted++;
    this.track(client);
    const mode = this.mode;
    switch (mode.kind) {
      case 'reset':
        client.resetAndDestroy();
        return;
      case 'blackhole':
        client.resume();
        return;
      case 'status':
        this.answerOrPass(client, mode);
        return;
      case 'delay':
        this.forward(client, Buffer.alloc(0), mode.ms);
        return;
      default:
        this.forward(client, Buffer.alloc(0), 0);
    }
  }

  /** Pipes the client to the upstream (after `head`, bytes already read), each chunk `delayMs` late. */
  private forward(client: Socket, head: Buffer, delayMs: number) {
    const upstream = connect(this.upstreamPort, this.upstreamHost);
    this.track(upstream);
    // Data, ends and closes all go through the same delay, so that they keep their order.
    const later = (fn: () => void) => (delayMs > 0 ? setTimeout(fn, delayMs) : fn());
    const relay = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => later(() => !to.destroyed && to.write(chunk)));
      from.on('end', () => later(() => to.end()));
      from.on('close', () => later(() => to.destroy()));
    };
    if (head.length) {
      later(() => upstream.write(head));
    }
    relay(client, upstream);
    relay(upstream, client);
  }

  /** Reads one HTTP request and answers it with the mode's status, or passes it once the count is used up. */
  private answerOrPass(client: Socket, mode: Extract<FaultMode, { kind: 'status' }>) {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!requestComplete(received)) {
        return;
      }
      client.off('data', onData);
      if (this.mode !== mode || this.answered >= mode.count) {
        this.forward(client, received, 0);
        return;
      }
      this.answered++;
      const body =
        mode.body ??
        JSON.stringify({
          error: { type: 'proxy_fault', reason: `fault proxy: HTTP ${mode.status}` },
          status: mode.status,
        });
      client.end(
        `HTTP/1.1 ${mode.status} ${REASONS[mode.status] ?? 'Fault'}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
      );
    };
    client.on('data', onData);
  }
}

/** Whether `data` holds a whole HTTP/1.1 request: its head and a body of Content-Length bytes or chunked to its end. */
export function requestComplete(data: Buffer): boolean {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) {
    return false;
  }
  const head = data.subarray(0, headEnd).toString('latin1');
  const body = data.subarray(headEnd + 4);
  if (/^transfer-encoding:\s*chunked/im.test(head)) {
    // The last chunk has size 0 (no trailers: Node's and Go's clients send none).
    const text = body.toString('latin1');
    return text === '0\r\n\r\n' || text.endsWith('\r\n0\r\n\r\n');
  }
  const length = /^content-length:\s*(\d+)/im.exec(head);
  return body.length >= (length ? Number(length[1]) : 0);
}

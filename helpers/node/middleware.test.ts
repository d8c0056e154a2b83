import express from 'express';
import Fastify from 'fastify';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressSessionId, fastifySessionId, withSessionId } from './middleware';
import { currentSessionId } from './sessionContext';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a handler sees after awaiting: the id must still be its own request's. */
async function seenByHandler(delayMs: number): Promise<string> {
  await sleep(delayMs);
  await Promise.resolve();
  return currentSessionId() ?? '(none)';
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Concurrent requests with different headers, slowest first, so their handlers interleave. */
async function askConcurrently(base: string) {
  const requests: Array<[Record<string, string>, string]> = [
    [{ 'X-Session-Id': '111', 'X-Delay': '60' }, '111'],
    [{ 'openReplaySession.id': '222', 'X-Delay': '30' }, '222'],
    [{ baggage: 'userId=alice, session.id=444', 'X-Delay': '20' }, '444'],
    [{ 'X-Delay': '10' }, '(none)'],
    [{ 'X-Session-Id': '333]\t[openReplaySession.id=999', 'X-Delay': '0' }, '(none)'],
  ];
  const answers = await Promise.all(requests.map(([headers]) => fetch(base, { headers }).then((r) => r.text())));
  expect(answers).toEqual(requests.map(([, expected]) => expected));
}

describe('the session id middleware keeps each request’s id through its awaits', () => {
  it('Express', async () => {
    const app = express();
    app.use(expressSessionId());
    app.get('/', async (req, res) => {
      res.send(await seenByHandler(Number(req.header('x-delay'))));
    });
    const server = createServer(app);
    try {
      await askConcurrently(await listen(server));
    } finally {
      server.close();
    }
  });

  it('Fastify, on every route whatever the plugin scope', async () => {
    const app = Fastify();
    await app.register(fastifySessionId, {});
    app.get('/', async (request) => seenByHandler(Number(request.headers['x-delay'])));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await askConcurrently(base);
    } finally {
      await app.close();
    }
  });

  it('node:http', async () => {
    const server = createServer(
      withSessionId((req, res) => {
        void seenByHandler(Number(req.headers['x-delay'])).then((id) => res.end(id));
      })
    );
    try {
      await askConcurrently(await listen(server));
    } finally {
      server.close();
    }
  });

  it('reads the configured header with the configured pattern', async () => {
    const server = createServer(
      withSessionId((_req, res) => res.end(currentSessionId() ?? '(none)'), {
        headers: ['X-Replay-Session'],
        pattern: /^[0-9a-f-]{36}$/,
      })
    );
    try {
      const base = await listen(server);
      const ask = (headers: Record<string, string>) => fetch(base, { headers }).then((r) => r.text());
      expect(await ask({ 'X-Replay-Session': '0192f0c1-5f6e-7c3a-9d2b-3e4f5a6b7c8d' })).toBe(
        '0192f0c1-5f6e-7c3a-9d2b-3e4f5a6b7c8d'
      );
      expect(await ask({ 'X-Replay-Session': '123' })).toBe('(none)');
      expect(await ask({ 'X-Session-Id': '123' })).toBe('(none)');
    } finally {
      server.close();
    }
  });
});

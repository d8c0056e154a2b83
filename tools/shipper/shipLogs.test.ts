import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import bulkCreated from '../../tests/fixtures/elasticsearch/bulk-created.json';
import info8 from '../../tests/fixtures/elasticsearch/info-8.14.1.json';
import { shipLogs, untilAborted, type ShipOptions } from './shipLogs';

interface Bulk {
  actions: Array<{ create: { _index: string; _id: string; pipeline?: string } }>;
  docs: Array<Record<string, unknown>>;
}

/** What the recorded cluster does with the n-th bulk request (0-based). */
type Behaviour = (bulk: Bulk, n: number, res: ServerResponse) => void;

const ES_HEADERS = { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch' };
const CREATED = bulkCreated.items[0].index;

/** Answers every document as created (the recorded item), after `delayMs`. */
const createdAfter =
  (delayMs = 0): Behaviour =>
  (bulk, _n, res) =>
    setTimeout(
      () =>
        res
          .writeHead(200, ES_HEADERS)
          .end(JSON.stringify({ ...bulkCreated, items: bulk.actions.map(() => ({ create: CREATED })) })),
      delayMs
    );

function answerItems(res: ServerResponse, statuses: number[], error?: Record<string, unknown>) {
  res.writeHead(200, ES_HEADERS).end(
    JSON.stringify({
      errors: statuses.some((s) => s >= 300),
      items: statuses.map((status) => ({ create: status < 300 ? { ...CREATED, status } : { status, error } })),
    })
  );
}

/** A recorded Elasticsearch `_bulk` endpoint; every request is kept, answered as `behaviour` says. */
async function recordedElasticsearch(behaviour: Behaviour) {
  const bulks: Bulk[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const lines = body
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      if (!req.url?.startsWith('/_bulk')) {
        // GET / as Elasticsearch 8 answers it; a refresh.
        res.writeHead(200, ES_HEADERS).end(JSON.stringify(req.url === '/' ? info8 : {}));
        return;
      }
      const bulk = {
        actions: lines.filter((_, i) => i % 2 === 0) as Bulk['actions'],
        docs: lines.filter((_, i) => i % 2 === 1),
      };
      bulks.push(bulk);
      behaviour(bulk, bulks.length - 1, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bulks,
    /** Every document the cluster was sent, retries included. */
    sent: () => bulks.flatMap((b) => b.docs.map((d) => d.message)),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Fast retries, so that the tests do not wait out real backoff. */
const FAST: Partial<ShipOptions> = { backoff: { initialMs: 10, maxMs: 40, factor: 2 } };

function lines(n: number, from = 0): string {
  return Array.from({ length: n }, (_, i) => `ERROR line ${from + i}\n`).join('');
}

async function* chunks(...parts: string[]) {
  yield* parts;
}

describe('shipLogs to Elasticsearch (recorded responses)', () => {
  it('sends create actions with ids and the pipeline, every line included', async () => {
    const es = await recordedElasticsearch(createdAfter());
    try {
      const result = await shipLogs({
        url: es.url,
        index: 'logs-x',
        pipeline: 'p',
        service: 'api',
        level: 'error',
        input: chunks(
          '{"message":"a","log":{"level":"error"}}\n[openReplaySession.id=5] b\n    at f (x.js:1:1)\n',
          'ERROR c'
        ),
      });
      expect(result).toMatchObject({ read: 3, shipped: 3, refused: 0, dropped: 0, unsent: 0, failed: 0 });
      const actions = es.bulks.flatMap((b) => b.actions);
      expect(actions.map((a) => ({ ...a.create, _id: undefined }))).toEqual(
        new Array(3).fill({ _index: 'logs-x', pipeline: 'p', _id: undefined })
      );
      // One id each, distinct: a retry of the same document is recognised by the cluster (409).
      expect(new Set(actions.map((a) => a.create._id)).size).toBe(3);
      expect(es.sent()).toEqual(['a', '[openReplaySession.id=5] b\n    at f (x.js:1:1)', 'c']);
    } finally {
      await es.close();
    }
  });

  it('ships a line read while the flush timer and the end of input both wait for a busy request (the bulk helpers lost it)', async () => {
    // The vendors' bulk helpers keep one waiter for their single request slot: the timer's partial
    // bulk and the final one both waited on it, and the timer's was never sent.
    const es = await recordedElasticsearch(createdAfter(300));
    try {
      // An event is passed on when the next line shows it has no continuation lines: each line
      // below goes out 100 ms after it is written, the last one at the end of the input.
      async function* input() {
        yield 'ERROR one\n';
        await wait(100);
        yield 'ERROR two\n'; // "one" goes out; 40 ms later the timer sends it, answered after 300 ms
        await wait(100);
        yield 'ERROR three\n'; // "two" goes out; the timer's partial bulk with it waits for the busy slot
        await wait(100);
        yield 'ERROR four\n'; // "three" and "four" go out, the input ends: the final bulk waits too
      }
      const result = await shipLogs({ url: es.url, index: 'logs-x', input: input(), flushIntervalMs: 40 });
      expect(es.sent().sort()).toEqual(['four', 'one', 'three', 'two']);
      expect(result).toMatchObject({ read: 4, shipped: 4, unsent: 0 });
    } finally {
      await es.close();
    }
  });

  it('blocks its input when the buffer is full: it reads no further ahead of the cluster than the buffer holds', async () => {
    const es = await recordedElasticsearch(createdAfter(30));
    try {
      let pulled = 0;
      const settledWhenPulled: number[] = [];
      async function* input() {
        for (let i = 0; i < 60; i++) {
          pulled++;
          settledWhenPulled.push(es.bulks.length ? es.bulks.slice(0, -1).reduce((n, b) => n + b.docs.length, 0) : 0);
          yield `ERROR line ${i} ${'x'.repeat(200)}\n`;
        }
      }
      // A line is about 300 bytes with its action: the buffer holds ten, a bulk about four.
      const result = await shipLogs({
        url: es.url,
        index: 'logs-x',
        input: input(),
        flushBytes: 1200,
        bufferBytes: 3000,
      });
      expect(result).toMatchObject({ read: 60, shipped: 60, dropped: 0 });
      expect(pulled).toBe(60);
      // At every pull, what was read and not yet answered stays within the buffer (plus the line in hand).
      const ahead = settledWhenPulled.map((settled, i) => i - settled);
      expect(Math.max(...ahead)).toBeLessThanOrEqual(11 + 4);
      expect(es.bulks.length).toBeGreaterThanOrEqual(12);
    } finally {
      await es.close();
    }
  });

  it('with --when-full drop, reads on while the cluster is away, drops the newest lines past the buffer and counts them', async () => {
    let away = true;
    const es = await recordedElasticsearch((bulk, n, res) =>
      away ? res.writeHead(503, ES_HEADERS).end('{"error":"unavailable"}') : createdAfter()(bulk, n, res)
    );
    try {
      async function* input() {
        yield lines(100, 0); // read at once, before any request: what does not fit is dropped
        await wait(200); // the first bulk, sent after 10 ms, is answered 503 until then
        away = false;
      }
      const result = await shipLogs({
        ...FAST,
        url: es.url,
        index: 'logs-x',
        input: input(),
        bufferBytes: 2000,
        whenFull: 'drop',
        flushIntervalMs: 10,
      });
      expect(result.read).toBe(100);
      expect(result.dropped).toBeGreaterThan(50);
      expect(result.shipped + result.dropped).toBe(100);
      // The oldest lines are kept, the newest dropped.
      const shipped = [...new Set(es.sent())];
      expect(shipped).toEqual(Array.from({ length: result.shipped }, (_, i) => `line ${i}`));
      expect(result.retries).toBeGreaterThan(0);
    } finally {
      await es.close();
    }
  });

  it('retries whole requests answered 429, 502, 503 or 504, and a reset connection, until they are taken', async () => {
    const es = await recordedElasticsearch((bulk, n, res) => {
      if (n === 0) {
        res.socket?.resetAndDestroy();
      } else if (n <= 4) {
        res.writeHead([429, 502, 503, 504][n - 1], ES_HEADERS).end('{}');
      } else {
        createdAfter()(bulk, n, res);
      }
    });
    try {
      const result = await shipLogs({ ...FAST, url: es.url, index: 'logs-x', input: chunks(lines(5)) });
      expect(result).toMatchObject({ read: 5, shipped: 5, retries: 5, unsent: 0 });
      expect(es.bulks.map((b) => b.docs.length)).toEqual([5, 5, 5, 5, 5, 5]);
    } finally {
      await es.close();
    }
  });

  it('retries only the items rejected for a transient reason; a permanent refusal is counted, never retried, and the rest of its batch ships', async () => {
    const mappingError = {
      type: 'document_parsing_exception',
      reason: '[1:10] failed to parse field [amount] of type [long]',
    };
    const es = await recordedElasticsearch((bulk, n, res) => {
      if (n === 0) {
        answerItems(res, [201, 429, 400, 503, 201], mappingError);
      } else {
        answerItems(
          res,
          bulk.actions.map(() => 201)
        );
      }
    });
    try {
      const result = await shipLogs({ ...FAST, url: es.url, index: 'logs-x', input: chunks(lines(5)) });
      expect(result).toMatchObject({ read: 5, shipped: 4, refused: 1, failed: 1, unsent: 0, retries: 1 });
      expect(result.firstRefusal).toContain(
        'HTTP 400 document_parsing_exception: [1:10] failed to parse field [amount]'
      );
      expect(es.bulks[1].docs.map((d) => d.message)).toEqual(['line 1', 'line 3']);
    } finally {
      await es.close();
    }
  });

  it('counts a document answered 409 on a retry as shipped: an attempt whose answer was lost had written it', async () => {
    const written = new Set<string>();
    const es = await recordedElasticsearch((bulk, n, res) => {
      const statuses = bulk.actions.map((a) => (written.has(a.create._id) ? 409 : 201));
      bulk.actions.forEach((a) => written.add(a.create._id));
      if (n === 0) {
        // Written, but the answer never arrives.
        res.socket?.destroy();
        return;
      }
      answerItems(res, statuses, { type: 'version_conflict_engine_exception', reason: 'document already exists' });
    });
    try {
      const result = await shipLogs({ ...FAST, url: es.url, index: 'logs-x', input: chunks(lines(3)) });
      expect(result).toMatchObject({ read: 3, shipped: 3, refused: 0, retries: 1 });
      expect(written.size).toBe(3);
    } finally {
      await es.close();
    }
  });

  it('gives a batch up after --max-retry-time, counting its lines unsent with the reason', async () => {
    const es = await recordedElasticsearch((_bulk, _n, res) => res.writeHead(503, ES_HEADERS).end('{}'));
    try {
      const started = Date.now();
      const result = await shipLogs({
        ...FAST,
        url: es.url,
        index: 'logs-x',
        input: chunks(lines(4)),
        maxRetryTimeMs: 300,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(result).toMatchObject({ read: 4, shipped: 0, unsent: 4 });
      expect(result.unsentReason).toMatch(/^retried for 0 s \(--max-retry-time\): HTTP 503$/);
      expect(es.bulks.length).toBeGreaterThan(2);
    } finally {
      await es.close();
    }
  });

  it('stops retrying at the drain deadline (the signal), counting what the cluster never took', async () => {
    const es = await recordedElasticsearch((_bulk, _n, res) => res.writeHead(503, ES_HEADERS).end('{}'));
    const stop = new AbortController();
    try {
      async function* input() {
        yield lines(6);
        await new Promise(() => undefined); // the service never closes its output
      }
      setTimeout(() => stop.abort(), 300);
      const result = await shipLogs({
        url: es.url,
        index: 'logs-x',
        input: input(),
        signal: stop.signal,
        // Long waits between retries: the deadline must cut one short.
        backoff: { initialMs: 60_000, maxMs: 60_000, factor: 1 },
      });
      expect(result).toMatchObject({ read: 6, shipped: 0, unsent: 6 });
      expect(result.unsentReason).toBe('the drain timeout ran out while the cluster was failing (HTTP 503)');
    } finally {
      await es.close();
    }
  });

  it('stops at a refusal that no retry can fix (HTTP 401), reading no further, every line counted unsent', async () => {
    const es = await recordedElasticsearch((_bulk, _n, res) =>
      res.writeHead(401, ES_HEADERS).end('{"error":{"type":"security_exception"}}')
    );
    try {
      async function* input() {
        yield lines(3);
        await new Promise(() => undefined); // an input still open: the shipper must not wait for it
      }
      const result = await shipLogs({ ...FAST, url: es.url, index: 'logs-x', input: input(), flushIntervalMs: 10 });
      expect(result).toMatchObject({ read: 3, shipped: 0, unsent: 3 });
      expect(result.unsentReason).toContain('the cluster refused the credentials (HTTP 401)');
      expect(es.bulks.length).toBe(1);
    } finally {
      await es.close();
    }
  });
});

describe('untilAborted', () => {
  it('stops a pending read when the signal fires, and passes everything before it', async () => {
    const stop = new AbortController();
    async function* slow() {
      yield 1;
      yield 2;
      await new Promise((r) => setTimeout(r, 2_000).unref());
      yield 3;
    }
    const seen: number[] = [];
    setTimeout(() => stop.abort(), 50);
    for await (const n of untilAborted(slow(), stop.signal)) {
      seen.push(n);
    }
    expect(seen).toEqual([1, 2]);
  });
});

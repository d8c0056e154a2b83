import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bulkCreated from '../../tests/fixtures/elasticsearch/bulk-created.json';
import info8 from '../../tests/fixtures/elasticsearch/info-8.14.1.json';
import { shipLogs, untilAborted } from './shipLogs';

/**
 * A recorded Elasticsearch 8 for the shipper: `GET /` and `_bulk`, whose answer repeats the recorded
 * item once per document sent. Each bulk answer waits `delayMs`, as a busy cluster does.
 */
async function recordedElasticsearch(delayMs = 0) {
  const bulks: Array<{ actions: Array<Record<string, unknown>>; docs: Array<Record<string, unknown>> }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const headers = { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch' };
      if (req.url === '/') {
        res.writeHead(200, headers).end(JSON.stringify(info8));
        return;
      }
      const lines = body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const actions = lines.filter((_, i) => i % 2 === 0);
      bulks.push({ actions, docs: lines.filter((_, i) => i % 2 === 1) });
      const item = bulkCreated.items[0];
      setTimeout(() => {
        res.writeHead(200, headers).end(JSON.stringify({ ...bulkCreated, items: actions.map(() => item) }));
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bulks,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('shipLogs to Elasticsearch (recorded responses)', () => {
  it('sends create actions with the pipeline through the Elasticsearch bulk helper, every line included', async () => {
    const es = await recordedElasticsearch();
    try {
      async function* input() {
        yield '{"message":"a","log":{"level":"error"}}\n[openReplaySession.id=5] b\n    at f (x.js:1:1)\n';
        yield 'ERROR c'; // the last line has no newline: shipped all the same
      }
      const result = await shipLogs({
        url: es.url,
        index: 'logs-x',
        pipeline: 'p',
        service: 'api',
        level: 'error',
        input: input(),
      });
      expect(result).toEqual({ read: 3, shipped: 3, failed: 0, firstError: undefined });
      const actions = es.bulks.flatMap((b) => b.actions);
      expect(actions).toEqual(new Array(3).fill({ create: { _index: 'logs-x', pipeline: 'p' } }));
      expect(es.bulks.flatMap((b) => b.docs).map((d) => d.message)).toEqual([
        'a',
        '[openReplaySession.id=5] b\n    at f (x.js:1:1)',
        'c',
      ]);
    } finally {
      await es.close();
    }
  });

  it('reads the input no faster than the cluster takes it (back-pressure)', async () => {
    const es = await recordedElasticsearch(50);
    try {
      let pulled = 0;
      const shippedWhenPulled: number[] = [];
      async function* input() {
        for (let i = 0; i < 40; i++) {
          pulled++;
          shippedWhenPulled.push(es.bulks.reduce((n, b) => n + b.docs.length, 0));
          yield `ERROR line ${i} ${'x'.repeat(200)}\n`;
        }
      }
      // Small bulks: about four lines each.
      const result = await shipLogs({ url: es.url, index: 'logs-x', input: input(), flushBytes: 1000 });
      expect(result.shipped).toBe(40);
      expect(pulled).toBe(40);
      // At every pull, what was read but not yet sent stays within a couple of bulks.
      const ahead = shippedWhenPulled.map((sent, i) => i - sent);
      expect(Math.max(...ahead)).toBeLessThanOrEqual(12);
      expect(es.bulks.length).toBeGreaterThanOrEqual(8);
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

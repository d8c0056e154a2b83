import { FaultProxy } from '../../tools/faultProxy/faultProxy';
import { startShipperCli, until, writeLines, type ShipperProcess } from '../../tools/shipper/shipperProcess';
import { engineUrl } from './harness';

/**
 * The shipper's command line against the engine through a TCP proxy the test controls: the cluster
 * refuses, resets, swallows or delays connections, or answers 429 and 503. Each test counts the
 * documents in the index against the lines written: equal, or exactly the drops it reported.
 */

jest.setTimeout(30_000);

let proxy: FaultProxy;
let started: ShipperProcess[] = [];
beforeEach(async () => {
  proxy = await FaultProxy.start(engineUrl());
});
afterEach(async () => {
  // A test that failed half-way leaves its shipper waiting on stdin: end it, this test's own child.
  for (const shipper of started) {
    if (shipper.child.exitCode === null && shipper.child.signalCode === null) {
      shipper.child.kill('SIGKILL');
    }
    await shipper.exited;
  }
  started = [];
  await proxy.close();
});

const line = (n: number) => `[openReplaySession.id=${1000 + (n % 7)}] payment failed for order ${n}`;

function ship(index: string, extra: string[] = [], via: 'npm' | 'node' = 'npm'): ShipperProcess {
  const shipper = startShipperCli(['--url', proxy.url, '--index', index, '--level', 'error', ...extra], via);
  started.push(shipper);
  return shipper;
}

async function countOf(index: string): Promise<number> {
  await fetch(`${engineUrl()}/${index}/_refresh`, { method: 'POST' });
  const response = await fetch(`${engineUrl()}/${index}/_count`);
  return response.status === 404 ? 0 : ((await response.json()) as { count: number }).count;
}

/** The one summary line: shipped, read, and what was not shipped. */
function summaryOf(stderr: string) {
  const match = /^Shipped (\d+) of (\d+) events to \S+(?:; (\d+) NOT shipped: (.*))?$/m.exec(stderr);
  expect(match).not.toBeNull();
  return { shipped: Number(match![1]), read: Number(match![2]), notShipped: Number(match![3] ?? 0), why: match![4] };
}

describe('npm run ship through cluster faults', () => {
  it('outage mid-stream (refused, then reset): keeps reading, retries, and ships every line once', async () => {
    const index = 'logs-e2e-shipfault-midstream';
    const shipper = ship(index, ['--status-interval', '1']);
    await shipper.waitForStderr(/Shipping stdin/);
    await writeLines(shipper.child, line, 0, 4_000);
    await until(() => proxy.accepted > 0, 'the first bulk');
    await proxy.set({ kind: 'refuse' });
    // The service goes on writing through the outage: the shipper reads it into its buffer.
    await writeLines(shipper.child, line, 4_000, 6_000);
    // The bulk in flight when the outage began was cut (ECONNRESET); later ones are refused.
    await shipper.waitForStderr(/cluster unreachable: ECONNREFUSED/);
    const acceptedBefore = proxy.accepted;
    await proxy.set({ kind: 'reset' });
    await until(() => proxy.accepted > acceptedBefore, 'a reset attempt');
    await proxy.set({ kind: 'pass' });
    await shipper.waitForStderr(/cluster answering again after/);
    await writeLines(shipper.child, line, 10_000, 2_000);
    shipper.child.stdin!.end();
    expect(await shipper.exited).toBe(0);
    // It read on through the outage: the status lines show the lines written meanwhile held in its buffer.
    const bufferedInOutage = [...shipper.stderr().matchAll(/buffered (\d+) .*cluster unreachable/g)].map((m) =>
      Number(m[1])
    );
    expect(Math.max(...bufferedInOutage)).toBeGreaterThanOrEqual(6_000);
    expect(summaryOf(shipper.stderr())).toEqual({ shipped: 12_000, read: 12_000, notShipped: 0, why: undefined });
    expect(await countOf(index)).toBe(12_000);
  });

  it('outage before the first bulk: waits for the cluster instead of failing, then ships everything', async () => {
    const index = 'logs-e2e-shipfault-start';
    await proxy.set({ kind: 'refuse' });
    const shipper = ship(index);
    await shipper.waitForStderr(/Shipping stdin/);
    await writeLines(shipper.child, line, 0, 2_000);
    await shipper.waitForStderr(/cluster failing \(ECONNREFUSED\)/);
    await proxy.set({ kind: 'pass' });
    shipper.child.stdin!.end();
    expect(await shipper.exited).toBe(0);
    expect(summaryOf(shipper.stderr()).shipped).toBe(2_000);
    expect(await countOf(index)).toBe(2_000);
  });

  it('a black hole (no answer): abandons the request after --request-timeout, retries, loses nothing', async () => {
    const index = 'logs-e2e-shipfault-blackhole';
    const shipper = ship(index, ['--request-timeout', '1']);
    await shipper.waitForStderr(/Shipping stdin/);
    await proxy.set({ kind: 'blackhole' });
    await writeLines(shipper.child, line, 0, 1_500);
    await shipper.waitForStderr(/cluster failing \(ETIMEDOUT\)/);
    await proxy.set({ kind: 'pass' });
    shipper.child.stdin!.end();
    expect(await shipper.exited).toBe(0);
    expect(await countOf(index)).toBe(1_500);
  });

  it('a slow cluster and a small buffer: blocks its input (the writer waits, never gets EPIPE) and ships every line', async () => {
    const index = 'logs-e2e-shipfault-slow';
    await proxy.set({ kind: 'delay', ms: 50 });
    const shipper = ship(index, ['--buffer-bytes', '64kb']);
    await shipper.waitForStderr(/Shipping stdin/);
    // 480 KB of text (1.7 MB as bulk actions): more than the buffer, the pipe and the streams' own buffers hold.
    const blocked = await writeLines(shipper.child, line, 0, 8_000, 100);
    shipper.child.stdin!.end();
    expect(await shipper.exited).toBe(0);
    expect(blocked).toBeGreaterThan(0);
    expect(await countOf(index)).toBe(8_000);
  });

  it('the engine answering 429, then 503: retried until taken, every line once', async () => {
    const index = 'logs-e2e-shipfault-busy';
    await proxy.set({ kind: 'status', status: 429, count: 2 });
    const shipper = ship(index);
    await shipper.waitForStderr(/Shipping stdin/);
    await writeLines(shipper.child, line, 0, 1_000);
    await until(() => proxy.answered === 2, 'two 429 answers');
    await proxy.set({ kind: 'status', status: 503, count: 2 });
    await until(() => proxy.answered === 2, 'two 503 answers');
    await writeLines(shipper.child, line, 1_000, 1_000);
    shipper.child.stdin!.end();
    expect(await shipper.exited).toBe(0);
    expect(shipper.stderr()).toContain('cluster failing (HTTP 429)');
    expect(await countOf(index)).toBe(2_000);
  });

  it('--when-full drop during an outage: drops the newest lines, counts them, exits 1 saying so', async () => {
    const index = 'logs-e2e-shipfault-drop';
    await proxy.set({ kind: 'refuse' });
    const shipper = ship(index, ['--buffer-bytes', '100kb', '--when-full', 'drop']);
    await shipper.waitForStderr(/Shipping stdin/);
    await writeLines(shipper.child, line, 0, 3_000);
    await shipper.waitForStderr(/cluster failing/);
    await proxy.set({ kind: 'pass' });
    shipper.child.stdin!.end();
    expect(await shipper.exited).toBe(1);
    const summary = summaryOf(shipper.stderr());
    expect(summary.read).toBe(3_000);
    expect(summary.notShipped).toBeGreaterThan(1_000);
    expect(summary.why).toBe(`${summary.notShipped} dropped because the buffer was full (--when-full drop)`);
    expect(await countOf(index)).toBe(3_000 - summary.notShipped);
  });

  it('SIGTERM during an outage: retries until --drain-timeout, then exits 1 naming what it could not ship', async () => {
    const index = 'logs-e2e-shipfault-sigterm';
    const shipper = ship(index, ['--drain-timeout', '2'], 'node');
    await shipper.waitForStderr(/Shipping stdin/);
    await proxy.set({ kind: 'refuse' });
    await writeLines(shipper.child, line, 0, 1_000);
    await shipper.waitForStderr(/cluster failing \(ECONNREFUSED\)/);
    const signalledAt = Date.now();
    shipper.child.kill('SIGTERM');
    // stdin stays open: the service has not exited.
    expect(await shipper.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(6_000);
    expect(summaryOf(shipper.stderr())).toEqual({
      shipped: 0,
      read: 1_000,
      notShipped: 1_000,
      why: '1000 unsent: the drain timeout ran out while the cluster was failing (ECONNREFUSED)',
    });
    shipper.child.stdin!.destroy();
    expect(await countOf(index)).toBe(0);
  });

  it('SIGTERM during an outage that ends within --drain-timeout: ships everything and exits 0', async () => {
    const index = 'logs-e2e-shipfault-sigterm-recovers';
    const shipper = ship(index, ['--drain-timeout', '20'], 'node');
    await shipper.waitForStderr(/Shipping stdin/);
    await proxy.set({ kind: 'refuse' });
    await writeLines(shipper.child, line, 0, 1_000);
    await shipper.waitForStderr(/cluster failing \(ECONNREFUSED\)/);
    shipper.child.kill('SIGTERM');
    await shipper.waitForStderr(/Stopping: reading and retrying for at most 20 s/);
    await writeLines(shipper.child, line, 1_000, 500);
    shipper.child.stdin!.end();
    await proxy.set({ kind: 'pass' });
    expect(await shipper.exited).toBe(0);
    expect(summaryOf(shipper.stderr()).shipped).toBe(1_500);
    expect(await countOf(index)).toBe(1_500);
  });

  it('a document the engine refuses for good (mapping conflict): counted and reported, the rest of its batch shipped', async () => {
    const index = 'logs-e2e-shipfault-mapping';
    const created = await fetch(`${engineUrl()}/${index}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mappings: { properties: { amount: { type: 'long' } } } }),
    });
    expect(created.status).toBe(200);
    const shipper = ship(index);
    await shipper.waitForStderr(/Shipping stdin/);
    const json = (n: number) =>
      JSON.stringify({ message: `order ${n}`, amount: n % 100 === 0 ? 'not a number' : n, log: { level: 'error' } });
    await writeLines(shipper.child, json, 0, 1_000);
    shipper.child.stdin!.end();
    expect(await shipper.exited).toBe(1);
    const summary = summaryOf(shipper.stderr());
    expect(summary).toMatchObject({ shipped: 990, read: 1_000, notShipped: 10 });
    expect(summary.why).toMatch(
      /^10 refused by the cluster \(first: HTTP 400 mapper_parsing_exception: failed to parse field \[amount\]/
    );
    expect(await countOf(index)).toBe(990);
  });
});

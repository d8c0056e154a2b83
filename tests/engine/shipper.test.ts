import { spawn } from 'node:child_process';
import path from 'node:path';
import { engineUrl } from './harness';

/** The shipper's command line against the engine: stopped by SIGTERM, it loses no line it read. */

const ROOT = path.resolve(__dirname, '../..');

function startShipper(index: string, drainTimeoutS: number) {
  const child = spawn(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    [
      'tools/shipper/cli.ts',
      '--url',
      engineUrl(),
      '--index',
      index,
      '--level',
      'error',
      '--drain-timeout',
      String(drainTimeoutS),
    ],
    { cwd: ROOT, stdio: ['pipe', 'ignore', 'pipe'] }
  );
  let stderr = '';
  let markReady: () => void;
  // Signals are handled once the shipper says it is shipping (its modules take a moment to load).
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (stderr.includes('Shipping stdin')) {
      markReady();
    }
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr }))
  );
  return { child, exited, ready };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function countOf(index: string): Promise<number> {
  await fetch(`${engineUrl()}/${index}/_refresh`, { method: 'POST' });
  const response = await fetch(`${engineUrl()}/${index}/_count`);
  return ((await response.json()) as { count: number }).count;
}

function batch(from: number, n: number): string {
  return Array.from(
    { length: n },
    (_, i) => `[openReplaySession.id=${1000 + ((from + i) % 7)}] failure ${from + i}\n`
  ).join('');
}

describe('npm run ship', () => {
  it('after SIGTERM, keeps reading until its input ends, then ships every line', async () => {
    const index = 'logs-e2e-shipper-drain';
    const { child, exited, ready } = startShipper(index, 30);
    await ready;
    child.stdin!.write(batch(0, 1000));
    await sleep(300);
    child.stdin!.write(batch(1000, 1000));
    child.kill('SIGTERM');
    // The service is still writing its last lines while it shuts down.
    await sleep(300);
    child.stdin!.write(batch(2000, 500));
    child.stdin!.end(batch(2500, 500));
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(stderr).toContain(`Shipped 3000 of 3000 events to ${index}`);
    expect(await countOf(index)).toBe(3000);
  });

  it('with an input that never ends, stops after the drain timeout and ships all it read', async () => {
    const index = 'logs-e2e-shipper-timeout';
    const { child, exited, ready } = startShipper(index, 1);
    await ready;
    child.stdin!.write(batch(0, 700));
    await sleep(500);
    child.kill('SIGINT');
    const { code, stderr } = await exited;
    child.stdin!.destroy();
    expect(code).toBe(0);
    const match = /Shipped (\d+) of (\d+) events/.exec(stderr);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(match![2]);
    expect(Number(match![1])).toBe(700);
    expect(await countOf(index)).toBe(700);
  });
});

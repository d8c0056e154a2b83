import { startShipperCli, writeLines, type ShipperProcess } from '../../tools/shipper/shipperProcess';
import { engineUrl } from './harness';

/**
 * The shipper's command line against the engine: stopped by SIGTERM, it loses no line it read. Run
 * as the `ship` script runs it (node with tsx's loader: no signal relay in between); the test waits
 * for the shipper's own "Stopping" line rather than for time to pass.
 */

let started: ShipperProcess[] = [];
afterEach(async () => {
  for (const shipper of started) {
    if (shipper.child.exitCode === null && shipper.child.signalCode === null) {
      shipper.child.kill('SIGKILL');
    }
    await shipper.exited;
  }
  started = [];
});

function startShipper(index: string, drainTimeoutS: number): ShipperProcess {
  const shipper = startShipperCli(
    ['--url', engineUrl(), '--index', index, '--level', 'error', '--drain-timeout', String(drainTimeoutS)],
    'node'
  );
  started.push(shipper);
  return shipper;
}

async function countOf(index: string): Promise<number> {
  await fetch(`${engineUrl()}/${index}/_refresh`, { method: 'POST' });
  const response = await fetch(`${engineUrl()}/${index}/_count`);
  return ((await response.json()) as { count: number }).count;
}

const line = (n: number) => `[openReplaySession.id=${1000 + (n % 7)}] failure ${n}`;

describe('npm run ship', () => {
  it('after SIGTERM, keeps reading until its input ends, then ships every line', async () => {
    const index = 'logs-e2e-shipper-drain';
    const shipper = startShipper(index, 30);
    await shipper.waitForStderr(/Shipping stdin/);
    await writeLines(shipper.child, line, 0, 2_000);
    shipper.child.kill('SIGTERM');
    await shipper.waitForStderr(/Stopping: reading and retrying for at most 30 s/);
    // The service is still writing its last lines while it shuts down.
    await writeLines(shipper.child, line, 2_000, 1_000);
    shipper.child.stdin!.end();
    expect(await shipper.exited).toBe(0);
    expect(shipper.stderr()).toMatch(new RegExp(`^Shipped 3000 of 3000 events to ${index}$`, 'm'));
    expect(await countOf(index)).toBe(3000);
  });

  it('with an input that never ends, stops after the drain timeout and ships all it read', async () => {
    const index = 'logs-e2e-shipper-timeout';
    const shipper = startShipper(index, 1);
    await shipper.waitForStderr(/Shipping stdin/);
    await writeLines(shipper.child, line, 0, 700);
    shipper.child.kill('SIGINT');
    expect(await shipper.exited).toBe(0);
    shipper.child.stdin!.destroy();
    expect(shipper.stderr()).toMatch(new RegExp(`^Shipped 700 of 700 events to ${index}$`, 'm'));
    expect(await countOf(index)).toBe(700);
  });
});

/**
 * Test support: the shipper's command line as a child process, fed on stdin as a service feeds it,
 * its stderr watched (tests/engine/shipper*.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface ShipperProcess {
  child: ChildProcess;
  stderr(): string;
  /** Resolves once stderr matches (what came before included); rejects if the shipper exits first or after `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The exit code, once the process has exited and its stderr is read to the end. */
  exited: Promise<number | null>;
}

/**
 * Starts `npm run -s ship -- <args>` (`via: 'npm'`), or, for tests that signal it, the command the
 * `ship` script runs: `node --import tsx tools/shipper/cli.ts` (`via: 'node'`). Not through npm,
 * which on SIGTERM hands the signal on and exits at once (its exit code is not the shipper's), nor
 * through tsx's command line, whose relay SIGKILLs a child that has not acknowledged the signal
 * within 30 ms (on a loaded machine, the shipper died before it could drain).
 */
export function startShipperCli(args: string[], via: 'npm' | 'node' = 'npm'): ShipperProcess {
  const [command, commandArgs] =
    via === 'npm'
      ? ['npm', ['run', '-s', 'ship', '--', ...args]]
      : [process.execPath, ['--import', 'tsx', 'tools/shipper/cli.ts', ...args]];
  const child = spawn(command, commandArgs, { cwd: ROOT, stdio: ['pipe', 'ignore', 'pipe'] });
  // A test that ends early closes stdin: the shipper's EPIPE-free exit is its business, not an error here.
  child.stdin!.on('error', () => undefined);
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    listeners.forEach((l) => l());
  });
  const exited = (async () => {
    const [code] = (await once(child, 'close')) as [number | null];
    listeners.forEach((l) => l());
    return code;
  })();
  let done = false;
  void exited.then(() => (done = true));
  const waitForStderr = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no ${pattern} on stderr in ${timeoutMs} ms:\n${stderr}`)),
        timeoutMs
      );
      const check = () => {
        const match = pattern.exec(stderr);
        if (match) {
          finish(undefined, match);
        } else if (done) {
          finish(new Error(`the shipper exited before ${pattern} on stderr:\n${stderr}`));
        }
      };
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) {
          reject(error);
        } else {
          resolve(match!);
        }
      };
      listeners.add(check);
      check();
    });
  return { child, stderr: () => stderr, waitForStderr, exited };
}

/** Writes numbered lines in chunks as a service does, waiting whenever the pipe is full; returns how often it was. */
export async function writeLines(
  child: ChildProcess,
  line: (n: number) => string,
  from: number,
  count: number,
  perWrite = 500
): Promise<number> {
  let blocked = 0;
  for (let n = from; n < from + count; n += perWrite) {
    const text = Array.from({ length: Math.min(perWrite, from + count - n) }, (_, i) => `${line(n + i)}\n`).join('');
    if (!child.stdin!.write(text)) {
      blocked++;
      await once(child.stdin!, 'drain');
    }
  }
  return blocked;
}

/** Polls until `condition` holds (a proxy's counter), failing after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

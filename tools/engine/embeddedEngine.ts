import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** Starts and stops the embedded OpenSearch 2.19 (engine/, a Maven project) for development and tests. */

const ENGINE_DIR = path.resolve(__dirname, '../../engine');
const CLASSPATH_FILE = path.join(ENGINE_DIR, 'target', 'classpath.txt');
const MAIN_CLASS = 'dev.sessionreplay.engine.EmbeddedOpenSearch';

export interface EngineOptions {
  /** HTTP port; 0 or undefined picks a free one. */
  port?: number;
  heapMb?: number;
  /** Print the engine's output. */
  verbose?: boolean;
  /** Give up if the engine is not ready within this many ms. */
  startTimeoutMs?: number;
}

export interface RunningEngine {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Compiles the launcher and writes its class path, once (Maven fetches the jars on first use). */
export function ensureEngineBuilt(): void {
  if (existsSync(CLASSPATH_FILE) && existsSync(path.join(ENGINE_DIR, 'target', 'classes', 'dev'))) {
    return;
  }
  const result = spawnSync('mvn', ['-B', '-q', 'compile'], { cwd: ENGINE_DIR, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`Building the embedded engine failed (mvn compile in ${ENGINE_DIR} exited ${result.status}).`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
      );
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The embedded engine exited with code ${child.exitCode} before it was ready.`);
    }
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=5s`);
      if (response.ok) {
        const health = (await response.json()) as { status: string };
        if (health.status === 'green' || health.status === 'yellow') {
          return;
        }
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The embedded engine at ${url} was not ready in time.`);
}

export async function startEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  ensureEngineBuilt();
  const port = options.port || (await freePort());
  const heapMb = options.heapMb ?? 1024;
  const classpath = `${path.join(ENGINE_DIR, 'target', 'classes')}${path.delimiter}${readFileSync(CLASSPATH_FILE, 'utf8').trim()}`;
  const child = spawn(
    'java',
    [
      `-Xms${heapMb}m`,
      `-Xmx${heapMb}m`,
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      '-cp',
      classpath,
      MAIN_CLASS,
      '--port',
      String(port),
    ],
    // stdin stays open: the engine exits when it closes, so it never outlives this process.
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ENGINE_WATCH_STDIN: '1' } }
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20000);
    if (options.verbose) {
      process.stderr.write(chunk);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, Date.now() + (options.startTimeoutMs ?? 120_000));
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n--- engine output ---\n${output.slice(-4000)}`);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Runs `stop` once on Ctrl-C or SIGTERM, then exits: for the long-running commands. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'yaml';
import pluginJson from '../../plugin.json';

/**
 * The plugin's Go backend in the preview, hosted as Grafana hosts it: the built plugin binary,
 * launched through go-plugin by the stand-in of Grafana's plugin host (tools/grafana-backend), which
 * serves Grafana's `POST /api/ds/query`, health and resource routes for the provisioned data source.
 */

const ROOT = path.resolve(__dirname, '../..');
const BACKEND_DIR = path.join(ROOT, 'artifacts/backend');
export const PROVISIONED_DATASOURCES = path.join(ROOT, 'provisioning/datasources/session-replay-errors.yaml');

/** Go's name for this machine, as the SDK's build names binaries `<executable>_<os>_<arch>`. */
function goPlatform(): { os: string; arch: string } {
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch;
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return { os, arch };
}

const exe = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

/** The binary Grafana would launch on this machine: plugin.json's executable with the platform. */
export function pluginBinaryName(): string {
  const { os, arch } = goPlatform();
  return exe(`${pluginJson.executable}_${os}_${arch}`);
}

/** The provisioned data source's uid (the stand-in hosts the file's first data source). */
function provisionedUid(): string {
  return (parse(readFileSync(PROVISIONED_DATASOURCES, 'utf8')) as { datasources: Array<{ uid: string }> })
    .datasources[0].uid;
}

export interface BackendBinaries {
  plugin: string;
  standIn: string;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

/**
 * Builds the plugin binary (the core bundled first, as `npm run backend:bundle` does) and the
 * stand-in into artifacts/backend. With `reuse`, a binary already built is taken as it is: the
 * plugin from artifacts/backend, else from dist/ (where `npm run build:backend` puts it).
 */
export function buildBackend(options: { reuse?: boolean } = {}): BackendBinaries {
  const name = pluginBinaryName();
  const standIn = path.join(BACKEND_DIR, exe('grafana-backend'));
  const built = [path.join(BACKEND_DIR, name), path.join(ROOT, 'dist', name)].find((f) => existsSync(f));
  if (options.reuse && built && existsSync(standIn)) {
    return { plugin: built, standIn };
  }
  mkdirSync(BACKEND_DIR, { recursive: true });
  const plugin = path.join(BACKEND_DIR, name);
  run('npm', ['run', '-s', 'backend:bundle']);
  run('go', ['build', '-o', plugin, './pkg']);
  run('go', ['build', '-o', standIn, './tools/grafana-backend']);
  return { plugin, standIn };
}

export interface BackendHostOptions {
  binaries: BackendBinaries;
  /** The engine the provisioned data source's URL is replaced with. */
  engineUrl: string;
  /** jsonData keys that replace the provisioned ones (the preview's local replay page, a test's indices). */
  jsonData?: Record<string, unknown>;
  startTimeoutMs?: number;
}

export interface BackendHost {
  /** Where the stand-in serves Grafana's API, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The provisioned data source's uid: the one the stand-in answers for. */
  uid: string;
  close(): Promise<void>;
}

/** Launches the stand-in with the plugin binary and waits for its "listening <url>" line. */
export function startBackendHost(options: BackendHostOptions): Promise<BackendHost> {
  const args = [
    '-plugin',
    options.binaries.plugin,
    '-provisioning',
    PROVISIONED_DATASOURCES,
    '-url',
    options.engineUrl,
    // Stops with this process even when it dies without closing it (stdin reaches EOF).
    '-exit-on-stdin-eof',
  ];
  if (options.jsonData) {
    args.push('-json-data', JSON.stringify(options.jsonData));
  }
  const child: ChildProcess = spawn(options.binaries.standIn, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin!.end();
      child.kill('SIGTERM');
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`The backend stand-in did not start within ${options.startTimeoutMs ?? 60_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The backend stand-in exited (${code ?? signal}) before it listened: ${stderr.trim()}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /^listening (http:\/\/\S+)$/.exec(line)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, uid: provisionedUid(), close });
      }
    });
  });
}

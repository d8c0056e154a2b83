import type { DataFrame, DataQueryResponse, Field, FieldValueEntityLookup } from '@grafana/data';
import { toDataQueryResponse, type FetchResponse } from '@grafana/runtime';
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import pluginJson from '../../plugin.json';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';

/**
 * The built plugin binary launched as Grafana launches it: the stand-in of Grafana's backend
 * (tools/grafana-backend) starts it through go-plugin, builds the plugin context from a data source
 * provisioning file, and serves Grafana's /api/ds/query, health and resource API. Answers are read
 * as Grafana's frontend reads them (toDataQueryResponse, @grafana/runtime).
 */
const ROOT = path.resolve(__dirname, '../..');
const GOOS = ({ linux: 'linux', darwin: 'darwin', win32: 'windows' } as Record<string, string>)[process.platform];
const GOARCH = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
const EXE = process.platform === 'win32' ? '.exe' : '';
// The name Grafana launches: plugin.json's executable, _<os>_<arch> (pkg/plugins/plugins.go, ExecutablePath).
export const PLUGIN = path.join(ROOT, `artifacts/backend/${pluginJson.executable}_${GOOS}_${GOARCH}${EXE}`);
const STAND_IN = path.join(ROOT, `artifacts/backend/grafana-backend${EXE}`);
export const PROVISIONING = path.join(ROOT, 'provisioning/datasources/session-replay-errors.yaml');

/** The binary embeds the bundle at build time: bundles the current core, then builds both binaries. */
export function buildBackendBinaries(): void {
  // In a process of its own: esbuild refuses jest's realm.
  execFileSync(process.execPath, ['--import', 'tsx', 'tools/backend/bundleCore.ts'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync('go', ['build', '-o', PLUGIN, './pkg'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync('go', ['build', '-o', STAND_IN, './tools/grafana-backend'], { cwd: ROOT, stdio: 'pipe' });
}

export interface DataSourceRef {
  uid: string;
  type: string;
}

export interface StandIn {
  url: string;
  /** The data source the stand-in hosts: the provisioning file's first. */
  datasource: DataSourceRef;
  /** What the stand-in and the plugin wrote to stderr so far (go-plugin forwards the plugin's). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface StandInOptions {
  /** The cluster the data source's URL is replaced with. */
  url: string;
  /** jsonData keys that replace the provisioning file's. */
  jsonData?: Partial<SessionErrorsOptions>;
  /** secureJsonData values that replace the file's (the stand-in decrypts nothing: they are given plain). */
  secure?: Record<string, string>;
  provisioning?: string;
}

function provisionedDataSource(file: string): DataSourceRef {
  const [first] = (parse(readFileSync(file, 'utf8')) as { datasources: DataSourceRef[] }).datasources;
  return { uid: first.uid, type: first.type };
}

/** Starts the stand-in and waits for its one line on stdout; its stderr is shown only if it fails. */
export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const provisioning = options.provisioning ?? PROVISIONING;
  const args = ['-plugin', PLUGIN, '-provisioning', provisioning, '-url', options.url];
  if (options.jsonData) {
    args.push('-json-data', JSON.stringify(options.jsonData));
  }
  for (const [key, value] of Object.entries(options.secure ?? {})) {
    args.push('-secure', `${key}=${value}`);
  }
  args.push('-exit-on-stdin-eof', '-start-timeout', '30s');
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(STAND_IN, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^listening (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (line) {
        resolve(line[1]);
      }
    });
    void exited.then(([code]) => reject(new Error(`the stand-in exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    datasource: provisionedDataSource(provisioning),
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const [code] = await exited;
        if (code !== 0) {
          throw new Error(`the stand-in exited with ${code}: ${stderr}`);
        }
      }
    },
  };
}

/** A data source as a provisioning file (apiVersion 1) holds it, with exactly these settings. */
export interface ProvisionedDataSource {
  uid: string;
  url: string;
  jsonData: SessionErrorsOptions;
  secureJsonData?: Record<string, string>;
}

/**
 * Writes a provisioning file holding only `dataSource`, for a stand-in whose data source must have
 * exactly the settings a test gives (the repository's file brings its own). Removed by `remove`.
 */
export function writeProvisioning(dataSource: ProvisionedDataSource): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sre-provisioning-'));
  const file = path.join(dir, 'datasources.yaml');
  const entry = { name: 'Session Replay Errors', type: pluginJson.id, access: 'proxy', ...dataSource };
  // Provisioning interpolates $VAR and ${VAR} in every value (pkg/services/provisioning/values/values.go,
  // interpolateValue): "$$" is a literal "$", as a test's hostile settings must arrive unchanged.
  const escaped = JSON.parse(JSON.stringify(entry), (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(/\$/g, '$$$$') : value
  );
  writeFileSync(file, stringify({ apiVersion: 1, datasources: [escaped] }));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Grafana's POST /api/ds/query as DataSourceWithBackend sends it, read back by toDataQueryResponse. */
export async function dsQuery(
  standIn: StandIn,
  queries: Array<Partial<SessionErrorsQuery>>,
  window: { fromMs: number; toMs: number },
  init: { signal?: AbortSignal; intervalMs?: number } = {}
): Promise<{ status: number; response: DataQueryResponse }> {
  const refIds = queries.map((_q, i) => String.fromCharCode(65 + i));
  const res = await fetch(`${standIn.url}/api/ds/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    signal: init.signal,
    body: JSON.stringify({
      from: String(window.fromMs),
      to: String(window.toMs),
      queries: queries.map((q, i) => ({
        refId: refIds[i],
        datasource: standIn.datasource,
        intervalMs: init.intervalMs ?? 60_000,
        maxDataPoints: 1000,
        ...q,
      })),
    }),
  });
  const data: unknown = await res.json();
  return {
    status: res.status,
    response: toDataQueryResponse(
      { data, status: res.status } as FetchResponse,
      refIds.map((refId) => ({ refId }))
    ),
  };
}

/** A field as dataFrameFromJSON (@grafana/data, DataFrameJSON.ts) builds it. */
export type WireField = Field & { entities?: FieldValueEntityLookup; typeInfo?: unknown };

/**
 * Frames as a panel reads them. dataFrameFromJSON adds an `entities` lookup to every field (empty
 * when no value is NaN or infinite) and keeps the SDK's `typeInfo` (its Go type): both describe the
 * wire, not the data, and the browser path has neither.
 */
export function asPanelReadsIt(frames: DataFrame[]): unknown {
  return JSON.parse(
    JSON.stringify(
      frames.map((frame) => ({
        ...frame,
        fields: (frame.fields as WireField[]).map(({ entities, typeInfo: _typeInfo, ...field }) => ({
          ...field,
          ...(entities && Object.keys(entities).length ? { entities } : {}),
        })),
      }))
    )
  );
}

/**
 * The browser path's frames as they must come through the Go backend:
 * - grafana-plugin-sdk-go data/frame_meta.go writes `typeVersion` always, [0, 0] meaning "no version";
 * - the SDK has no field type for nested frames (data/field_type.go), so the host leaves out a
 *   FieldType.frame field (the error groups' trend sparkline) rather than have it shown as JSON text
 *   (src/backend/hostEntry.ts): a table reached through the backend has no trend column;
 * - the SDK writes a frame's `nanos` only when a time has a sub-millisecond part (data/frame_json.go,
 *   writeDataFrameData), so an empty time field's `nanos: []` does not come through.
 */
export function throughTheBackend(frames: DataFrame[]): unknown {
  return asPanelReadsIt(
    frames.map((frame) => ({
      ...frame,
      meta: { typeVersion: [0, 0], ...frame.meta },
      fields: frame.fields
        .filter((field) => field.type !== 'frame')
        .map(({ nanos, ...field }) => (nanos?.length ? { ...field, nanos } : field)),
    })) as DataFrame[]
  );
}

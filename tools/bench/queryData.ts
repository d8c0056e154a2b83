import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import { dataSourceRequests, readRuleGroups } from '../grafana-rules/alertEvaluation';
import { startBackendHost, type BackendBinaries, type BackendHost } from '../preview/backendHost';

/**
 * The bench's QueryData rows: the built plugin binary, launched through go-plugin by the stand-in of
 * Grafana's backend (tools/grafana-backend), answering POST /api/ds/query as Grafana would ask it,
 * timed end to end from Node, with the CPU the plugin process spent per query (utime + stime from
 * /proc/<pid>/stat before and after the timed runs, divided by their number).
 */

const ROOT = path.resolve(__dirname, '../..');
const ALERT_RULES = path.join(ROOT, 'provisioning/alerting/session-replay-errors.yaml');

/** Plugin CPU per query the issue sets (#18, "Fast, and measured"). */
export const ALERT_CPU_TARGET_MS = 5;
export const LOGS_CPU_TARGET_MS = 250;

/** One process's parent and CPU time, from /proc/<pid>/stat (proc(5)). */
function procStat(pid: number): { ppid: number; cpuTicks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in brackets and may hold spaces: the fields are read after its last ")".
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields 4 (ppid), 14 (utime) and 15 (stime), counted from 1 with pid and comm as 1 and 2.
  return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The CPU (user + system) a process has used so far, in ms. */
export function processCpuMs(pid: number): number {
  const stat = procStat(pid);
  if (!stat) {
    throw new Error(`process ${pid} is gone`);
  }
  return (stat.cpuTicks * 1000) / CLOCK_TICKS_PER_SECOND;
}

function processes(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function childrenOf(pid: number): number[] {
  return processes().filter((p) => procStat(p)?.ppid === pid);
}

function executable(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

/** A stand-in with the plugin it launched: the one child of the stand-in's process. */
export interface QueryDataHost {
  host: BackendHost;
  pluginPid: number;
}

/**
 * Launches the stand-in and finds its plugin process: the stand-in is the child of this process
 * running the stand-in's binary that was not there before; go-plugin starts the plugin as its child.
 */
export async function startQueryDataHost(
  binaries: BackendBinaries,
  engineUrl: string,
  jsonData: Partial<SessionErrorsOptions>
): Promise<QueryDataHost> {
  const isStandIn = (pid: number) => executable(pid) === path.resolve(binaries.standIn);
  const before = new Set(childrenOf(process.pid).filter(isStandIn));
  const host = await startBackendHost({ binaries, engineUrl, jsonData });
  const standIns = childrenOf(process.pid).filter((pid) => isStandIn(pid) && !before.has(pid));
  const plugins = standIns.length === 1 ? childrenOf(standIns[0]) : [];
  if (plugins.length !== 1 || executable(plugins[0]) !== path.resolve(binaries.plugin)) {
    await host.close();
    throw new Error(
      `could not tell the plugin process (stand-ins ${standIns.join(', ') || 'none'}, their children ${plugins.join(', ') || 'none'}): /proc is needed`
    );
  }
  return { host, pluginPid: plugins[0] };
}

// Keep-alive, one connection: the figures should be the plugin's, not a new TCP connection's.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export function closeQueryDataAgent(): void {
  agent.destroy();
}

/** One HTTP exchange with the stand-in: its status, body and wall time. */
function exchange(
  url: string,
  method: 'GET' | 'POST',
  body?: unknown
): Promise<{ status: number; text: string; ms: number }> {
  const target = new URL(url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        agent,
        headers: payload
          ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
          : undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), ms: performance.now() - t0 })
        );
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** What Grafana's /api/ds/query answers (pkg/api/ds_query.go): each refId's frames or error. */
interface QueryDataJSON {
  results?: Record<string, { error?: string; frames?: Array<{ data?: { values?: unknown[][] } }> }>;
}

/** What one call is: a query through QueryData, or a resource call (a variable's values). */
export type BackendCall =
  | { kind: 'query'; body: { from: string; to: string; queries: Array<Record<string, unknown>> } }
  | { kind: 'resource'; pathAndQuery: string };

export interface QueryDataCase {
  name: string;
  /**
   * The call of the n-th run. Each run's window ends a millisecond later than the one before: the
   * engine answers a repeated search from its request cache, and the plugin sends no
   * request_cache=false (nor should it), so the same request timed twice would time the cache.
   */
  call: (run: number) => BackendCall;
  /** The plugin CPU per query it should stay under, when the issue sets one. */
  cpuTargetMs?: number;
  /** Rows the answer must have in its first frame, so that the row measures what it says. */
  expectRows?: number;
}

export interface QueryDataRow {
  name: string;
  wall: number[];
  cpuMsPerQuery: number;
  /** Rows of the first frame of the last answer. */
  rows: number;
  cpuTargetMs?: number;
}

async function call(host: BackendHost, backendCall: BackendCall): Promise<{ ms: number; rows: number }> {
  if (backendCall.kind === 'resource') {
    const r = await exchange(
      `${host.url}/api/datasources/uid/${host.uid}/resources/${backendCall.pathAndQuery}`,
      'GET'
    );
    if (r.status !== 200) {
      throw new Error(`${backendCall.pathAndQuery}: HTTP ${r.status}: ${r.text.slice(0, 300)}`);
    }
    return { ms: r.ms, rows: (JSON.parse(r.text) as unknown[]).length };
  }
  const r = await exchange(`${host.url}/api/ds/query`, 'POST', backendCall.body);
  const results = (JSON.parse(r.text) as QueryDataJSON).results ?? {};
  const failed = Object.values(results).find((result) => result.error);
  if (r.status !== 200 || failed) {
    throw new Error(`QueryData: HTTP ${r.status}: ${failed?.error ?? r.text.slice(0, 300)}`);
  }
  const first = Object.values(results)[0]?.frames?.[0];
  return { ms: r.ms, rows: first?.data?.values?.[0]?.length ?? 0 };
}

/** Warms up, then times `runs` calls and reads the plugin's CPU around them. */
export async function measureQueryData(
  target: QueryDataHost,
  testCase: QueryDataCase,
  runs: number,
  warmup = 10
): Promise<QueryDataRow> {
  let rows = 0;
  for (let i = 0; i < warmup; i++) {
    rows = (await call(target.host, testCase.call(i))).rows;
  }
  if (testCase.expectRows !== undefined && rows !== testCase.expectRows) {
    throw new Error(
      `${testCase.name}: ${rows} rows, not ${testCase.expectRows}: the row would not measure what it says`
    );
  }
  const wall: number[] = [];
  const cpuBefore = processCpuMs(target.pluginPid);
  for (let i = 0; i < runs; i++) {
    const r = await call(target.host, testCase.call(warmup + i));
    wall.push(r.ms);
    rows = r.rows;
  }
  const cpuMsPerQuery = (processCpuMs(target.pluginPid) - cpuBefore) / runs;
  return { name: testCase.name, wall, cpuMsPerQuery, rows, cpuTargetMs: testCase.cpuTargetMs };
}

/** The window of the n-th run: `n` ms later (see QueryDataCase.call). */
export function shifted(window: { fromMs: number; toMs: number }, run: number) {
  return { fromMs: window.fromMs + run, toMs: window.toMs + run };
}

/** A POST /api/ds/query body as DataSourceWithBackend sends it, for one query over a window. */
export function queryBody(
  uid: string,
  query: Partial<SessionErrorsQuery>,
  window: { fromMs: number; toMs: number },
  intervalMs = 60_000
): BackendCall {
  return {
    kind: 'query',
    body: {
      from: String(window.fromMs),
      to: String(window.toMs),
      queries: [
        {
          refId: 'A',
          datasource: { uid, type: 'sessionreplay-errors-datasource' },
          intervalMs,
          maxDataPoints: 1000,
          ...query,
        },
      ],
    },
  };
}

/**
 * The data source queries of the provisioned alert rules, as Grafana's alerting sends them when it
 * evaluates at `nowMs` (tools/grafana-rules/alertEvaluation.ts, from ngalert's alert_query.go).
 */
export function alertRuleCases(nowMs: number): QueryDataCase[] {
  const groups = readRuleGroups(readFileSync(ALERT_RULES, 'utf8'));
  return groups.flatMap((group) =>
    group.rules.flatMap((rule) =>
      dataSourceRequests(rule, nowMs).map((request, i) => ({
        name: `alert: ${rule.title} (${(request.toMs - request.fromMs) / 60_000} min)`,
        call: (run: number) => ({ kind: 'query' as const, body: dataSourceRequests(rule, nowMs + run)[i].body }),
        cpuTargetMs: ALERT_CPU_TARGET_MS,
      }))
    )
  );
}

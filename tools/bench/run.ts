import '../node/browserGlobals';
import { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  buildErrorGroupsQuery,
  buildErrorsOverTimeQuery,
  buildSessionsQuery,
  buildTermsValuesQuery,
  MAX_TERMS_VALUES,
} from '../../src/query/buildAggregationQueries';
import { sessionKeySource } from '../../src/query/sessionKey';
import {
  collapsedLatestKeys,
  collapsibleSessionField,
  searchSessions,
  type SendSearch,
} from '../../src/query/latestSessions';
import { buildSessionErrorsQuery, type BuiltSearch, type SearchBody } from '../../src/query/buildSessionErrorsQuery';
import { DAY_MS } from '../../src/durations';
import { HOUR_MS, summaryPlan } from '../../src/query/errorGroupsSummary';
import { toLogsFrame, type LogSearchResponse } from '../../src/response/toLogsFrame';
import { resolveSettings } from '../../src/settings';
import type { SessionErrorsOptions } from '../../src/types';
import { startEngine, type RunningEngine } from '../engine/embeddedEngine';
import { demoSessions } from '../setup/demoLogs';
import { setupCluster } from '../setup/setupCluster';
import { buildBackend, type BackendBinaries } from '../preview/backendHost';
import { summarizeErrorGroups } from '../summarizer/summarizeErrorGroups';
import {
  buildSummarySessionsQuery,
  buildSummarySessionsVariableQuery,
  summarizeSessions,
} from '../summarizer/summarizeSessions';
import {
  ALERT_CPU_TARGET_MS,
  LOGS_CPU_TARGET_MS,
  alertRuleCases,
  closeQueryDataAgent,
  measureQueryData,
  queryBody,
  shifted,
  startQueryDataHost,
  type QueryDataCase,
  type QueryDataRow,
} from './queryData';
import { interleavedMedians, percentile } from './stats';

/**
 * `npm run bench`: figures printed, nothing asserted. On the embedded engine (or --url) with
 * --lines demo lines: session lookup latency for three ways of asking, the latency of every other
 * query type (errors over time, sessions, error groups, a variable), the same through the Go backend
 * (QueryData, as Grafana asks it, with the plugin process's CPU per query) beside the provisioned
 * alert rules' queries and 1,000 log lines, response-to-frame conversion against JSON.parse, bytes
 * per hit with and without _source filtering, and the bundle size.
 */
const program = new Command()
  .name('bench')
  .option('--lines <n>', 'demo log lines to load', (v) => parseInt(v, 10), 1_000_000)
  .option('--lookups <n>', 'sessions looked up per query style', (v) => parseInt(v, 10), 60)
  .option('--url <url>', 'use this cluster instead of starting the embedded engine')
  .option('--reuse', 'keep bench data already loaded with the same number of lines', false)
  .option('--heap <mb>', 'embedded engine heap in MiB', (v) => parseInt(v, 10), 3072)
  .option(
    '--scale <sizes>',
    'scale run: measure at each of these line counts (e.g. 100k,1M,10M), one index each, and print how every query grows',
    parseSizes
  )
  .parse();

/** "100k,1M,10M" → [100000, 1000000, 10000000]. */
function parseSizes(text: string): number[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(part);
    if (!m) {
      throw new Error(`--scale: "${part}" is not a line count such as 100k, 1M or 250000`);
    }
    const factor = { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase() as '' | 'k' | 'm'];
    return Math.round(parseFloat(m[1]) * factor);
  });
}

const INDEX = 'logs-sessionreplay-bench';
const SUMMARY_INDEX = 'sessionreplay-error-groups-bench';
const SUMMARY_ROW = 'error groups (hourly summary)';
const SESSIONS_SUMMARY_INDEX = 'sessionreplay-sessions-bench';
// Sessions with errors and the sessions variable both ways: the aggregation over every session of
// the range (the plugin's query before 1.4, and still its query with several session fields), and
// the collapse the plugin runs with one session field (src/query/latestSessions.ts).
const SESSIONS_AGGREGATION_ROW = 'sessions with errors: aggregation';
const SESSIONS_COLLAPSE_ROW = 'sessions with errors: collapse + terms (plugin)';
const VARIABLE_AGGREGATION_ROW = 'variable: sessions: aggregation';
const VARIABLE_COLLAPSE_ROW = 'variable: sessions: collapse (plugin)';
// ...and a third way, measured beside them: a per-session hourly summary (summarizeSessions.ts).
const SESSIONS_SUMMARY_ROW = 'sessions with errors: per-session summary';
const VARIABLE_SUMMARY_ROW = 'variable: sessions: per-session summary';
/** Sessions with errors and the sessions variable: p95 under this at the largest size. */
const SESSIONS_P95_TARGET_MS = 300;
const opts = program.opts<{
  lines: number;
  lookups: number;
  url?: string;
  heap: number;
  reuse: boolean;
  scale?: number[];
}>();

// A keep-alive client: the figures should be the engine's, not a new TCP connection's per query.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: unknown): Promise<{ ms: number; text: string; took: number }> {
  const payload = JSON.stringify(body);
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const text = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 500) >= 300) {
            reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
            return;
          }
          resolve({ ms, text, took: (JSON.parse(text) as { took: number }).took });
        });
      }
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A query's name and its p50 and p95, wall-clock and engine (took). */
function latencyCells(name: string, l: { wall: number[]; took: number[] }): Array<string | number> {
  return [
    name,
    percentile(l.wall, 50).toFixed(1),
    percentile(l.wall, 95).toFixed(1),
    percentile(l.took, 50),
    percentile(l.took, 95),
  ];
}

function row(cells: Array<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}

type Latency = { wall: number[]; took: number[] };

/** What one measurement at one data size found. */
interface Measured {
  lines: number;
  sessions: number;
  /** Session lookups by style, with the hits they returned. */
  lookups: Record<string, Latency & { hits: number }>;
  /** Every other query type the plugin sends. */
  queryTypes: Record<string, Latency>;
  /** The query types, the alert rules' queries and 1,000 log lines through the Go backend. */
  queryData: QueryDataRow[];
  conversion: Array<{ hits: number; parseMs: number; frameMs: number; bytesPerHit: number; wholeBytesPerHit: number }>;
  /** The summarizer's run over the data: hours, group-hour documents, seconds. */
  summary: { hours: number; documents: number; seconds: number };
  /**
   * The per-session summary's build: hours, session-hour documents, seconds; and of the 100 latest
   * sessions by collapse, how many the summary lists among its 100 latest.
   */
  sessionsSummary: { hours: number; documents: number; seconds: number; agreeing: number };
}

async function putIndexSettings(url: string, index: string, settings: Record<string, string | null>): Promise<void> {
  const response = await fetch(`${url}/${index}/_settings`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ index: settings }),
  });
  if (!response.ok) {
    throw new Error(
      `setting ${JSON.stringify(settings)} on ${index}: HTTP ${response.status} ${await response.text()}`
    );
  }
}

/** Loads `lines` demo lines into `index` (unless --reuse finds them there) and returns the data's end time. */
async function loadBenchData(url: string, index: string, lines: number): Promise<number> {
  // Session ids encode their start times, so the data's end time is part of the data: kept in the
  // index's _meta, so that --reuse looks up sessions that exist.
  const existing = await fetch(`${url}/${index}/_mapping`).then((r) => (r.ok ? r.json() : {}));
  const meta = (
    existing as Record<string, { mappings?: { _meta?: { bench?: { lines: number; endMs: number; seed: number } } } }>
  )[index]?.mappings?._meta?.bench;
  if (opts.reuse && meta?.lines === lines) {
    process.stdout.write(`Reusing ${lines} lines in ${index}, loaded for ${new Date(meta.endMs).toISOString()}\n`);
    return meta.endMs;
  }
  const endMs = Date.now();
  process.stdout.write(`Loading ${lines} demo lines into ${index}...\n`);
  await fetch(`${url}/${index}`, { method: 'DELETE' });
  const t0 = performance.now();
  let last = 0;
  let bulkSettings: Promise<unknown> | undefined;
  await setupCluster({
    url,
    indexPattern: 'logs-sessionreplay-*',
    replicas: 0,
    demo: { index, lines, endMs, seed: 42, batchSize: 10_000 },
    onProgress: (e) => {
      // Once the first batch has made the index: no refreshes and an async translog while loading
      // (the engine's advice for bulk loads), which on 2 cores is most of the engine's load.
      if (e.step === 'loading' && !bulkSettings) {
        // Awaited after the load; caught here so that a refusal is reported there, not as an unhandled rejection.
        bulkSettings = putIndexSettings(url, index, { refresh_interval: '-1', 'translog.durability': 'async' }).then(
          () => undefined,
          (e: unknown) => e
        );
      }
      if (e.step === 'loading' && e.done - last >= lines / 10) {
        last = e.done;
        const s = (performance.now() - t0) / 1000;
        process.stdout.write(`  ${e.done} lines (${s.toFixed(0)} s, ${(e.done / s).toFixed(0)} lines/s)\n`);
      }
    },
  });
  const refused = await bulkSettings;
  if (refused) {
    throw refused;
  }
  await putIndexSettings(url, index, { refresh_interval: null, 'translog.durability': null });
  await fetch(`${url}/${index}/_refresh`, { method: 'POST' });
  await fetch(`${url}/${index}/_forcemerge?max_num_segments=1`, { method: 'POST' });
  await fetch(`${url}/${index}/_mapping`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ _meta: { bench: { lines, endMs, seed: 42 } } }),
  });
  process.stdout.write(`Loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return endMs;
}

/**
 * The query types of the rows above, asked of the Go backend as Grafana asks it (the provisioned
 * data source searching the bench index), then the provisioned alert rules' queries at the data's
 * end, and a logs query of 1,000 lines (the backend's most). As many timed runs as the rows above.
 */
async function measureBackend(
  binaries: BackendBinaries,
  url: string,
  index: string,
  summaryIndex: string,
  window: { fromMs: number; toMs: number },
  endMs: number
): Promise<QueryDataRow[]> {
  const rows: QueryDataRow[] = [];
  const groups = { queryType: 'errorGroups', mode: 'range', limit: 50, newLookback: '7d' } as const;
  const plans: Array<{ jsonData: Partial<SessionErrorsOptions>; cases: (uid: string) => QueryDataCase[] }> = [
    {
      jsonData: { indexPattern: index, groupsSummaryIndex: '' },
      cases: (uid) => [
        {
          name: 'errors over time (by level)',
          call: (i) =>
            queryBody(uid, { queryType: 'errorsOverTime', mode: 'range', splitBy: 'level' }, shifted(window, i)),
        },
        {
          name: 'sessions with errors',
          call: (i) => queryBody(uid, { queryType: 'sessions', limit: 100 }, shifted(window, i)),
        },
        { name: 'error groups', call: (i) => queryBody(uid, groups, shifted(window, i)) },
        {
          name: 'variable: sessions (CallResource)',
          call: (i) => {
            const w = shifted(window, i);
            return { kind: 'resource', pathAndQuery: `variables?query=sessions&from=${w.fromMs}&to=${w.toMs}` };
          },
        },
        // As Grafana's alerting sends them: the rules' intervalMs (1 s) and relative ranges.
        ...alertRuleCases(endMs),
        // The alert's search in one-minute buckets (5 of them), the Go benchmark's alert-sized shape.
        {
          name: 'errors over time by service, 5 min in 1-minute buckets',
          call: (i) =>
            queryBody(
              uid,
              { queryType: 'errorsOverTime', mode: 'range', splitBy: 'service', levels: ['critical', 'error'] },
              shifted({ fromMs: endMs - 5 * 60_000, toMs: endMs }, i)
            ),
          cpuTargetMs: ALERT_CPU_TARGET_MS,
        },
        {
          name: '1,000 log lines',
          call: (i) => queryBody(uid, { queryType: 'logs', mode: 'range', limit: 1000 }, shifted(window, i)),
          cpuTargetMs: LOGS_CPU_TARGET_MS,
          expectRows: 1000,
        },
      ],
    },
    {
      jsonData: { indexPattern: index, groupsSummaryIndex: summaryIndex },
      cases: (uid) => [{ name: SUMMARY_ROW, call: (i) => queryBody(uid, groups, shifted(window, i)) }],
    },
  ];
  for (const plan of plans) {
    const target = await startQueryDataHost(binaries, url, plan.jsonData);
    try {
      for (const testCase of plan.cases(target.host.uid)) {
        rows.push(await measureQueryData(target, testCase, opts.lookups));
      }
    } finally {
      await target.host.close();
    }
  }
  return rows;
}

async function measure(binaries: BackendBinaries, url: string, index: string, lines: number): Promise<Measured> {
  const settings = resolveSettings({ indexPattern: index, sessionField: 'session.id' });
  const endMs = await loadBenchData(url, index, lines);
  const demo = { lines, endMs, seed: 42 };
  const window = { fromMs: endMs - 24 * 3600_000, toMs: endMs + 60_000 };
  const sessions = demoSessions(demo);
  const picked = Array.from({ length: opts.lookups }, (_, i) => sessions[(i * 7919) % sessions.length].id);
  const warmup = Array.from({ length: 50 }, (_, i) => sessions[(i * 104729 + 13) % sessions.length].id);
  const search = (body: unknown, cache = false) =>
    post(`${url}/${index}/_search${cache ? '' : '?request_cache=false'}`, body);

  const styles: Record<string, (id: string) => SearchBody> = {
    plugin: (id) => {
      const built = buildSessionErrorsQuery(settings, { sessionId: id, window, limit: 1000 });
      if (!built.ok) {
        throw new Error(built.error);
      }
      return built.body;
    },
    // OpenReplay's own integration (backend/pkg/integrations/clients/elastic.go): no time filter, no sort.
    openreplay: (id) => ({ size: 1000, query: { match_phrase: { message: `openReplaySession.id=${id}` } } }),
    // A wildcard on the message, as a user of Grafana's generic Elasticsearch data source types it,
    // wrapped the way that data source sends a logs query (grafana/grafana pkg/tsdb/elasticsearch,
    // processLogsQuery): time range, query_string with analyze_wildcard, sort by time and _doc,
    // the time doc value, 500 lines by default, and highlighting on every field.
    wildcard: (id) =>
      ({
        size: 500,
        query: {
          bool: {
            filter: [
              { range: { '@timestamp': { gte: window.fromMs, lte: window.toMs, format: 'epoch_millis' } } },
              { query_string: { query: `message:*${id}*`, analyze_wildcard: true } },
            ],
          },
        },
        sort: [{ '@timestamp': { order: 'desc', unmapped_type: 'boolean' } }, { _doc: { order: 'desc' } }],
        docvalue_fields: ['@timestamp'],
        highlight: {
          fields: { '*': {} },
          pre_tags: ['@HIGHLIGHT@'],
          post_tags: ['@/HIGHLIGHT@'],
          fragment_size: 2147483647,
        },
      }) as SearchBody,
  };
  const lookups: Measured['lookups'] = {};
  for (const [name, body] of Object.entries(styles)) {
    // Warm-up on other sessions: a fresh JVM compiles the query path during its first queries.
    for (const id of warmup) {
      await search(body(id));
    }
    lookups[name] = { wall: [], took: [], hits: 0 };
    for (const id of picked) {
      const r = await search(body(id));
      lookups[name].wall.push(r.ms);
      lookups[name].took.push(r.took);
      lookups[name].hits += (JSON.parse(r.text) as LogSearchResponse).hits.hits.length;
    }
  }
  for (const [name, l] of Object.entries(lookups)) {
    if (l.hits === 0) {
      throw new Error(
        `The ${name} lookups found nothing: the sessions looked up are not in the data, so the figures would mean nothing.`
      );
    }
  }

  // Every other query type, as the plugin builds it, over the last day of the loaded data.
  const must = (built: BuiltSearch): SearchBody => {
    if (!built.ok) {
      throw new Error(built.error);
    }
    return built.body;
  };
  // The hourly error-group summary, as `npm run summarize` keeps it (a rerun resumes from its checkpoint).
  const summaryIndex = `${SUMMARY_INDEX}-${lines}`;
  process.stdout.write(`Summarizing error groups into ${summaryIndex}...\n`);
  const t0 = performance.now();
  const summarized = await summarizeErrorGroups({
    url,
    settings,
    summaryIndex,
    sinceMs: 2 * DAY_MS,
    latenessMs: 0,
    nowMs: endMs + HOUR_MS,
    replicas: 0,
  });
  const summarizeSeconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `  ${summarized.hours} hours, ${summarized.documents} group-hours in ${summarizeSeconds.toFixed(1)} s\n`
  );
  const sessionsSummaryIndex = `${SESSIONS_SUMMARY_INDEX}-${lines}`;
  process.stdout.write(`Summarizing sessions into ${sessionsSummaryIndex}...\n`);
  const t1 = performance.now();
  await fetch(`${url}/${sessionsSummaryIndex}`, { method: 'DELETE' });
  const sessionsSummarized = await summarizeSessions({
    url,
    settings,
    summaryIndex: sessionsSummaryIndex,
    sinceMs: 2 * DAY_MS,
    nowMs: endMs + HOUR_MS,
    replicas: 0,
  });
  const sessionsSummarySeconds = (performance.now() - t1) / 1000;
  process.stdout.write(
    `  ${sessionsSummarized.hours} hours, ${sessionsSummarized.documents} session-hours in ${sessionsSummarySeconds.toFixed(1)} s\n`
  );
  const groupsParams = { window, lookbackMs: 7 * 24 * 3600_000, limit: 50 };
  const typeBodies: Record<string, SearchBody> = {
    'errors over time (by level)': must(
      buildErrorsOverTimeQuery(settings, { window, intervalMs: 60_000, splitBy: 'level' })
    ),
    [SESSIONS_AGGREGATION_ROW]: must(buildSessionsQuery(settings, { window, limit: 100 })),
    'error groups': must(buildErrorGroupsQuery(settings, groupsParams)),
    [VARIABLE_AGGREGATION_ROW]: must(
      buildTermsValuesQuery(settings, sessionKeySource(settings.sessionFields)!, { window }, 'latest')
    ),
    [SUMMARY_ROW]: must(
      buildErrorGroupsQuery(settings, {
        ...groupsParams,
        summaryPlan: summaryPlan(window, groupsParams.lookbackMs, summarized.throughMs ?? 0),
      })
    ),
  };
  // The summary row searches the lines and the summary together, as the data source does; the
  // per-session summary's rows search that summary alone.
  const searchSessionsSummary = (body: unknown) =>
    post(`${url}/${sessionsSummaryIndex}/_search?request_cache=false`, body);
  const searchOf = (name: string) => (body: SearchBody) =>
    name === SUMMARY_ROW ? post(`${url}/${index},${summaryIndex}/_search?request_cache=false`, body) : search(body);
  // The plugin's sessions queries as it runs them (latestSessions.ts): a collapse, then for the
  // table an aggregation over the sessions it found; the wall time and took of both together.
  const sessionsField = collapsibleSessionField(settings)!;
  const timedSend = (spent: { ms: number; took: number }): SendSearch =>
    (async (body: SearchBody) => {
      const r = await search(body);
      spent.ms += r.ms;
      spent.took += r.took;
      return JSON.parse(r.text) as unknown;
    }) as SendSearch;
  const typeRuns: Record<string, () => Promise<{ ms: number; took: number }>> = {
    ...Object.fromEntries(
      Object.entries(typeBodies).map(([name, body]) => [name, () => searchOf(name)(body)] as const)
    ),
    [SESSIONS_COLLAPSE_ROW]: async () => {
      const spent = { ms: 0, took: 0 };
      const answer = await searchSessions(timedSend(spent), settings, { window, limit: 100 });
      if (!answer.ok || answer.variant !== 'collapse') {
        throw new Error(`sessions with errors did not run by collapse: ${answer.ok ? answer.variant : answer.error}`);
      }
      return spent;
    },
    [VARIABLE_COLLAPSE_ROW]: async () => {
      const spent = { ms: 0, took: 0 };
      const keys = await collapsedLatestKeys(timedSend(spent), settings, sessionsField, { window }, MAX_TERMS_VALUES);
      if (keys?.length !== MAX_TERMS_VALUES) {
        throw new Error(`the sessions variable's collapse listed ${keys?.length ?? 'no'} sessions`);
      }
      return spent;
    },
  };
  typeRuns[SESSIONS_SUMMARY_ROW] = () => searchSessionsSummary(buildSummarySessionsQuery(settings, window, 100));
  typeRuns[VARIABLE_SUMMARY_ROW] = () =>
    searchSessionsSummary(buildSummarySessionsVariableQuery(window, MAX_TERMS_VALUES));
  // The summary's figures mean something only if it lists the sessions the lines do.
  const byCollapse = await searchSessions(timedSend({ ms: 0, took: 0 }), settings, { window, limit: 100 });
  const fromSummary = JSON.parse(
    (await searchSessionsSummary(buildSummarySessionsQuery(settings, window, 100))).text
  ) as {
    aggregations: { sessions: { buckets: Array<{ key: string }> } };
  };
  const summaryKeys = new Set(fromSummary.aggregations.sessions.buckets.map((b) => b.key));
  const collapseBuckets = byCollapse.ok ? byCollapse.response.aggregations?.sessions?.buckets : undefined;
  const agreeing = (Array.isArray(collapseBuckets) ? collapseBuckets : []).filter((b) =>
    summaryKeys.has(String(b.key))
  ).length;
  const queryTypes: Measured['queryTypes'] = {};
  for (const [name, send] of Object.entries(typeRuns)) {
    for (let i = 0; i < 10; i++) {
      await send();
    }
    queryTypes[name] = { wall: [], took: [] };
    for (let i = 0; i < opts.lookups; i++) {
      const r = await send();
      queryTypes[name].wall.push(r.ms);
      queryTypes[name].took.push(r.took);
    }
  }

  process.stdout.write('Asking the Go backend (QueryData)...\n');
  const queryData = await measureBackend(binaries, url, index, summaryIndex, window, endMs);

  const conversion: Measured['conversion'] = [];
  for (const size of [1000, 10000]) {
    const built = buildSessionErrorsQuery({ ...settings, maxLines: size }, { window, limit: size });
    if (!built.ok) {
      throw new Error(built.error);
    }
    const filtered = await search(built.body, true);
    const whole = await search({ ...built.body, _source: true, docvalue_fields: undefined }, true);
    const parsed = JSON.parse(filtered.text) as LogSearchResponse;
    const hits = parsed.hits.hits.length;
    const [parseMs, frameMs] = interleavedMedians(
      [() => JSON.parse(filtered.text), () => toLogsFrame(parsed, settings, { refId: 'A', limit: size })],
      size >= 10000 ? 60 : 300
    );
    conversion.push({
      hits,
      parseMs,
      frameMs,
      bytesPerHit: Buffer.byteLength(filtered.text) / hits,
      wholeBytesPerHit: Buffer.byteLength(whole.text) / hits,
    });
  }
  return {
    lines,
    sessions: sessions.length,
    lookups,
    queryTypes,
    queryData,
    conversion,
    summary: { hours: summarized.hours, documents: summarized.documents, seconds: summarizeSeconds },
    sessionsSummary: { ...sessionsSummarized, seconds: sessionsSummarySeconds, agreeing },
  };
}

/** The single-size report: every table the README records. */
function report(m: Measured): string[] {
  const out: string[] = [];
  out.push(row(['session lookup', 'p50 ms (wall)', 'p95 ms (wall)', 'p50 took', 'p95 took', 'hits']));
  out.push(row(['---', '---', '---', '---', '---', '---']));
  for (const [name, l] of Object.entries(m.lookups)) {
    out.push(row([...latencyCells(name, l), l.hits]));
  }
  const p = (name: string, q: number) => percentile(m.lookups[name].wall, q);
  const took = (name: string, q: number) => percentile(m.lookups[name].took, q);
  out.push('');
  out.push(
    `wildcard / plugin, end to end: p50 ${(p('wildcard', 50) / p('plugin', 50)).toFixed(1)}x, p95 ${(p('wildcard', 95) / p('plugin', 95)).toFixed(1)}x (target >= 10x)`
  );
  out.push(
    `wildcard / plugin, engine time (took): p50 ${(took('wildcard', 50) / took('plugin', 50)).toFixed(1)}x, p95 ${(took('wildcard', 95) / took('plugin', 95)).toFixed(1)}x`
  );
  out.push(
    `openreplay / plugin: p50 ${(p('openreplay', 50) / p('plugin', 50)).toFixed(1)}x, p95 ${(p('openreplay', 95) / p('plugin', 95)).toFixed(1)}x`
  );
  out.push(`plugin p95: ${p('plugin', 95).toFixed(1)} ms (target < 50 ms)`);
  out.push('');
  out.push(row(['query type', 'p50 ms (wall)', 'p95 ms (wall)', 'p50 took', 'p95 took']));
  out.push(row(['---', '---', '---', '---', '---']));
  for (const [name, l] of Object.entries(m.queryTypes)) {
    out.push(row(latencyCells(name, l)));
  }
  out.push(
    `error groups p95: ${percentile(m.queryTypes[SUMMARY_ROW].wall, 95).toFixed(1)} ms with the hourly summary (target < 300 ms), ${percentile(m.queryTypes['error groups'].wall, 95).toFixed(1)} ms from lines alone`
  );
  out.push(
    `summarizer: ${m.summary.hours} hours into ${m.summary.documents} group-hour documents in ${m.summary.seconds.toFixed(1)} s`
  );
  out.push(
    `per-session summary: ${m.sessionsSummary.hours} hours into ${m.sessionsSummary.documents} session-hour documents in ${m.sessionsSummary.seconds.toFixed(1)} s; of the 100 latest sessions by collapse, ${m.sessionsSummary.agreeing} are among the summary's 100 latest`
  );
  out.push('');
  out.push(...queryDataReport(m.queryData));
  out.push('');
  out.push(
    row([
      'hits',
      'JSON.parse ms',
      'toLogsFrame ms',
      'frame / parse',
      'bytes/hit (_source filtered)',
      'bytes/hit (whole documents)',
    ])
  );
  out.push(row(['---', '---', '---', '---', '---', '---']));
  for (const c of m.conversion) {
    out.push(
      row([
        c.hits,
        c.parseMs.toFixed(2),
        c.frameMs.toFixed(2),
        `${(c.frameMs / c.parseMs).toFixed(2)}x`,
        c.bytesPerHit.toFixed(0),
        c.wholeBytesPerHit.toFixed(0),
      ])
    );
  }
  return out;
}

/** The QueryData table: wall time end to end, the plugin's CPU per query, and its target. */
function queryDataReport(rows: QueryDataRow[]): string[] {
  const out = [
    row(['QueryData (Go backend)', 'p50 ms (wall)', 'p95 ms (wall)', 'plugin CPU ms/query', 'rows', 'target']),
  ];
  out.push(row(['---', '---', '---', '---', '---', '---']));
  for (const r of rows) {
    const target =
      r.cpuTargetMs === undefined
        ? ''
        : `< ${r.cpuTargetMs} ms CPU: ${r.cpuMsPerQuery < r.cpuTargetMs ? 'met' : '**not met**'}`;
    out.push(
      row([
        r.name,
        percentile(r.wall, 50).toFixed(1),
        percentile(r.wall, 95).toFixed(1),
        r.cpuMsPerQuery.toFixed(2),
        r.rows,
        target,
      ])
    );
  }
  out.push(
    `plugin CPU: utime + stime of the plugin process (/proc/<pid>/stat) over the ${rows[0]?.wall.length ?? 0} timed runs of a row, divided by their number; wall: POST /api/ds/query (or the resource call) to the stand-in of Grafana, through go-plugin's gRPC to the plugin and its searches, each run's window 1 ms later so that the engine's request cache does not answer`
  );
  return out;
}

/**
 * The scale report: each query's p50/p95 at every size, how much it grew from the size before, and
 * the scale targets at the largest size.
 */
function scaleReport(runs: Measured[]): string[] {
  const sizes = runs.map((r) => r.lines);
  const named = (r: Measured): Record<string, { wall: number[] }> => ({
    ...Object.fromEntries(Object.entries(r.lookups).map(([k, v]) => [`lookup: ${k}`, v])),
    ...r.queryTypes,
    ...Object.fromEntries(r.queryData.map((q) => [`QueryData: ${q.name}`, q])),
  });
  const out: string[] = [];
  const header = ['query'];
  for (let i = 0; i < sizes.length; i++) {
    header.push(`p50 / p95 ms at ${sizes[i].toLocaleString('en')}`);
    if (i > 0) {
      header.push(`p50 growth ×${(sizes[i] / sizes[i - 1]).toFixed(0)} lines`);
    }
  }
  out.push(row(header));
  out.push(row(header.map(() => '---')));
  for (const name of Object.keys(named(runs[0]))) {
    const cells: Array<string | number> = [name];
    runs.forEach((r, i) => {
      const l = named(r)[name];
      cells.push(`${percentile(l.wall, 50).toFixed(1)} / ${percentile(l.wall, 95).toFixed(1)}`);
      if (i > 0) {
        cells.push(`${(percentile(l.wall, 50) / percentile(named(runs[i - 1])[name].wall, 50)).toFixed(2)}x`);
      }
    });
    out.push(row(cells));
  }
  const last = runs[runs.length - 1];
  out.push('');
  out.push(
    `at ${last.lines.toLocaleString('en')} lines: session lookup p95 ${percentile(last.lookups.plugin.wall, 95).toFixed(1)} ms (target < 50 ms), error groups p95 ${percentile(last.queryTypes[SUMMARY_ROW].wall, 95).toFixed(1)} ms with the summary (target < 300 ms; ${percentile(last.queryTypes['error groups'].wall, 95).toFixed(1)} ms from lines alone)`
  );
  const p95 = (r: Measured, name: string) => percentile(r.queryTypes[name].wall, 95);
  out.push(
    `at ${last.lines.toLocaleString('en')} lines: sessions with errors p95 ${p95(last, SESSIONS_COLLAPSE_ROW).toFixed(1)} ms by collapse (${p95(last, SESSIONS_AGGREGATION_ROW).toFixed(1)} ms by aggregation), sessions variable p95 ${p95(last, VARIABLE_COLLAPSE_ROW).toFixed(1)} ms (${p95(last, VARIABLE_AGGREGATION_ROW).toFixed(1)} ms) (target < ${SESSIONS_P95_TARGET_MS} ms); from the per-session summary ${p95(last, SESSIONS_SUMMARY_ROW).toFixed(1)} ms and ${p95(last, VARIABLE_SUMMARY_ROW).toFixed(1)} ms`
  );
  if (runs.length > 1) {
    const before = runs[runs.length - 2];
    const grows = (name: string) => (p95(last, name) / p95(before, name)).toFixed(2);
    out.push(
      `${before.lines.toLocaleString('en')} → ${last.lines.toLocaleString('en')}: p95 grows ${grows(SESSIONS_COLLAPSE_ROW)}x (sessions by collapse), ${grows(VARIABLE_COLLAPSE_ROW)}x (variable by collapse) (target < 2x); by aggregation ${grows(SESSIONS_AGGREGATION_ROW)}x and ${grows(VARIABLE_AGGREGATION_ROW)}x; from the per-session summary ${grows(SESSIONS_SUMMARY_ROW)}x and ${grows(VARIABLE_SUMMARY_ROW)}x`
    );
  }
  const million = runs.findIndex((r) => r.lines === 1_000_000);
  const tenMillion = runs.findIndex((r) => r.lines === 10_000_000);
  if (million >= 0 && tenMillion >= 0) {
    const growth = (style: string, q: number) =>
      percentile(runs[tenMillion].lookups[style].wall, q) / percentile(runs[million].lookups[style].wall, q);
    out.push(
      `1M → 10M: session lookup grows p50 ${growth('plugin', 50).toFixed(2)}x, p95 ${growth('plugin', 95).toFixed(2)}x (target < 1.5x); wildcard baseline p50 ${growth('wildcard', 50).toFixed(2)}x, p95 ${growth('wildcard', 95).toFixed(2)}x`
    );
  }
  return out;
}

async function main() {
  let engine: RunningEngine | undefined;
  // Built first: a build failure should not wait for the data to load.
  process.stdout.write('Building the Go backend and the stand-in of Grafana...\n');
  const binaries = buildBackend();
  const url = opts.url ?? (engine = await startEngine({ heapMb: opts.heap })).url;
  try {
    const sizes = opts.scale ?? [opts.lines];
    const runs: Measured[] = [];
    for (const lines of sizes) {
      // One index per size in a scale run, so that --reuse keeps each size's data.
      runs.push(await measure(binaries, url, opts.scale ? `${INDEX}-${lines}` : INDEX, lines));
    }

    const modulePath = path.resolve(__dirname, '../../dist/module.js');
    const moduleBytes = existsSync(modulePath) ? statSync(modulePath).size : NaN;
    const moduleGzip = existsSync(modulePath) ? gzipSync(readFileSync(modulePath)).length : NaN;
    const info = await fetch(`${url}/`).then(
      (r) => r.json() as Promise<{ version: { number: string; distribution?: string } }>
    );
    const engineName = `${info.version.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${info.version.number}`;
    const out: string[] = [];
    out.push(`Session Replay Errors benchmark — ${new Date().toISOString().slice(0, 10)}`);
    out.push(
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
    );
    for (const m of runs) {
      out.push('');
      out.push(`Engine: ${engineName}, ${m.lines} lines, ${m.sessions} sessions, ${opts.lookups} lookups per style`);
      out.push('');
      out.push(...report(m));
    }
    if (runs.length > 1) {
      out.push('');
      out.push('Scale run: wall-clock ms, and how each p50 grew from the size before');
      out.push('');
      out.push(...scaleReport(runs));
    }
    out.push('');
    out.push(
      `dist/module.js: ${(moduleBytes / 1024).toFixed(1)} KB minified, ${(moduleGzip / 1024).toFixed(1)} KB gzip (target < 150 KB)`
    );
    process.stdout.write(`\n${out.join('\n')}\n`);
  } finally {
    agent.destroy();
    closeQueryDataAgent();
    await engine?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

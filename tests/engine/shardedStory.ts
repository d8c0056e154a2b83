import type { DataFrame, LogRowModel } from '@grafana/data';
import { LogRowContextQueryDirection } from '@grafana/data';
import type { SessionErrorsQuery } from '../../src/types';
import { createLogsIndex, engineUrl, fieldValues, runQueries, type Harness } from './harness';

/**
 * Helpers of the multi-shard stories (multiShard.test.ts on one node, clusterPlugin.test.ts on the
 * three-node cluster): indices of several primary shards, lines placed on chosen shards by routing,
 * and log context and Explore's paging read page after page through the plugin.
 */
export const SHARDS = 3;

/** An index of `shards` primaries, the plugin's fields mapped as createLogsIndex maps them. */
export function createShardedIndex(index: string, options: { shards?: number; replicas: number }): Promise<void> {
  return createLogsIndex(
    index,
    'keyword',
    {},
    {
      number_of_shards: options.shards ?? SHARDS,
      number_of_replicas: options.replicas,
    }
  );
}

/**
 * A routing value for each shard, by shard number (`routings[2]` lands on shard 2): `_search_shards`
 * names the shard a routing value reaches.
 */
export async function routingPerShard(index: string, shards = SHARDS): Promise<string[]> {
  const byShard = new Map<number, string>();
  for (let i = 0; byShard.size < shards && i < 200; i++) {
    const response = await fetch(`${engineUrl()}/${index}/_search_shards?routing=r${i}`);
    const body = (await response.json()) as { shards: Array<Array<{ shard: number }>> };
    const shard = body.shards[0][0].shard;
    if (!byShard.has(shard)) {
      byShard.set(shard, `r${i}`);
    }
  }
  if (byShard.size < shards) {
    throw new Error(`no routing value found for every shard of ${index}`);
  }
  return Array.from({ length: shards }, (_, shard) => byShard.get(shard)!);
}

/** The shard a document goes to by default: round-robin, so that every instant has lines on each. */
export const roundRobin = (docIndex: number) => docIndex % SHARDS;

/**
 * Writes the documents, each on the shard `shardOf` gives (round-robin by default), through the
 * index's default pipeline or the one named; refreshed. `concurrently`: one request a document, all
 * at once, as many shippers write: a primary and its replica may then apply them in different orders,
 * so that their Lucene document numbers (and `_shard_doc`) differ.
 */
export async function writeAcrossShards(
  index: string,
  docs: object[],
  options: { shardOf?: (docIndex: number) => number; pipeline?: string; concurrently?: boolean } = {}
): Promise<void> {
  const routings = await routingPerShard(index);
  const shardOf = options.shardOf ?? roundRobin;
  const lines = docs.map(
    (doc, i) => `${JSON.stringify({ index: { routing: routings[shardOf(i)] } })}\n${JSON.stringify(doc)}\n`
  );
  const pipeline = options.pipeline ? `&pipeline=${options.pipeline}` : '';
  const send = async (body: string) => {
    const response = await fetch(
      `${engineUrl()}/${index}/_bulk?refresh=${options.concurrently ? 'false' : 'true'}${pipeline}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body,
      }
    );
    const result = (await response.json()) as { errors: boolean };
    if (!response.ok || result.errors) {
      throw new Error(`writing ${index} failed: ${JSON.stringify(result).slice(0, 300)}`);
    }
  };
  if (options.concurrently) {
    await Promise.all(lines.map(send));
    await fetch(`${engineUrl()}/${index}/_refresh`, { method: 'POST' });
  } else {
    await send(lines.join(''));
  }
}

/** How many distinct instants each shard of the index holds (searched on that shard only). */
export async function instantsPerShard(index: string, shards = SHARDS): Promise<number[]> {
  const counts: number[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const response = await fetch(`${engineUrl()}/${index}/_search?preference=_shards:${shard}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ size: 0, aggs: { instants: { cardinality: { field: '@timestamp' } } } }),
    });
    const body = (await response.json()) as { aggregations: { instants: { value: number } } };
    counts.push(body.aggregations.instants.value);
  }
  return counts;
}

export const bodies = (f: DataFrame) => fieldValues(f, 'body') as string[];
export const times = (f: DataFrame) => fieldValues(f, 'timestamp') as number[];
export const row = (f: DataFrame, rowIndex: number) => ({ dataFrame: f, rowIndex, uid: `r${rowIndex}` }) as LogRowModel;

/** Lines in time order, newest first: each time not after the one before it. */
export function newestFirst(values: number[]): boolean {
  return values.every((t, i) => i === 0 || t <= values[i - 1]);
}

/**
 * One page of a line's context: Grafana's context view asks the data source for `limit` lines on one
 * side of a row, and for more from the last row shown (grafana/grafana
 * public/app/features/logs/components/log-context/LogRowContextModal.tsx).
 */
export async function contextPage(on: Harness, anchor: LogRowModel, direction: LogRowContextQueryDirection) {
  const response = await on.ds.getLogRowContext(anchor, { direction, limit: 4 });
  expect(response.error).toBeUndefined();
  return response.data[0] as DataFrame;
}

/**
 * Every line the context shows on one side of a row, page after page (Grafana's "load more"), with
 * whether the last page was read in a point in time, every page's warnings and how many pages were read
 * (the last one empty).
 */
export async function contextAll(on: Harness, start: LogRowModel, direction: LogRowContextQueryDirection) {
  const lines: string[] = [];
  const lineTimes: number[] = [];
  const warnings: string[] = [];
  let inPit = false;
  let pages = 0;
  let anchor = start;
  for (let guard = 0; guard < 30; guard++) {
    const page = await contextPage(on, anchor, direction);
    pages++;
    warnings.push(...warningsOf(page));
    if (page.length === 0) {
      break;
    }
    // Pages of the anchor's own instant are read by key; those beyond it in a point in time, if any.
    inPit ||= Boolean(page.meta?.custom?.pointInTime);
    expect(newestFirst(times(page))).toBe(true);
    if (direction === LogRowContextQueryDirection.Backward) {
      lines.push(...bodies(page));
      lineTimes.push(...times(page));
      anchor = row(page, page.length - 1);
    } else {
      lines.unshift(...bodies(page));
      lineTimes.unshift(...times(page));
      anchor = row(page, 0);
    }
  }
  return { lines, lineTimes, inPit, warnings, pages };
}

/**
 * A line's whole context, both ways: older lines backward and newer forward, in time order around
 * the anchor, together every other line of `messages` once, without warnings. Lines beyond the
 * anchor's instant come from a point in time exactly when `withPit` (its own instant is read by key).
 */
export async function expectWholeContext(
  on: Harness,
  frame: DataFrame,
  anchorIndex: number,
  messages: string[],
  withPit: boolean
): Promise<void> {
  const anchor = row(frame, anchorIndex);
  const anchorTime = times(frame)[anchorIndex];
  const older = await contextAll(on, anchor, LogRowContextQueryDirection.Backward);
  const newer = await contextAll(on, anchor, LogRowContextQueryDirection.Forward);
  expect(older.lineTimes.every((t) => t <= anchorTime)).toBe(true);
  expect(newer.lineTimes.every((t) => t >= anchorTime)).toBe(true);
  expect(newestFirst([...newer.lineTimes, anchorTime, ...older.lineTimes])).toBe(true);
  expect([...newer.lines, bodies(frame)[anchorIndex], ...older.lines].sort()).toEqual([...messages].sort());
  expect([...older.warnings, ...newer.warnings]).toEqual([]);
  for (const side of [older, newer]) {
    expect(side.inPit).toBe(withPit && side.lineTimes.some((t) => t !== anchorTime));
  }
}

type LogsQuery = Partial<SessionErrorsQuery>;

/** A frame's warnings (partial results, timeouts), not its information notices (more lines remain). */
export const warningsOf = (frame: DataFrame) =>
  (frame.meta?.notices ?? []).filter((n) => n.severity === 'warning').map((n) => n.text);

/**
 * Explore asking for older lines until none are left: the same `from`, `to` at the oldest line shown
 * (grafana/grafana public/app/features/logs/infiniteScrollUtils.ts canScrollBottom, newest first:
 * getPrevRange gives { from: range.from, to: visible.from }), with every page's warnings and the
 * number of pages read (the last one empty).
 */
export async function olderLinesAll(on: Harness, query: LogsQuery, window: { fromMs: number; toMs: number }) {
  const lines: string[] = [];
  const lineTimes: number[] = [];
  const warnings: string[] = [];
  let toMs = window.toMs;
  let pages = 0;
  for (let guard = 0; guard < 30; guard++) {
    const response = await runQueries(on.ds, [query], { fromMs: window.fromMs, toMs });
    expect(response.errors).toBeUndefined();
    const page = response.data[0] as DataFrame;
    pages++;
    warnings.push(...warningsOf(page));
    if (page.length === 0) {
      break;
    }
    lines.push(...bodies(page));
    lineTimes.push(...times(page));
    toMs = Math.min(...times(page));
  }
  return { lines, lineTimes, warnings, pages };
}

/**
 * Explore asking for newer lines after a first view of [fromMs, firstToMs]: { from: newest shown,
 * to: nowMs } until none are left (infiniteScrollUtils.ts canScrollTop, newest first: getNextRange
 * gives { from: visible.to, to: range.to }). The first view's lines are included.
 */
export async function newerLinesAll(on: Harness, query: LogsQuery, fromMs: number, firstToMs: number, nowMs: number) {
  const first = (await runQueries(on.ds, [query], { fromMs, toMs: firstToMs })).data[0] as DataFrame;
  const lines = [...bodies(first)];
  const lineTimes = [...times(first)];
  for (let guard = 0; guard < 30; guard++) {
    const response = await runQueries(on.ds, [query], { fromMs: Math.max(...lineTimes), toMs: nowMs });
    expect(response.errors).toBeUndefined();
    const page = response.data[0] as DataFrame;
    if (page.length === 0) {
      break;
    }
    lines.unshift(...bodies(page));
    lineTimes.unshift(...times(page));
  }
  return { first, lines, lineTimes };
}

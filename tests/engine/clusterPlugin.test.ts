import type { DataFrame } from '@grafana/data';
import { LogRowContextQueryDirection } from '@grafana/data';
import type { ClusterInfo } from '../../src/cluster/clusterClient';
import { HOUR_MS } from '../../src/query/errorGroupsSummary';
import { pointInTimeApi } from '../../src/query/pointInTime';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import { extractSessionTag } from '../../src/session/sessionTags';
import { resolveSettings } from '../../src/settings';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import { clusterControl } from '../../tools/engine/clusterControl';
import { engineVersionPattern } from '../../tools/engine/embeddedEngine';
import { demoSessions, generateDemoLogs } from '../../tools/setup/demoLogs';
import { setupCluster } from '../../tools/setup/setupCluster';
import { summarizeErrorGroups } from '../../tools/summarizer/summarizeErrorGroups';
import { engineCall, engineUrl, fieldValues, openHarness, replaySettings, runQueries, type Harness } from './harness';
import {
  bodies,
  contextAll,
  createShardedIndex,
  expectWholeContext,
  instantsPerShard,
  newerLinesAll,
  newestFirst,
  olderLinesAll,
  row,
  SHARDS,
  times,
  writeAcrossShards,
} from './shardedStory';

/**
 * The plugin on the three-node cluster (clusterSetup.ts), on indices of 3 primary shards and a
 * replica each spread over the nodes:
 * 1. log context and Explore's paging return every line once, in order, in a point in time with
 *    `_shard_doc` for an editor (OpenSearch 3.3+) and by instants for a viewer;
 * 2. sessions with errors and error groups (from lines, and from the summarizer's summary) on the
 *    setup tool's demo lines say what the documents say, and the same as one shard does;
 * 3. a node stopped mid-run: partial answers with a notice naming the lost shards on an index
 *    without replicas, complete ones on an index with them, and complete again once it is back.
 */
const NOW = Date.now();
const MINUTE = 60_000;
const control = clusterControl();

const call = engineCall;

/** Waits until the index (or the whole cluster) is green: every copy of every shard started. */
async function waitForGreen(index = ''): Promise<void> {
  const health = await call<{ status: string; timed_out: boolean }>(
    'GET',
    `/_cluster/health/${index}?wait_for_status=green&timeout=60s`
  );
  expect(health).toMatchObject({ status: 'green', timed_out: false });
}

interface CatShard {
  shard: string;
  prirep: 'p' | 'r';
  state: string;
  node: string | null;
}
const shardsOf = (index: string) =>
  call<CatShard[]>('GET', `/_cat/shards/${index}?format=json&h=shard,prirep,state,node`);

/** Every copy started, on all three nodes, never both copies of a shard on one node. */
async function expectSpreadWithReplicas(index: string, primaries: number): Promise<void> {
  const shards = await shardsOf(index);
  expect(shards).toHaveLength(primaries * 2);
  expect(shards.every((s) => s.state === 'STARTED')).toBe(true);
  if (primaries === SHARDS) {
    expect(new Set(shards.map((s) => s.node))).toEqual(new Set(['node-0', 'node-1', 'node-2']));
  }
  for (let shard = 0; shard < primaries; shard++) {
    const copies = shards.filter((s) => Number(s.shard) === shard);
    expect(copies.map((s) => s.prirep).sort()).toEqual(['p', 'r']);
    expect(copies[0].node).not.toBe(copies[1].node);
  }
}

/** A stored line, as the expectations read it: what the ingest pipeline made of the document. */
interface StoredLine {
  id: string;
  time: number;
  message: string;
  level?: string;
  service?: string;
  session?: string;
  fingerprint?: string;
}
interface StoredSource {
  '@timestamp': string;
  message: string;
  log?: { level?: string };
  service?: { name?: string };
  session?: { id?: string };
  error?: { fingerprint?: string };
}

/** Every line of the index (or of one shard of it), as stored. */
async function storedLines(index: string, shard?: number): Promise<StoredLine[]> {
  const preference = shard === undefined ? '' : `?preference=_shards:${shard}`;
  const answer = await call<{ hits: { hits: Array<{ _id: string; _source: StoredSource }> } }>(
    'POST',
    `/${index}/_search${preference}`,
    { size: 10_000, query: { match_all: {} } }
  );
  return answer.hits.hits.map(({ _id, _source: s }) => ({
    id: _id,
    time: Date.parse(s['@timestamp']),
    message: s.message,
    level: s.log?.level,
    service: s.service?.name,
    session: s.session?.id,
    fingerprint: s.error?.fingerprint,
  }));
}

const within = (t: number, w: { fromMs: number; toMs: number }) => t >= w.fromMs && t <= w.toMs;
const sortedSet = (values: Iterable<string | undefined>) =>
  [...new Set([...values].filter((v): v is string => v !== undefined))].sort();
const sortedText = (text: unknown) => (text ? String(text).split(', ').sort() : []);

/** Sessions with errors as the lines say: every tagged line counts, latest session first, ties by id. */
function expectedSessions(lines: StoredLine[], window: { fromMs: number; toMs: number }, limit: number) {
  const bySession = new Map<string, StoredLine[]>();
  for (const line of lines) {
    if (line.session !== undefined && within(line.time, window)) {
      bySession.set(line.session, [...(bySession.get(line.session) ?? []), line]);
    }
  }
  return [...bySession]
    .map(([id, own]) => ({
      id,
      lines: own.length,
      first: Math.min(...own.map((l) => l.time)),
      last: Math.max(...own.map((l) => l.time)),
      services: sortedSet(own.map((l) => l.service)),
      levels: sortedSet(own.map((l) => l.level)),
    }))
    .sort((a, b) => b.last - a.last || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

function sessionRows(frame: DataFrame) {
  const column = (name: string) => fieldValues(frame, name);
  return (column('session_id') as string[]).map((id, i) => ({
    id,
    lines: column('lines')[i],
    first: column('first_seen')[i],
    last: column('last_seen')[i],
    services: sortedText(column('services')[i]),
    levels: sortedText(column('levels')[i]),
  }));
}

/** Error groups as the lines say: fingerprinted tagged lines in the range; new without any in the look-back before it. */
function expectedGroups(lines: StoredLine[], window: { fromMs: number; toMs: number }, lookbackMs: number) {
  const grouped = lines.filter((l) => l.fingerprint !== undefined && l.session !== undefined);
  const groups = new Map<string, { lines: number; sessions: number; last: number; isNew: boolean }>();
  for (const fingerprint of new Set(grouped.filter((l) => within(l.time, window)).map((l) => l.fingerprint!))) {
    const own = grouped.filter((l) => l.fingerprint === fingerprint);
    const inRange = own.filter((l) => within(l.time, window));
    groups.set(fingerprint, {
      lines: inRange.length,
      sessions: new Set(inRange.map((l) => l.session)).size,
      last: Math.max(...inRange.map((l) => l.time)),
      isNew: !own.some((l) => l.time < window.fromMs && l.time >= window.fromMs - lookbackMs),
    });
  }
  return groups;
}

function groupRows(frame: DataFrame) {
  const column = (name: string) => fieldValues(frame, name);
  return new Map(
    (column('fingerprint') as string[]).map((fp, i) => [
      fp,
      {
        lines: column('lines')[i],
        sessions: column('sessions')[i],
        last: column('last_seen')[i],
        isNew: column('new')[i],
      },
    ])
  );
}

/** Every column of the Error groups table, the trend reduced to its total, keyed by fingerprint. */
function fullGroupRows(frame: DataFrame) {
  const column = (name: string) => fieldValues(frame, name);
  return new Map(
    (column('fingerprint') as string[]).map((fp, i) => [
      fp,
      {
        ...Object.fromEntries(
          frame.fields.filter((f) => f.name !== 'trend' && f.name !== 'services').map((f) => [f.name, f.values[i]])
        ),
        services: sortedText(column('services')[i]),
        trendTotal: ((column('trend')[i] as DataFrame).fields[1].values as number[]).reduce((a, b) => a + b, 0),
      },
    ])
  );
}

/** Most affected sessions first: the order of the Error groups table. */
function sessionsNonIncreasing(frame: DataFrame): boolean {
  const sessions = fieldValues(frame, 'sessions') as number[];
  return sessions.every((s, i) => i === 0 || s <= sessions[i - 1]);
}

const noticesOf = (frame: DataFrame) => (frame.meta?.notices ?? []).map((n) => n.text);

afterAll(async () => {
  // The cluster is shared by the project's files: every node back (a failed test may have left one
  // stopped), and this file's indices gone.
  for (const node of (await control.describe()).nodes) {
    await control.startNode(node.name);
  }
  const indices = [PAGING, SPREAD, SINGLE, ...Object.values(SUMMARY), UNREPLICATED, REPLICATED];
  await call('DELETE', `/${indices.join(',')}?ignore_unavailable=true`);
});

// --- 1. Log context and paging -------------------------------------------------------------------

const PAGING = 'logs-cluster-paging';
const START = NOW - 30 * MINUTE;
const SESSION = openReplaySessionIdAt(START, 0x6161);
const OTHER = openReplaySessionIdAt(START, 0x6262);
// Lines per instant: instant 2 holds more lines than a page of 7.
const INSTANT_SIZES = [6, 6, 12, 6, 6];
const PAGING_LINES = INSTANT_SIZES.flatMap((size, instant) =>
  Array.from({ length: size }, (_, i) => ({
    '@timestamp': new Date(START + MINUTE * (1 + instant)).toISOString(),
    message: `instant ${instant} line ${i}`,
    log: { level: ['ERROR', 'WARN', 'INFO'][i % 3] },
    service: { name: 'checkout' },
    session: { id: SESSION },
  }))
);
const PAGING_NOISE = Array.from({ length: 9 }, (_, i) => ({
  '@timestamp': new Date(START + MINUTE * (1 + (i % INSTANT_SIZES.length))).toISOString(),
  message: `other ${i}`,
  log: { level: 'ERROR' },
  service: { name: 'checkout' },
  session: { id: OTHER },
}));
const PAGING_WINDOW = { fromMs: NOW - HOUR_MS, toMs: NOW };
const SESSION_QUERY = { queryType: 'logs', mode: 'session', sessionId: SESSION } as const;
const sessionMessages = PAGING_LINES.map((l) => l.message).sort();

describe('log context and paging on 3 primaries with a replica each, over three nodes', () => {
  let harness: Harness;
  let frame: DataFrame;
  let info: ClusterInfo;

  beforeAll(async () => {
    await createShardedIndex(PAGING, { replicas: 1 });
    await waitForGreen(PAGING);
    // As shippers write: the copies of a shard may hold the lines in different orders.
    await writeAcrossShards(PAGING, [...PAGING_LINES, ...PAGING_NOISE], { concurrently: true });
    harness = await openHarness(replaySettings(PAGING));
    frame = (await runQueries(harness.ds, [SESSION_QUERY], PAGING_WINDOW)).data[0] as DataFrame;
    info = await call<ClusterInfo>('GET', '/');
  });
  afterAll(() => harness.close());

  it('spreads the copies over the nodes, with lines of every instant on each shard', async () => {
    await expectSpreadWithReplicas(PAGING, SHARDS);
    expect(await instantsPerShard(PAGING)).toEqual(Array(SHARDS).fill(INSTANT_SIZES.length));
    expect(frame.length).toBe(PAGING_LINES.length);
    // OpenSearch 3.9 has a point in time with `_shard_doc` (3.3+); 2.19 (SRE_CLUSTER_ENGINE_VERSION=2) has none.
    const { version } = await control.describe();
    expect(pointInTimeApi(info)).toBe(version === '3' ? 'opensearch' : undefined);
  });

  // An editor's context reads a point in time where the engine has `_shard_doc`; a viewer's (the
  // banner route is for editors only, so no version is known) reads by instants.
  describe.each([
    ['an editor', 'Admin'],
    ['a viewer', 'Viewer'],
  ] as const)('for %s', (_who, role) => {
    let own: Harness;
    beforeAll(async () => {
      own = await openHarness(replaySettings(PAGING), {}, {}, { role });
    });
    afterAll(() => own.close());

    // Line 9 is in the middle of the instant larger than a page; 0 and the last are the ends.
    it.each([0, 3, 9, 14, PAGING_LINES.length - 1])(
      'log context from line %i: every other line of the session once, in order, older backward and newer forward',
      (anchorIndex) =>
        expectWholeContext(
          own,
          frame,
          anchorIndex,
          sessionMessages,
          role === 'Admin' && pointInTimeApi(info) !== undefined
        )
    );
  });

  it('older lines in Explore: every line once, newest first, the instant larger than a page included', async () => {
    const older = await olderLinesAll(harness, { ...SESSION_QUERY, limit: 7 }, PAGING_WINDOW);
    expect(newestFirst(older.lineTimes)).toBe(true);
    expect([...older.lines].sort()).toEqual(sessionMessages);
    expect(older.warnings).toEqual([]);
  });

  it('newer lines in Explore: every line once, newest first, the instant larger than a page included', async () => {
    const newer = await newerLinesAll(
      harness,
      { ...SESSION_QUERY, limit: 7 },
      PAGING_WINDOW.fromMs,
      START + MINUTE + 1,
      NOW
    );
    expect(newer.first.length).toBe(INSTANT_SIZES[0]);
    expect(newestFirst(newer.lineTimes)).toBe(true);
    expect([...newer.lines].sort()).toEqual(sessionMessages);
  });
});

// --- 2. Sessions, error groups, the summarizer and the setup tool ----------------------------------

const DEMO_PATTERN = 'logs-clusterdemo-*';
const SPREAD = 'logs-clusterdemo-spread';
const SINGLE = 'logs-clusterdemo-single';
// Whole hours from a fixed point, so that the summary's hours and the range's edges are predictable.
const END = Math.floor(NOW / HOUR_MS) * HOUR_MS - 2 * HOUR_MS + 17 * MINUTE;
const DEMO = { lines: 1500, endMs: END, seed: 13 };
const SUMMARY: Record<string, string> = {
  [SPREAD]: 'sre-clusterdemo-summary-spread',
  [SINGLE]: 'sre-clusterdemo-summary-single',
};
const SESSIONS_WINDOW = { fromMs: END - 25 * HOUR_MS, toMs: END + HOUR_MS };
// Edges inside hours (13 and 23 minutes past), with a look-back.
const GROUPS_WINDOW = { fromMs: END - 20 * HOUR_MS - 4 * MINUTE, toMs: END + 6 * MINUTE };
const LOOKBACK_MS = 6 * HOUR_MS;

async function answer(settings: SessionErrorsOptions, query: Partial<SessionErrorsQuery>, window = SESSIONS_WINDOW) {
  const harness = await openHarness(settings);
  try {
    const response = await runQueries(harness.ds, [query], window);
    expect(response.errors).toBeUndefined();
    return response.data[0] as DataFrame;
  } finally {
    await harness.close();
  }
}
const groupsQuery = { queryType: 'errorGroups', newLookback: '6h', limit: 500 } as const;

describe('sessions, error groups and the setup tool on 3 primaries with a replica each', () => {
  let loaded: Record<string, number>;
  let stored: StoredLine[];

  beforeAll(async () => {
    // The template and pipeline first; then each index created with its number of primaries (the
    // request's settings win over the template's, the rest comes from it); then the demo lines.
    await setupCluster({ url: engineUrl(), indexPattern: DEMO_PATTERN, replicas: 1 });
    await call('PUT', `/${SPREAD}`, { settings: { number_of_shards: SHARDS } });
    await call('PUT', `/${SINGLE}`, { settings: { number_of_shards: 1 } });
    loaded = {};
    for (const index of [SPREAD, SINGLE]) {
      const result = await setupCluster({
        url: engineUrl(),
        indexPattern: DEMO_PATTERN,
        replicas: 1,
        demo: { index, ...DEMO },
      });
      expect(result.engine).toMatch(new RegExp(`^OpenSearch ${engineVersionPattern()}$`));
      loaded[index] = result.loaded;
    }
    await waitForGreen(`${SPREAD},${SINGLE}`);
    stored = await storedLines(SPREAD);
  });

  it('the setup tool loads its demo lines into 3 primaries with a replica each, over the three nodes', async () => {
    expect(loaded).toEqual({ [SPREAD]: DEMO.lines, [SINGLE]: DEMO.lines });
    await expectSpreadWithReplicas(SPREAD, SHARDS);
    await expectSpreadWithReplicas(SINGLE, 1);
    expect(new Set(stored.map((l) => l.id)).size).toBe(DEMO.lines);
    // Each stored line has the session its generated document carries (in its field or its tag),
    // put in the session field by the pipeline: the expectations below read the stored lines.
    const options = { lines: DEMO.lines, endMs: END, seed: DEMO.seed };
    const generated = [...generateDemoLogs(options, demoSessions(options))] as Array<{
      message: string;
      session?: { id: string };
    }>;
    const byId = new Map(stored.map((l) => [l.id, l]));
    generated.forEach((doc, i) => {
      const line = byId.get(`demo-${DEMO.seed}-${END}-${i}`);
      expect(line?.session).toBe(doc.session?.id ?? extractSessionTag(doc.message)?.sessionId);
    });
    expect(stored.filter((l) => l.fingerprint !== undefined).length).toBeGreaterThan(100);
  });

  it.each([1000, 10])('sessions with errors (limit %i): as the lines say, and as on one shard', async (limit) => {
    const query = { queryType: 'sessions', limit } as const;
    const spread = await answer(replaySettings(SPREAD), query);
    const expected = expectedSessions(stored, SESSIONS_WINDOW, limit);
    expect(expected.length).toBe(Math.min(limit, new Set(stored.map((l) => l.session).filter(Boolean)).size));
    expect(sessionRows(spread)).toEqual(expected);
    expect(noticesOf(spread)).toEqual([]);
    const single = await answer(replaySettings(SINGLE), query);
    expect(spread.fields.map((f) => [f.name, f.values])).toEqual(single.fields.map((f) => [f.name, f.values]));
  });

  it('error groups from lines: as the lines say, most affected sessions first, and as on one shard', async () => {
    const spread = await answer(replaySettings(SPREAD), groupsQuery, GROUPS_WINDOW);
    const expected = expectedGroups(stored, GROUPS_WINDOW, LOOKBACK_MS);
    expect(expected.size).toBeGreaterThan(5);
    expect(groupRows(spread)).toEqual(expected);
    expect(sessionsNonIncreasing(spread)).toBe(true);
    expect(noticesOf(spread)).toEqual([]);
    const single = await answer(replaySettings(SINGLE), groupsQuery, GROUPS_WINDOW);
    expect(fullGroupRows(spread)).toEqual(fullGroupRows(single));
  });

  it('error groups from the summarizer’s summary: the same as from lines, on 3 shards and on one', async () => {
    const fromSummary: DataFrame[] = [];
    for (const index of [SPREAD, SINGLE]) {
      const run = await summarizeErrorGroups({
        url: engineUrl(),
        settings: resolveSettings(replaySettings(index)),
        summaryIndex: SUMMARY[index],
        // The demo's day and the look-back before the range.
        sinceMs: 30 * HOUR_MS,
        latenessMs: 5 * MINUTE,
        nowMs: END + 10 * MINUTE,
        replicas: 1,
      });
      expect(run.unhashedLines).toBe(0);
      expect(run.throughMs).toBe(Math.floor(END / HOUR_MS) * HOUR_MS);
      const frame = await answer(
        replaySettings(index, { groupsSummaryIndex: SUMMARY[index] }),
        groupsQuery,
        GROUPS_WINDOW
      );
      expect(noticesOf(frame)).toEqual([]);
      fromSummary.push(frame);
    }
    const fromLines = await answer(replaySettings(SPREAD), groupsQuery, GROUPS_WINDOW);
    expect(groupRows(fromSummary[0])).toEqual(expectedGroups(stored, GROUPS_WINDOW, LOOKBACK_MS));
    expect(fullGroupRows(fromSummary[0])).toEqual(fullGroupRows(fromLines));
    expect(fullGroupRows(fromSummary[0])).toEqual(fullGroupRows(fromSummary[1]));
    expect(fieldValues(fromSummary[0], 'sessions')).toEqual(fieldValues(fromLines, 'sessions'));
  });
});

// --- 3. A node stopped mid-run ---------------------------------------------------------------------

const UNREPLICATED = 'logs-clusterdemo-outage';
const REPLICATED = 'logs-clusterdemo-outage-replicated';
const OUTAGE_START = NOW - 40 * MINUTE;
const OUTAGE_SESSIONS = [1, 2, 3, 4].map((n) => openReplaySessionIdAt(OUTAGE_START, 0x7100 + n));
// 12 instants of 3 lines, one line of each instant on each shard (round-robin), sessions across shards.
const OUTAGE_LINES = Array.from({ length: 36 }, (_, i) => {
  const level = ['ERROR', 'WARN', 'ERROR', 'INFO'][i % 4];
  const message =
    level === 'ERROR'
      ? i % 8 === 0
        ? `KeyError: 'variant_${i}' for product ${1000 + i}`
        : `Timeout after ${i}s calling payments`
      : level === 'WARN'
        ? `Slow response from catalog: ${100 + i} ms`
        : `served ${i} requests`;
  return {
    '@timestamp': new Date(OUTAGE_START + MINUTE * (1 + Math.floor(i / SHARDS))).toISOString(),
    message,
    log: { level },
    service: { name: i % 2 ? 'cart' : 'shop' },
    session: { id: OUTAGE_SESSIONS[i % OUTAGE_SESSIONS.length] },
    ...(message.startsWith('KeyError') ? { error: { type: 'KeyError' } } : {}),
  };
});
const OUTAGE_WINDOW = { fromMs: NOW - HOUR_MS, toMs: NOW };
const OUTAGE_QUERIES: Array<Partial<SessionErrorsQuery>> = [
  { refId: 'logs', queryType: 'logs', mode: 'range', limit: 1000 },
  { refId: 'sessions', queryType: 'sessions' },
  { refId: 'groups', ...groupsQuery },
];

/**
 * A harness for the time of `run`: Grafana's runtime services are process-wide (harness.ts), so two
 * harnesses open at once would both talk through the later one's proxy.
 */
async function withHarness<T>(index: string, run: (on: Harness) => Promise<T>): Promise<T> {
  const harness = await openHarness(replaySettings(index));
  try {
    return await run(harness);
  } finally {
    await harness.close();
  }
}

/** The three panels' answers in one request, by refId. */
function outageAnswers(index: string) {
  return withHarness(index, async (on) => {
    const response = await runQueries(on.ds, OUTAGE_QUERIES, OUTAGE_WINDOW);
    const byRef = (refId: string) => response.data.find((f: DataFrame) => f.refId === refId) as DataFrame;
    return { errors: response.errors, logs: byRef('logs'), sessions: byRef('sessions'), groups: byRef('groups') };
  });
}

/**
 * Answers that show exactly `lines` (those on the shards that answered), each panel with a notice
 * matching `notice`, or with none.
 */
function expectAnswers(answers: Awaited<ReturnType<typeof outageAnswers>>, lines: StoredLine[], notice?: RegExp) {
  expect(answers.errors).toBeUndefined();
  const newestFirstLines = [...lines].sort((a, b) => b.time - a.time);
  expect(answers.logs.length).toBe(lines.length);
  expect(newestFirst(times(answers.logs))).toBe(true);
  expect(times(answers.logs)).toEqual(newestFirstLines.map((l) => l.time));
  expect([...bodies(answers.logs)].sort()).toEqual(lines.map((l) => l.message).sort());
  expect(sessionRows(answers.sessions)).toEqual(expectedSessions(lines, OUTAGE_WINDOW, 1000));
  expect(groupRows(answers.groups)).toEqual(expectedGroups(lines, OUTAGE_WINDOW, LOOKBACK_MS));
  for (const frame of [answers.logs, answers.sessions, answers.groups]) {
    if (notice) {
      expect(noticesOf(frame)).toContainEqual(expect.stringMatching(notice));
    } else {
      expect(noticesOf(frame)).toEqual([]);
    }
  }
}

describe('a node stopped mid-run', () => {
  let all: StoredLine[];
  const byShard: StoredLine[][] = [];

  beforeAll(async () => {
    await setupCluster({ url: engineUrl(), indexPattern: DEMO_PATTERN, replicas: 1 });
    await call('PUT', `/${UNREPLICATED}`, { settings: { number_of_shards: SHARDS, number_of_replicas: 0 } });
    await call('PUT', `/${REPLICATED}`, { settings: { number_of_shards: SHARDS, number_of_replicas: 1 } });
    await waitForGreen(`${UNREPLICATED},${REPLICATED}`);
    // Through the template's default pipeline: session hashes and error fingerprints as in production.
    await writeAcrossShards(UNREPLICATED, OUTAGE_LINES);
    await writeAcrossShards(REPLICATED, OUTAGE_LINES);
    all = await storedLines(UNREPLICATED);
    for (let shard = 0; shard < SHARDS; shard++) {
      byShard.push(await storedLines(UNREPLICATED, shard));
    }
  });

  it('before: every line, session and group, with no notice', async () => {
    expect(all).toHaveLength(OUTAGE_LINES.length);
    expect(byShard.map((lines) => lines.length)).toEqual(Array(SHARDS).fill(OUTAGE_LINES.length / SHARDS));
    expect(all.filter((l) => l.fingerprint !== undefined).length).toBeGreaterThan(10);
    expectAnswers(await outageAnswers(UNREPLICATED), all);
    expectAnswers(await outageAnswers(REPLICATED), all);
  });

  it('gives partial answers naming the lost shard without replicas, full ones with them, and full ones once it is back', async () => {
    const primaries = (await shardsOf(UNREPLICATED)).filter((s) => s.prirep === 'p');
    // Never node-0: the harness queries it.
    const lost = primaries.find((s) => s.node && s.node !== 'node-0');
    if (!lost?.node) {
      throw new Error(`no primary of ${UNREPLICATED} outside node-0: ${JSON.stringify(primaries)}`);
    }
    const lostShard = Number(lost.shard);
    const surviving = all.filter((l) => !byShard[lostShard].some((gone) => gone.id === l.id));
    expect(surviving.length).toBe(all.length - byShard[lostShard].length);
    // While the cluster state still lists the node: the shard failed, named with its index and
    // number (shardFailures.ts); once the node has left, OpenSearch names no shard (cluster.test.ts)
    // and the notice counts the shards that did not answer.
    const failedNotice = new RegExp(
      `^1 of ${SHARDS} shards failed: results are partial\\. Reason: .*\\(${UNREPLICATED} shard ${lostShard}\\)`
    );
    const unavailableNotice = new RegExp(
      `^1 of ${SHARDS} shards did not answer \\(not available: a node left or a shard is unassigned\\): results are partial\\.$`
    );
    const eitherNotice = new RegExp(`${failedNotice.source}|${unavailableNotice.source}`);
    const contextDuringOutage: Record<string, { lines: string[]; partialNoticeOnEveryPage: boolean }> = {};
    let expectedContext: (typeof contextDuringOutage)[string] | undefined;
    try {
      await control.stopNode(lost.node);
      expectAnswers(await outageAnswers(UNREPLICATED), surviving, eitherNotice);
      expectAnswers(await outageAnswers(REPLICATED), all);

      await call('GET', '/_cluster/health?wait_for_nodes=2&timeout=30s');
      expectAnswers(await outageAnswers(UNREPLICATED), surviving, unavailableNotice);
      expectAnswers(await outageAnswers(REPLICATED), all);
      // Explore's older lines, page after page: the surviving lines once each, in order, each page saying it is partial.
      const older = await withHarness(UNREPLICATED, (on) =>
        olderLinesAll(on, { ...OUTAGE_QUERIES[0], limit: 5 }, OUTAGE_WINDOW)
      );
      expect(newestFirst(older.lineTimes)).toBe(true);
      expect([...older.lines].sort()).toEqual(surviving.map((l) => l.message).sort());
      expect(older.warnings).toHaveLength(older.pages);
      expect(older.warnings.every((text) => unavailableNotice.test(text))).toBe(true);
      // Log context from the newest surviving line of a session, for an editor (in a point in time
      // on OpenSearch 3.3+) and a viewer (by instants): checked once the node is back (below).
      const session = OUTAGE_SESSIONS[0];
      const sessionLines = surviving.filter((l) => l.session === session).sort((a, b) => b.time - a.time);
      const logs = (await outageAnswers(UNREPLICATED)).logs;
      const anchor = row(logs, bodies(logs).indexOf(sessionLines[0].message));
      expectedContext = {
        lines: sessionLines.slice(1).map((l) => l.message),
        partialNoticeOnEveryPage: true,
      };
      for (const role of ['Admin', 'Viewer'] as const) {
        const harness = await openHarness(replaySettings(UNREPLICATED), {}, {}, { role });
        try {
          const { lines, warnings, pages } = await contextAll(harness, anchor, LogRowContextQueryDirection.Backward);
          contextDuringOutage[role] = {
            lines,
            partialNoticeOnEveryPage:
              warnings.length === pages && warnings.every((text) => unavailableNotice.test(text)),
          };
        } finally {
          await harness.close();
        }
      }
    } finally {
      await control.startNode(lost.node);
    }
    await waitForGreen();
    expectAnswers(await outageAnswers(UNREPLICATED), all);
    expectAnswers(await outageAnswers(REPLICATED), all);
    // A partial context says so on every page, whichever way it was read.
    expect(contextDuringOutage).toEqual({ Admin: expectedContext, Viewer: expectedContext });
  });
});

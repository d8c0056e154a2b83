import type { DataFrame } from '@grafana/data';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import type { ClusterInfo } from '../../src/cluster/clusterClient';
import { pointInTimeApi } from '../../src/query/pointInTime';
import { engineUrl, openHarness, replaySettings, runQueries, type Harness } from './harness';
import {
  createShardedIndex,
  expectWholeContext,
  instantsPerShard,
  newerLinesAll,
  newestFirst,
  olderLinesAll,
  SHARDS,
  writeAcrossShards,
} from './shardedStory';

/**
 * Log context and Explore's paging on an index of 3 primary shards, on the one embedded node. `_doc`
 * (Lucene's document number) is unique within a shard only: lines of one instant on different shards
 * share `_doc` values, so search_after from [time, _index, _doc] skips the other shards' lines of that
 * instant. Each instant here has lines on all three shards (routed), and one instant is larger than a
 * page.
 */
const INDEX = 'logs-shards-a';
const NOW = Date.now();
const START = NOW - 30 * 60_000;
const SESSION = openReplaySessionIdAt(START, 0x5151);
const OTHER = openReplaySessionIdAt(START, 0x5252);
// Lines per instant: instant 2 holds more lines than a page of 7.
const INSTANT_SIZES = [6, 6, 12, 6, 6];
const LINES = INSTANT_SIZES.flatMap((size, instant) =>
  Array.from({ length: size }, (_, i) => ({
    '@timestamp': new Date(START + 60_000 * (1 + instant)).toISOString(),
    message: `instant ${instant} line ${i}`,
    log: { level: ['ERROR', 'WARN', 'INFO'][i % 3] },
    service: { name: 'checkout' },
    session: { id: SESSION },
  }))
);
const NOISE = Array.from({ length: 9 }, (_, i) => ({
  '@timestamp': new Date(START + 60_000 * (1 + (i % INSTANT_SIZES.length))).toISOString(),
  message: `other ${i}`,
  log: { level: 'ERROR' },
  service: { name: 'checkout' },
  session: { id: OTHER },
}));

let harness: Harness;
let frame: DataFrame;
const WINDOW = { fromMs: NOW - 3600_000, toMs: NOW };
const SESSION_QUERY = { queryType: 'logs', mode: 'session', sessionId: SESSION } as const;

beforeAll(async () => {
  await createShardedIndex(INDEX, { replicas: 0 });
  await writeAcrossShards(INDEX, [...LINES, ...NOISE]);
  harness = await openHarness(replaySettings('logs-shards-*'));
  frame = (await runQueries(harness.ds, [SESSION_QUERY], WINDOW)).data[0] as DataFrame;
});
afterAll(() => harness.close());

describe('an index of 3 primary shards', () => {
  it('holds lines of every instant on each shard', async () => {
    expect(await instantsPerShard(INDEX)).toEqual(Array(SHARDS).fill(INSTANT_SIZES.length));
    expect(frame.length).toBe(LINES.length);
  });

  // An editor's context reads a point in time where the engine has `_shard_doc`, a viewer's (no
  // banner route, so no version known) reads by instants: both see every line once.
  describe.each([
    ['an editor', 'Admin'],
    ['a viewer', 'Viewer'],
  ] as const)('for %s', (_who, role) => {
    let own: Harness;
    let withPit: boolean;
    beforeAll(async () => {
      own = await openHarness(replaySettings('logs-shards-*'), {}, {}, { role });
      const info = (await (await fetch(engineUrl())).json()) as ClusterInfo;
      withPit = role === 'Admin' && pointInTimeApi(info) !== undefined;
    });
    afterAll(() => own.close());

    it.each([0, 3, 9, 14, LINES.length - 1])(
      'log context from line %i: every other line of the session once, older ones backward, newer ones forward',
      (anchorIndex) =>
        expectWholeContext(
          own,
          frame,
          anchorIndex,
          LINES.map((l) => l.message),
          withPit
        )
    );
  });

  it('older lines in Explore: every line once, in time order, an instant larger than a page included', async () => {
    const older = await olderLinesAll(harness, { ...SESSION_QUERY, limit: 7 }, WINDOW);
    expect(newestFirst(older.lineTimes)).toBe(true);
    expect([...older.lines].sort()).toEqual(LINES.map((l) => l.message).sort());
  });

  it('newer lines in Explore: every line once, in time order, an instant larger than a page included', async () => {
    // The first view ends after the first instant; Explore then asks { from: newest shown, to: now }.
    const newer = await newerLinesAll(harness, { ...SESSION_QUERY, limit: 7 }, WINDOW.fromMs, START + 60_000 + 1, NOW);
    expect(newer.first.length).toBe(INSTANT_SIZES[0]);
    expect(newestFirst(newer.lineTimes)).toBe(true);
    expect([...newer.lines].sort()).toEqual(LINES.map((l) => l.message).sort());
  });
});

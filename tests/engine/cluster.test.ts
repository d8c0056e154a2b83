import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clusterControl, type ClusterDescription } from '../../tools/engine/clusterControl';
import { opensearchVersionOf, type EngineVersion } from '../../tools/engine/embeddedEngine';
import { engineCall, engineUrl } from './harness';

/**
 * The three-node cluster the `engine-cluster` project starts (clusterSetup.ts): it is green with
 * three nodes, a 3-primary 1-replica index spreads its copies over all of them, and a stopped node
 * leaves the cluster answering, with the lost shards visible in `_shards`.
 *
 * What a stopped node does to a search of an index without replicas, in two phases:
 * - at once (the cluster state still lists the node): the shard is counted in `_shards.failed`, and
 *   `_shards.failures` names it with node_not_connected_exception (this phase lasts until the
 *   cluster manager drops the node, some 100 ms: a slower test sees the second phase only);
 * - once the node has left the cluster state: the shard is unassigned, counted in `_shards.total`
 *   but neither in `successful` nor in `failed`, and `failures` is absent: only
 *   successful < total tells the answer is partial, and no shard is named.
 * Both answers are recorded for response tests, as tests/fixtures/opensearch/
 * search-shard-failure-node-stopped-<version>.json and search-shard-unassigned-node-left-<version>.json
 * (SRE_RECORD_FIXTURES=1 writes them again; otherwise the live answers must have their shape).
 */
const FIXTURE_DIR = path.resolve(__dirname, '../fixtures/opensearch');
const SHARDS = 3;
const DOCS = 60;
const REPLICATED = 'cluster-smoke-replicated';
const UNREPLICATED = 'cluster-smoke-unreplicated';
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 0);

interface ShardsHeader {
  total: number;
  successful: number;
  skipped: number;
  failed: number;
  failures?: Array<{ shard: number; index: string; node: string; reason: { type: string; reason: string } }>;
}
interface SearchAnswer {
  _shards: ShardsHeader;
  hits: { total: { value: number }; hits: Array<{ _source: { message: string } }> };
}
interface CatShard {
  index: string;
  shard: string;
  prirep: 'p' | 'r';
  state: string;
  docs: string | null;
  node: string | null;
}

const call = engineCall;

async function createIndex(index: string, replicas: number): Promise<void> {
  await call('PUT', `/${index}`, {
    settings: { number_of_shards: SHARDS, number_of_replicas: replicas },
    mappings: { properties: { '@timestamp': { type: 'date' }, message: { type: 'text' } } },
  });
  await call('GET', `/_cluster/health/${index}?wait_for_status=green&timeout=60s`);
  const lines = Array.from({ length: DOCS }, (_, i) => [
    JSON.stringify({ index: {} }),
    JSON.stringify({ '@timestamp': new Date(START_MS + i * 1000).toISOString(), message: `line ${i}` }),
  ]).flat();
  const response = await fetch(`${engineUrl()}/${index}/_bulk?refresh=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson' },
    body: `${lines.join('\n')}\n`,
  });
  const result = (await response.json()) as { errors: boolean };
  expect(result.errors).toBe(false);
}

const shardsOf = async (index: string) =>
  (await call<CatShard[]>('GET', `/_cat/shards/${index}?format=json&h=index,shard,prirep,state,docs,node`)).sort(
    (a, b) => Number(a.shard) - Number(b.shard) || a.prirep.localeCompare(b.prirep)
  );

// The latest lines first, as the plugin's log queries ask.
const search = (index: string) =>
  call<SearchAnswer>('POST', `/${index}/_search`, {
    size: 3,
    sort: [{ '@timestamp': 'desc' }],
    track_total_hits: true,
  });

const control = clusterControl();
let cluster: ClusterDescription;

beforeAll(async () => {
  cluster = await control.describe();
  await createIndex(REPLICATED, 1);
  await createIndex(UNREPLICATED, 0);
});

afterAll(async () => {
  // The cluster is shared by the project's files: every node back, the indices gone.
  for (const node of cluster.nodes) {
    await control.startNode(node.name);
  }
  await call('DELETE', `/${REPLICATED},${UNREPLICATED}`);
});

it('is green with three nodes of the project engine version', async () => {
  const health = await call<{ status: string; number_of_nodes: number; number_of_data_nodes: number }>(
    'GET',
    '/_cluster/health?wait_for_status=green&timeout=30s'
  );
  expect(health).toMatchObject({ status: 'green', number_of_nodes: 3, number_of_data_nodes: 3 });
  const info = await call<{ version: { number: string } }>('GET', '/');
  expect(info.version.number).toBe(opensearchVersionOf(cluster.version as EngineVersion));
  expect(cluster.nodes.map((n) => [n.name, n.running])).toEqual([
    ['node-0', true],
    ['node-1', true],
    ['node-2', true],
  ]);
});

it('spreads a 3-primary 1-replica index over every node, never both copies of a shard on one', async () => {
  const shards = await shardsOf(REPLICATED);
  expect(shards).toHaveLength(SHARDS * 2);
  expect(shards.every((s) => s.state === 'STARTED')).toBe(true);
  expect(new Set(shards.map((s) => s.node))).toEqual(new Set(['node-0', 'node-1', 'node-2']));
  for (let shard = 0; shard < SHARDS; shard++) {
    const copies = shards.filter((s) => Number(s.shard) === shard);
    expect(copies.map((s) => s.prirep).sort()).toEqual(['p', 'r']);
    expect(copies[0].node).not.toBe(copies[1].node);
  }
  const answer = await search(REPLICATED);
  expect(answer._shards).toEqual({ total: 3, successful: 3, skipped: 0, failed: 0 });
  expect(answer.hits.total.value).toBe(DOCS);
});

it('answers with the lost shards in _shards when a node stops, and in full again when it is back', async () => {
  const unreplicated = (await shardsOf(UNREPLICATED)).filter((s) => s.prirep === 'p');
  // A node other than node-0 (the one queried), holding a primary of the unreplicated index.
  const lost = unreplicated.find((s) => s.node !== 'node-0');
  if (!lost?.node) {
    throw new Error(`no primary of ${UNREPLICATED} outside node-0: ${JSON.stringify(unreplicated)}`);
  }
  const lostShard = Number(lost.shard);
  const survivingDocs = DOCS - Number(lost.docs);

  await control.stopNode(lost.node);
  // Mid-run: the cluster state still lists the stopped node.
  const atOnce = await search(UNREPLICATED);
  expect(atOnce._shards.total).toBe(SHARDS);
  expect(atOnce._shards.successful).toBe(SHARDS - 1);
  expect(atOnce.hits.total.value).toBe(survivingDocs);
  if (atOnce._shards.failed > 0) {
    expect(atOnce._shards.failures).toEqual([
      {
        shard: lostShard,
        index: UNREPLICATED,
        node: expect.any(String),
        reason: { type: 'node_not_connected_exception', reason: expect.stringContaining(`[${lost.node}]`) },
      },
    ]);
    recordOrCompare(`search-shard-failure-node-stopped-${opensearchVersionOf(cluster.version)}.json`, atOnce);
  }
  // The replicated index loses nothing: each shard has a copy on a live node.
  const replicated = await search(REPLICATED);
  expect(replicated._shards).toMatchObject({ total: SHARDS, successful: SHARDS, failed: 0 });
  expect(replicated.hits.total.value).toBe(DOCS);

  // Once the node has left: its shard is unassigned, counted in total only, and named nowhere.
  await waitForNodeCount(2);
  const afterLeft = await search(UNREPLICATED);
  expect(afterLeft._shards).toEqual({ total: SHARDS, successful: SHARDS - 1, skipped: 0, failed: 0 });
  expect(afterLeft.hits.total.value).toBe(survivingDocs);
  recordOrCompare(`search-shard-unassigned-node-left-${opensearchVersionOf(cluster.version)}.json`, afterLeft);

  await control.startNode(lost.node);
  await call('GET', '/_cluster/health?wait_for_status=green&timeout=60s');
  const back = await search(UNREPLICATED);
  expect(back._shards).toEqual({ total: SHARDS, successful: SHARDS, skipped: 0, failed: 0 });
  expect(back.hits.total.value).toBe(DOCS);
});

async function waitForNodeCount(count: number): Promise<void> {
  const health = await call<{ number_of_nodes: number; timed_out: boolean }>(
    'GET',
    `/_cluster/health?wait_for_nodes=${count}&timeout=30s`
  );
  expect(health).toMatchObject({ number_of_nodes: count, timed_out: false });
}

/**
 * The recorded answer for other tests (tests/fixtures/opensearch): written with SRE_RECORD_FIXTURES=1,
 * else the live answer must have the recorded one's shape (same keys, failure type, shard counts).
 */
function recordOrCompare(name: string, live: SearchAnswer): void {
  const file = path.join(FIXTURE_DIR, name);
  if (process.env.SRE_RECORD_FIXTURES === '1' || !existsSync(file)) {
    // Then `npx prettier --write` on it, as the other fixtures are laid out (Prettier cannot run in Jest's VM).
    writeFileSync(file, `${JSON.stringify(live, null, 2)}\n`);
    return;
  }
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as SearchAnswer;
  expect(Object.keys(live).sort()).toEqual(Object.keys(recorded).sort());
  const counts = ({ total, successful, skipped, failed }: ShardsHeader) => ({ total, successful, skipped, failed });
  expect(counts(live._shards)).toEqual(counts(recorded._shards));
  expect(live._shards.failures?.map((f) => f.reason.type)).toEqual(
    recorded._shards.failures?.map((f) => f.reason.type)
  );
}

/**
 * `npm run record:elasticsearch -- single|cluster 8|9`: records Elasticsearch 8.17.0 or 9.1.0 answers
 * for the fixtures in tests/fixtures/elasticsearch/recorded, from nodes run embedded from Maven
 * Central's server jar (engine/elasticsearch: build it first, see its pom). Not part of the tests:
 * the tests read the recordings.
 *
 *   single:  one node (HTTP 9400 for 8, 9401 for 9): an index of 3 shards, log lines of one instant
 *            over them, and the plugin's own log-context requests (logContext.ts) with a point in time.
 *   cluster: two nodes (HTTP 9402/9403 or 9404/9405), an unreplicated index over both, then the
 *            second node killed: searches and points in time with a shard lost. ONE_SHARD_ON_B=1
 *            insists on exactly one shard there (exits "RETRY" otherwise).
 *
 * Each answer is saved byte for byte in OUT/raw/<name>-<version>.json and pretty-printed (parsed by
 * Python, which keeps numbers as written) in OUT/<name>-<version>.json; each request is appended to
 * OUT/requests-<version>.jsonl (method, path, body exactly as sent). OUT: $ES_OUT, or
 * tests/fixtures/elasticsearch/recorded.
 */
import '../node/browserGlobals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sessionLogsTemplate } from '../setup/template';
import { resolveSettings } from '../../src/settings';
import { buildContextQuery, type ContextAnchor } from '../../src/query/buildContextQuery';
import { fetchLogContext, type ContextClient } from '../../src/query/logContext';
import { openedPitId, PIT_KEEP_ALIVE } from '../../src/query/pointInTime';

const OUT = process.env.ES_OUT ?? path.resolve(__dirname, '../../tests/fixtures/elasticsearch/recorded');
const EMBED = path.resolve(__dirname, '../../engine/elasticsearch');
const [mode, major] = process.argv.slice(2);
if (!['single', 'cluster'].includes(mode) || !['8', '9'].includes(major)) {
  console.error('usage: npm run record:elasticsearch -- single|cluster 8|9');
  process.exit(2);
}
const VERSION = major === '9' ? '9.1.0' : '8.17.0';
mkdirSync(path.join(OUT, 'raw'), { recursive: true });

interface Answer<T> {
  status: number;
  text: string;
  /** The answer parsed, in the shapes read below: a search, a point in time, `_cat/shards`. */
  json: T;
}

/** One request, as sent; its answer saved under `name` when given. */
async function call<T = never>(
  base: string,
  method: string,
  p: string,
  body?: unknown,
  name?: string,
  ndjson = false
): Promise<Answer<T>> {
  const payload = body === undefined ? undefined : ndjson ? (body as string) : JSON.stringify(body);
  const started = Date.now();
  const response = await fetch(`${base}${p}`, {
    method,
    headers: payload === undefined ? {} : { 'Content-Type': ndjson ? 'application/x-ndjson' : 'application/json' },
    body: payload,
  });
  const text = await response.text();
  let json: T;
  try {
    json = JSON.parse(text) as T;
  } catch {
    json = undefined as T;
  }
  if (name) {
    const file = `${name}-${VERSION}.json`;
    writeFileSync(path.join(OUT, 'raw', file), text);
    const pretty = spawnSync(
      'python3',
      ['-c', 'import json,sys; print(json.dumps(json.loads(sys.stdin.read()), indent=2, ensure_ascii=False))'],
      {
        input: text,
      }
    );
    writeFileSync(path.join(OUT, file), pretty.status === 0 ? pretty.stdout : text);
    appendFileSync(
      path.join(OUT, `requests-${VERSION}.jsonl`),
      `${JSON.stringify({ name: file, method, path: p, status: response.status, ms: Date.now() - started, at: new Date().toISOString(), body: payload })}\n`
    );
    console.log(`${file}: HTTP ${response.status}`);
  }
  return { status: response.status, text, json };
}

const settings = resolveSettings({ sessionField: 'session.id', indexPattern: 'logs-*' });
const SESSION = '7385624197204359425';
const OTHER = '7385624197204359999';
const INDEX = 'logs-checkout-2026.11.20';

/** Log lines of one checkout session around 09:03:05, several at the same instant (spread over 3 shards). */
function checkoutLines(): Array<Record<string, unknown>> {
  const line = (iso: string, level: string, text: string, session = SESSION) => ({
    '@timestamp': iso,
    message: `[openReplaySession.id=${session}] ${text}`,
    log: { level },
    service: { name: 'checkout' },
    host: { name: 'checkout-1' },
    session: { id: session },
  });
  return [
    line('2026-11-20T09:03:03.500Z', 'INFO', 'checkout page viewed'),
    line('2026-11-20T09:03:04.120Z', 'INFO', 'cart opened with 3 items'),
    line('2026-11-20T09:03:05.000Z', 'INFO', 'payment form submitted for order 1001'),
    line('2026-11-20T09:03:05.000Z', 'INFO', 'calling payment provider for order 1001'),
    line('2026-11-20T09:03:05.000Z', 'WARN', 'payment declined for order 1001'),
    line('2026-11-20T09:03:05.000Z', 'INFO', 'retrying payment for order 1001'),
    line('2026-11-20T09:03:05.000Z', 'INFO', 'payment retry scheduled for order 1001'),
    line('2026-11-20T09:03:05.000Z', 'INFO', 'another session at the same instant', OTHER),
    line('2026-11-20T09:03:06.000Z', 'ERROR', 'payment failed for order 1001'),
    line('2026-11-20T09:03:06.000Z', 'INFO', 'error page shown for order 1001'),
    line('2026-11-20T09:03:07.250Z', 'INFO', 'support chat opened'),
  ];
}

async function single(base: string): Promise<void> {
  await call(base, 'GET', '/', undefined, 'info');
  const mappings = sessionLogsTemplate('logs-*').template!.mappings;
  await call(
    base,
    'PUT',
    `/${INDEX}`,
    { settings: { number_of_shards: 3, number_of_replicas: 0 }, mappings },
    'index-create'
  );
  await call(base, 'GET', `/_cluster/health/${INDEX}?wait_for_status=green&timeout=60s`);
  const bulk = checkoutLines().flatMap((doc) => [JSON.stringify({ index: {} }), JSON.stringify(doc)]);
  await call(base, 'POST', `/${INDEX}/_bulk?refresh=true`, `${bulk.join('\n')}\n`, 'bulk-checkout', true);
  await call(
    base,
    'GET',
    `/_cat/shards/${INDEX}?format=json&h=index,shard,prirep,state,docs,node`,
    undefined,
    'cat-shards-checkout'
  );

  // The anchor: the ERROR line at 09:03:06, as a logs search showed it ([time, index, id]).
  const found = await call<{ hits: { hits: Array<{ _index: string; _id: string; _source: Record<string, string> }> } }>(
    base,
    'POST',
    `/${INDEX}/_search`,
    {
      query: { match_phrase: { message: 'payment failed' } },
    }
  );
  const hit = found.json.hits.hits[0];
  const timeMs = Date.parse(hit._source['@timestamp']);
  const anchor: ContextAnchor = {
    sort: [timeMs, hit._index, hit._id],
    timeMs,
    key: { index: hit._index, id: hit._id },
    sessionId: SESSION,
  };
  const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', 4);
  if (!built.ok) throw new Error(built.error);
  const pattern = settings.indexPattern ?? 'logs-*';

  // The plugin's own requests (logContext.ts), against the node: the instant, the open, the search in it.
  let step = 0;
  const names = ['context-anchor-instant', 'context-beyond'];
  const client = (tag: string): ContextClient<unknown> => ({
    search: async (body) =>
      (await call(base, 'POST', `/${pattern}/_search`, body, `${tag}-${names[step++] ?? `search-${step}`}`)).json,
    pointInTime: {
      open: async () =>
        openedPitId(
          (await call(base, 'POST', `/${pattern}/_pit?keep_alive=${PIT_KEEP_ALIVE}`, undefined, `${tag}-pit-open`)).json
        ),
      search: async (body) => (await call(base, 'POST', '/_search', body, `${tag}-pit-search-shard-doc`)).json,
    },
  });
  const first = await fetchLogContext(client('context'), anchor, built.searches);
  const lines = first.response.hits.hits;
  const last = lines[lines.length - 1];
  console.log(
    `context: ${lines.length} lines, pit ${first.pitId ? 'yes' : 'no'}, last sort ${JSON.stringify(last?.sort)}`
  );
  if (first.pitId && last) {
    // "Load more" from the farthest line: in the same point in time, after [time, _shard_doc].
    const moreAnchor: ContextAnchor = {
      sort: last.sort!,
      timeMs: Number(last.sort![0]),
      key: { index: last._index, id: last._id! },
      sessionId: SESSION,
    };
    step = 0;
    const more = buildContextQuery(settings, moreAnchor, 'session', 'BACKWARD', 4);
    if (!more.ok) throw new Error(more.error);
    await fetchLogContext(client('load-more'), moreAnchor, more.searches, first.pitId);
  }
  // The open exactly as the brief names it: one index, keep_alive 1m.
  await call(base, 'POST', `/${INDEX}/_pit?keep_alive=1m`, undefined, 'pit-open');
}

// ---- two nodes, a node lost ----

const SHARDS = 3;
const DOCS = 60;
const UNREPLICATED = 'cluster-smoke-unreplicated';
const START_MS = Date.UTC(2026, 10, 20, 9, 0, 0);

interface Started {
  child: ChildProcess;
  url: string;
}

function startNode(
  name: string,
  http: number,
  transport: number,
  seeds: string,
  roles: string,
  data: string
): Promise<Started> {
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const child = spawn(
    path.join(EMBED, 'run-node.sh'),
    [
      major,
      '--port',
      String(http),
      '--transport-port',
      String(transport),
      '--cluster-name',
      `es-embed-pair-${major}`,
      '--node-name',
      name,
      // No seeds: a single-node cluster.
      ...(seeds ? ['--seed-hosts', seeds, '--initial-master-nodes', 'node-a'] : []),
      '--roles',
      roles,
      '--data',
      data,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  child.stderr!.on('data', (d) => appendFileSync(path.join(EMBED, 'logs', `${name}-${major}.err`), d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      appendFileSync(path.join(EMBED, 'logs', `${name}-${major}.out`), d);
      const m = /ENGINE READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`${name} exited ${code}`)));
    setTimeout(() => reject(new Error(`${name} not ready in 120 s`)), 120_000).unref();
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

// As tests/engine/cluster.test.ts searches (the plugin's log queries: latest first).
const smokeSearch = { size: 3, sort: [{ '@timestamp': 'desc' }], track_total_hits: true };

async function cluster(): Promise<void> {
  const [ha, hb] = major === '9' ? [9404, 9405] : [9402, 9403];
  const [ta, tb] = major === '9' ? [9424, 9425] : [9422, 9423];
  const seeds = `127.0.0.1:${ta},127.0.0.1:${tb}`;
  const t0 = Date.now();
  const [a, b] = await Promise.all([
    startNode('node-a', ha, ta, seeds, 'master,data,ingest', path.join(EMBED, 'data', `node-a-${major}`)),
    startNode('node-b', hb, tb, seeds, 'data,ingest', path.join(EMBED, 'data', `node-b-${major}`)),
  ]);
  console.log(`two nodes ready in ${Date.now() - t0} ms`);
  try {
    const base = a.url;
    await call(base, 'GET', '/_cluster/health?wait_for_nodes=2&timeout=60s');
    await call(
      base,
      'PUT',
      `/${UNREPLICATED}`,
      {
        settings: { number_of_shards: SHARDS, number_of_replicas: 0 },
        mappings: { properties: { '@timestamp': { type: 'date' }, message: { type: 'text' } } },
      },
      'cluster-index-create'
    );
    await call(base, 'GET', `/_cluster/health/${UNREPLICATED}?wait_for_status=green&timeout=60s`);
    const lines = Array.from({ length: DOCS }, (_, i) => [
      JSON.stringify({ index: {} }),
      JSON.stringify({ '@timestamp': new Date(START_MS + i * 1000).toISOString(), message: `line ${i}` }),
    ]).flat();
    await call(base, 'POST', `/${UNREPLICATED}/_bulk?refresh=true`, `${lines.join('\n')}\n`, undefined, true);
    const shards = await call<Array<{ node: string }>>(
      base,
      'GET',
      `/_cat/shards/${UNREPLICATED}?format=json&h=index,shard,prirep,state,docs,node`,
      undefined,
      'cluster-cat-shards'
    );
    const onB = shards.json.filter((s) => s.node === 'node-b').length;
    if (onB === 0 || onB === SHARDS || (process.env.ONE_SHARD_ON_B === '1' && onB !== 1)) {
      throw new Error(`RETRY: ${onB} of ${SHARDS} shards on node-b: ${shards.text}`);
    }
    await call(base, 'POST', `/${UNREPLICATED}/_search`, smokeSearch, 'cluster-search-all-shards');

    // A point in time over both nodes, and a search in it (time, _shard_doc) before the loss.
    const pit = await call<{ id: string }>(
      base,
      'POST',
      `/${UNREPLICATED}/_pit?keep_alive=1m`,
      undefined,
      'cluster-pit-open'
    );
    const pitBody = (id: string) => ({
      size: 3,
      track_total_hits: true,
      sort: [{ '@timestamp': { order: 'desc', unmapped_type: 'date' } }, { _shard_doc: { order: 'desc' } }],
      pit: { id, keep_alive: '1m' },
    });
    const before = await call<{ pit_id?: string }>(
      base,
      'POST',
      '/_search',
      pitBody(pit.json.id),
      'cluster-pit-search'
    );

    await killHard(b.child);
    const killedAt = Date.now();
    // At once, while the cluster state may still list node-b.
    await call(base, 'POST', `/${UNREPLICATED}/_search`, smokeSearch, 'search-shard-failure-node-stopped');
    await call(base, 'POST', '/_search', pitBody(before.json.pit_id ?? pit.json.id), 'pit-search-node-stopped');
    console.log(`first searches done ${Date.now() - killedAt} ms after SIGKILL`);
    await call(base, 'GET', '/_cluster/health?wait_for_nodes=1&timeout=60s', undefined, 'cluster-health-node-left');
    await call(base, 'POST', `/${UNREPLICATED}/_search`, smokeSearch, 'search-shard-unassigned-node-left');
    await call(base, 'POST', '/_search', pitBody(before.json.pit_id ?? pit.json.id), 'pit-search-node-left');
    // Opening a point in time with a shard unassigned: refused, and (8.16+) allowed partial.
    await call(base, 'POST', `/${UNREPLICATED}/_pit?keep_alive=1m`, undefined, 'pit-open-node-left');
    await call(
      base,
      'POST',
      `/${UNREPLICATED}/_pit?keep_alive=1m&allow_partial_search_results=true`,
      undefined,
      'pit-open-partial-node-left'
    );
  } finally {
    await killHard(b.child);
    await killHard(a.child);
  }
}

/** One node of its own for the single-node recordings. */
async function singleOnItsOwnNode(): Promise<void> {
  const http = major === '9' ? 9401 : 9400;
  const node = await startNode(
    'single',
    http,
    http + 20,
    '',
    'master,data,ingest',
    path.join(EMBED, 'data', `single-${major}`)
  );
  try {
    await single(node.url);
  } finally {
    await killHard(node.child);
  }
}

(async () => {
  mkdirSync(path.join(EMBED, 'logs'), { recursive: true });
  await (mode === 'single' ? singleOnItsOwnNode() : cluster());
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

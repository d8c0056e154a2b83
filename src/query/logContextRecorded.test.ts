import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { estypes } from '@elastic/elasticsearch';
import info8 from '../../tests/fixtures/elasticsearch/info-8.14.1.json';
import info9 from '../../tests/fixtures/elasticsearch/info-9.0.0.json';
import { ClusterClient, type ClusterInfo, type ClusterRequest } from '../cluster/clusterClient';
import { toLogsFrame } from '../response/toLogsFrame';
import { resolveSettings } from '../settings';
import { buildContextQuery, type ContextAnchor } from './buildContextQuery';
import { contextClient, fetchLogContext } from './logContext';
import { pointInTimeApi } from './pointInTime';

/**
 * Log context on Elasticsearch 8.17 and 9.1 through the plugin's routes, on answers recorded from
 * real nodes (tests/fixtures/elasticsearch/recorded, `npm run record:elasticsearch`): the line's own
 * instant read by key, the point in time opened on the index pattern, the context beyond the instant
 * by `_shard_doc`, and "load more" in the same point in time. Each request the plugin sends here is
 * the request the recorded answer was given to, body for body.
 */
const RECORDED = path.join(__dirname, '../../tests/fixtures/elasticsearch/recorded');
const settings = resolveSettings({ sessionField: 'session.id', indexPattern: 'logs-*' });
const SESSION = '7385624197204359425';

type Hit = estypes.SearchHit<{ '@timestamp': string; message: string }>;
type Answer = estypes.SearchResponse<{ '@timestamp': string; message: string }>;
const recorded = (name: string, version: string): Answer =>
  JSON.parse(readFileSync(path.join(RECORDED, `${name}-${version}.json`), 'utf8')) as Answer;
/** The recorded requests by answer name: method, path and body as sent. */
function recordedRequests(version: string): Map<string, { method: string; path: string; body?: string }> {
  const lines = readFileSync(path.join(RECORDED, `requests-${version}.jsonl`), 'utf8')
    .trim()
    .split('\n');
  return new Map(
    lines.map((line) => {
      const r = JSON.parse(line) as { name: string; method: string; path: string; body?: string };
      return [r.name.replace(`-${version}.json`, ''), r];
    })
  );
}

function recordedCluster(answers: (request: ClusterRequest) => unknown, seen: ClusterRequest[]) {
  return new ClusterClient(
    '/api/datasources/proxy/uid/es',
    'apiKey',
    async <T>(request: ClusterRequest) => {
      seen.push(request);
      return answers(request) as T;
    },
    'logs-*'
  );
}

describe.each([
  ['8.17.0', info8],
  ['9.1.0', info9],
])('log context on Elasticsearch %s (recorded from a node)', (version, info) => {
  // GET / of the embedded node is not served (its rest-root module is not on Maven Central): the
  // version is detected from the published answers of 8.14.1 and 9.0.0, which have _shard_doc too.
  const api = pointInTimeApi(info as unknown as ClusterInfo);
  const requests = recordedRequests(version);
  const instant = recorded('context-context-anchor-instant', version);
  const bulk = requests
    .get('bulk-checkout')!
    .body!.trim()
    .split('\n')
    .filter((_, i) => i % 2 === 1);
  const sessionLines = bulk
    .map((line) => JSON.parse(line) as { '@timestamp': string; message: string; session: { id: string } })
    .filter((line) => line.session.id === SESSION);
  // The line the context is opened on, as the logs search gave it: the error at 09:03:06.
  const anchorHit = instant.hits.hits.find((h) => h._source!.message.includes('payment failed'))!;
  const anchorOf = (hit: Hit): ContextAnchor => ({
    sort: hit.sort!,
    timeMs: Number(hit.sort![0]),
    key: { index: hit._index, id: hit._id! },
    sessionId: SESSION,
  });

  /** One context request from `anchor`, answered by the named recordings; the requests seen. */
  async function contextFrom(anchor: ContextAnchor, names: { instant?: string; pitSearch: string }, pitId?: string) {
    const seen: ClusterRequest[] = [];
    const client = recordedCluster(
      (r) =>
        r.operation === 'openPit'
          ? recorded('context-pit-open', version)
          : r.operation === 'pitSearch'
            ? recorded(names.pitSearch, version)
            : recorded(names.instant ?? 'context-context-anchor-instant', version),
      seen
    );
    const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', 4);
    const context = await fetchLogContext(
      contextClient(client, api),
      anchor,
      built.ok ? built.searches : (undefined as never),
      pitId
    );
    return { seen, context };
  }

  it('sends the recorded requests: the instant, the open on the pattern, the search by _shard_doc', async () => {
    const { seen, context } = await contextFrom(anchorOf(anchorHit), { pitSearch: 'context-pit-search-shard-doc' });
    expect(seen.map((r) => r.operation)).toEqual(['search', 'openPit', 'pitSearch']);
    expect(seen.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/api/datasources/proxy/uid/es/-apikey/_search'],
      ['POST', '/api/datasources/proxy/uid/es/-apikey-pit/_pit?keep_alive=2m'],
      ['POST', '/api/datasources/proxy/uid/es/-apikey-pit-search'],
    ]);
    // What the routes reach on the node (proxyRoutes.ts): the pattern's _search and _pit, and _search.
    const sent = ['context-context-anchor-instant', 'context-pit-open', 'context-pit-search-shard-doc'].map((name) =>
      requests.get(name)!
    );
    expect(sent.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/logs-*/_search'],
      ['POST', '/logs-*/_pit?keep_alive=2m'],
      ['POST', '/_search'],
    ]);
    expect(seen[0].data).toEqual(JSON.parse(sent[0].body!));
    expect(seen[2].data).toEqual(JSON.parse(sent[2].body!));
    // The node answered the search in the point in time with the id it opened.
    const pitSearch = recorded('context-pit-search-shard-doc', version);
    expect((pitSearch as { pit_id?: string }).pit_id).toBe(
      (recorded('context-pit-open', version) as unknown as { id: string }).id
    );
    expect(context.pitId).toBe((pitSearch as { pit_id?: string }).pit_id);
    // Shown as every logs frame: the index kept between time and _shard_doc, for the next "load more".
    const frame = toLogsFrame(context.response as never, settings, { refId: 'c', limit: Infinity });
    expect(frame.fields.find((f) => f.name === 'sort')?.values).toEqual(
      pitSearch.hits.hits.map((h) => JSON.stringify([h.sort![0], h._index, h.sort![1]]))
    );
  });

  it('"load more" in the same point in time: every older line of the session once, an instant spread over shards and pages included', async () => {
    const first = await contextFrom(anchorOf(anchorHit), { pitSearch: 'context-pit-search-shard-doc' });
    const firstLines = first.context.response.hits.hits as Hit[];
    const more = await contextFrom(
      anchorOf(firstLines[firstLines.length - 1]),
      { pitSearch: 'load-more-pit-search-shard-doc' },
      first.context.pitId
    );
    // No second open: "load more" goes on in the point in time the first page opened.
    expect(more.seen.map((r) => r.operation)).not.toContain('openPit');
    const loadMore = more.seen.find((r) => r.operation === 'pitSearch')!;
    expect(loadMore.data).toEqual(JSON.parse(requests.get('load-more-pit-search-shard-doc')!.body!));
    // The instant of 09:03:05 has lines on every shard (cat-shards-checkout): its last page-1 line's
    // _shard_doc is where page 2 goes on.
    const shardsWithDocs = (recorded('cat-shards-checkout', version) as unknown as Array<{ docs: string }>).filter(
      (s) => Number(s.docs) > 0
    );
    expect(shardsWithDocs).toHaveLength(3);
    const pages = [firstLines, more.context.response.hits.hits as Hit[]];
    const messages = pages.flat().map((h) => h._source!.message);
    const anchorMs = Date.parse(anchorHit._source!['@timestamp']);
    expect(messages.sort()).toEqual(
      sessionLines
        .filter((l) => Date.parse(l['@timestamp']) < anchorMs)
        .map((l) => l.message)
        .sort()
    );
    const times = pages.flat().map((h) => Date.parse(h._source!['@timestamp']));
    expect(times.every((t, i) => i === 0 || t <= times[i - 1])).toBe(true);
  });

  it('shows partial context with the failed shard named when a node has left (recorded search in a point in time)', async () => {
    const { context } = await contextFrom(anchorOf(anchorHit), { pitSearch: 'pit-search-node-left' });
    const failed = recorded('pit-search-node-left', version);
    expect(failed._shards.failed).toBe(1);
    expect(context.response._shards).toEqual(failed._shards);
    expect(context.response.hits.hits.map((h) => h._id)).toEqual(failed.hits.hits.map((h) => h._id));
  });
});

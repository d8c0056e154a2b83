import info8 from '../../tests/fixtures/elasticsearch/info-8.14.1.json';
import info9 from '../../tests/fixtures/elasticsearch/info-9.0.0.json';
import pitOpen from '../../tests/fixtures/elasticsearch/pit-open.json';
import pitSearch from '../../tests/fixtures/elasticsearch/pit-search-shard-doc.json';
import shardFailures from '../../tests/fixtures/elasticsearch/search-shard-failures-8.json';
import { ClusterClient, type ClusterInfo, type ClusterRequest } from '../cluster/clusterClient';
import { toLogsFrame } from '../response/toLogsFrame';
import { resolveSettings } from '../settings';
import { buildContextQuery } from './buildContextQuery';
import { contextClient, fetchLogContext } from './logContext';
import { pointInTimeApi } from './pointInTime';

/**
 * Log context on Elasticsearch 8 and 9 through the plugin's routes, on recorded answers
 * (tests/fixtures/elasticsearch/README.md): the line's own instant read by key, then the engine's
 * point in time opened on the index pattern and the context beyond that instant searched by `_shard_doc`.
 */
const settings = resolveSettings({ sessionField: 'session.id', indexPattern: 'logs-*' });
const anchor = {
  sort: [1795165385000, 'logs-checkout-2026.11.20', 7],
  timeMs: 1795165385000,
  key: { index: 'logs-checkout-2026.11.20', id: 'HaslK3QBySSL_rrj9zM9' },
  sessionId: '7385624197204359425',
};

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
  ['8.14.1', info8],
  ['9.0.0', info9],
])('log context on Elasticsearch %s (recorded answers)', (_version, info) => {
  const api = pointInTimeApi(info as unknown as ClusterInfo);

  /** The anchor's own instant, read by key first: here it has no other line. */
  const emptyInstant = {
    took: 1,
    timed_out: false,
    _shards: { total: 3, successful: 3, failed: 0 },
    hits: { hits: [] },
  };

  /** The anchor's older context, the search in the point in time answered by `pitAnswer`; the requests seen. */
  async function olderContext(pitAnswer: unknown) {
    const seen: ClusterRequest[] = [];
    const client = recordedCluster(
      (r) => (r.operation === 'openPit' ? pitOpen : r.operation === 'pitSearch' ? pitAnswer : emptyInstant),
      seen
    );
    const built = buildContextQuery(settings, anchor, 'session', 'BACKWARD', 2);
    const context = await fetchLogContext(
      contextClient(client, api),
      anchor,
      built.ok ? built.searches : (undefined as never)
    );
    return { seen, context };
  }

  it('reads the line’s instant, then opens a point in time on the pattern and searches beyond the instant by _shard_doc', async () => {
    const { seen, context } = await olderContext(pitSearch);

    expect(seen.map((r) => r.operation)).toEqual(['search', 'openPit', 'pitSearch']);
    expect(seen.slice(1).map((r) => [r.method, r.url])).toEqual([
      ['POST', '/api/datasources/proxy/uid/es/-apikey-pit/_pit?keep_alive=2m'],
      ['POST', '/api/datasources/proxy/uid/es/-apikey-pit-search'],
    ]);
    const search = seen[2].data as Record<string, unknown>;
    // In the id the open answer gave, strictly older than the line's instant (a range in epoch ms).
    expect(search).toMatchObject({ pit: { id: pitOpen.id, keep_alive: '2m' }, size: 2 });
    expect(search).not.toHaveProperty('search_after');
    expect(JSON.stringify(search.query)).toContain(
      JSON.stringify({ gte: anchor.timeMs - 86_400_000, lt: anchor.timeMs, format: 'epoch_millis' })
    );
    expect(search.sort).toEqual([
      { '@timestamp': { order: 'desc', unmapped_type: 'date' } },
      { _shard_doc: { order: 'desc' } },
    ]);
    expect(context.pitId).toBe(pitSearch.pit_id);

    // Shown as every logs frame: the index kept between time and _shard_doc, for the next "load more".
    const frame = toLogsFrame(context.response as never, settings, { refId: 'c', limit: Infinity });
    expect(frame.fields.find((f) => f.name === 'sort')?.values).toEqual(
      pitSearch.hits.hits.map((h) => JSON.stringify([h.sort[0], h._index, h.sort[1]]))
    );
  });

  it('shows partial context with the failed shards named when some shards fail', async () => {
    // Elasticsearch answers a search in a point in time with its shard failures like any other.
    const { context } = await olderContext(shardFailures);
    expect(context.response._shards).toEqual(shardFailures._shards);
    expect(context.response.hits.hits.map((h) => h._id)).toEqual(['FaslK3QBySSL_rrj9zM5']);
  });
});

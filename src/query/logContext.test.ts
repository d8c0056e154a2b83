import type { estypes } from '@elastic/elasticsearch';
import { resolveSettings } from '../settings';
import { buildContextQuery, type ContextAnchor } from './buildContextQuery';
import type { SearchBody } from './buildSessionErrorsQuery';
import { contextClient, fetchByInstants, fetchLogContext, type ContextClient } from './logContext';
import { ClusterClient, type ClusterRequest } from '../cluster/clusterClient';
import type { PitSearchBody } from './pointInTime';

/** A line of an index of several shards: `doc` is its number within its shard, as `_doc` is. */
interface Line {
  time: number;
  index: string;
  id: string;
  doc: number;
}

/**
 * Lines at 4 instants over 3 shards, each shard numbering its documents from 0: lines of one instant
 * share `doc` values across shards. Instant 300 is larger than the pages asked for.
 */
const LINES: Line[] = [100, 100, 100, 200, 200, 300, 300, 300, 300, 300, 300, 400].map((time, i) => ({
  time,
  index: 'logs-a',
  id: `id-${String(i).padStart(2, '0')}`,
  doc: Math.floor(i / 3),
}));

type Range = { gte?: number; gt?: number; lte?: number; lt?: number };

/**
 * The engine's answer to one of the context searches: the lines in the time range, sorted by time,
 * `_index` and `_doc` in the order asked, where lines of equal time and `_doc` on different shards
 * come in an order of the engine's (here: reversed id, unlike the key order), `size` of them.
 */
function engine(lines: Line[], searches: SearchBody[], shards?: estypes.ShardStatistics) {
  return async (body: SearchBody): Promise<estypes.SearchResponse<Record<string, unknown>>> => {
    searches.push(body);
    const filter = body.query?.bool?.filter as Array<{ range?: Record<string, Range> }>;
    const range = filter[0].range!['@timestamp'];
    const order = (body.sort as Array<Record<string, { order: string }>>)[0]['@timestamp'].order === 'asc' ? 1 : -1;
    const within = lines.filter(
      (l) =>
        (range.gte === undefined || l.time >= range.gte) &&
        (range.gt === undefined || l.time > range.gt) &&
        (range.lte === undefined || l.time <= range.lte) &&
        (range.lt === undefined || l.time < range.lt)
    );
    const sorted = [...within].sort((a, b) => order * (a.time - b.time || a.doc - b.doc) || (a.id < b.id ? 1 : -1));
    return {
      took: 1,
      timed_out: false,
      _shards: shards ?? { total: 3, successful: 3, failed: 0 },
      hits: {
        hits: sorted.slice(0, body.size).map((l) => ({ _index: l.index, _id: l.id, sort: [l.time, l.index, l.doc] })),
      },
    };
  };
}

const settings = resolveSettings({ sessionField: 'session.id' });
const anchorOf = (line: Line) => ({
  sort: [line.time, line.index, line.doc],
  timeMs: line.time,
  key: { index: line.index, id: line.id },
  sessionId: '42',
});

async function side(line: Line, direction: 'BACKWARD' | 'FORWARD', limit: number, searches: SearchBody[] = []) {
  const built = buildContextQuery(settings, anchorOf(line), 'session', direction, limit);
  if (!built.ok) {
    throw new Error(built.error);
  }
  const response = await fetchByInstants(engine(LINES, searches), anchorOf(line), built.searches);
  return response.hits.hits.map((h) => LINES.find((l) => l.id === h._id)!);
}

/** Every line on one side of a line, page after page from the last line shown. */
async function allOnSide(line: Line, direction: 'BACKWARD' | 'FORWARD', limit: number) {
  const seen: Line[] = [];
  let anchor = line;
  for (let guard = 0; guard < 20; guard++) {
    const page = await side(anchor, direction, limit);
    if (!page.length) {
      break;
    }
    expect(page.length).toBeLessThanOrEqual(limit);
    seen.push(...page);
    anchor = page[page.length - 1];
  }
  return seen;
}

describe('fetchByInstants', () => {
  it.each(LINES.flatMap((line) => [1, 2, 4].map((limit) => [line.id, limit] as const)))(
    'from %s, %p lines a page: every other line once, each side in time order',
    async (id, limit) => {
      const line = LINES.find((l) => l.id === id)!;
      const older = await allOnSide(line, 'BACKWARD', limit);
      const newer = await allOnSide(line, 'FORWARD', limit);
      expect(older.every((l, i) => l.time <= (i ? older[i - 1].time : line.time))).toBe(true);
      expect(newer.every((l, i) => l.time >= (i ? newer[i - 1].time : line.time))).toBe(true);
      const all = [...older, line, ...newer].map((l) => l.id).sort();
      expect(all).toEqual(LINES.map((l) => l.id));
    }
  );

  it('orders an instant by key: the lines before a line are those of lesser id, greatest first', async () => {
    const line = LINES[8];
    expect((await side(line, 'BACKWARD', 10)).map((l) => l.id)).toEqual([
      'id-07',
      'id-06',
      'id-05',
      'id-04',
      'id-03',
      'id-02',
      'id-01',
      'id-00',
    ]);
    expect((await side(line, 'FORWARD', 10)).map((l) => l.id)).toEqual(['id-09', 'id-10', 'id-11']);
  });

  it('one search when the anchor’s instant fills the page', async () => {
    const searches: SearchBody[] = [];
    expect((await side(LINES[10], 'BACKWARD', 2, searches)).map((l) => l.id)).toEqual(['id-09', 'id-08']);
    expect(searches).toHaveLength(1);
  });

  it('two searches when whole instants follow, the one beyond asking one line more than needed', async () => {
    const searches: SearchBody[] = [];
    const older = await side(LINES[4], 'BACKWARD', 4, searches);
    expect(older.map((l) => l.id)).toEqual(['id-03', 'id-02', 'id-01', 'id-00']);
    expect(searches.map((s) => s.size)).toEqual([10_000, 4]);
    const next: SearchBody[] = [];
    // Instant 100 whole: three lines, then instant 200 cut at the fifth, so left out.
    expect((await side(LINES[5], 'BACKWARD', 4, next)).map((l) => l.id)).toEqual(['id-04', 'id-03']);
    expect(next.map((s) => s.size)).toEqual([10_000, 5]);
  });

  it('fetches an instant larger than the rest of the page whole and shows its first lines in key order', async () => {
    const searches: SearchBody[] = [];
    expect((await side(LINES[4], 'FORWARD', 2, searches)).map((l) => l.id)).toEqual(['id-05', 'id-06']);
    expect(searches.map((s) => s.size)).toEqual([10_000, 3, 10_000]);
    expect((searches[2].query?.bool?.filter as Array<{ range: unknown }>)[0].range).toEqual({
      '@timestamp': { gte: 300, lte: 300, format: 'epoch_millis' },
    });
  });

  it('of several searches with as many failed shards, shows the first one’s failures', async () => {
    const built = buildContextQuery(settings, anchorOf(LINES[4]), 'session', 'FORWARD', 2);
    const first = { total: 3, successful: 2, failed: 1, failures: [{ index: 'a', shard: 0, reason: { type: 'x' } }] };
    const second = { total: 3, successful: 2, failed: 1, failures: [{ index: 'b', shard: 1, reason: { type: 'y' } }] };
    let calls = 0;
    const response = await fetchByInstants(
      (body) => engine(LINES, [], calls++ ? second : first)(body),
      anchorOf(LINES[4]),
      built.ok ? built.searches : (undefined as never)
    );
    expect(calls).toBe(3);
    expect(response._shards).toEqual(first);
  });

  it('shows the failed shards and the timeout of any of its searches', async () => {
    const built = buildContextQuery(settings, anchorOf(LINES[4]), 'session', 'FORWARD', 2);
    const failed = { total: 3, successful: 2, failed: 1, failures: [] };
    let calls = 0;
    const fine = engine(LINES, []);
    const partial = engine(LINES, [], failed);
    const response = await fetchByInstants(
      async (body) => {
        calls++;
        const answer = await (calls === 2 ? partial : fine)(body);
        return calls === 3 ? { ...answer, timed_out: true } : answer;
      },
      anchorOf(LINES[4]),
      built.ok ? built.searches : (undefined as never)
    );
    expect(response._shards).toEqual(failed);
    expect(response.timed_out).toBe(true);
    expect(response.hits.hits.map((h) => h._id)).toEqual(['id-05', 'id-06']);
  });
});

/**
 * A point in time over LINES as the engines answer in one: `_shard_doc` is (shard ordinal << 32) |
 * doc, unique per line; the anchor found by its index and id; search_after over [time, _shard_doc].
 */
interface PitOptions {
  openId?: string;
  failSearch?: (body: PitSearchBody) => boolean;
}

function pointInTime(log: string[], options: PitOptions = {}) {
  const shardDoc = (line: Line) => (LINES.indexOf(line) % 3) * 2 ** 32 + line.doc;
  let opened = 0;
  return {
    open: async () => {
      opened++;
      log.push(`open ${opened}`);
      return options.openId ?? `pit-${opened}`;
    },
    search: async (body: PitSearchBody) => {
      log.push(`search ${body.pit.id}`);
      if (options.failSearch?.(body)) {
        throw { status: 404, data: { error: { type: 'search_context_missing_exception' } } };
      }
      const filter = body.query?.bool?.filter as Array<{ range?: Record<string, Range>; ids?: { values: string[] } }>;
      const order = (body.sort as Array<Record<string, { order: string }>>)[0]['@timestamp'].order === 'asc' ? 1 : -1;
      const ids = filter.find((f) => f.ids)?.ids?.values;
      const range = filter.find((f) => f.range)?.range?.['@timestamp'];
      const after = body.search_after as number[] | undefined;
      const matching = LINES.filter((l) => {
        if (ids) {
          return ids.includes(l.id);
        }
        const r = range!;
        const inRange =
          (r.gte === undefined || l.time >= r.gte) &&
          (r.gt === undefined || l.time > r.gt) &&
          (r.lte === undefined || l.time <= r.lte) &&
          (r.lt === undefined || l.time < r.lt);
        const beyond = !after || order * (l.time - after[0] || shardDoc(l) - after[1]) > 0;
        return inRange && beyond;
      }).sort((a, b) => order * (a.time - b.time || shardDoc(a) - shardDoc(b)));
      return {
        pit_id: `${body.pit.id}+`,
        took: 1,
        timed_out: false,
        _shards: { total: 3, successful: 3, failed: 0 },
        hits: {
          hits: matching.slice(0, body.size).map((l) => ({ _index: l.index, _id: l.id, sort: [l.time, shardDoc(l)] })),
        },
      };
    },
  };
}

describe('fetchLogContext in a point in time', () => {
  const contextOf = async (
    client: ContextClient<Record<string, unknown>>,
    line: Line,
    direction: 'BACKWARD' | 'FORWARD',
    limit: number,
    anchor = anchorOf(line) as ContextAnchor,
    readInPit?: string
  ) => {
    const built = buildContextQuery(settings, anchor, 'session', direction, limit);
    return fetchLogContext(client, anchor, built.ok ? built.searches : (undefined as never), readInPit);
  };

  it.each(LINES.flatMap((line) => [1, 3].map((limit) => [line.id, limit] as const)))(
    'from %s, %p lines a page, "load more" going on in the same point in time: every other line once',
    async (id, limit) => {
      const line = LINES.find((l) => l.id === id)!;
      const seen: string[] = [];
      for (const direction of ['BACKWARD', 'FORWARD'] as const) {
        const log: string[] = [];
        const client = { search: engine(LINES, []), pointInTime: pointInTime(log) };
        let context = await contextOf(client, line, direction, limit);
        for (let guard = 0; guard < 20 && context.response.hits.hits.length; guard++) {
          const hits = context.response.hits.hits;
          expect(hits.length).toBeLessThanOrEqual(limit);
          seen.push(...hits.map((h) => h._id!));
          const last = hits[hits.length - 1];
          const next = { ...anchorOf(LINES.find((l) => l.id === last._id)!), sort: last.sort! };
          context = await contextOf(client, line, direction, limit, next, context.pitId);
        }
        // One point in time for the walk beyond the anchor's instant; a second only where a page found
        // nothing beyond its anchor's instant (its farthest line was read by key, in no point in time).
        expect(log.filter((l) => l.startsWith('open')).length).toBeLessThanOrEqual(2);
      }
      expect([...seen, line.id].sort()).toEqual(LINES.map((l) => l.id));
    }
  );

  it('reads the rest of the line’s instant by key, then what lies beyond it in a new point in time, the index in each line’s sort values', async () => {
    const log: string[] = [];
    const pit = pointInTime(log);
    const pitBodies: PitSearchBody[] = [];
    const client = {
      search: engine(LINES, []),
      pointInTime: { open: pit.open, search: (body: PitSearchBody) => (pitBodies.push(body), pit.search(body)) },
    };
    const context = await contextOf(client, LINES[9], 'FORWARD', 3);
    expect(log).toEqual(['open 1', 'search pit-1']);
    expect(context.pitId).toBe('pit-1+');
    // id-10 follows id-09 in its instant by key; then, strictly after instant 300, id-11 (shard 2, doc 3).
    expect(context.response.hits.hits.map((h) => [h._id, h.sort])).toEqual([
      ['id-10', [300, 'logs-a', 3]],
      ['id-11', [400, 'logs-a', 2 * 2 ** 32 + 3]],
    ]);
    // Strictly after instant 300 by a range (no sort values of the point in time known yet).
    expect(pitBodies[0]).toMatchObject({ size: 2 });
    expect(pitBodies[0]).not.toHaveProperty('search_after');
    expect(JSON.stringify(pitBodies[0].query)).toContain('{"gt":300,"lte":86400300,"format":"epoch_millis"}');
  });

  it('backward from the first line of its instant by key: every line beyond comes from the point in time, strictly older', async () => {
    const log: string[] = [];
    const context = await contextOf(
      { search: engine(LINES, []), pointInTime: pointInTime(log) },
      LINES[5],
      'BACKWARD',
      3
    );
    expect(log).toEqual(['open 1', 'search pit-1']);
    // Instant 200 in _shard_doc order, descending: id-04 (shard 1) before id-03 (shard 0); then id-02 (shard 2).
    expect(context.response.hits.hits.map((h) => h._id)).toEqual(['id-04', 'id-03', 'id-02']);
  });

  it('opens no point in time when the line’s own instant fills the page', async () => {
    const log: string[] = [];
    const context = await contextOf(
      { search: engine(LINES, []), pointInTime: pointInTime(log) },
      LINES[7],
      'BACKWARD',
      2
    );
    expect(log).toEqual([]);
    expect(context.pitId).toBeUndefined();
    expect(context.response.hits.hits.map((h) => h._id)).toEqual(['id-06', 'id-05']);
  });

  it('opens a new one when the one a line was read in has expired', async () => {
    const log: string[] = [];
    const pit = pointInTime(log, { failSearch: (body) => body.pit.id === 'gone' });
    const anchor = { ...anchorOf(LINES[7]), sort: [300, 'logs-a', 2 * 2 ** 32 + 2] };
    const context = await contextOf(
      { search: engine(LINES, []), pointInTime: pit },
      LINES[7],
      'BACKWARD',
      4,
      anchor,
      'gone'
    );
    expect(log).toEqual(['search gone', 'open 1', 'search pit-1']);
    // Read anew: the rest of instant 300 by key, then instant 200 from the new point in time.
    expect(context.response.hits.hits.map((h) => h._id)).toEqual(['id-06', 'id-05', 'id-04', 'id-03']);
  });

  it('goes on from a line of an earlier page without finding it again', async () => {
    const log: string[] = [];
    const anchor = { ...anchorOf(LINES[7]), sort: [300, 'logs-a', 2 * 2 ** 32 + 2] };
    await contextOf({ search: engine(LINES, []), pointInTime: pointInTime(log) }, LINES[7], 'BACKWARD', 2, anchor, 'p');
    expect(log).toEqual(['search p']);
  });

  it('finds a line anew when its sort values are not those of a line read in a point in time', async () => {
    const log: string[] = [];
    const anchor = { ...anchorOf(LINES[7]), sort: [300, 'logs-a'] };
    const client = { search: engine(LINES, []), pointInTime: pointInTime(log) };
    await contextOf(client, LINES[7], 'BACKWARD', 4, anchor, 'p');
    expect(log).toEqual(['open 1', 'search pit-1']);
  });

  it.each<[string, PitOptions]>([
    ['no point in time opens', { openId: '' }],
    ['every search in it fails', { failSearch: () => true }],
  ])('reads by instants when %s', async (_label, options) => {
    const log: string[] = [];
    const searches: SearchBody[] = [];
    const pit = pointInTime(log, options);
    const client = {
      search: engine(LINES, searches),
      pointInTime: {
        open: pit.open,
        search: pit.search,
      },
    };
    // Four lines: the rest of instant 300 is two, so the point in time is asked for the others.
    const context = await contextOf(client, LINES[7], 'BACKWARD', 4);
    expect(context.pitId).toBeUndefined();
    expect(context.response.hits.hits.map((h) => h._id)).toEqual(['id-06', 'id-05', 'id-04', 'id-03']);
    // The anchor's instant read once, for either way, then what lies beyond it by instants.
    expect(searches).toHaveLength(2);
  });

  it('reads by instants where the engine has no point in time, whatever the frame says', async () => {
    const searches: SearchBody[] = [];
    const context = await contextOf({ search: engine(LINES, searches) }, LINES[7], 'BACKWARD', 2, undefined, 'p');
    expect(context.pitId).toBeUndefined();
    expect(searches).toHaveLength(1);
  });
});

describe('contextClient', () => {
  function client(seen: ClusterRequest[]) {
    return new ClusterClient(
      '/api/datasources/proxy/uid/x',
      'none',
      async <T>(request: ClusterRequest) => {
        seen.push(request);
        return (request.operation === 'openPitOpenSearch' ? { pit_id: 'o1' } : { hits: { hits: [] } }) as T;
      },
      'logs-*'
    );
  }

  it('searches the index pattern’s route, with no point in time where the engine has none', async () => {
    const seen: ClusterRequest[] = [];
    const context = contextClient(client(seen), undefined);
    expect(context.pointInTime).toBeUndefined();
    await context.search({ size: 1 });
    expect(seen.map((r) => [r.operation, r.url, r.data])).toEqual([
      ['search', '/api/datasources/proxy/uid/x/-open/_search', { size: 1 }],
    ]);
  });

  it('opens OpenSearch’s point in time on its route and reads its pit_id', async () => {
    const seen: ClusterRequest[] = [];
    const context = contextClient(client(seen), 'opensearch');
    expect(await context.pointInTime!.open()).toBe('o1');
    await context.pointInTime!.search({ pit: { id: 'o1', keep_alive: '2m' } });
    expect(seen.map((r) => [r.method, r.operation, r.url])).toEqual([
      ['POST', 'openPitOpenSearch', '/api/datasources/proxy/uid/x/-open-pit/_search/point_in_time?keep_alive=2m'],
      ['POST', 'pitSearch', '/api/datasources/proxy/uid/x/-open-pit-search'],
    ]);
  });
});

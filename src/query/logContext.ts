import type { estypes } from '@elastic/elasticsearch';
import type { ContextAnchor, ContextSearches } from './buildContextQuery';
import { pageOfWholeInstants, type SearchBody } from './buildSessionErrorsQuery';
import { hitKey, inLineOrder, isBeyond } from './lineKeys';
import type { ClusterClient } from '../cluster/clusterClient';
import { openedPitId, PIT_KEEP_ALIVE, type PitSearchBody, type PointInTimeApi } from './pointInTime';

type Search<T> = (body: SearchBody) => Promise<estypes.SearchResponse<T>>;
type PitResponse<T> = estypes.SearchResponse<T> & { pit_id?: string };

/** How the context reaches the cluster: searches of the index pattern, and a point in time where there is one. */
export interface ContextClient<T> {
  search: Search<T>;
  /** Set where the engine has a point in time with `_shard_doc` (pointInTime.ts). */
  pointInTime?: {
    /** Opens one on the index pattern: its id, or undefined. */
    open(): Promise<string | undefined>;
    search(body: PitSearchBody): Promise<PitResponse<T>>;
  };
}

/** The context's client on the plugin's routes: a point in time only where the engine has one. */
export function contextClient<T>(client: ClusterClient, api: PointInTimeApi | undefined): ContextClient<T> {
  return {
    search: (body) => client.search<T>(body),
    pointInTime: api && {
      open: async () => openedPitId(await client.openPointInTime(api, PIT_KEEP_ALIVE)),
      search: (body) => client.pitSearch<T>(body),
    },
  };
}

/** One side of a line's context, and the point in time it was read in, if any. */
export interface LogContext<T> {
  response: estypes.SearchResponse<T>;
  /** "Load more" from one of these lines goes on in it (its sort values are of that point in time). */
  pitId?: string;
}

/**
 * One side of a line's context: in a point in time where the engine has one (going on in the one a
 * line of an earlier page was read in, else in a new one), else by instants (fetchByInstants). A
 * point in time that cannot be used (expired, refused, the line not in it) falls back to the next
 * way: each is correct, the point in time also for an instant larger than a result window.
 */
export async function fetchLogContext<T>(
  client: ContextClient<T>,
  anchor: ContextAnchor,
  searches: ContextSearches,
  readInPit?: string
): Promise<LogContext<T>> {
  const pit = client.pointInTime;
  // A line read in a point in time keeps [time, index, _shard_doc] (inPit below).
  if (pit && readInPit && anchor.sort.length === 3) {
    const reused = await inPit(pit, searches, [anchor.sort[0], anchor.sort[2]], searches.size, readInPit);
    if (reused) {
      return reused;
    }
  }
  const own = await restOfAnchorInstant(client.search, anchor, searches);
  const need = searches.size - own.shown.length;
  if (pit && need > 0) {
    const context = await beyondInPit(pit, searches, own, need);
    if (context) {
      return context;
    }
  }
  return { response: await beyondByInstants(client.search, searches, own, need) };
}

/** The anchor's own instant read once, and its lines beyond the anchor in key order (a page at most). */
interface AnchorInstant<T> {
  first: estypes.SearchResponse<T>;
  shown: Array<estypes.SearchHit<T>>;
}

/**
 * The rest of the anchor's own instant by key (index, id), whichever way the lines beyond it are
 * read. The two sides of a context are two requests, each in its own point in time, and two points
 * in time may read other copies of a shard, whose `_shard_doc` numbering differs: splitting the
 * anchor's instant by `_shard_doc` lost a line between the sides on a replicated three-node
 * cluster. The key is the same everywhere; beyond the anchor's instant each side reads alone.
 */
async function restOfAnchorInstant<T>(
  search: Search<T>,
  anchor: ContextAnchor,
  searches: ContextSearches
): Promise<AnchorInstant<T>> {
  const first = await search(searches.instant(anchor.timeMs));
  const shown = inLineOrder(first.hits.hits, searches.order)
    .filter((hit) => isBeyond(hitKey(hit), anchor.key, searches.order))
    .slice(0, searches.size);
  return { first, shown };
}

/** The rest of the page strictly beyond the anchor's instant, in a new point in time; undefined where it cannot be used. */
async function beyondInPit<T>(
  pit: NonNullable<ContextClient<T>['pointInTime']>,
  searches: ContextSearches,
  own: AnchorInstant<T>,
  need: number
): Promise<LogContext<T> | undefined> {
  const pitId = await unlessRefused(pit.open());
  // Strictly beyond the instant by a range: no sort values of the point in time are known yet.
  const rest = pitId ? await inPit(pit, searches, undefined, need, pitId) : undefined;
  if (!rest) {
    return undefined;
  }
  const beyond = rest.response.hits.hits;
  return {
    response: combined([own.first, rest.response], [...own.shown, ...beyond]),
    // "Load more" goes on from the farthest line: in the point in time only if that line is of it.
    pitId: beyond.length ? rest.pitId : undefined,
  };
}

/** A request's answer, or undefined when it failed: a point in time that cannot be used is no error. */
function unlessRefused<R>(request: Promise<R>): Promise<R | undefined> {
  return request.catch(() => undefined);
}

/** The lines after these sort values (time, `_shard_doc`) in a point in time, or undefined where it cannot be used. */
async function inPit<T>(
  pit: NonNullable<ContextClient<T>['pointInTime']>,
  searches: ContextSearches,
  after: estypes.SortResults | undefined,
  size: number,
  pitId: string
): Promise<LogContext<T> | undefined> {
  const response = await unlessRefused(pit.search(searches.inPit(pitId, after, size)));
  if (!response) {
    return undefined;
  }
  // The index between time and `_shard_doc`, as in every logs frame (logSort): the line's key reads it.
  const hits = response.hits.hits.map((hit) => ({ ...hit, sort: [hit.sort![0], hit._index, hit.sort![1]] }));
  return { response: { ...response, hits: { ...response.hits, hits } }, pitId: response.pit_id ?? pitId };
}

/**
 * One search's answer standing for several: the hits given, and the worst of their shard counts and
 * timeouts, so that a failed shard or a timeout in any of them still shows as a notice.
 */
function combined<T>(responses: Array<estypes.SearchResponse<T>>, hits: Array<estypes.SearchHit<T>>) {
  // The first with the most failed shards: its failures are the ones named.
  const worst = responses.reduce((a, b) => (b._shards.failed > a._shards.failed ? b : a));
  return {
    ...worst,
    timed_out: responses.some((r) => r.timed_out),
    hits: { ...worst.hits, hits },
  } satisfies estypes.SearchResponse<T>;
}

/**
 * The lines of one side of a line's context, nearest first (buildContextQuery explains the order):
 * the rest of the anchor's instant beyond it, then whole instants beyond that; an instant larger than
 * what remains of the page is fetched whole and its first lines in key order are shown.
 */
export async function fetchByInstants<T>(
  search: Search<T>,
  anchor: ContextAnchor,
  searches: ContextSearches
): Promise<estypes.SearchResponse<T>> {
  const own = await restOfAnchorInstant(search, anchor, searches);
  return beyondByInstants(search, searches, own, searches.size - own.shown.length);
}

/** The page: the anchor's instant read, then `need` lines of whole instants beyond it. */
async function beyondByInstants<T>(
  search: Search<T>,
  searches: ContextSearches,
  { first, shown }: AnchorInstant<T>,
  need: number
): Promise<estypes.SearchResponse<T>> {
  const ordered = (hits: Array<estypes.SearchHit<T>>) => inLineOrder(hits, searches.order);
  if (need === 0) {
    return combined([first], shown);
  }
  // One line more than needed tells whether the last instant goes on past the page.
  const next = await search(searches.beyond(need + 1));
  const beyond = next.hits.hits;
  const page = pageOfWholeInstants(beyond, need);
  // pageOfWholeInstants cuts an instant only when it alone is larger than the page.
  const cutInstant = page.more && page.hits[page.hits.length - 1].sort![0] === beyond[need].sort![0];
  if (!cutInstant) {
    return combined([first, next], [...shown, ...ordered(page.hits)]);
  }
  // The nearest instant alone is larger than what remains: all of it, in key order, then cut.
  const cut = await search(searches.instant(Number(beyond[0].sort![0])));
  return combined([first, next, cut], [...shown, ...ordered(cut.hits.hits).slice(0, need)]);
}

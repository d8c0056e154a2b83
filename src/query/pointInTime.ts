import type { estypes } from '@elastic/elasticsearch';
import type { ClusterInfo } from '../cluster/clusterClient';
import { DAY_MS } from '../durations';
import type { ResolvedSettings } from '../types';
import { logLinesBody, type Query, type SearchBody } from './buildSessionErrorsQuery';

/**
 * Which point-in-time API the engine has with the `_shard_doc` tiebreaker: a unique sort value per
 * line within a point in time ((shard ordinal << 32) | Lucene doc id), on any number of shards.
 * Elasticsearch opens one with `POST <index>/_pit` (7.10+) and sorts on `_shard_doc` from 7.12
 * (elastic/elasticsearch#66093); OpenSearch opens one with `POST <index>/_search/point_in_time`
 * (2.4+, RestCreatePitAction) and sorts on `_shard_doc` from 3.3 (opensearch-project/OpenSearch#18924,
 * ShardDocSortBuilder).
 */
export type PointInTimeApi = 'elasticsearch' | 'opensearch';

/** How long a point in time lives past its last search: long enough for "load more", never closed. */
export const PIT_KEEP_ALIVE = '2m';

/** The point-in-time API of the engine `GET /` describes, or undefined where there is none with `_shard_doc`. */
export function pointInTimeApi(info: ClusterInfo | undefined): PointInTimeApi | undefined {
  // No version (or not numbers) compares as NaN: false, so none.
  const [major, minor] = String(info?.version?.number)
    .split('.')
    .map((part) => parseInt(part, 10));
  const atLeast = (m: number, n: number) => major > m || (major === m && minor >= n);
  if (info?.version?.distribution === 'opensearch') {
    return atLeast(3, 3) ? 'opensearch' : undefined;
  }
  return atLeast(7, 12) ? 'elasticsearch' : undefined;
}

/** The shards an open answer counts: `_shards` as a search's. */
interface OpenedShards {
  total?: number;
  successful?: number;
  failed?: number;
}

/**
 * The id an open answer carries: `id` on Elasticsearch, `pit_id` on OpenSearch (CreatePitResponse);
 * none for a point in time that lacks shards. Searches in it count only the shards it holds (a
 * point in time opened with a node down answers `{total: 2, successful: 2}` of a 3-shard index), so
 * they could not say that lines are missing: the context is read by instants instead, whose
 * answers name the missing shards.
 */
export function openedPitId(response: { id?: unknown; pit_id?: unknown; _shards?: OpenedShards }): string | undefined {
  const shards = response._shards;
  if (shards && ((shards.failed ?? 0) > 0 || (shards.successful ?? 0) < (shards.total ?? 0))) {
    return undefined;
  }
  const id = response.id ?? response.pit_id;
  return typeof id === 'string' && id ? id : undefined;
}

/** A search inside a point in time: sent to `/_search`, never an index (the engines refuse one with `pit`). */
export type PitSearchBody = SearchBody & { pit: { id: string; keep_alive: string } };

/** Time, then `_shard_doc`: one total order within a point in time. */
export function pitSort(settings: ResolvedSettings, order: 'asc' | 'desc'): estypes.Sort {
  return [{ [settings.timeField]: { order, unmapped_type: 'date' } }, { _shard_doc: { order } }];
}

/**
 * One side of a line's context inside a point in time, a day at most on that side: the lines of the
 * scope after these sort values (time, `_shard_doc`, as the point in time gave them: a `date_nanos`
 * field sorts in nanoseconds), or without them the lines strictly beyond the anchor's instant (a
 * range in epoch ms, which both date types take).
 */
export function buildPitContextBody(
  settings: ResolvedSettings,
  pitId: string,
  match: Query,
  anchorTimeMs: number,
  after: estypes.SortResults | undefined,
  order: 'asc' | 'desc',
  size: number
): PitSearchBody {
  const t = anchorTimeMs;
  const within = order === 'desc' ? { gte: t - DAY_MS, lte: t } : { gte: t, lte: t + DAY_MS };
  const beyond = order === 'desc' ? { gte: t - DAY_MS, lt: t } : { gt: t, lte: t + DAY_MS };
  const range = after ? within : beyond;
  const query = {
    bool: { filter: [{ range: { [settings.timeField]: { ...range, format: 'epoch_millis' } } }, match] },
  };
  return {
    ...logLinesBody(settings, query, size, order),
    sort: pitSort(settings, order),
    ...(after ? { search_after: after } : {}),
    pit: { id: pitId, keep_alive: PIT_KEEP_ALIVE },
  };
}

import type { estypes } from '@elastic/elasticsearch';
import type { SessionsAggregations } from '../response/toSessionsFrame';
import type { ResolvedSettings, TimeWindow } from '../types';
import { buildSessionsQuery, sessionsLimit } from './buildAggregationQueries';
import {
  buildFilterQuery,
  SEARCH_TIMEOUT,
  type BuiltSearch,
  type LogsSearchParams,
  type Query,
  type SearchBody,
} from './buildSessionErrorsQuery';
import { sessionKeySource } from './sessionKey';

/**
 * The latest sessions without a terms aggregation over every session of the range.
 *
 * Ordering a terms aggregation by a max sub-aggregation keeps one bucket per distinct session
 * (400,000 in a day of 10M lines) before it can keep the latest N: its cost grows with the data.
 * Field collapsing (`collapse`, in Elasticsearch since 5.3 and in every OpenSearch) keeps the top
 * line per session of a time-sorted search, holding only N groups: the latest N sessions, the same
 * ones in the same order as the aggregation (latest line descending, ties by id ascending, as the
 * terms aggregation breaks ties on its key). A second, small aggregation over the lines of those N
 * sessions then gives their counts, first and last seen, services and levels: the very buckets the
 * full aggregation would have given them.
 *
 * Collapsing needs one single-valued keyword or numeric field with doc values. Several session
 * fields read the id by a Painless script, which collapse cannot take: those keep the aggregation,
 * as does any answer the collapse cannot be trusted with (below).
 */

type FilterParams = Pick<LogsSearchParams, 'window' | 'filter' | 'levels' | 'extraFilters'>;

/** Which query listed the sessions: the collapse and a terms query on its ids, or the aggregation alone. */
export type SessionsVariant = 'collapse' | 'aggregation';

/** A search body that may collapse its hits (the shared SearchBody has no `collapse` or `stored_fields`). */
export type CollapsingSearchBody = SearchBody & Pick<estypes.SearchRequest, 'collapse' | 'stored_fields'>;

export type BuiltCollapsingSearch = { ok: true; body: CollapsingSearchBody } | { ok: false; error: string };

/** One search sent to the cluster; errors are thrown (and reported by the caller). */
export type SendSearch = <A>(body: CollapsingSearchBody) => Promise<estypes.SearchResponse<unknown, A>>;

/** The one field a collapse can group sessions by: none when several fields need the key script. */
export function collapsibleSessionField(settings: ResolvedSettings): string | undefined {
  const source = sessionKeySource(settings.sessionFields);
  return source && 'field' in source ? source.field : undefined;
}

/**
 * The latest `size` sessions of the range: one hit per session, its newest line, newest first and
 * ties by id ascending. Nothing but the collapse key is fetched.
 */
export function buildLatestSessionsQuery(
  settings: ResolvedSettings,
  field: string,
  params: FilterParams,
  size: number
): BuiltCollapsingSearch {
  const built = buildFilterQuery(settings, params);
  if (!built.ok) {
    return built;
  }
  // Lines tagged only in the message have no key: the aggregation skips them, so must the collapse
  // (it would make them one group of their own).
  const query: Query = { bool: { filter: [built.query, { exists: { field } }] } };
  return {
    ok: true,
    body: {
      size,
      timeout: SEARCH_TIMEOUT,
      track_total_hits: false,
      // Neither `_source` nor `_id`: the collapse key comes in `fields` regardless, and loading the
      // stored fields of 500 hits took a third of the search (17.7 ms against 11.9 ms at 100k lines).
      stored_fields: '_none_',
      query,
      sort: [{ [settings.timeField]: { order: 'desc' } }, { [field]: { order: 'asc' } }],
      collapse: { field },
    },
  };
}

/** The collapse keys of a latest-sessions answer, in its order (the engine puts them in `fields`). */
export function collapsedKeys(response: estypes.SearchResponse<unknown, unknown>, field: string): unknown[] {
  return (response.hits?.hits ?? []).map((hit) => hit.fields?.[field]?.[0]);
}

/** Whether a key can select its session in a terms query: text, or a number JSON holds exactly. */
export function isExactKey(key: unknown): key is string | number {
  return typeof key === 'string' || Number.isSafeInteger(key);
}

/**
 * The spans the latest sessions are looked for in, shortest first: the end of the range, each span
 * SPAN_GROWTH times the one before, the last the whole range.
 *
 * A collapse reads every line it matches, so over a whole day its cost grows with the day's lines.
 * But when a span at the end of the range holds `size` sessions, those are the latest `size` of the
 * whole range: every session it lacks has its last line before the span, so it ranks below all of
 * them. The newest 1/512 of a day (under three minutes) holds enough sessions on a busy index; a
 * quiet one widens the span, a few small searches more.
 */
export const FIRST_SPAN_SHARE = 1 / 512;
export const SPAN_GROWTH = 8;

export function latestSpans(window: TimeWindow): TimeWindow[] {
  const spans: TimeWindow[] = [];
  const length = window.toMs - window.fromMs;
  for (let share = FIRST_SPAN_SHARE; share < 1; share *= SPAN_GROWTH) {
    spans.push({ fromMs: window.toMs - Math.ceil(length * share), toMs: window.toMs });
  }
  spans.push(window);
  return spans;
}

/**
 * The latest `size` sessions' keys, latest first, or undefined when a collapse failed (a
 * multi-valued field fails it) or is partial (timed out, a failed shard): the aggregation answers
 * then, with its own notices, so that nothing is listed from a partial collapse.
 */
export async function collapsedLatestKeys(
  send: SendSearch,
  settings: ResolvedSettings,
  field: string,
  params: FilterParams & { window: TimeWindow },
  size: number
): Promise<unknown[] | undefined> {
  for (const span of latestSpans(params.window)) {
    const built = buildLatestSessionsQuery(settings, field, { ...params, window: span }, size);
    if (!built.ok) {
      return undefined;
    }
    const collapsed = await send<unknown>(built.body).catch(() => undefined);
    if (!collapsed || collapsed.timed_out || (collapsed._shards?.failed ?? 0) > 0) {
      return undefined;
    }
    const keys = collapsedKeys(collapsed, field);
    if (keys.length >= size || span === params.window) {
      return keys;
    }
  }
  // latestSpans always ends with the whole range, which returns above.
  return undefined;
}

/** The sessions aggregation over the lines of these sessions only. */
export function buildSessionsOfKeysQuery(
  settings: ResolvedSettings,
  field: string,
  params: FilterParams & { limit?: number },
  keys: ReadonlyArray<string | number>
): BuiltSearch {
  const only: Query = { terms: { [field]: [...keys] } };
  return buildSessionsQuery(settings, { ...params, extraFilters: [...(params.extraFilters ?? []), only] });
}

/** The table's latest sessions by collapse, when one field holds them and each key is exact. */
async function latestExactKeys(
  send: SendSearch,
  settings: ResolvedSettings,
  params: FilterParams & { limit?: number }
): Promise<{ field: string; keys: Array<string | number> } | undefined> {
  const field = collapsibleSessionField(settings);
  if (field === undefined) {
    return undefined;
  }
  const keys = await collapsedLatestKeys(send, settings, field, params, sessionsLimit(params.limit));
  // No session found: the aggregation, as cheap then, gives the empty answer with its notices.
  return keys?.length && keys.every(isExactKey) ? { field, keys } : undefined;
}

export type SessionsAnswer =
  | { ok: true; response: estypes.SearchResponse<unknown, SessionsAggregations>; variant: SessionsVariant }
  | { ok: false; error: string };

/**
 * Sessions with errors: the collapse, then the aggregation over its sessions' lines; the aggregation
 * alone for several session fields, when the collapse failed or is partial, or when a key is a
 * number beyond 2^53 (the aggregation lists the other sessions and says why that one is missing).
 */
export async function searchSessions(
  send: SendSearch,
  settings: ResolvedSettings,
  params: FilterParams & { limit?: number }
): Promise<SessionsAnswer> {
  const latest = await latestExactKeys(send, settings, params);
  const built = latest
    ? buildSessionsOfKeysQuery(settings, latest.field, params, latest.keys)
    : buildSessionsQuery(settings, params);
  return built.ok
    ? {
        ok: true,
        response: await send<SessionsAggregations>(built.body),
        variant: latest ? 'collapse' : 'aggregation',
      }
    : built;
}

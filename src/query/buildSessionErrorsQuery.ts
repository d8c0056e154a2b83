import type { estypes } from '@elastic/elasticsearch';
import { sessionTagPhrase, tagCarriesId } from '../session/sessionTags';
import type { ResolvedSettings, TimeWindow } from '../types';
import { levelFilterValues, resolveLevels } from './levels';

/** The request body fields this plugin sends: accepted alike by Elasticsearch 7.10+, 8, 9 and OpenSearch 1-2. */
export type SearchBody = Pick<
  estypes.SearchRequest,
  | 'size'
  | 'query'
  | 'sort'
  | 'search_after'
  | '_source'
  | 'track_total_hits'
  | 'timeout'
  | 'docvalue_fields'
  | 'fields'
  | 'aggs'
>;
export type Query = estypes.QueryDslQueryContainer;

/** Engine-side limit, so a slow query ends with partial results and a notice instead of hanging the panel. */
/**
 * The engine-side search timeout: well below Grafana's data proxy timeout (30 s by default,
 * `[dataproxy] timeout`), so that a slow search comes back as partial results with a notice
 * instead of the proxy cutting the connection ("could not reach the cluster").
 */
export const SEARCH_TIMEOUT = '20s';
/** Grafana's default data proxy timeout, in ms. */
export const GRAFANA_PROXY_TIMEOUT_MS = 30_000;

export interface LogsSearchParams {
  /** A validated session id (session mode) or undefined (all tagged lines in the window). */
  sessionId?: string;
  window: TimeWindow;
  filter?: string;
  levels?: string[];
  limit: number;
  /** Further filter clauses, e.g. from Grafana's ad hoc filters. */
  extraFilters?: Query[];
  /** `asc`: the oldest lines of the window first, for scrolling to newer lines; newest first otherwise. */
  order?: 'asc' | 'desc';
}

/**
 * The time bound of every query. Log lines exclude the window's end: Explore asks for older lines
 * with `to` set to the oldest line it shows, and pages hold whole groups of equal timestamps
 * (pageOfWholeInstants), so the next page starts strictly before them: nothing repeats or vanishes.
 * Scrolling to newer lines is the mirror image: `from` is the newest line shown, excluded.
 */
export function timeRangeFilter(settings: ResolvedSettings, window: TimeWindow, exclude?: 'start' | 'end'): Query {
  const from = Math.floor(window.fromMs);
  const to = Math.ceil(window.toMs);
  return {
    range: {
      [settings.timeField]: {
        ...(exclude === 'start' ? { gt: from } : { gte: from }),
        ...(exclude === 'end' ? { lt: to } : { lte: to }),
        format: 'epoch_millis',
      },
    },
  };
}

/** One clause matching any of these: the clause itself when there is one. */
export function anyOf(should: Query[]): Query {
  return should.length === 1 ? should[0] : { bool: { should, minimum_should_match: 1 } };
}

/**
 * Matches one session: a term query on each session field, and a phrase query on the message for
 * each enabled tag that can carry this id (digits for OpenReplay's tags, letters and digits for
 * Faro's `session_id`). Phrases on an analysed field match whole tokens, so `123` never matches
 * `1234`, and a bare tag at the end of a message (`... openReplaySession.id=123`) is found as well as
 * a bracketed one. Returns undefined when nothing could match this id.
 */
export function sessionMatch(settings: ResolvedSettings, sessionId: string): Query | undefined {
  const should: Query[] = settings.sessionFields.map((field) => ({ term: { [field]: sessionId } }));
  for (const tag of settings.messageTags) {
    if (tagCarriesId(tag, sessionId)) {
      should.push({ match_phrase: { [settings.messageField]: sessionTagPhrase(tag, sessionId) } });
    }
  }
  return should.length ? anyOf(should) : undefined;
}

/** Matches every line that carries some session id, by field or by message tag. */
export function taggedMatch(settings: ResolvedSettings): Query | undefined {
  const should: Query[] = settings.sessionFields.map((field) => ({ exists: { field } }));
  for (const tag of settings.messageTags) {
    should.push({ match_phrase: { [settings.messageField]: tag } });
  }
  return should.length ? anyOf(should) : undefined;
}

export type BuiltQuery = { ok: true; query: Query } | { ok: false; error: string };

/** The filter-context query shared by every query type: time, session or tagged, Lucene filter, levels. */
export function buildFilterQuery(
  settings: ResolvedSettings,
  params: Pick<LogsSearchParams, 'sessionId' | 'window' | 'filter' | 'levels' | 'extraFilters'>,
  exclude?: 'start' | 'end'
): BuiltQuery {
  const filter: Query[] = [timeRangeFilter(settings, params.window, exclude)];
  const match = params.sessionId !== undefined ? sessionMatch(settings, params.sessionId) : taggedMatch(settings);
  if (!match) {
    return {
      ok: false,
      error:
        params.sessionId !== undefined
          ? `Session id "${params.sessionId}" is not an id the enabled message tags carry (OpenReplay's tags carry up to 20 digits, Faro's session_id letters and digits); set a session id field in the data source settings to search by it.`
          : 'Nothing identifies tagged lines: enable a message tag or set a session id field in the data source settings.',
    };
  }
  filter.push(match);
  const lucene = params.filter?.trim();
  if (lucene) {
    filter.push({ query_string: { query: lucene, default_field: settings.messageField, analyze_wildcard: true } });
  }
  const levels = resolveLevels(params.levels);
  if (!levels.ok) {
    return levels;
  }
  const levelValues = levelFilterValues(levels.levels);
  if (levelValues.length) {
    filter.push({ terms: { [settings.levelField]: levelValues } });
  }
  filter.push(...(params.extraFilters ?? []));
  return { ok: true, query: { bool: { filter } } };
}

/** The fields a log line needs from `_source`: nothing else crosses the wire. */
export function logSourceFields(settings: ResolvedSettings): string[] {
  const fields = [
    settings.timeField,
    settings.messageField,
    settings.levelField,
    settings.serviceField,
    settings.hostField,
    ...settings.sessionFields,
    ...settings.detailFields,
    // Log context by trace reads it from the line.
    settings.traceField,
  ];
  return [...new Set(fields)];
}

/** The keyword fields of a log line read through the fields API (toLogsFrame prefers its values). */
export function logFieldsApiFields(settings: ResolvedSettings): string[] {
  return [
    ...new Set([
      ...settings.sessionFields,
      settings.levelField,
      settings.serviceField,
      settings.hostField,
      settings.traceField,
    ]),
  ];
}

export type BuiltSearch = { ok: true; body: SearchBody } | { ok: false; error: string };

/** index.max_result_window's default on Elasticsearch and OpenSearch: from + size at most this. */
export const MAX_RESULT_WINDOW = 10_000;

/**
 * The order of log lines: time, then index and document as tiebreakers, so that lines with equal
 * timestamps keep one order and search_after pages over them without repeating or losing any.
 * (`_doc` is per shard: unique with one primary shard per index, the default of both engines.)
 */
export function logSort(settings: ResolvedSettings, order: 'asc' | 'desc'): estypes.Sort {
  return [{ [settings.timeField]: { order, unmapped_type: 'date' } }, { _index: { order } }, { _doc: { order } }];
}

/**
 * The body every log-lines search shares (the session's lines, and log context): the fields shown,
 * the time read exactly, the session id exact, in the lines' order with its tiebreakers.
 */
export function logLinesBody(
  settings: ResolvedSettings,
  query: Query,
  size: number,
  order: 'asc' | 'desc'
): SearchBody {
  return {
    size,
    timeout: SEARCH_TIMEOUT,
    track_total_hits: false,
    query,
    _source: logSourceFields(settings),
    // epoch_millis doc values read the time exactly, whatever date format the mapping uses.
    docvalue_fields: [{ field: settings.timeField, format: 'epoch_millis' }],
    // The fields API returns a keyword session id as exact text even when it was logged as a number,
    // and answers for names _source does not hold: aliases, multi-fields (`level.keyword`) and
    // Elasticsearch's passthrough objects (`service.name` for `resource.attributes.service.name`).
    fields: logFieldsApiFields(settings),
    sort: logSort(settings, order),
  };
}

/** The log-lines search: newest first (or oldest first), with a tiebreaker, bounded in time and size. */
export function buildSessionErrorsQuery(settings: ResolvedSettings, params: LogsSearchParams): BuiltSearch {
  const built = buildFilterQuery(settings, params, params.order === 'asc' ? 'start' : 'end');
  if (!built.ok) {
    return built;
  }
  // One line more than shown: it tells whether the last instant continues past the page. Never
  // past the engines' default result window (index.max_result_window, 10,000).
  const size = Math.min(Math.max(1, Math.min(Math.floor(params.limit), settings.maxLines)) + 1, MAX_RESULT_WINDOW);
  return { ok: true, body: logLinesBody(settings, built.query, size, params.order ?? 'desc') };
}

/**
 * The lines of a page, given one line more than the limit: never a part of an instant (lines with
 * equal timestamps). When the limit falls inside an instant, that instant moves whole to the next
 * page; only an instant larger than a page is cut. `more` says older lines remain.
 */
export function pageOfWholeInstants<T extends { sort?: estypes.SortResults }>(
  hits: T[],
  limit: number
): { hits: T[]; more: boolean } {
  if (hits.length <= limit) {
    return { hits, more: false };
  }
  const cutAt = hits[limit].sort?.[0];
  let end = limit;
  while (end > 0 && hits[end - 1].sort?.[0] === cutAt) {
    end--;
  }
  return { hits: hits.slice(0, end > 0 ? end : limit), more: true };
}

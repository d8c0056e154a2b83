import type { estypes } from '@elastic/elasticsearch';
import type { ResolvedSettings, SplitBy, TimeWindow } from '../types';
import {
  anyOf,
  buildFilterQuery,
  SEARCH_TIMEOUT,
  type BuiltQuery,
  type BuiltSearch,
  type LogsSearchParams,
  type Query,
  type SearchBody,
  timeRangeFilter,
} from './buildSessionErrorsQuery';
import {
  ceilHour,
  ERROR_TYPE_FIELD,
  FINGERPRINT_FIELD,
  GROUP_MESSAGE_FIELD,
  SESSION_HASH_FIELD,
  SUMMARY_CHECKPOINT_FIELD,
  SUMMARY_CHECKPOINT_ID,
  SUMMARY_FIRST_SEEN_FIELD,
  SUMMARY_LAST_SEEN_FIELD,
  SUMMARY_LATEST_FIELD,
  SUMMARY_LINES_FIELD,
  USER_HASH_FIELD,
  type SummaryPlan,
} from './errorGroupsSummary';
import { sessionKeySource, type ValuesSource } from './sessionKey';

/** Most buckets a histogram may have: enough for any panel width, bounded for the engine. */
export const MAX_HISTOGRAM_BUCKETS = 1000;
const MIN_INTERVAL_MS = 1000;
export const MAX_SPLIT_SERIES = 10;

/** Grafana's interval for the panel, widened so that the window has at most MAX_HISTOGRAM_BUCKETS buckets. */
export function histogramIntervalMs(window: TimeWindow, requestedMs: number | undefined): number {
  const span = Math.max(0, window.toMs - window.fromMs);
  const floor = Math.max(MIN_INTERVAL_MS, Math.ceil(span / MAX_HISTOGRAM_BUCKETS));
  // A request of zero or below needs no test of its own: the floor (at least 1 s) wins over it.
  const requested = Number.isFinite(requestedMs) ? requestedMs! : floor;
  return Math.ceil(Math.max(requested, floor) / 1000) * 1000;
}

export function splitField(settings: ResolvedSettings, splitBy: SplitBy | undefined): string | undefined {
  return splitBy === 'level' ? settings.levelField : splitBy === 'service' ? settings.serviceField : undefined;
}

type FilterParams = Pick<LogsSearchParams, 'sessionId' | 'window' | 'filter' | 'levels' | 'extraFilters'>;

/** An aggregations-only search (no hits fetched) over the shared filter query. */
function aggregationSearch(built: BuiltQuery, aggs: SearchBody['aggs']): BuiltSearch {
  if (!built.ok) {
    return built;
  }
  return { ok: true, body: { size: 0, timeout: SEARCH_TIMEOUT, track_total_hits: false, query: built.query, aggs } };
}

/** Lines over time, as a date histogram, optionally one series per level or service. */
export function buildErrorsOverTimeQuery(
  settings: ResolvedSettings,
  params: FilterParams & { intervalMs?: number; splitBy?: SplitBy }
): BuiltSearch {
  const intervalMs = histogramIntervalMs(params.window, params.intervalMs);
  const overTime: estypes.AggregationsAggregationContainer = {
    date_histogram: {
      field: settings.timeField,
      fixed_interval: `${intervalMs}ms`,
      min_doc_count: 0,
      extended_bounds: { min: Math.floor(params.window.fromMs), max: Math.ceil(params.window.toMs) },
    },
  };
  const field = splitField(settings, params.splitBy);
  return aggregationSearch(
    buildFilterQuery(settings, params),
    field
      ? { split: { terms: { field, size: MAX_SPLIT_SERIES, missing: '(none)' }, aggs: { over_time: overTime } } }
      : { over_time: overTime }
  );
}

export const DEFAULT_SESSIONS_LIMIT = 100;

const NO_SESSION_FIELD: BuiltSearch = {
  ok: false,
  error:
    'Listing sessions needs a session id field (a keyword, e.g. session.id): set it in the data source settings. The setup tool’s ingest pipeline fills it from message tags.',
};
export const MAX_SESSIONS = 1000;

/** How many sessions a sessions query lists: its limit, within 1 and MAX_SESSIONS. */
export function sessionsLimit(limit: number | undefined): number {
  return Math.min(MAX_SESSIONS, Math.max(1, Math.floor(Number(limit) || DEFAULT_SESSIONS_LIMIT)));
}

/** One bucket per session: line count, first and last time, services and levels; latest first. */
export function buildSessionsQuery(settings: ResolvedSettings, params: FilterParams & { limit?: number }): BuiltSearch {
  const session = sessionKeySource(settings.sessionFields);
  if (!session) {
    return NO_SESSION_FIELD;
  }
  const size = sessionsLimit(params.limit);
  return aggregationSearch(buildFilterQuery(settings, { ...params, sessionId: undefined }), {
    sessions: {
      terms: { ...session, size, order: { last_seen: 'desc' } },
      aggs: {
        first_seen: { min: { field: settings.timeField } },
        last_seen: { max: { field: settings.timeField } },
        services: { terms: { field: settings.serviceField, size: 5 } },
        levels: { terms: { field: settings.levelField, size: 5 } },
        // Which fields gave the session its id, for its replay tool (a tool names its fields).
        ...(settings.sessionFields.length > 1 ? { id_sources: sessionFieldSources(settings.sessionFields) } : {}),
      },
    },
  });
}

/**
 * Per session field, in order, the lines that have it: the first with any is where the bucket's id
 * came from (the key script reads the first field that has a value).
 */
function sessionFieldSources(sessionFields: readonly string[]): estypes.AggregationsAggregationContainer {
  return { filters: { filters: sessionFields.map((field) => ({ exists: { field } })) } };
}

/**
 * Below this many sessions the engine's distinct count is exact (cardinality's highest precision
 * threshold); above it, within a few percent.
 */
export const SESSION_COUNT_PRECISION = 40000;

/** How many sessions had matching lines: one distinct count, or one a level or service. */
export function buildSessionsCountQuery(
  settings: ResolvedSettings,
  params: FilterParams & { splitBy?: SplitBy }
): BuiltSearch {
  const session = sessionKeySource(settings.sessionFields);
  if (!session) {
    return NO_SESSION_FIELD;
  }
  const count: estypes.AggregationsAggregationContainer = {
    cardinality: { ...session, precision_threshold: SESSION_COUNT_PRECISION },
  };
  const field = splitField(settings, params.splitBy);
  return aggregationSearch(
    buildFilterQuery(settings, { ...params, sessionId: undefined }),
    field
      ? {
          split: { terms: { field, size: MAX_SPLIT_SERIES, missing: '(none)' }, aggs: { sessions: count } },
        }
      : { sessions: count }
  );
}

export const MAX_TERMS_VALUES = 500;

/**
 * Distinct values of a keyword field among tagged lines in a window: for variables and ad hoc filters.
 * Most frequent first, unless `order` is 'latest'.
 */
export function buildTermsValuesQuery(
  settings: ResolvedSettings,
  source: ValuesSource,
  params: FilterParams,
  order?: 'count' | 'latest'
): BuiltSearch {
  return aggregationSearch(buildFilterQuery(settings, params), {
    values: {
      terms: { ...source, size: MAX_TERMS_VALUES, ...(order === 'latest' ? { order: { latest: 'desc' } } : {}) },
      ...(order === 'latest' ? { aggs: { latest: { max: { field: settings.timeField } } } } : {}),
    },
  });
}

export const DEFAULT_GROUPS_LIMIT = 50;
export const MAX_GROUPS = 500;
/** A sparkline needs no more points than this. */
const TREND_POINTS = 60;

/**
 * Error groups: one bucket per fingerprint, ordered by the sessions it affected in the range, all
 * computed by aggregations (never by fetching lines). The search reaches `lookbackMs` before the
 * range so that a group can be told new (no line before the range) or not.
 */
/**
 * Affected sessions and users are counted exactly up to this many, within a few percent above: every
 * group's counter is held at once (the groups are ordered by it), and the default (3,000) made a
 * 10M-line index with many distinct fingerprints trip the engine's request circuit breaker.
 */
const GROUP_COUNT_PRECISION = 200;

const isSummaryDocument: Query = { exists: { field: SUMMARY_LINES_FIELD } };

/**
 * The hybrid search's query: summary documents of the plan's whole hours, and the lines of the
 * look-back and the range outside them.
 */
function summaryAndLinesQuery(built: BuiltQuery, plan: SummaryPlan, settings: ResolvedSettings): BuiltQuery {
  if (!built.ok) {
    return built;
  }
  const hours = plan.summarized.map((span) => timeRangeFilter(settings, span, 'end'));
  const lines: Query = { bool: { filter: [built.query], must_not: [isSummaryDocument, ...hours] } };
  const summaries: Query[] = hours.length ? [{ bool: { filter: [isSummaryDocument, anyOf(hours)] } }] : [];
  return { ok: true, query: anyOf([lines, ...summaries]) };
}

export function buildErrorGroupsQuery(
  settings: ResolvedSettings,
  params: FilterParams & {
    limit?: number;
    lookbackMs: number;
    intervalMs?: number;
    /** Read whole hours from the error-group summary (errorGroupsSummary.ts), the rest from lines. */
    summaryPlan?: SummaryPlan;
  }
): BuiltSearch {
  const session = sessionKeySource(settings.sessionFields);
  if (!session) {
    return {
      ok: false,
      error:
        'Error groups count affected sessions with the session id field (a keyword, e.g. session.id): set it in the data source settings.',
    };
  }
  const { window, summaryPlan: plan } = params;
  const time = settings.timeField;
  const size = Math.min(MAX_GROUPS, Math.max(1, Math.floor(Number(params.limit) || DEFAULT_GROUPS_LIMIT)));
  const trendMs = Math.max(
    histogramIntervalMs(window, params.intervalMs),
    Math.ceil((window.toMs - window.fromMs) / TREND_POINTS / 1000) * 1000
  );
  // A summary document stands for an hour of lines: its trend points are whole hours, its lines a sum.
  const lines = { sum: { field: SUMMARY_LINES_FIELD, missing: 1 } };
  const sessions: ValuesSource = plan ? { field: SESSION_HASH_FIELD } : session;
  const userField = plan ? USER_HASH_FIELD : settings.userField;
  const lookback = { fromMs: window.fromMs - params.lookbackMs, toMs: window.toMs };
  const raw = buildFilterQuery(settings, { ...params, window: lookback });
  return aggregationSearch(plan ? summaryAndLinesQuery(raw, plan, settings) : raw, {
    groups: {
      terms: { field: FINGERPRINT_FIELD, size, order: { 'in_range>sessions': 'desc' } },
      aggs: {
        ...(plan
          ? {
              first_line: {
                filter: { bool: { must_not: [isSummaryDocument] } },
                aggs: { first: { min: { field: time } } },
              },
              first_summary: { min: { field: SUMMARY_FIRST_SEEN_FIELD } },
            }
          : { first_ever: { min: { field: time } } }),
        before: { filter: { range: { [time]: { lt: window.fromMs, format: 'epoch_millis' } } } },
        in_range: {
          filter: timeRangeFilter(settings, window),
          aggs: {
            ...(plan ? { lines } : {}),
            // Hashes present at all: lines written before the pipeline hashed ids have none.
            ...(plan
              ? {
                  session_hashes: { value_count: { field: SESSION_HASH_FIELD } },
                  ...(settings.userField ? { user_hashes: { value_count: { field: USER_HASH_FIELD } } } : {}),
                }
              : {}),
            sessions: { cardinality: { ...sessions, precision_threshold: GROUP_COUNT_PRECISION } },
            ...(settings.userField
              ? { users: { cardinality: { field: userField, precision_threshold: GROUP_COUNT_PRECISION } } }
              : {}),
            last_seen: { max: { field: time } },
            ...(plan ? { last_summary: { max: { field: SUMMARY_LAST_SEEN_FIELD } } } : {}),
            services: { terms: { field: settings.serviceField, size: 5 } },
            trend: {
              date_histogram: {
                field: time,
                fixed_interval: `${plan ? ceilHour(trendMs) : trendMs}ms`,
                min_doc_count: 0,
                extended_bounds: { min: window.fromMs, max: window.toMs },
              },
              ...(plan ? { aggs: { lines } } : {}),
            },
            latest: {
              top_hits: {
                size: 1,
                sort: [{ [time]: { order: 'desc' } }],
                _source: [
                  settings.messageField,
                  GROUP_MESSAGE_FIELD,
                  ERROR_TYPE_FIELD,
                  // Every session field: the latest line's id is read from the first that has one.
                  ...settings.sessionFields,
                  time,
                  ...(plan ? [SUMMARY_LATEST_FIELD] : []),
                ],
                docvalue_fields: [{ field: time, format: 'epoch_millis' }],
                fields: settings.sessionFields,
              },
            },
          },
        },
      },
    },
  });
}

/** The summary's checkpoint: one small search before the hybrid one, which it plans. */
export function buildSummaryCheckpointQuery(): SearchBody {
  return {
    size: 0,
    timeout: SEARCH_TIMEOUT,
    track_total_hits: false,
    query: { ids: { values: [SUMMARY_CHECKPOINT_ID] } },
    aggs: { through: { max: { field: SUMMARY_CHECKPOINT_FIELD } } },
  };
}

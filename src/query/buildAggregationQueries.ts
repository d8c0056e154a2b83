import type { estypes } from '@elastic/elasticsearch';
import type { ResolvedSettings, SplitBy, TimeWindow } from '../types';
import {
  buildFilterQuery,
  SEARCH_TIMEOUT,
  type BuiltQuery,
  type BuiltSearch,
  type LogsSearchParams,
  type SearchBody,
} from './buildSessionErrorsQuery';

/** Most buckets a histogram may have: enough for any panel width, bounded for the engine. */
export const MAX_HISTOGRAM_BUCKETS = 1000;
const MIN_INTERVAL_MS = 1000;
export const MAX_SPLIT_SERIES = 10;

/** Grafana's interval for the panel, widened so that the window has at most MAX_HISTOGRAM_BUCKETS buckets. */
export function histogramIntervalMs(window: TimeWindow, requestedMs: number | undefined): number {
  const span = Math.max(0, window.toMs - window.fromMs);
  const floor = Math.max(MIN_INTERVAL_MS, Math.ceil(span / MAX_HISTOGRAM_BUCKETS));
  const requested = Number.isFinite(requestedMs) && requestedMs! > 0 ? requestedMs! : floor;
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
export const MAX_SESSIONS = 1000;

/** One bucket per session: line count, first and last time, services and levels; latest first. */
export function buildSessionsQuery(settings: ResolvedSettings, params: FilterParams & { limit?: number }): BuiltSearch {
  if (!settings.sessionField) {
    return {
      ok: false,
      error:
        'Listing sessions needs a session id field (a keyword, e.g. session.id): set it in the data source settings. The setup tool’s ingest pipeline fills it from message tags.',
    };
  }
  const size = Math.min(MAX_SESSIONS, Math.max(1, Math.floor(Number(params.limit) || DEFAULT_SESSIONS_LIMIT)));
  return aggregationSearch(buildFilterQuery(settings, { ...params, sessionId: undefined }), {
    sessions: {
      terms: { field: settings.sessionField, size, order: { last_seen: 'desc' } },
      aggs: {
        first_seen: { min: { field: settings.timeField } },
        last_seen: { max: { field: settings.timeField } },
        services: { terms: { field: settings.serviceField, size: 5 } },
        levels: { terms: { field: settings.levelField, size: 5 } },
      },
    },
  });
}

export const MAX_TERMS_VALUES = 500;

/** Distinct values of a keyword field among tagged lines in a window: for variables and ad hoc filters. */
export function buildTermsValuesQuery(
  settings: ResolvedSettings,
  field: string,
  params: FilterParams,
  order: 'count' | 'latest' = 'count'
): BuiltSearch {
  return aggregationSearch(buildFilterQuery(settings, params), {
    values: {
      terms: { field, size: MAX_TERMS_VALUES, ...(order === 'latest' ? { order: { latest: 'desc' } } : {}) },
      ...(order === 'latest' ? { aggs: { latest: { max: { field: settings.timeField } } } } : {}),
    },
  });
}

import { rangeUtil } from '../grafanaData';
import type { ContextScope, QueryType, SearchMode, SessionErrorsQuery, SplitBy } from '../types';
import { resolveLevels } from './levels';
import { DEFAULT_SESSION_WINDOW } from './searchWindow';

/**
 * The shape of saved queries. 1: `version` is written, `mode` always present, levels in Grafana's
 * vocabulary. Queries saved by 1.0 (no version) are migrated when they are read.
 */
export const QUERY_VERSION = 1;

/** Error groups: a group is new in the range when none of its lines came this long before it. */
export const DEFAULT_NEW_LOOKBACK = '7d';

/** A look-back as Grafana writes durations (`7d`, `24h`), in ms; undefined when it is not one. */
export function lookbackToMs(text: string | undefined): number | undefined {
  const spec = (text ?? '').trim() || DEFAULT_NEW_LOOKBACK;
  if (!/^[0-9]+(ms|s|m|h|d|w)$/.test(spec)) {
    return undefined;
  }
  return rangeUtil.intervalToMs(spec);
}

/** A query with every default applied: what the runner and the editor work with. */
export interface ResolvedQuery extends SessionErrorsQuery {
  version: number;
  queryType: QueryType;
  mode: SearchMode;
  sessionId: string;
  wholeSession: boolean;
  sessionWindow: string;
  filter: string;
  levels: string[];
  splitBy: SplitBy;
  contextScope: ContextScope;
  newLookback: string;
}

export const QUERY_DEFAULTS: Omit<ResolvedQuery, 'refId'> = {
  version: QUERY_VERSION,
  queryType: 'logs',
  mode: 'session',
  sessionId: '',
  wholeSession: false,
  sessionWindow: DEFAULT_SESSION_WINDOW,
  filter: '',
  levels: [],
  splitBy: 'none',
  contextScope: 'session',
  newLookback: DEFAULT_NEW_LOOKBACK,
};

/**
 * Brings a saved query to the current shape, keeping its meaning. Version 0 (1.0): an absent `mode`
 * meant a session search; levels might be spelled as loggers write them (`ERROR`), now saved as
 * Grafana's levels. An unknown level is kept as it is, so that running the query names it.
 */
export function migrateQuery(query: SessionErrorsQuery): SessionErrorsQuery {
  if ((query.version ?? 0) >= QUERY_VERSION) {
    return query;
  }
  const levels = resolveLevels(query.levels);
  return {
    ...query,
    version: QUERY_VERSION,
    mode: query.mode ?? 'session',
    ...(query.levels ? { levels: levels.ok ? levels.levels : query.levels } : {}),
  };
}

/** One home for query defaults, as resolveSettings is for settings: migrated, then defaulted. */
export function resolveQuery(query: SessionErrorsQuery): ResolvedQuery {
  const migrated = migrateQuery(query);
  const defined = Object.fromEntries(Object.entries(migrated).filter(([, v]) => v !== undefined && v !== null));
  const limit = Number(migrated.limit);
  return {
    ...QUERY_DEFAULTS,
    ...defined,
    refId: query.refId,
    version: QUERY_VERSION,
    limit: Number.isFinite(limit) && limit > 0 ? Math.floor(limit) : undefined,
  } as ResolvedQuery;
}

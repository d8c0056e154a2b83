import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame } from '@grafana/data';
import type { ClusterClient } from '../cluster/clusterClient';
import { describeClusterError } from '../cluster/describeClusterError';
import { toLogsFrame, type LogSource } from '../response/toLogsFrame';
import { toSessionsFrame, type SessionsAggregations } from '../response/toSessionsFrame';
import { toErrorGroupsFrame, type ErrorGroupsAggregations } from '../response/toErrorGroupsFrame';
import { toLogsVolumeFrames, toTimeSeriesFrames, type OverTimeAggregations } from '../response/toTimeSeriesFrames';
import { validateSessionId } from '../session/sessionId';
import type { AuthType, ResolvedSettings, SessionErrorsQuery, TimeWindow } from '../types';
import { buildErrorGroupsQuery, buildErrorsOverTimeQuery, buildSessionsQuery } from './buildAggregationQueries';
import {
  buildSessionErrorsQuery,
  pageOfWholeInstants,
  type BuiltSearch,
  type Query,
  type SearchBody,
} from './buildSessionErrorsQuery';
import { filterSearchWords } from './filterSearchWords';
import { lookbackToMs, resolveQuery, type ResolvedQuery } from './resolveQuery';
import { wholeSessionWindow } from './searchWindow';

export type QueryOutcome = { ok: true; frames: DataFrame[] } | { ok: false; error: string };

export interface QueryScope {
  client: ClusterClient;
  settings: ResolvedSettings;
  authType: AuthType;
  range: TimeWindow;
  nowMs: number;
  /** Grafana's interval for the panel, for histograms. */
  intervalMs?: number;
  /** Ad hoc filter clauses for every query. */
  extraFilters?: Query[];
  /** The panel's request id, so that a re-run supersedes the request in flight. */
  requestId?: string;
  /** Aborted when the query is unsubscribed. */
  signal?: AbortSignal;
}

/** Which session and window a query targets, after validation. */
export type Target = { ok: true; sessionId?: string; window: TimeWindow } | { ok: false; error: string };

export function resolveTarget(query: ResolvedQuery, range: TimeWindow, nowMs: number): Target {
  if (query.mode === 'range' || query.queryType === 'sessions' || query.queryType === 'errorGroups') {
    return { ok: true, window: range };
  }
  const check = validateSessionId(query.sessionId);
  if (!check.ok) {
    return check;
  }
  if (query.wholeSession) {
    const whole = wholeSessionWindow(check.sessionId, query.sessionWindow, nowMs);
    // From the session's start whatever the range, but never past the range's end: Explore narrows
    // `to` to the oldest line shown when it asks for older lines.
    return whole.ok
      ? {
          ok: true,
          sessionId: check.sessionId,
          window: { fromMs: whole.window.fromMs, toMs: Math.min(whole.window.toMs, range.toMs) },
        }
      : whole;
  }
  return { ok: true, sessionId: check.sessionId, window: range };
}

/** Sends a built search through the proxy and converts the answer; any failure becomes a clear message. */
async function search<T, A>(
  scope: QueryScope,
  refId: string,
  built: BuiltSearch,
  convert: (response: estypes.SearchResponse<T, A>, body: SearchBody) => DataFrame[]
): Promise<QueryOutcome> {
  if (!built.ok) {
    return built;
  }
  try {
    const response = await scope.client.search<T, A>(built.body, {
      requestId: scope.requestId ? `${scope.requestId}_${refId}` : undefined,
      signal: scope.signal,
    });
    return { ok: true, frames: convert(response, built.body) };
  } catch (e) {
    return {
      ok: false,
      error: describeClusterError(e, { indexPattern: scope.settings.indexPattern, authType: scope.authType }),
    };
  }
}

/** One query of any type: validate, build, search through the proxy, convert. */
export function runQuery(saved: SessionErrorsQuery, scope: QueryScope): Promise<QueryOutcome> {
  const query = resolveQuery(saved);
  const target = resolveTarget(query, scope.range, scope.nowMs);
  if (!target.ok) {
    return Promise.resolve(target);
  }
  const { settings } = scope;
  const params = {
    sessionId: target.sessionId,
    window: target.window,
    filter: query.filter,
    // As saved: the DSL builder maps spellings and refuses unknown words (resolveLevels).
    levels: query.levels,
    extraFilters: scope.extraFilters,
  };
  switch (query.queryType) {
    case 'errorsOverTime':
      return search<unknown, OverTimeAggregations>(
        scope,
        query.refId,
        buildErrorsOverTimeQuery(settings, { ...params, intervalMs: scope.intervalMs, splitBy: query.splitBy }),
        (response) =>
          toTimeSeriesFrames(response, {
            refId: query.refId,
            splitLabel: query.splitBy,
            indexPattern: settings.indexPattern,
          })
      );
    case 'errorGroups': {
      const lookbackMs = lookbackToMs(query.newLookback);
      if (lookbackMs === undefined) {
        return Promise.resolve({
          ok: false,
          error: `"${query.newLookback}" is not a duration: use for example 7d, 24h or 30m.`,
        });
      }
      return search<unknown, ErrorGroupsAggregations>(
        scope,
        query.refId,
        buildErrorGroupsQuery(settings, { ...params, limit: query.limit, lookbackMs, intervalMs: scope.intervalMs }),
        (response) => [toErrorGroupsFrame(response, settings, { refId: query.refId, fromMs: target.window.fromMs })]
      );
    }
    case 'logsVolume':
      return search<unknown, OverTimeAggregations>(
        scope,
        query.refId,
        buildErrorsOverTimeQuery(settings, { ...params, intervalMs: scope.intervalMs, splitBy: 'level' }),
        (response) => toLogsVolumeFrames(response, { refId: query.refId, indexPattern: settings.indexPattern })
      );
    case 'sessions':
      return search<unknown, SessionsAggregations>(
        scope,
        query.refId,
        buildSessionsQuery(settings, { ...params, limit: query.limit }),
        (response) => [
          toSessionsFrame(response, {
            refId: query.refId,
            replay: settings.replay,
            indexPattern: settings.indexPattern,
            sessionField: settings.sessionField,
          }),
        ]
      );
    default: {
      const limit = Math.min(query.limit ?? settings.maxLines, settings.maxLines);
      return search<LogSource, Record<string, estypes.AggregationsAggregate>>(
        scope,
        query.refId,
        buildSessionErrorsQuery(settings, { ...params, limit }),
        (response, body) => {
          const page = pageOfWholeInstants(response?.hits?.hits ?? [], limit);
          // At the result window's ceiling no extra line was asked for: whether more remain is unknown.
          const probed = (body.size ?? 0) > limit;
          return [
            toLogsFrame({ ...response, hits: { ...response.hits, hits: page.hits } }, settings, {
              refId: query.refId,
              sessionId: target.sessionId,
              searchWords: filterSearchWords(query.filter),
              limit,
              more: probed ? page.more : undefined,
            }),
          ];
        }
      );
    }
  }
}

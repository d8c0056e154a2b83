import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame, QueryResultMetaNotice } from '@grafana/data';
import type { ClusterClient, RequestControl } from '../cluster/clusterClient';
import { describeClusterError, isIndexNotFound } from '../cluster/describeClusterError';
import { toLogsFrame, type LogSource } from '../response/toLogsFrame';
import { toSessionCountValues, type SessionCountAggregations } from '../response/toSessionCountValues';
import { toSessionsFrame } from '../response/toSessionsFrame';
import { toErrorGroupsFrame, type ErrorGroupsAggregations } from '../response/toErrorGroupsFrame';
import { toLogsVolumeFrames, toTimeSeriesFrames, type OverTimeAggregations } from '../response/toTimeSeriesFrames';
import { validateSessionId } from '../session/sessionId';
import { QUERY_TYPES, type AuthType, type ResolvedSettings, type SessionErrorsQuery, type TimeWindow } from '../types';
import {
  buildErrorGroupsQuery,
  buildErrorsOverTimeQuery,
  buildSessionsCountQuery,
  buildSummaryCheckpointQuery,
} from './buildAggregationQueries';
import { HOUR_MS, summaryPlan } from './errorGroupsSummary';
import {
  buildSessionErrorsQuery,
  pageOfWholeInstants,
  type BuiltSearch,
  type Query,
  type SearchBody,
} from './buildSessionErrorsQuery';
import { filterSearchWords } from './filterSearchWords';
import { searchSessions, type SendSearch } from './latestSessions';
import { toErrorGroupValues } from '../response/toErrorGroupValues';
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
  /**
   * The range starts at the newest line already shown (Explore scrolling to newer lines): answer with
   * the lines right after it, oldest first, so that none between it and the newest is skipped.
   */
  newerLines?: boolean;
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

function requestControl(scope: QueryScope, refId: string): RequestControl {
  return { requestId: scope.requestId ? `${scope.requestId}_${refId}` : undefined, signal: scope.signal };
}

/** A failed request as a clear message, naming the indices its route reaches. */
function failure(scope: QueryScope, route: 'search' | 'groupsSearch', e: unknown): QueryOutcome {
  const { indexPattern, groupsSummaryIndex } = scope.settings;
  return {
    ok: false,
    error: describeClusterError(e, {
      indexPattern: route === 'groupsSearch' ? `${indexPattern},${groupsSummaryIndex}` : indexPattern,
      authType: scope.authType,
    }),
  };
}

/** Sends a built search through the proxy and converts the answer; any failure becomes a clear message. */
async function search<T, A>(
  scope: QueryScope,
  refId: string,
  built: BuiltSearch,
  convert: (response: estypes.SearchResponse<T, A>, body: SearchBody) => DataFrame[],
  route: 'search' | 'groupsSearch' = 'search'
): Promise<QueryOutcome> {
  if (!built.ok) {
    return built;
  }
  try {
    const response = await scope.client[route]<T, A>(built.body, requestControl(scope, refId));
    return { ok: true, frames: convert(response, built.body) };
  } catch (e) {
    return failure(scope, route, e);
  }
}

/** Sessions with errors: by collapse where one session field allows it (latestSessions.ts), else by aggregation. */
async function sessions(
  scope: QueryScope,
  refId: string,
  params: Parameters<typeof searchSessions>[2]
): Promise<QueryOutcome> {
  const { settings } = scope;
  const send: SendSearch = (body) => scope.client.search(body, requestControl(scope, refId));
  try {
    const answer = await searchSessions(send, settings, params);
    if (!answer.ok) {
      return answer;
    }
    const frame = toSessionsFrame(answer.response, {
      refId,
      replay: settings.replay,
      indexPattern: settings.indexPattern,
      sessionFields: settings.sessionFields,
    });
    return { ok: true, frames: [frame] };
  } catch (e) {
    return failure(scope, 'search', e);
  }
}

type ErrorGroupsParams = Omit<Parameters<typeof buildErrorGroupsQuery>[1], 'summaryPlan' | 'filter' | 'levels'> & {
  /** As resolved (resolveQuery): always present. */
  filter: string;
  levels: string[];
};

/**
 * Error groups: from the hourly summary and the lines of the partial hours when the data source has a
 * summary index and the query filters nothing (the summary keeps no other dimension); otherwise, or
 * before the summarizer's first run, from lines alone, with a notice saying why.
 */
async function errorGroups(scope: QueryScope, refId: string, params: ErrorGroupsParams): Promise<QueryOutcome> {
  const { settings } = scope;
  const summaryIndex = settings.groupsSummaryIndex;
  const framesWith =
    (notices: QueryResultMetaNotice[]) => (response: estypes.SearchResponse<unknown, ErrorGroupsAggregations>) => [
      toErrorGroupsFrame(response, settings, { refId, fromMs: params.window.fromMs, notices }),
    ];
  const fromLines = (notice?: string) =>
    search(
      scope,
      refId,
      buildErrorGroupsQuery(settings, params),
      framesWith(notice ? [{ severity: 'info', text: notice }] : [])
    );
  if (!summaryIndex) {
    return fromLines();
  }
  const filtered = Boolean(params.filter.trim() || params.levels.length || params.extraFilters?.length);
  if (filtered) {
    return fromLines(
      `Counted from lines, not the error-group summary in ${summaryIndex}: the summary has no filter, level or ad hoc filter dimensions.`
    );
  }
  let checkpointMs: number | undefined;
  try {
    const response = await scope.client.groupsSearch<unknown, { through?: { value?: number | null } }>(
      buildSummaryCheckpointQuery(),
      requestControl(scope, refId)
    );
    checkpointMs = response.aggregations?.through?.value ?? undefined;
  } catch (e) {
    if (!isIndexNotFound(e)) {
      return failure(scope, 'groupsSearch', e);
    }
  }
  if (checkpointMs === undefined) {
    return fromLines(
      `Counted from lines: the error-group summary ${summaryIndex} has no summarized hour yet. Run the summarizer (npm run summarize) to make Error groups fast on large indices.`
    );
  }
  const plan = summaryPlan(params.window, params.lookbackMs, checkpointMs);
  const behind = params.window.toMs - checkpointMs > 2 * HOUR_MS;
  const notices: QueryResultMetaNotice[] = behind
    ? [
        {
          severity: 'warning',
          text: `The error-group summary ${summaryIndex} reaches only ${new Date(checkpointMs).toISOString()}: later hours are counted from lines, which is slower. Is the summarizer running?`,
        },
      ]
    : [];
  return search(
    scope,
    refId,
    buildErrorGroupsQuery(settings, { ...params, summaryPlan: plan }),
    framesWith(notices),
    'groupsSearch'
  );
}

/** One query of any type: validate, build, search through the proxy, convert. */
export function runQuery(saved: SessionErrorsQuery, scope: QueryScope): Promise<QueryOutcome> {
  const query = resolveQuery(saved);
  if (query.adHocProblem) {
    return Promise.resolve({ ok: false, error: query.adHocProblem });
  }
  // A model written by hand (an API call, a provisioned rule) with a typo is never run as logs; an
  // empty type, as a query saved without one may carry, is the default.
  if (query.queryType !== ('' as string) && !(QUERY_TYPES as readonly string[]).includes(query.queryType)) {
    return Promise.resolve({
      ok: false,
      error: `"${query.queryType}" is not a query type of this data source: use ${QUERY_TYPES.filter((t) => t !== 'logsVolume').join(', ')}.`,
    });
  }
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
      const outcome = errorGroups(scope, query.refId, {
        ...params,
        limit: query.limit,
        lookbackMs,
        intervalMs: scope.intervalMs,
      });
      if (query.groupsResult !== 'values') {
        return outcome;
      }
      const options = {
        value: query.groupsValue ?? 'sessions',
        newOnly: query.newGroupsOnly ?? false,
        replayLabel: query.replayLabel ?? false,
      };
      return outcome.then((o) =>
        o.ok ? { ok: true, frames: o.frames.flatMap((f) => toErrorGroupValues(f, options)) } : o
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
      if (query.sessionsResult === 'count') {
        return search<unknown, SessionCountAggregations>(
          scope,
          query.refId,
          buildSessionsCountQuery(settings, { ...params, splitBy: query.splitBy }),
          (response) =>
            toSessionCountValues(response, {
              refId: query.refId,
              splitLabel: query.splitBy,
              indexPattern: settings.indexPattern,
            })
        );
      }
      return sessions(scope, query.refId, { ...params, limit: query.limit });
    default: {
      const limit = Math.min(query.limit ?? settings.maxLines, settings.maxLines);
      return search<LogSource, Record<string, estypes.AggregationsAggregate>>(
        scope,
        query.refId,
        buildSessionErrorsQuery(settings, { ...params, limit, order: scope.newerLines ? 'asc' : 'desc' }),
        (response, body) => {
          const page = pageOfWholeInstants(response.hits?.hits ?? [], limit);
          // At the result window's ceiling no extra line was asked for: whether more remain is unknown.
          const probed = (body.size ?? 0) > limit;
          // Shown newest first like every logs frame, however they were fetched.
          const hits = scope.newerLines ? [...page.hits].reverse() : page.hits;
          return [
            toLogsFrame({ ...response, hits: { ...response.hits, hits } }, settings, {
              refId: query.refId,
              sessionId: target.sessionId,
              searchWords: filterSearchWords(query.filter),
              limit,
              more: probed ? page.more : undefined,
              newer: scope.newerLines,
              contextScope: query.contextScope,
            }),
          ];
        }
      );
    }
  }
}

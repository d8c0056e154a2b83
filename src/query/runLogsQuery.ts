import type { DataFrame } from '@grafana/data';
import type { ClusterClient } from '../cluster/clusterClient';
import { describeClusterError } from '../cluster/describeClusterError';
import { toLogsFrame, type LogSource } from '../response/toLogsFrame';
import { validateSessionId } from '../session/sessionId';
import type { AuthType, ResolvedSettings, SessionErrorsQuery, TimeWindow } from '../types';
import { buildSessionErrorsQuery } from './buildSessionErrorsQuery';
import { isFilterLevel } from './levels';
import { wholeSessionWindow } from './searchWindow';

export type QueryOutcome = { ok: true; frames: DataFrame[] } | { ok: false; error: string };

export interface QueryScope {
  client: ClusterClient;
  settings: ResolvedSettings;
  authType: AuthType;
  range: TimeWindow;
  nowMs: number;
}

/** Which session and window a query targets, after validation. */
export type Target = { ok: true; sessionId?: string; window: TimeWindow } | { ok: false; error: string };

export function resolveTarget(query: SessionErrorsQuery, range: TimeWindow, nowMs: number): Target {
  if ((query.mode ?? 'session') === 'range') {
    return { ok: true, window: range };
  }
  const check = validateSessionId(query.sessionId);
  if (!check.ok) {
    return check;
  }
  if (query.wholeSession) {
    const whole = wholeSessionWindow(check.sessionId, query.sessionWindow, nowMs);
    return whole.ok ? { ok: true, sessionId: check.sessionId, window: whole.window } : whole;
  }
  return { ok: true, sessionId: check.sessionId, window: range };
}

export function queryLevels(query: SessionErrorsQuery): string[] {
  return (query.levels ?? []).filter(isFilterLevel);
}

/** One log-lines query: validate, build, search through the proxy, convert. */
export async function runLogsQuery(query: SessionErrorsQuery, scope: QueryScope): Promise<QueryOutcome> {
  const target = resolveTarget(query, scope.range, scope.nowMs);
  if (!target.ok) {
    return target;
  }
  const limit = Number(query.limit) > 0 ? Number(query.limit) : scope.settings.maxLines;
  const built = buildSessionErrorsQuery(scope.settings, {
    sessionId: target.sessionId,
    window: target.window,
    filter: query.filter,
    levels: queryLevels(query),
    limit,
  });
  if (!built.ok) {
    return built;
  }
  try {
    const response = await scope.client.search<LogSource>(scope.settings.indexPattern, built.body);
    const frame = toLogsFrame(response, scope.settings, {
      refId: query.refId,
      sessionId: target.sessionId,
      limit: built.body.size ?? limit,
    });
    return { ok: true, frames: [frame] };
  } catch (e) {
    return {
      ok: false,
      error: describeClusterError(e, { indexPattern: scope.settings.indexPattern, authType: scope.authType }),
    };
  }
}

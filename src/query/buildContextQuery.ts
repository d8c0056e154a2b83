import type { estypes } from '@elastic/elasticsearch';
import { DAY_MS } from '../durations';
import type { ContextScope, ResolvedSettings } from '../types';
import { logLinesBody, sessionMatch, type BuiltSearch, type Query } from './buildSessionErrorsQuery';

/** The line the context is for: its place in the search order and what it belongs to. */
export interface ContextAnchor {
  sort: estypes.SortResults;
  timeMs: number;
  sessionId?: string;
  service?: string;
  traceId?: string;
}

export const TRACE_FIELD = 'trace.id';

/**
 * The lines just before (BACKWARD) or after (FORWARD) a line, of the same session, service or trace,
 * at every level: search_after from the line's own sort values, so equal timestamps neither repeat
 * nor vanish between pages. Bounded to a day on that side.
 */
export function buildContextQuery(
  settings: ResolvedSettings,
  anchor: ContextAnchor,
  scope: ContextScope,
  direction: 'BACKWARD' | 'FORWARD',
  limit: number
): BuiltSearch {
  let match: Query | undefined;
  switch (scope) {
    case 'service':
      match = anchor.service ? { term: { [settings.serviceField]: anchor.service } } : undefined;
      break;
    case 'trace':
      match = anchor.traceId ? { term: { [TRACE_FIELD]: anchor.traceId } } : undefined;
      break;
    default:
      match = anchor.sessionId ? sessionMatch(settings, anchor.sessionId) : undefined;
  }
  if (!match) {
    const what = scope === 'trace' ? 'trace.id' : scope === 'service' ? 'service' : 'session id';
    return { ok: false, error: `This line has no ${what}, so there is no context of that kind to show.` };
  }
  const backward = direction === 'BACKWARD';
  const range = backward
    ? { gte: anchor.timeMs - DAY_MS, lte: anchor.timeMs }
    : { gte: anchor.timeMs, lte: anchor.timeMs + DAY_MS };
  const query = {
    bool: { filter: [{ range: { [settings.timeField]: { ...range, format: 'epoch_millis' } } }, match] },
  };
  const size = Math.max(1, Math.min(Math.floor(limit), settings.maxLines));
  return {
    ok: true,
    body: { ...logLinesBody(settings, query, size, backward ? 'desc' : 'asc'), search_after: anchor.sort },
  };
}

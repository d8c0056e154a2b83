import type { estypes } from '@elastic/elasticsearch';
import { DAY_MS } from '../durations';
import type { ContextScope, ResolvedSettings } from '../types';
import { logLinesBody, MAX_RESULT_WINDOW, sessionMatch, type Query, type SearchBody } from './buildSessionErrorsQuery';
import type { LineKey } from './lineKeys';
import { buildPitContextBody, type PitSearchBody } from './pointInTime';

/** The line the context is for: its place in time, its key, and what it belongs to. */
export interface ContextAnchor {
  /** Its sort values in the search that showed it. */
  sort: estypes.SortResults;
  timeMs: number;
  /** Its index and id: its place among the lines of its instant (lineKeys.ts). */
  key: LineKey;
  sessionId?: string;
  service?: string;
  traceId?: string;
}

/**
 * The searches of one side of a line's context: the lines just before (BACKWARD) or after (FORWARD)
 * it, of the same session, service or trace, at every level, a day at most on that side.
 *
 * The order is time, then the line's key (index, id) within an instant: unique on any number of
 * shards and the same in every search, so pages neither repeat nor lose a line. The engine cannot
 * sort by `_id` without loading it into the heap (fielddata on `_id`, off by default on
 * Elasticsearch 8+ and deprecated on OpenSearch), and `_shard_doc` needs a point in time that
 * OpenSearch has only from 3.3. So the anchor's own instant is fetched whole (`instant`) and ordered
 * by key here, and older or newer lines come from a search strictly beyond it (`beyond`) whose last
 * instant is kept only whole (the runner fetches a cut instant whole too). Where the engine has a
 * point in time with `_shard_doc` (pointInTime.ts), lines beyond the anchor's instant come from it
 * (`inPit`), which has no bound on the size of an instant; the anchor's own instant is still read by
 * key (logContext.ts says why).
 */
export interface ContextSearches {
  order: 'asc' | 'desc';
  /** Lines to show, the limit bounded by the data source's maximum. */
  size: number;
  /** Every line of the scope at this instant (up to the engines' default result window). */
  instant(timeMs: number): SearchBody;
  /** Lines of the scope strictly beyond the anchor's instant, nearest first. */
  beyond(size: number): SearchBody;
  /**
   * At most `size` lines of the scope in a point in time: after these sort values (time,
   * `_shard_doc`), or without them strictly beyond the anchor's instant.
   */
  inPit(pitId: string, after: estypes.SortResults | undefined, size: number): PitSearchBody;
}

export type BuiltContext = { ok: true; searches: ContextSearches } | { ok: false; error: string };

function scopeMatch(settings: ResolvedSettings, anchor: ContextAnchor, scope: ContextScope): Query | undefined {
  switch (scope) {
    case 'service':
      return anchor.service ? { term: { [settings.serviceField]: anchor.service } } : undefined;
    case 'trace':
      return anchor.traceId ? { term: { [settings.traceField]: anchor.traceId } } : undefined;
    default:
      return anchor.sessionId ? sessionMatch(settings, anchor.sessionId) : undefined;
  }
}

export function buildContextQuery(
  settings: ResolvedSettings,
  anchor: ContextAnchor,
  scope: ContextScope,
  direction: 'BACKWARD' | 'FORWARD',
  limit: number
): BuiltContext {
  const match = scopeMatch(settings, anchor, scope);
  if (!match) {
    const what = scope === 'trace' ? settings.traceField : scope === 'service' ? 'service' : 'session id';
    return { ok: false, error: `This line has no ${what}, so there is no context of that kind to show.` };
  }
  const order = direction === 'BACKWARD' ? 'desc' : 'asc';
  const within = (range: Record<string, number>, size: number) =>
    logLinesBody(
      settings,
      { bool: { filter: [{ range: { [settings.timeField]: { ...range, format: 'epoch_millis' } } }, match] } },
      size,
      order
    );
  const t = anchor.timeMs;
  const size = Math.max(1, Math.min(Math.floor(limit), settings.maxLines));
  return {
    ok: true,
    searches: {
      order,
      size,
      instant: (timeMs) => within({ gte: timeMs, lte: timeMs }, MAX_RESULT_WINDOW),
      beyond: (n) => within(order === 'desc' ? { gte: t - DAY_MS, lt: t } : { gt: t, lte: t + DAY_MS }, n),
      inPit: (pitId, after, n) => buildPitContextBody(settings, pitId, match, t, after, order, n),
    },
  };
}

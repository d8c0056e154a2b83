import type { LogRow } from './logRows';

/**
 * Explore's infinite scrolling, read in grafana/grafana
 * public/app/features/logs/components/infiniteScrollUtils.ts (and InfiniteScroll.tsx; 11.x behind
 * the `logsInfiniteScrolling` feature toggle, on by default later):
 * - the visible range is [oldest shown, newest shown] in epoch ms (getVisibleRange);
 * - older lines: `{ from: current range's from, to: oldest shown }` (getPrevRange);
 * - newer lines: `{ from: newest shown, to: current range's to }`, a relative range ("now")
 *   re-evaluated first (getNextRange); each only when the gap to that end exceeds
 *   SCROLLING_THRESHOLD (1 s);
 * - what reaches the data source is an ordinary query over that range: InfiniteScroll calls
 *   `loadMoreLogs(range)` with an AbsoluteTimeRange only; no direction, no request.app other than
 *   Explore's, no query property. The newest code adds a nanosecond bound (startNs/endNs) to the
 *   query only for Loki (withLokiInfiniteScrollBound). So a data source cannot tell "newer lines
 *   after X" from "the newest lines up to now": it must answer a range with lines that leave no gap
 *   at the range's start when the caller keeps only what is newer than what it shows.
 */

export const SCROLLING_THRESHOLD = 1e3;

export interface AbsoluteRange {
  from: number;
  to: number;
}

export function visibleRange(rows: Array<Pick<LogRow, 'timeEpochMs'>>): AbsoluteRange {
  const first = rows[0].timeEpochMs;
  const last = rows[rows.length - 1].timeEpochMs;
  return first > last ? { from: last, to: first } : { from: first, to: last };
}

/** The range Grafana asks for older lines, or undefined when it would not scroll. */
export function olderLinesRange(visible: AbsoluteRange, current: AbsoluteRange): AbsoluteRange | undefined {
  return Math.abs(current.from - visible.from) > SCROLLING_THRESHOLD
    ? { from: current.from, to: visible.from }
    : undefined;
}

/** The range Grafana asks for newer lines (`current.to` is "now" for a relative range). */
export function newerLinesRange(visible: AbsoluteRange, current: AbsoluteRange): AbsoluteRange | undefined {
  return current.to - visible.to > SCROLLING_THRESHOLD ? { from: visible.to, to: current.to } : undefined;
}

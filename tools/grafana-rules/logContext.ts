import type { DataFrame } from '@grafana/data';
import { toLogRows, type LogRow } from './logRows';

/**
 * Grafana's log context view, read in grafana/grafana:
 * - 11.0 public/app/features/logs/components/log-context/LogRowContextModal.tsx and 12.x/13.x
 *   components/panel/LogLineContext.tsx: `PAGE_SIZE = 100` lines a request; on opening, one
 *   request above and one below the chosen row, then one more each time the user scrolls to an
 *   end, from the row at that end (`allRows.at(0)` / `allRows.at(-1)`); in descending order (the
 *   default) "above" asks Forward and "below" Backward (getLoadMoreDirection).
 * - the row passed is a copy whose `dataFrame.refId` is rewritten (normalizeLogRowRefId): the modal
 *   uses `context_<above loads>_<below loads>` (counted before the request, so the first is
 *   `context_1_0` or `context_0_1`); LogLineContext uses `context_<row uid>` (normalizeLogRefId).
 *   The rows it passes for "load more" are rows of a previous context response
 *   (dataFrameToLogsModel(result.data).rows), so their dataFrame is the context frame.
 * - new rows: `dataFrameToLogsModel(result.data).rows` (reversed in ascending order), then every row
 *   equal to an already shown one in `entry` and `timeEpochNs` is dropped (containsRow); the rest
 *   is split by `timeEpochNs > chosen.timeEpochNs` (a string comparison): those go above in
 *   descending order, all others, the chosen line's own instant included, below; each side is then
 *   sorted with utils.ts sortLogRows (by timeEpochMs, then timeEpochNs; stable).
 */

export const CONTEXT_PAGE_SIZE = 100;

export type ContextView = 'LogRowContextModal' | 'LogLineContext';
export type Place = 'above' | 'below';
export type SortOrder = 'Descending' | 'Ascending';
export type Direction = 'FORWARD' | 'BACKWARD';

/** The view a Grafana line draws context with in Explore (12.x+ draws the new logs panel's). */
export function contextViewOf(line: string): ContextView {
  return Number(line.split('.')[0]) >= 12 ? 'LogLineContext' : 'LogRowContextModal';
}

export function loadMoreDirection(place: Place, sortOrder: SortOrder = 'Descending'): Direction {
  if ((place === 'above' && sortOrder === 'Descending') || (place === 'below' && sortOrder === 'Ascending')) {
    return 'FORWARD';
  }
  return 'BACKWARD';
}

/** The row Grafana hands the data source: refId rewritten as the view does. */
export function contextRequestRow(
  row: LogRow,
  view: ContextView,
  loads: Record<Place, number> = { above: 0, below: 0 }
): LogRow {
  const refId =
    view === 'LogRowContextModal'
      ? `context_${loads.above}_${loads.below}`
      : `context_${row.uid ?? row.dataFrame.refId ?? row.timeEpochMs}`;
  return { ...row, dataFrame: { ...row.dataFrame, refId } };
}

function containsRow(rows: LogRow[], row: LogRow): boolean {
  return rows.some((r) => r.entry === row.entry && r.timeEpochNs === row.timeEpochNs);
}

/** utils.ts sortLogRows. */
export function sortLogRows(rows: LogRow[], sortOrder: SortOrder): LogRow[] {
  const ascending = (a: LogRow, b: LogRow) =>
    a.timeEpochMs !== b.timeEpochMs
      ? a.timeEpochMs - b.timeEpochMs
      : a.timeEpochNs < b.timeEpochNs
        ? -1
        : a.timeEpochNs > b.timeEpochNs
          ? 1
          : 0;
  return [...rows].sort(sortOrder === 'Ascending' ? ascending : (a, b) => ascending(b, a));
}

export interface ContextState {
  chosen: LogRow;
  above: LogRow[];
  below: LogRow[];
}

/** Where the rows of one context response go (the modal's loadMore and its state update). */
export function addContextRows(
  state: ContextState,
  frames: DataFrame[],
  sortOrder: SortOrder = 'Descending'
): { state: ContextState; added: LogRow[] } {
  const allRows = [...state.above, state.chosen, ...state.below];
  const fetched = toLogRows(frames);
  if (sortOrder === 'Ascending') {
    fetched.reverse();
  }
  const added = fetched.filter((r) => !containsRow(allRows, r));
  const later = added.filter((r) => r.timeEpochNs > state.chosen.timeEpochNs);
  const rest = added.filter((r) => !(r.timeEpochNs > state.chosen.timeEpochNs));
  const newAbove = sortOrder === 'Ascending' ? rest : later;
  const newBelow = sortOrder === 'Ascending' ? later : rest;
  return {
    state: {
      chosen: state.chosen,
      above: newAbove.length ? sortLogRows([...newAbove, ...state.above], sortOrder) : state.above,
      below: newBelow.length ? sortLogRows([...state.below, ...newBelow], sortOrder) : state.below,
    },
    added,
  };
}

export interface ContextRequest {
  place: Place;
  refId: string;
  limit: number;
  direction: Direction;
  /** the uid of the row the request was made from */
  fromUid: string;
}

export type GetRowContext = (
  row: LogRow,
  options: { limit: number; direction: Direction }
) => Promise<{ data: DataFrame[]; error?: { message?: string } }>;

/**
 * The requests a user's context view makes: the opening pair, then `loadsPerSide` more on each
 * side (stopping a side when it brings nothing new, as the view shows "No more logs"), and what is
 * shown after them.
 */
export async function runContextView(
  chosen: LogRow,
  getRowContext: GetRowContext,
  options: { view: ContextView; loadsPerSide: number; sortOrder?: SortOrder }
): Promise<{ state: ContextState; requests: ContextRequest[]; errors: string[] }> {
  const sortOrder = options.sortOrder ?? 'Descending';
  let state: ContextState = { chosen, above: [], below: [] };
  const loads: Record<Place, number> = { above: 0, below: 0 };
  const requests: ContextRequest[] = [];
  const errors: string[] = [];
  const done: Record<Place, boolean> = { above: false, below: false };
  for (let round = 0; round <= options.loadsPerSide; round++) {
    for (const place of ['above', 'below'] as const) {
      if (done[place]) {
        continue;
      }
      loads[place] += 1;
      const allRows = [...state.above, state.chosen, ...state.below];
      const from = place === 'above' ? allRows[0] : allRows[allRows.length - 1];
      const row = contextRequestRow(from, options.view, loads);
      const direction = loadMoreDirection(place, sortOrder);
      requests.push({ place, refId: row.dataFrame.refId!, limit: CONTEXT_PAGE_SIZE, direction, fromUid: from.uid });
      const result = await getRowContext(row, { limit: CONTEXT_PAGE_SIZE, direction });
      if (result.error) {
        errors.push(result.error.message ?? 'error');
        done[place] = true;
        continue;
      }
      const next = addContextRows(state, result.data, sortOrder);
      const sideGrew = next.state[place].length > state[place].length;
      state = next.state;
      // "No more logs": the modal when nothing new came back, LogLineContext when that side got nothing.
      if (options.view === 'LogRowContextModal' ? !next.added.length : !sideGrew) {
        done[place] = true;
      }
    }
  }
  return { state, requests, errors };
}

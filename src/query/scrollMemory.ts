import type { DataFrame } from '@grafana/data';
import { DataFrameType } from '../grafanaData';
import { rowKeysAt } from '../response/contextAnchor';
import type { TimeWindow } from '../types';
import type { Query } from './buildSessionErrorsQuery';
import { excludeLines, type LineKey } from './lineKeys';

/** How many logs queries, and how many pages of each, are remembered. */
export const QUERIES_REMEMBERED = 50;
export const PAGES_REMEMBERED = 20;

/** How a logs request is run, given what its query's earlier pages showed. */
export interface ScrollPlan {
  /** The range starts at the newest line shown: the lines right after it, oldest first (runQuery). */
  newerLines: boolean;
  /** The range to search: widened by a millisecond over a boundary instant already partly shown. */
  range: TimeWindow;
  /** Leaves out the lines of that instant already shown. */
  exclude?: Query;
  /** That instant, and the lines of it shown so far. */
  continuing?: { timeMs: number; shown: LineKey[] };
}

interface Remembered {
  /** The newest line time of each recent page. */
  newest: number[];
  /** The lines each recent page showed at its oldest and newest instants. */
  shownAt: Map<number, LineKey[]>;
}

/**
 * What Explore's infinite scrolling needs remembered. Explore asks for older lines with `to` at the
 * oldest line shown and for newer ones with `from` at the newest, and says nothing more
 * (infiniteScrollUtils.ts). Pages hold whole instants (pageOfWholeInstants) except an instant larger
 * than a page, so an end exclusive at that instant would lose the rest of it: a range that ends (or
 * starts) at an instant a page showed takes that instant in again, less the lines already shown
 * (by index and id: unique on any number of shards, unlike `_doc`). A range starting at a newest
 * line shown is answered oldest first, so that no line between it and the newest is skipped.
 * Keyed by the query as Explore repeats it for every page (variables resolved): a fresh run whose
 * range happens to end exactly at a line shown before reads as scrolling too.
 */
export class ScrollMemory {
  private readonly queries = new Map<string, Remembered>();

  plan(key: string, range: TimeWindow): ScrollPlan {
    const remembered = this.queries.get(key);
    const newerLines = remembered?.newest.includes(range.fromMs) ?? false;
    const boundary = newerLines ? range.fromMs : range.toMs;
    const shown = remembered?.shownAt.get(boundary) ?? [];
    const exclude = excludeLines(shown);
    if (!exclude) {
      return { newerLines, range };
    }
    // Range ends are whole milliseconds (timeRangeFilter): one more takes the boundary instant in.
    const widened = newerLines ? { ...range, fromMs: range.fromMs - 1 } : { ...range, toMs: range.toMs + 1 };
    return { newerLines, range: widened, exclude, continuing: { timeMs: boundary, shown } };
  }

  /**
   * Notes what a logs query's page showed: its newest time, and the lines at its boundary instants.
   * A page that went on with an instant adds its lines there to those shown before; any other page's
   * lines replace what an earlier run of the query showed, which Explore no longer shows.
   */
  remember(key: string, frames: DataFrame[], plan?: ScrollPlan): void {
    const pages = frames.filter((f) => f.meta?.type === DataFrameType.LogLines && f.length > 0);
    if (!pages.length) {
      return;
    }
    const remembered = this.queries.get(key) ?? { newest: [], shownAt: new Map<number, LineKey[]>() };
    for (const page of pages) {
      const times = page.fields.find((f) => f.name === 'timestamp')?.values as number[];
      const newest = Math.max(...times);
      remembered.newest = [...remembered.newest, newest].slice(-PAGES_REMEMBERED);
      for (const instant of new Set([newest, Math.min(...times)])) {
        const before = plan?.continuing?.timeMs === instant ? plan.continuing.shown : [];
        remembered.shownAt.delete(instant);
        remembered.shownAt.set(instant, unique([...before, ...rowKeysAt(page, instant)]));
      }
      while (remembered.shownAt.size > 2 * PAGES_REMEMBERED) {
        remembered.shownAt.delete(remembered.shownAt.keys().next().value!);
      }
    }
    // Most recently used last: the least recently used query is forgotten first.
    this.queries.delete(key);
    this.queries.set(key, remembered);
    if (this.queries.size > QUERIES_REMEMBERED) {
      this.queries.delete(this.queries.keys().next().value!);
    }
  }
}

function unique(keys: LineKey[]): LineKey[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    // No index name holds a NUL.
    const text = `${key.index}\u0000${key.id}`;
    return !seen.has(text) && Boolean(seen.add(text));
  });
}

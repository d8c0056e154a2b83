import type { estypes } from '@elastic/elasticsearch';
import type { Query } from './buildSessionErrorsQuery';

/**
 * What identifies a log line on every engine and version: its index and `_id`. `_doc`, the
 * tiebreaker of the search order, is Lucene's document number and unique within one shard only, so
 * lines of one instant on different shards can share it: search_after from [time, _index, _doc]
 * then skips the other shards' lines of that instant.
 */
export interface LineKey {
  index: string;
  id: string;
}

/** A search hit's key (every hit an engine answers has an index; an id is left empty only in tests). */
export function hitKey(hit: Pick<estypes.SearchHit, '_index' | '_id'>): LineKey {
  return { index: hit._index, id: hit._id ?? '' };
}

/** The order of lines within one instant: by index, then by id, as code units compare (not by locale). */
export function compareLineKeys(a: LineKey, b: LineKey): number {
  if (a.index !== b.index) {
    return a.index < b.index ? -1 : 1;
  }
  if (a.id !== b.id) {
    return a.id < b.id ? -1 : 1;
  }
  return 0;
}

type KeyedHit = Pick<estypes.SearchHit, '_index' | '_id' | 'sort'>;

/**
 * Hits sorted by time (their first sort value) in the search's order, and within an instant by key in
 * that order too: one total order that any search of the same lines gives again, whatever shard
 * answered. A new array; the hits are not changed.
 */
export function inLineOrder<T extends KeyedHit>(hits: T[], order: 'asc' | 'desc'): T[] {
  // Every hit of a sorted search carries its sort values.
  const keyed = hits.map((hit) => ({ hit, time: Number(hit.sort![0]), key: hitKey(hit) }));
  keyed.sort((a, b) => {
    const ascending = a.time - b.time || compareLineKeys(a.key, b.key);
    return order === 'asc' ? ascending : -ascending;
  });
  return keyed.map((k) => k.hit);
}

/** Whether a line comes after the anchor in this order: later (asc) or earlier (desc) key. */
export function isBeyond(key: LineKey, anchor: LineKey, order: 'asc' | 'desc'): boolean {
  const compared = compareLineKeys(key, anchor);
  return order === 'asc' ? compared > 0 : compared < 0;
}

/**
 * A filter clause leaving these lines out: per index, its ids (`_id` is unique within an index
 * only). Undefined for no lines. `ids` and a term on `_index` are queries every engine version has.
 */
export function excludeLines(keys: LineKey[]): Query | undefined {
  if (!keys.length) {
    return undefined;
  }
  const byIndex = new Map<string, string[]>();
  for (const { index, id } of keys) {
    byIndex.set(index, [...(byIndex.get(index) ?? []), id]);
  }
  const must_not: Query[] = [...byIndex].map(([index, values]) => ({
    bool: { filter: [{ term: { _index: index } }, { ids: { values } }] },
  }));
  return { bool: { must_not } };
}

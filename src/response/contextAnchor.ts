import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame } from '@grafana/data';
import type { ContextAnchor } from '../query/buildContextQuery';
import type { LineKey } from '../query/lineKeys';

/** A row's sort values as toLogsFrame keeps them (JSON text); undefined for anything else. */
function parseSort(text: unknown): estypes.SortResults | undefined {
  try {
    // Not text (no sort field) reads as "undefined", which is no JSON either.
    const parsed = JSON.parse(String(text));
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A row's key from its sort values (the index second, logSort) and its `id` (`<index>:<_id>`, toLogsFrame). */
function rowKey(sort: estypes.SortResults, rowId: unknown): LineKey | undefined {
  const index = sort[1];
  return typeof index === 'string' && typeof rowId === 'string' && rowId.startsWith(`${index}:`)
    ? { index, id: rowId.slice(index.length + 1) }
    : undefined;
}

function column(frame: DataFrame, name: string): unknown[] {
  return frame.fields.find((f) => f.name === name)?.values ?? [];
}

/**
 * A log line of one of this plugin's frames, as the anchor of its context; undefined without a
 * position (sort values, key and time). The trace id is the line's `traceField` detail, which
 * toLogsFrame always adds.
 */
export function contextAnchor(frame: DataFrame, rowIndex: number, traceField: string): ContextAnchor | undefined {
  const value = (name: string) => column(frame, name)[rowIndex];
  const text = (name: string) => {
    const v = value(name);
    return typeof v === 'string' && v ? v : undefined;
  };
  const sort = parseSort(value('sort'));
  const key = sort && rowKey(sort, value('id'));
  const timeMs = Number(value('timestamp'));
  if (!sort || !key || !Number.isFinite(timeMs)) {
    return undefined;
  }
  const labels = (value('labels') ?? {}) as Record<string, string>;
  return { sort, timeMs, key, sessionId: text('session_id'), service: labels.service, traceId: text(traceField) };
}

/** The keys of a frame's rows at one time; rows without a position are left out. */
export function rowKeysAt(frame: DataFrame, timeMs: number): LineKey[] {
  const [times, ids, sorts] = [column(frame, 'timestamp'), column(frame, 'id'), column(frame, 'sort')];
  const keys: LineKey[] = [];
  times.forEach((time, row) => {
    const sort = time === timeMs ? parseSort(sorts[row]) : undefined;
    const key = sort && rowKey(sort, ids[row]);
    if (key) {
      keys.push(key);
    }
  });
  return keys;
}

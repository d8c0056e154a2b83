import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame } from '@grafana/data';
import type { ContextAnchor } from '../query/buildContextQuery';
import { TRACE_FIELD } from '../query/buildContextQuery';

/** A log line of one of this plugin's frames, as the anchor of its context; undefined without a position. */
export function contextAnchor(frame: DataFrame, rowIndex: number): ContextAnchor | undefined {
  const value = (name: string) => frame.fields.find((f) => f.name === name)?.values[rowIndex];
  const text = (name: string) => {
    const v = value(name);
    return typeof v === 'string' && v ? v : undefined;
  };
  let sort: estypes.SortResults | undefined;
  try {
    const parsed = JSON.parse(text('sort') ?? 'null');
    sort = Array.isArray(parsed) ? parsed : undefined;
  } catch {
    // Not JSON: no position, sort stays undefined.
  }
  const timeMs = Number(value('timestamp'));
  if (!sort || !Number.isFinite(timeMs)) {
    return undefined;
  }
  const labels = (value('labels') ?? {}) as Record<string, string>;
  return { sort, timeMs, sessionId: text('session_id'), service: labels.service, traceId: text(TRACE_FIELD) };
}

import type { DataFrame, Field } from '@grafana/data';

/**
 * Grafana's data plane contract for the frames alerting reads, written from its documented formats
 * (grafana/dataplane, docs/contract: timeseries.md and numeric.md, version 0.1 of each format):
 * - every time series format: frames sorted by time ascending; the time field has no nulls and no
 *   labels; at least one time field and one value field (numeric or bool), unless the single
 *   "no data" frame (typed, without fields); no "no data" frame alongside data; items are unique by
 *   name and labels (a warning there, as for unsorted time);
 * - TimeSeriesMulti: one time field and one value field per frame, further fields are remainder;
 * - NumericMulti: no rows or a single row; one value field per frame, no time field needed.
 * Each problem is a sentence; none means the frames are what the format says.
 */
export function dataplaneProblems(frames: DataFrame[]): string[] {
  const typed = frames.filter((f) => f.meta?.type);
  const kinds = new Set(typed.map((f) => f.meta!.type));
  if (kinds.size !== 1) {
    return [`want one data plane type across the frames, got ${[...kinds].join(', ') || 'none'}`];
  }
  const [type] = [...kinds];
  const problems: string[] = [];
  const noData = typed.filter((f) => f.fields.length === 0);
  if (noData.length && (noData.length > 1 || typed.length > 1)) {
    problems.push('a "no data" frame must be the only frame');
  }
  const items = new Set<string>();
  for (const [i, frame] of typed.entries()) {
    if (frame.fields.length === 0) {
      continue;
    }
    if (!frame.meta?.typeVersion || frame.meta.typeVersion.join('.') !== '0.1') {
      problems.push(`frame ${i}: want typeVersion [0, 1]`);
    }
    const values = frame.fields.filter(isValueField);
    const value = values[0];
    if (!value) {
      problems.push(`frame ${i}: no numeric or bool value field`);
      continue;
    }
    const key = `${value.name}${JSON.stringify(sortedLabels(value))}`;
    if (items.has(key)) {
      problems.push(`frame ${i}: duplicate item ${key}`);
    }
    items.add(key);
    if (type === 'numeric-multi') {
      if (frame.length > 1) {
        problems.push(`frame ${i}: a numeric frame has no rows or one, not ${frame.length}`);
      }
    } else if (type === 'timeseries-multi') {
      const time = frame.fields.find((f) => f.type === 'time');
      if (!time) {
        problems.push(`frame ${i}: no time field`);
        continue;
      }
      if (time.labels && Object.keys(time.labels).length) {
        problems.push(`frame ${i}: the time field has labels`);
      }
      const times = time.values as Array<number | null>;
      if (times.some((t) => t === null || t === undefined)) {
        problems.push(`frame ${i}: the time field has nulls`);
      }
      if (times.some((t, j) => j > 0 && (t as number) < (times[j - 1] as number))) {
        problems.push(`frame ${i}: time is not ascending`);
      }
    } else {
      problems.push(`frame ${i}: ${type} is not a format alerting reads here`);
    }
  }
  return problems;
}

function isValueField(field: Field): boolean {
  return field.type === 'number' || field.type === 'boolean';
}

function sortedLabels(field: Field): Array<[string, string]> {
  return Object.entries(field.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
}

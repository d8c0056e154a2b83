import type { DataFrame, Field } from '@grafana/data';

/**
 * How Grafana turns a data source's frames into log rows, read in grafana/grafana:
 * - public/app/features/logs/logsFrame.ts `parseLogsFrame`: a frame with `meta.type` 'log-lines'
 *   (DataFrameType.LogLines) is read by name: `timestamp` (time), `body` (string), `severity`
 *   (string), `id` (string), `labels` (other); every other field is an "extra field". Any other
 *   frame is read the legacy way (legacyLogsFrame.ts): the first time field, the first string field,
 *   `tsNs`, `level`, `id` and a `labels` field of type other.
 * - public/app/features/logs/logsModel.ts `logSeriesToLogsModel` and `parseTime`: one row a frame
 *   row; `timeEpochNs` is the `tsNs` field where the legacy frame has one, else the time field's
 *   `nanos` (ms + the 6-digit sub-millisecond part), else ms followed by "000000"; the uid is
 *   `<refId>_<id field value or row index>`; searchWords are `meta.custom.searchWords` or
 *   `meta.searchWords`. Same in 11.0, 12.4 and 13.x (the dataplane parse ignores `tsNs`).
 *
 * Plain data in and out: no @grafana/data at run time, so the rule runs beside any host's packages.
 */

export const LOG_LINES = 'log-lines';

export interface LogsFrameFields {
  timeField: FieldWithIndex;
  bodyField: FieldWithIndex;
  timeNanosecondField?: FieldWithIndex;
  severityField?: FieldWithIndex;
  idField?: FieldWithIndex;
  labelsField?: FieldWithIndex;
  /** the fields log details may show besides labels (logsFrame.ts `extraFields`) */
  extraFields: FieldWithIndex[];
}

export interface FieldWithIndex {
  field: Field;
  index: number;
}

/** The parts of Grafana's LogRowModel the rules below read. */
export interface LogRow {
  dataFrame: DataFrame;
  rowIndex: number;
  entryFieldIndex: number;
  entry: string;
  timeEpochMs: number;
  timeEpochNs: string;
  labels: Record<string, string>;
  uid: string;
  searchWords: string[];
}

function byName(frame: DataFrame, name: string, type: string): FieldWithIndex | undefined {
  // FieldCache.getFieldByName: the first field of that name, used only if it has the expected type.
  const index = frame.fields.findIndex((f) => f.name === name);
  return index >= 0 && frame.fields[index].type === type ? { field: frame.fields[index], index } : undefined;
}

function firstOfType(frame: DataFrame, type: string): FieldWithIndex | undefined {
  const index = frame.fields.findIndex((f) => f.type === type);
  return index >= 0 ? { field: frame.fields[index], index } : undefined;
}

function others(frame: DataFrame, known: Array<FieldWithIndex | undefined>): FieldWithIndex[] {
  const taken = new Set(known.filter((k): k is FieldWithIndex => !!k).map((k) => k.index));
  return frame.fields.map((field, index) => ({ field, index })).filter(({ index }) => !taken.has(index));
}

/** logsFrame.ts parseLogsFrame: undefined where Grafana gets null (no time or no body field). */
export function parseLogsFrame(frame: DataFrame): LogsFrameFields | undefined {
  if (frame.meta?.type === LOG_LINES) {
    const timeField = byName(frame, 'timestamp', 'time');
    const bodyField = byName(frame, 'body', 'string');
    if (!timeField || !bodyField) {
      return undefined;
    }
    const severityField = byName(frame, 'severity', 'string');
    const idField = byName(frame, 'id', 'string');
    const labelsField = byName(frame, 'labels', 'other');
    return {
      timeField,
      bodyField,
      severityField,
      idField,
      labelsField,
      extraFields: others(frame, [timeField, bodyField, severityField, idField, labelsField]),
    };
  }
  const timeField = firstOfType(frame, 'time');
  const bodyField = firstOfType(frame, 'string');
  if (!timeField || !bodyField) {
    return undefined;
  }
  const named = (name: string) => {
    const index = frame.fields.findIndex((f) => f.name === name);
    return index >= 0 ? { field: frame.fields[index], index } : undefined;
  };
  const timeNanosecondField = named('tsNs');
  const severityField = named('level');
  const idField = named('id');
  const labelsField = byName(frame, 'labels', 'other');
  return {
    timeField,
    bodyField,
    timeNanosecondField,
    severityField,
    idField,
    labelsField,
    extraFields: others(frame, [timeField, bodyField, timeNanosecondField, severityField, idField, labelsField]),
  };
}

function labelsText(value: unknown): Record<string, string> {
  // logsFrame.ts logFrameLabelsToLabels: non-string values are JSON-stringified.
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

function toEpochMs(value: unknown): number {
  // toUtc(ts).valueOf(): epoch ms as numbers, ISO strings parsed.
  return typeof value === 'number' ? value : new Date(String(value)).valueOf();
}

/** logsModel.ts parseTime. */
export function rowTime(
  timeField: Field,
  timeNsField: Field | undefined,
  index: number
): { timeEpochMs: number; timeEpochNs: string } {
  const timeEpochMs = toEpochMs(timeField.values[index]);
  if (timeNsField) {
    return { timeEpochMs, timeEpochNs: String(timeNsField.values[index]) };
  }
  const nanos = (timeField as Field & { nanos?: number[] }).nanos;
  if (nanos !== undefined) {
    return { timeEpochMs, timeEpochNs: `${timeEpochMs}${String(nanos[index]).padStart(6, '0')}` };
  }
  return { timeEpochMs, timeEpochNs: `${timeEpochMs}000000` };
}

/** logsModel.ts logSeriesToLogsModel's rows (the order of the frames, unsorted). */
export function toLogRows(frames: DataFrame[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const frame of frames) {
    const parsed = frame.fields.length ? parseLogsFrame(frame) : undefined;
    if (!parsed) {
      continue;
    }
    const custom = frame.meta?.custom as { searchWords?: string[] } | undefined;
    const searchWords =
      custom?.searchWords ?? (frame.meta as { searchWords?: string[] } | undefined)?.searchWords ?? [];
    for (let j = 0; j < frame.length; j++) {
      const message: unknown = parsed.bodyField.field.values[j] ?? '';
      rows.push({
        dataFrame: frame,
        rowIndex: j,
        entryFieldIndex: parsed.bodyField.index,
        entry: typeof message === 'string' ? message : JSON.stringify(message),
        ...rowTime(parsed.timeField.field, parsed.timeNanosecondField?.field, j),
        // Legacy frames without a labels field take the body field's labels for every row.
        labels: parsed.labelsField
          ? labelsText(parsed.labelsField.field.values[j])
          : frame.meta?.type === LOG_LINES
            ? {}
            : { ...parsed.bodyField.field.labels },
        uid: `${frame.refId}_${parsed.idField ? parsed.idField.field.values[j] : String(j)}`,
        searchWords,
      });
    }
  }
  return rows;
}

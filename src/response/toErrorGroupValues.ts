import type { DataFrame, Field } from '@grafana/data';
import { DataFrameType, FieldType } from '../grafanaData';

export interface GroupValuesOptions {
  value: 'sessions' | 'lines';
  newOnly: boolean;
  /** The latest affected session's replay link at its error as the label `replay`. */
  replayLabel?: boolean;
}

/** How much of a group's message a label carries: enough to recognize it in a notification. */
export const ERROR_LABEL_LENGTH = 120;

/**
 * Error groups as Grafana's alerting reads numbers: the data plane's numeric-multi format (version
 * 0.1, grafana.github.io/dataplane/numeric), one frame a group with one number field, no time, and
 * the group as labels (`group`, the fingerprint; `type`; `error`, the start of its message). No
 * group at all is one typed frame without fields, the data plane's "no data". Taken from the table
 * frame of toErrorGroupsFrame, so both show the same groups and counts.
 */
export function toErrorGroupValues(table: DataFrame, options: GroupValuesOptions): DataFrame[] {
  const column = (name: string) => table.fields.find((f) => f.name === name)?.values ?? [];
  const groups = column('fingerprint') as string[];
  const types = column('type') as string[];
  const errors = column('error') as string[];
  const isNew = column('new') as boolean[];
  const values = column(options.value) as Array<number | null>;
  const replays = column('replay_url') as Array<string | null>;
  const meta = { type: DataFrameType.NumericMulti, typeVersion: [0, 1] as [number, number] };
  const frames: DataFrame[] = [];
  for (let i = 0; i < table.length; i++) {
    if (options.newOnly && !isNew[i]) {
      continue;
    }
    const field: Field = {
      name: options.value,
      type: FieldType.number,
      config: {},
      labels: {
        group: groups[i],
        ...(types[i] ? { type: types[i] } : {}),
        ...(errors[i] ? { error: errors[i].slice(0, ERROR_LABEL_LENGTH) } : {}),
        ...(options.replayLabel && replays[i] ? { replay: replays[i]! } : {}),
      },
      values: [values[i]],
    };
    frames.push({ refId: table.refId, name: options.value, length: 1, fields: [field], meta: { ...meta } });
  }
  if (!frames.length) {
    frames.push({ refId: table.refId, name: options.value, length: 0, fields: [], meta: { ...meta } });
  }
  // The table's notices (partial results, a summary behind) stay with the answer.
  frames[0].meta = { ...frames[0].meta, notices: table.meta?.notices };
  return frames;
}

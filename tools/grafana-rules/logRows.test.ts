import type { DataFrame, Field } from '@grafana/data';
import { parseLogsFrame, rowTime, toLogRows } from './logRows';

// After grafana/grafana public/app/features/logs/logsModel.test.ts (logSeriesToLogsModel) and
// logsFrame.test.ts (parseLogsFrame for dataplane and legacy frames).
const time = (values: number[], nanos?: number[]) =>
  ({ name: 'timestamp', type: 'time', config: {}, values, ...(nanos ? { nanos } : {}) }) as Field;

describe('log rows as Grafana builds them', () => {
  it('derives timeEpochNs from a tsNs field, else from nanos, else from milliseconds', () => {
    const ms = 1_700_000_000_123;
    expect(rowTime(time([ms]), { name: 'tsNs', values: ['1700000000123456789'] } as Field, 0).timeEpochNs).toBe(
      '1700000000123456789'
    );
    expect(rowTime(time([ms], [42]), undefined, 0)).toEqual({ timeEpochMs: ms, timeEpochNs: '1700000000123000042' });
    expect(rowTime(time([ms]), undefined, 0)).toEqual({ timeEpochMs: ms, timeEpochNs: '1700000000123000000' });
  });

  it('reads a LogLines frame by name and ignores tsNs there', () => {
    const frame: DataFrame = {
      refId: 'A',
      length: 1,
      meta: { type: 'log-lines' as NonNullable<DataFrame['meta']>['type'], custom: { searchWords: ['x'] } },
      fields: [
        { name: 'body', type: 'string', config: {}, values: ['hello'] },
        time([5]),
        { name: 'tsNs', type: 'string', config: {}, values: ['5000000123'] },
        { name: 'id', type: 'string', config: {}, values: ['i1'] },
        { name: 'labels', type: 'other', config: {}, values: [{ a: 'b', n: 1 }] },
      ] as Field[],
    };
    const parsed = parseLogsFrame(frame)!;
    expect(parsed.extraFields.map((f) => f.field.name)).toEqual(['tsNs']);
    expect(toLogRows([frame])).toEqual([
      expect.objectContaining({
        entry: 'hello',
        entryFieldIndex: 0,
        timeEpochNs: '5000000',
        uid: 'A_i1',
        labels: { a: 'b', n: '1' },
        searchWords: ['x'],
      }),
    ]);
  });

  it('reads a legacy frame by type: the first time and string fields, tsNs, level and id by name', () => {
    const frame: DataFrame = {
      refId: 'B',
      length: 1,
      fields: [
        { name: 'Time', type: 'time', config: {}, values: [7] },
        { name: 'Line', type: 'string', config: {}, values: ['msg'], labels: { job: 'x' } },
        { name: 'tsNs', type: 'string', config: {}, values: ['7000000001'] },
        { name: 'level', type: 'string', config: {}, values: ['error'] },
      ] as Field[],
    };
    expect(parseLogsFrame(frame)!.extraFields).toEqual([]);
    expect(toLogRows([frame])[0]).toEqual(
      expect.objectContaining({ entry: 'msg', timeEpochNs: '7000000001', uid: 'B_0', labels: { job: 'x' } })
    );
  });

  it('gives no rows for a frame without a time or body field', () => {
    expect(toLogRows([{ length: 1, fields: [time([1])] }])).toEqual([]);
  });
});

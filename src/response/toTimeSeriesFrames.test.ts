import { DataFrameType, FieldType } from '@grafana/data';
import { toLogsVolumeFrames, toTimeSeriesFrames } from './toTimeSeriesFrames';

const histogram = (counts: number[]) => ({
  buckets: counts.map((doc_count, i) => ({ key: 1000 * i, key_as_string: '', doc_count })),
});

describe('toTimeSeriesFrames', () => {
  it('makes one series without a split', () => {
    const frames = toTimeSeriesFrames({ aggregations: { over_time: histogram([0, 3, 1]) } } as never, {
      refId: 'A',
      indexPattern: 'x',
    });
    expect(frames).toHaveLength(1);
    expect(frames[0].meta?.type).toBe(DataFrameType.TimeSeriesMulti);
    expect(frames[0].fields.map((f) => [f.name, f.type, f.values])).toEqual([
      ['time', FieldType.time, [0, 1000, 2000]],
      ['count', FieldType.number, [0, 3, 1]],
    ]);
  });

  it('makes one labelled series per split value', () => {
    const frames = toTimeSeriesFrames(
      {
        aggregations: {
          split: {
            buckets: [
              { key: 'payments', doc_count: 4, over_time: histogram([4]) },
              { key: 'auth', doc_count: 1, over_time: histogram([1]) },
            ],
          },
        },
      } as never,
      { refId: 'A', splitLabel: 'service', indexPattern: 'x' }
    );
    expect(frames.map((f) => f.name)).toEqual(['payments', 'auth']);
    expect(frames[1].fields[1].labels).toEqual({ service: 'auth' });
    expect(frames[1].fields[1].config.displayNameFromDS).toBe('auth');
  });

  it('returns an empty series, not nothing, for an empty or malformed response', () => {
    for (const response of [{}, { aggregations: {} }, null, { aggregations: { split: { buckets: [] } } }]) {
      const frames = toTimeSeriesFrames(response as never, { refId: 'A', indexPattern: 'x' });
      expect(frames).toHaveLength(1);
      expect(frames[0].length).toBe(0);
    }
  });

  it('carries partial-result notices', () => {
    const frames = toTimeSeriesFrames({ timed_out: true, aggregations: { over_time: histogram([1]) } } as never, {
      refId: 'A',
      indexPattern: 'x',
    });
    expect(frames[0].meta?.notices?.[0].text).toMatch(/timed out/);
  });
});

describe('toLogsVolumeFrames', () => {
  const histogram = (counts: number[]) => ({ buckets: counts.map((doc_count, i) => ({ key: 1000 * i, doc_count })) });
  const response = {
    aggregations: {
      split: {
        buckets: [
          { key: 'ERROR', doc_count: 3, over_time: histogram([1, 2]) },
          { key: 'err', doc_count: 1, over_time: histogram([0, 1]) },
          { key: '50', doc_count: 1, over_time: histogram([1, 0]) },
          { key: 'WARN', doc_count: 2, over_time: histogram([2, 0]) },
          { key: '(none)', doc_count: 1, over_time: histogram([0, 1]) },
        ],
      },
    },
  };

  it('merges the spellings of a level and labels each series with it', () => {
    const frames = toLogsVolumeFrames(response as never, { refId: 'V', indexPattern: 'x' });
    expect(frames.map((f) => ({ name: f.name, level: f.fields[1].labels?.level, counts: f.fields[1].values }))).toEqual(
      [
        { name: 'error', level: 'error', counts: [2, 3] },
        { name: 'warning', level: 'warning', counts: [2, 0] },
        { name: 'unknown', level: 'unknown', counts: [0, 1] },
      ]
    );
    expect(frames[0].fields[0].values).toEqual([0, 1000]);
  });

  it('is empty without lines', () => {
    expect(toLogsVolumeFrames({} as never, { refId: 'V', indexPattern: 'x' })).toEqual([]);
  });
});

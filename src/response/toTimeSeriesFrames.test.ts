import { DataFrameType, FieldType } from '@grafana/data';
import { toTimeSeriesFrames } from './toTimeSeriesFrames';

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

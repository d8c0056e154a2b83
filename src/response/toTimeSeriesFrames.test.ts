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
    expect(frames[0]).toMatchObject({ refId: 'A', name: 'lines', length: 3 });
    expect(frames[0].fields[1].config).toEqual({ displayNameFromDS: 'lines' });
    expect(frames[0].fields[1].labels).toBeUndefined();
    // Without notices, the meta is the multi-frame format's alone.
    expect(frames[0].meta).toEqual({ type: DataFrameType.TimeSeriesMulti, typeVersion: [0, 1] });
  });

  it('labels split series "split" without a split label', () => {
    const frames = toTimeSeriesFrames(
      { aggregations: { split: { buckets: [{ key: 'payments', doc_count: 4, over_time: histogram([4]) }] } } } as never,
      { refId: 'A', indexPattern: 'x' }
    );
    expect(frames[0].fields[1].labels).toEqual({ split: 'payments' });
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

  it('says why a split search has no series at all, on the empty series', () => {
    const frames = toTimeSeriesFrames(
      { _shards: { total: 0, successful: 0, failed: 0 }, aggregations: { split: { buckets: [] } } } as never,
      { refId: 'A', splitLabel: 'service', indexPattern: 'logs-*' }
    );
    expect(frames).toHaveLength(1);
    expect(frames[0].length).toBe(0);
    expect(frames[0].meta?.notices).toEqual([
      expect.objectContaining({
        severity: 'warning',
        text: expect.stringMatching(/^No index matches the pattern "logs-\*"/),
      }),
    ]);
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
    for (const empty of [{}, null, { timed_out: true, aggregations: { split: { buckets: [] } } }]) {
      expect(toLogsVolumeFrames(empty as never, { refId: 'V', indexPattern: 'x' })).toEqual([]);
    }
  });

  it('shapes each level as a Grafana multi-frame time series', () => {
    const frames = toLogsVolumeFrames(response as never, { refId: 'V', indexPattern: 'x' });
    expect(frames[1]).toEqual({
      refId: 'V',
      name: 'warning',
      length: 2,
      fields: [
        { name: 'time', type: FieldType.time, config: {}, values: [0, 1000] },
        {
          name: 'count',
          type: FieldType.number,
          config: { displayNameFromDS: 'warning' },
          labels: { level: 'warning' },
          values: [2, 0],
        },
      ],
      meta: { type: DataFrameType.TimeSeriesMulti, typeVersion: [0, 1] },
    });
  });

  it('puts the intervals of all levels in time order on one axis', () => {
    const at = (keys: number[]) => ({ buckets: keys.map((key) => ({ key, doc_count: 1 })) });
    const frames = toLogsVolumeFrames(
      {
        aggregations: {
          split: {
            buckets: [
              { key: 'ERROR', doc_count: 2, over_time: at([3000, 5000]) },
              { key: 'INFO', doc_count: 3, over_time: at([1000, 4000, 2000]) },
            ],
          },
        },
      } as never,
      { refId: 'V', indexPattern: 'x' }
    );
    expect(frames[0].fields[0].values).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(frames.map((f) => f.fields[1].values)).toEqual([
      [0, 0, 1, 0, 1],
      [1, 1, 0, 1, 0],
    ]);
  });

  it('carries partial-result notices on the first series only', () => {
    const frames = toLogsVolumeFrames({ ...response, timed_out: true } as never, { refId: 'V', indexPattern: 'x' });
    expect(frames[0].meta).toEqual({
      type: DataFrameType.TimeSeriesMulti,
      typeVersion: [0, 1],
      notices: [expect.objectContaining({ severity: 'warning', text: expect.stringMatching(/timed out/) })],
    });
    expect(frames[1].meta?.notices).toBeUndefined();
  });
});

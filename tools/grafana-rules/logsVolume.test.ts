import '../node/browserGlobals';
import { dateTime, LogLevel, type DataFrame, type DataQueryRequest } from '@grafana/data';
import { extractLevel, logLevelFromKey, logsVolumeInterval, logsVolumeRequest, logsVolumeResponse } from './logsVolume';

// After grafana/grafana public/app/features/logs/logsModel.test.ts ("queryLogsVolume"): levels
// from labels.level, 'logs' for a single unknown series, and the interval rounding.
const levels = LogLevel as unknown as Record<string, string>;
const volumeFrame = (refId: string, level?: string): DataFrame => ({
  refId,
  length: 2,
  fields: [
    { name: 'time', type: 'time' as never, config: {}, values: [1, 2] },
    { name: 'count', type: 'number' as never, config: {}, values: [3, 4], labels: level ? { level } : undefined },
  ],
});

describe('the logs volume wrapper', () => {
  it('rounds the interval to 1s, 1m, 1h or 1d', () => {
    expect(logsVolumeInterval(500, 60_000)).toEqual({ interval: '1s', intervalMs: 1000 });
    expect(logsVolumeInterval(30_000, 3600_000)).toEqual({ interval: '1m', intervalMs: 60_000 });
    expect(logsVolumeInterval(120_000, 86400_000)).toEqual({ interval: '1h', intervalMs: 3600_000 });
    expect(logsVolumeInterval(7200_000, 30 * 86400_000)).toEqual({ interval: '1d', intervalMs: 86400_000 });
    expect(logsVolumeInterval(50, 4_000)).toEqual({ interval: '1ms', intervalMs: 1 });
    expect(logsVolumeInterval(undefined, 60_000)).toEqual({ interval: '$__interval' });
  });

  it('sets the rounded interval on the request', () => {
    const request = {
      range: { from: dateTime(0), to: dateTime(86400_000) },
      scopedVars: { __interval_ms: { value: 432_000 } },
      intervalMs: 432_000,
      interval: '7m',
    } as unknown as DataQueryRequest;
    expect(logsVolumeRequest(request)).toMatchObject({ interval: '1h', intervalMs: 3600_000, hideFromInspector: true });
  });

  it('names each series by the level of its count field', () => {
    expect(logLevelFromKey(levels, 'ERR')).toBe('error');
    expect(logLevelFromKey(levels, 'nonsense')).toBe('unknown');
    expect(extractLevel(levels, volumeFrame('A', 'warning'))).toBe('warning');
    const series = logsVolumeResponse(
      levels,
      { data: [volumeFrame('log-volume-A', 'error'), volumeFrame('log-volume-A', 'info'), volumeFrame('B')] },
      { fromMs: 0, toMs: 10, datasourceName: 'ds', targetRefIds: ['A'] }
    );
    expect(series.map((s) => s.name)).toEqual(['error', 'info', 'logs']);
    expect(series[0].custom).toEqual({
      logsVolumeType: 'FullRange',
      absoluteRange: { from: 0, to: 10 },
      datasourceName: 'ds',
      sourceQuery: 'A',
    });
  });
});

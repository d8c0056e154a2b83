import type { DataFrame, DataQueryRequest, DataQueryResponse, ScopedVars } from '@grafana/data';

/**
 * Explore's logs volume for a data source with getSupplementaryRequest, read in grafana/grafana
 * public/app/features/logs/logsModel.ts `queryLogsVolume` (11.0 to 13.x):
 * - the request's interval is rounded from `scopedVars.__interval_ms` (getIntervalInfo): a range
 *   under 5 s → 1ms; an interval over 1 h → 1d; over 1 min → 1h; over 1 s → 1m; else 1s. It sets
 *   `interval`, `intervalMs`, `scopedVars.__interval(_ms)` and `hideFromInspector`. Without
 *   `__interval_ms` the interval becomes the text `$__interval` and intervalMs stays as it was.
 * - each returned frame gets `meta.custom` = { logsVolumeType: 'FullRange', absoluteRange: the
 *   range, datasourceName, sourceQuery: the target whose refId is the frame's without a
 *   `log-volume-` prefix };
 * - each number field gets `displayNameFromDS` = the level extractLevel finds ('logs' when it is
 *   unknown and the frame's refId has no other frame), a fixed colour of that level, bars stacked
 *   in group A. Explore's extractLevel reads the level from the count field's `labels.level`
 *   (getLogLevelFromKey: the lowercased key looked up in LogLevel, e.g. 'err' → error, else
 *   unknown).
 * A frame is drawn right when its number field carries `labels.level` with a key LogLevel knows.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function logsVolumeInterval(
  intervalMs: number | undefined,
  timespanMs: number
): { interval: string; intervalMs?: number } {
  if (intervalMs === undefined) {
    return { interval: '$__interval' };
  }
  if (timespanMs < SECOND * 5) {
    return { interval: '1ms', intervalMs: 1 };
  }
  if (intervalMs > HOUR) {
    return { interval: '1d', intervalMs: DAY };
  }
  if (intervalMs > MINUTE) {
    return { interval: '1h', intervalMs: HOUR };
  }
  if (intervalMs > SECOND) {
    return { interval: '1m', intervalMs: MINUTE };
  }
  return { interval: '1s', intervalMs: SECOND };
}

/** The request as queryLogsVolume changes it before the data source sees it. */
export function logsVolumeRequest<T extends DataQueryRequest>(request: T): T {
  const timespan = request.range.to.valueOf() - request.range.from.valueOf();
  const rawInterval = request.scopedVars.__interval_ms?.value as number | undefined;
  const info = logsVolumeInterval(rawInterval, timespan);
  const scopedVars: ScopedVars = { ...request.scopedVars, __interval: { value: info.interval, text: info.interval } };
  if (info.intervalMs !== undefined) {
    scopedVars.__interval_ms = { value: info.intervalMs, text: String(info.intervalMs) };
  }
  return {
    ...request,
    interval: info.interval,
    intervalMs: info.intervalMs ?? request.intervalMs,
    scopedVars,
    hideFromInspector: true,
  };
}

/** The host's LogLevel enum (@grafana/data), whose keys include the aliases (err, warn, fatal, …). */
export type LogLevelEnum = Record<string, string>;

/** public/app/features/logs/utils.ts getLogLevelFromKey, for a text key. */
export function logLevelFromKey(levels: LogLevelEnum, key: string): string {
  return levels[key.toLowerCase()] ?? 'unknown';
}

/** Explore's extractLevel: the count field's `labels.level`. */
export function extractLevel(levels: LogLevelEnum, frame: DataFrame): string {
  const count = frame.fields.find((f) => f.type === 'number');
  return logLevelFromKey(levels, count?.labels?.level ?? '');
}

/** logsModel.ts LogLevelColor, indices into @grafana/ui's `colors` (the host's, passed in). */
export function levelColor(colors: string[], level: string): string {
  const index: Record<string, number> = { critical: 7, warning: 1, error: 4, info: 0, debug: 5, trace: 2 };
  return level in index ? colors[index[level]] : '#8e8e8e';
}

export interface VolumeSeries {
  refId?: string;
  name: string;
  level: string;
  times: number[];
  counts: number[];
  custom: Record<string, unknown>;
}

/** The response as queryLogsVolume hands it to the logs volume panel, reduced to what it draws. */
export function logsVolumeResponse(
  levels: LogLevelEnum,
  response: DataQueryResponse,
  options: { fromMs: number; toMs: number; datasourceName: string; targetRefIds: string[] }
): VolumeSeries[] {
  const frames = response.data as DataFrame[];
  const perRefId = new Map<string | undefined, number>();
  frames.forEach((f) => perRefId.set(f.refId, (perRefId.get(f.refId) ?? 0) + 1));
  return frames.map((frame) => {
    const sourceRefId = (frame.refId ?? '').replace(/^log-volume-/, '');
    const level = extractLevel(levels, frame);
    const oneLevelDetected = perRefId.get(frame.refId) === 1;
    const time = frame.fields.find((f) => f.type === 'time');
    const count = frame.fields.find((f) => f.type === 'number');
    return {
      refId: frame.refId,
      name: oneLevelDetected && level === 'unknown' ? 'logs' : level,
      level,
      times: time ? Array.from(time.values as number[]) : [],
      counts: count ? Array.from(count.values as number[]) : [],
      custom: {
        ...(frame.meta?.custom ?? {}),
        logsVolumeType: 'FullRange',
        absoluteRange: { from: options.fromMs, to: options.toMs },
        datasourceName: options.datasourceName,
        sourceQuery: options.targetRefIds.includes(sourceRefId) ? sourceRefId : undefined,
      },
    };
  });
}

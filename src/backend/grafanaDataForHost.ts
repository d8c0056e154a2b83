/**
 * What `src/grafanaData.ts` gives the core, for the Go backend's embedded JavaScript engine, which
 * has no @grafana/data: the enums' values and `rangeUtil.intervalToMs`, as @grafana/data 12.4 has them
 * (types/dataFrame.ts, types/dataFrameTypes.ts, types/logs.ts, datetime/rangeutil.ts). A test keeps
 * every value equal to the installed @grafana/data.
 */
export enum FieldType {
  time = 'time',
  number = 'number',
  string = 'string',
  boolean = 'boolean',
  trace = 'trace',
  geo = 'geo',
  enum = 'enum',
  other = 'other',
  frame = 'frame',
  nestedFrames = 'nestedFrames',
}

export enum DataFrameType {
  TimeSeriesWide = 'timeseries-wide',
  TimeSeriesLong = 'timeseries-long',
  TimeSeriesMulti = 'timeseries-multi',
  NumericWide = 'numeric-wide',
  NumericMulti = 'numeric-multi',
  NumericLong = 'numeric-long',
  LogLines = 'log-lines',
}

// Grafana's own enum spells several words for one level: the duplicates are the point.
/* eslint-disable @typescript-eslint/no-duplicate-enum-values */
export enum LogLevel {
  emerg = 'critical',
  fatal = 'critical',
  alert = 'critical',
  crit = 'critical',
  critical = 'critical',
  warn = 'warning',
  warning = 'warning',
  err = 'error',
  eror = 'error',
  error = 'error',
  info = 'info',
  information = 'info',
  informational = 'info',
  notice = 'info',
  dbug = 'debug',
  debug = 'debug',
  trace = 'trace',
  unknown = 'unknown',
}
/* eslint-enable @typescript-eslint/no-duplicate-enum-values */

const SECONDS: Record<string, number> = { y: 31536e3, M: 2592e3, w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 1e-3 };

/** rangeutil.ts describeInterval and intervalToMs, message and all. */
function intervalToMs(text: string): number {
  if (Number(text)) {
    return SECONDS.s * 1000 * parseInt(text, 10);
  }
  const matches = text.match(/^(-?\d+(?:\.\d+)?)(ms|[Mwdhmsy])/);
  if (!matches) {
    throw new Error(
      `Invalid interval string, has to be either unit-less or end with one of the following units: "${Object.keys(SECONDS).join(', ')}"`
    );
  }
  return SECONDS[matches[2]] * 1000 * parseInt(matches[1], 10);
}

export const rangeUtil = { intervalToMs };

/**
 * The core's one run-time seam to @grafana/data: the three enums and the interval parser it uses.
 * In the browser these are Grafana's own; the Go backend's bundle of the same core files maps this
 * module to `backend/grafanaDataForHost.ts` (tools/backend/bundleCore.ts), which has no @grafana/data.
 */
export { DataFrameType, FieldType, LogLevel, rangeUtil } from '@grafana/data';

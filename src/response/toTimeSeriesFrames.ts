import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame } from '@grafana/data';
import { DataFrameType, FieldType } from '../grafanaData';
import { toLogLevel } from '../query/levels';
import { bucketsOf } from './aggregationBuckets';
import { searchNotices } from './searchNotices';

type Histogram = estypes.AggregationsDateHistogramAggregate;
type HistogramBucket = estypes.AggregationsDateHistogramBucket;
type SplitBuckets = estypes.AggregationsStringTermsAggregate;
export type OverTimeAggregations = { over_time?: Histogram; split?: SplitBuckets };

function seriesFrame(
  refId: string,
  histogram: Histogram | undefined,
  label?: { name: string; value: string }
): DataFrame {
  const buckets = bucketsOf<HistogramBucket>(histogram);
  return {
    refId,
    name: label?.value ?? 'lines',
    length: buckets.length,
    fields: [
      { name: 'time', type: FieldType.time, config: {}, values: buckets.map((b) => Number(b.key)) },
      {
        name: 'count',
        type: FieldType.number,
        config: { displayNameFromDS: label?.value ?? 'lines' },
        labels: label ? { [label.name]: label.value } : undefined,
        values: buckets.map((b) => b.doc_count),
      },
    ],
    meta: { type: DataFrameType.TimeSeriesMulti, typeVersion: [0, 1] },
  };
}

/** Date histogram aggregations to time series frames: one frame per series (Grafana's multi-frame format). */
export function toTimeSeriesFrames(
  response: estypes.SearchResponse<unknown, OverTimeAggregations>,
  ctx: { refId: string; splitLabel?: string; indexPattern: string }
): DataFrame[] {
  const aggs = response?.aggregations;
  const series = aggs?.split
    ? bucketsOf<estypes.AggregationsStringTermsBucket & { over_time?: Histogram }>(aggs.split).map((bucket) =>
        seriesFrame(ctx.refId, bucket.over_time, { name: ctx.splitLabel ?? 'split', value: String(bucket.key) })
      )
    : [seriesFrame(ctx.refId, aggs?.over_time)];
  // Without any series, the empty one carries the notices: they say why there is nothing.
  const frames = series.length ? series : [seriesFrame(ctx.refId, undefined)];
  const notices = searchNotices(response, ctx.indexPattern);
  if (notices.length) {
    frames[0].meta = { ...frames[0].meta, notices };
  }
  return frames;
}

/**
 * Explore's logs volume: counts per interval by Grafana log level, computed by the engine over the
 * whole range. The level field's spellings (`ERROR`, `error`, `err`, `50`) are merged into their
 * level, and each series carries `labels.level`, which Grafana reads for the level's name and colour.
 */
export function toLogsVolumeFrames(
  response: estypes.SearchResponse<unknown, OverTimeAggregations>,
  ctx: { refId: string; indexPattern: string }
): DataFrame[] {
  const byLevel = new Map<string, Map<number, number>>();
  const times = new Set<number>();
  for (const split of bucketsOf<estypes.AggregationsStringTermsBucket & { over_time?: Histogram }>(
    response?.aggregations?.split
  )) {
    // The split's missing bucket, `(none)`, is no level's spelling: unknown.
    const level = toLogLevel(split.key);
    const counts = byLevel.get(level) ?? new Map<number, number>();
    byLevel.set(level, counts);
    for (const bucket of bucketsOf<HistogramBucket>(split.over_time)) {
      const time = Number(bucket.key);
      times.add(time);
      counts.set(time, (counts.get(time) ?? 0) + bucket.doc_count);
    }
  }
  const axis = [...times].sort((a, b) => a - b);
  const frames: DataFrame[] = [...byLevel].map(([level, counts]) => ({
    refId: ctx.refId,
    name: level,
    length: axis.length,
    fields: [
      { name: 'time', type: FieldType.time, config: {}, values: axis },
      {
        name: 'count',
        type: FieldType.number,
        config: { displayNameFromDS: level },
        labels: { level },
        values: axis.map((t) => counts.get(t) ?? 0),
      },
    ],
    meta: { type: DataFrameType.TimeSeriesMulti, typeVersion: [0, 1] },
  }));
  const notices = searchNotices(response, ctx.indexPattern);
  if (notices.length && frames.length) {
    frames[0].meta = { ...frames[0].meta, notices };
  }
  return frames;
}

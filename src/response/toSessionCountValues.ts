import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame } from '@grafana/data';
import { DataFrameType, FieldType } from '../grafanaData';
import { bucketsOf } from './aggregationBuckets';
import { searchNotices } from './searchNotices';

type Cardinality = estypes.AggregationsCardinalityAggregate;
export type SessionCountAggregations = {
  sessions?: Cardinality;
  split?: estypes.AggregationsStringTermsAggregate;
};

const META = { type: DataFrameType.NumericMulti, typeVersion: [0, 1] as [number, number] };

function countFrame(refId: string, value: number, labels?: Record<string, string>): DataFrame {
  return {
    refId,
    name: 'sessions',
    length: 1,
    fields: [{ name: 'sessions', type: FieldType.number, config: {}, labels, values: [value] }],
    meta: { ...META },
  };
}

/**
 * Sessions with errors as Grafana's alerting reads numbers (the data plane's numeric-multi, version
 * 0.1): one frame with the number of sessions, or one a level or service labelled with it. No session
 * is the number 0, a value an alert condition can test; a split with no bucket is the data plane's
 * "no data" (one typed frame without fields), as there is no series to name.
 */
export function toSessionCountValues(
  response: estypes.SearchResponse<unknown, SessionCountAggregations>,
  ctx: { refId: string; splitLabel?: string; indexPattern: string }
): DataFrame[] {
  const aggs = response.aggregations;
  const frames = aggs?.split
    ? bucketsOf<estypes.AggregationsStringTermsBucket & { sessions?: Cardinality }>(aggs.split).map((bucket) =>
        countFrame(ctx.refId, bucket.sessions?.value ?? 0, { [ctx.splitLabel ?? 'split']: String(bucket.key) })
      )
    : [countFrame(ctx.refId, aggs?.sessions?.value ?? 0)];
  if (!frames.length) {
    frames.push({ refId: ctx.refId, name: 'sessions', length: 0, fields: [], meta: { ...META } });
  }
  const notices = searchNotices(response, ctx.indexPattern);
  if (notices.length) {
    frames[0].meta = { ...frames[0].meta, notices };
  }
  return frames;
}

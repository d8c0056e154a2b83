import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame } from '@grafana/data';
import { FieldType } from '../grafanaData';
import { replayUrlFor } from '../replay/replayLink';
import { inexactSessionIdsNotice, sessionIdText } from '../session/sessionIdText';
import type { ReplaySettings } from '../types';
import { bucketKeysText, bucketsOf } from './aggregationBuckets';
import { replayLinkField } from './replayLinkField';
import { searchNotices } from './searchNotices';

/** The uid of the provisioned "Session drill-down" dashboard, which sessions link to. */
export const DRILLDOWN_DASHBOARD_UID = 'sre-session-drilldown';
export const DRILLDOWN_LINK_TITLE = 'Session drill-down';
export const FIRST_ERROR_REPLAY_TITLE = 'Open replay at first error';

type Terms = estypes.AggregationsStringTermsAggregate;
type SessionBucket = estypes.AggregationsStringTermsBucket & {
  first_seen?: estypes.AggregationsMinAggregate;
  last_seen?: estypes.AggregationsMaxAggregate;
  services?: Terms;
  levels?: Terms;
  /** With several session fields: a bucket per field, in their order, of the lines that have it. */
  id_sources?: estypes.AggregationsFiltersAggregate;
};
export type SessionsAggregations = { sessions?: Terms };

/** Sessions with errors: one row a session, linked to its replay at the first error and to the drill-down. */
export function toSessionsFrame(
  response: estypes.SearchResponse<unknown, SessionsAggregations>,
  ctx: { refId: string; replay: ReplaySettings; indexPattern: string; sessionFields: readonly string[] }
): DataFrame {
  const agg = response?.aggregations?.sessions;
  const all = bucketsOf<SessionBucket>(agg);
  // A numeric session field's keys beyond 2^53 arrive rounded: such a row would name another session.
  // An empty key names no session at all.
  const keys = all.map((b) => sessionIdText(b.key));
  const buckets = all.filter((_, i) => keys[i]?.exact);
  const rounded = keys.filter((key) => key?.exact === false).length;
  const ids = buckets.map((b) => String(b.key));
  const first = buckets.map((b) => Number(b.first_seen?.value ?? NaN));
  // A session's tools are those of the field its id came from, then those for any field.
  const replayUrls = buckets.map(
    (b, i) =>
      replayUrlFor(ctx.replay, { source: idSource(b, ctx.sessionFields), sessionId: ids[i], timeMs: first[i] }) ?? ''
  );
  const fields: DataFrame['fields'] = [
    {
      name: 'session_id',
      type: FieldType.string,
      config: {
        displayName: 'Session',
        links: [
          {
            title: DRILLDOWN_LINK_TITLE,
            url: `/d/${DRILLDOWN_DASHBOARD_UID}/session-drill-down?var-session=\${__value.raw}&\${__url_time_range}`,
          },
        ],
      },
      values: ids,
    },
    {
      name: 'lines',
      type: FieldType.number,
      config: { displayName: 'Errors' },
      values: buckets.map((b) => b.doc_count),
    },
    { name: 'first_seen', type: FieldType.time, config: { displayName: 'First error' }, values: first },
    {
      name: 'last_seen',
      type: FieldType.time,
      config: { displayName: 'Last error' },
      values: buckets.map((b) => Number(b.last_seen?.value ?? NaN)),
    },
    {
      name: 'services',
      type: FieldType.string,
      config: { displayName: 'Services' },
      values: buckets.map((b) => bucketKeysText(b.services)),
    },
    {
      name: 'levels',
      type: FieldType.string,
      config: { displayName: 'Levels' },
      values: buckets.map((b) => bucketKeysText(b.levels)),
    },
  ];
  fields.push(...replayLinkField(replayUrls, FIRST_ERROR_REPLAY_TITLE));
  const notices = searchNotices(response, ctx.indexPattern);
  if (rounded) {
    notices.push({
      severity: 'warning',
      text: inexactSessionIdsNotice(rounded, ctx.sessionFields.join(', ') || 'the session field'),
    });
  }
  return {
    refId: ctx.refId,
    name: 'Sessions with errors',
    length: buckets.length,
    fields,
    meta: { preferredVisualisationType: 'table', notices: notices.length ? notices : undefined },
  };
}

/** The session field a bucket's id came from: the only one, or the first of several its lines have. */
function idSource(bucket: SessionBucket, sessionFields: readonly string[]): string | undefined {
  if (sessionFields.length <= 1) {
    return sessionFields[0];
  }
  const counts = bucketsOf<estypes.AggregationsFiltersBucket>(bucket.id_sources);
  // No field counted: index -1, no field (unknown source).
  return sessionFields[counts.findIndex((count) => count.doc_count > 0)];
}

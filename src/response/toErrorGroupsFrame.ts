import type { estypes } from '@elastic/elasticsearch';
import { FieldType, type DataFrame, type Field } from '@grafana/data';
import { replayUrlAt } from '../replay/replayUrlAt';
import { sessionIdText } from '../session/sessionIdText';
import type { ResolvedSettings } from '../types';
import { bucketKeysText, bucketsOf } from './aggregationBuckets';
import { replayLinkField } from './replayLinkField';
import { searchNotices } from './searchNotices';
import { sourceFieldReader, sourceValueText } from './sourceFields';

export const LATEST_REPLAY_TITLE = 'Open replay of the latest affected session';
/** The uid of the provisioned "Error groups" dashboard, which each group links to. */
export const GROUPS_DASHBOARD_UID = 'sre-error-groups';
export const GROUP_LINK_TITLE = 'Error group drill-down';

type Terms = estypes.AggregationsStringTermsAggregate;
type Bucket = estypes.AggregationsStringTermsBucket & {
  first_ever?: estypes.AggregationsMinAggregate;
  before?: { doc_count: number };
  in_range?: {
    doc_count: number;
    sessions?: { value: number };
    users?: { value: number };
    last_seen?: estypes.AggregationsMaxAggregate;
    services?: Terms;
    trend?: { buckets?: Array<{ key: number; doc_count: number }> };
    latest?: { hits?: { hits?: Array<estypes.SearchHit<Record<string, unknown>>> } };
  };
};
export type ErrorGroupsAggregations = { groups?: Terms };

/**
 * Error groups as a table, one row a group, most affected sessions first: the normalized message,
 * a sample line, the type, lines, sessions (and users), services, first and last seen, whether the
 * group is new in the range, its trend as a sparkline, and the replay of the latest affected session.
 */
export function toErrorGroupsFrame(
  response: estypes.SearchResponse<unknown, ErrorGroupsAggregations>,
  settings: ResolvedSettings,
  ctx: { refId: string; fromMs: number }
): DataFrame {
  // Groups seen only in the look-back window are not in the range.
  const groups = bucketsOf<Bucket>(response?.aggregations?.groups).filter((b) => (b.in_range?.doc_count ?? 0) > 0);
  const read = {
    message: sourceFieldReader(settings.messageField),
    groupMessage: sourceFieldReader('error.group_message'),
    type: sourceFieldReader('error.type'),
    session: sourceFieldReader(settings.sessionField ?? 'session.id'),
  };
  const latest = groups.map((b) => b.in_range?.latest?.hits?.hits?.[0]);
  const latestTime = latest.map((hit) => {
    const doc = (hit?.fields as Record<string, unknown[]> | undefined)?.[settings.timeField]?.[0];
    return Number(doc ?? NaN);
  });
  const latestSession = latest.map((hit) => {
    const fromFields = sessionIdText((hit?.fields as Record<string, unknown> | undefined)?.[settings.sessionField!]);
    const id = fromFields ?? sessionIdText(read.session(hit?._source ?? {}));
    return id?.exact ? id.id : '';
  });
  const replayUrls = groups.map((_, i) => replayUrlAt(settings.replay, latestSession[i], latestTime[i]) ?? '');
  const column = (name: string, type: FieldType, values: unknown[], displayName: string): Field => ({
    name,
    type,
    config: { displayName },
    values,
  });

  const fields: Field[] = [
    {
      ...column(
        'fingerprint',
        FieldType.string,
        groups.map((b) => String(b.key)),
        'Group'
      ),
      config: {
        displayName: 'Group',
        links: [
          {
            title: GROUP_LINK_TITLE,
            url: `/d/${GROUPS_DASHBOARD_UID}/error-groups?var-group=\${__value.raw}&\${__url_time_range}`,
          },
        ],
      },
    },
    column(
      'error',
      FieldType.string,
      latest.map((hit) => sourceValueText(read.groupMessage(hit?._source ?? {}))),
      'Error'
    ),
    column(
      'sample',
      FieldType.string,
      latest.map((hit) => sourceValueText(read.message(hit?._source ?? {}), '\n')),
      'Latest line'
    ),
    column(
      'type',
      FieldType.string,
      latest.map((hit) => sourceValueText(read.type(hit?._source ?? {}))),
      'Type'
    ),
    column(
      'lines',
      FieldType.number,
      groups.map((b) => b.in_range?.doc_count ?? 0),
      'Lines'
    ),
    column(
      'sessions',
      FieldType.number,
      groups.map((b) => b.in_range?.sessions?.value ?? 0),
      'Sessions'
    ),
    ...(settings.userField
      ? [
          column(
            'users',
            FieldType.number,
            groups.map((b) => b.in_range?.users?.value ?? 0),
            'Users'
          ),
        ]
      : []),
    column(
      'services',
      FieldType.string,
      groups.map((b) => bucketKeysText(b.in_range?.services)),
      'Services'
    ),
    column(
      'first_seen',
      FieldType.time,
      groups.map((b) => Number(b.first_ever?.value ?? NaN)),
      'First seen'
    ),
    column(
      'last_seen',
      FieldType.time,
      groups.map((b) => Number(b.in_range?.last_seen?.value ?? NaN)),
      'Last seen'
    ),
    // New: no line of the group in the look-back window before the range.
    column(
      'new',
      FieldType.boolean,
      groups.map((b) => (b.before?.doc_count ?? 0) === 0),
      'New'
    ),
    {
      name: 'trend',
      type: FieldType.frame,
      config: { displayName: 'Trend', custom: { cellOptions: { type: 'sparkline' } } },
      values: groups.map((b) => {
        const points = bucketsOf<{ key: number; doc_count: number }>(b.in_range?.trend);
        return {
          length: points.length,
          fields: [
            { name: 'time', type: FieldType.time, config: {}, values: points.map((p) => Number(p.key)) },
            { name: 'lines', type: FieldType.number, config: {}, values: points.map((p) => p.doc_count) },
          ],
        } as DataFrame;
      }),
    },
  ];
  fields.push(...replayLinkField(replayUrls, LATEST_REPLAY_TITLE));
  const notices = searchNotices(response, settings.indexPattern);
  return {
    refId: ctx.refId,
    name: 'Error groups',
    length: groups.length,
    fields,
    meta: { preferredVisualisationType: 'table', notices: notices.length ? notices : undefined },
  };
}

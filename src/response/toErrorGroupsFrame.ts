import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame, Field, QueryResultMetaNotice } from '@grafana/data';
import { FieldType } from '../grafanaData';
import { ERROR_TYPE_FIELD, GROUP_MESSAGE_FIELD, type SummaryLatestLine } from '../query/errorGroupsSummary';
import { replayUrlFor } from '../replay/replayLink';
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
type Metric = { value?: number | null };
type TrendPoint = { key: number; doc_count: number; lines?: Metric };
/** A group's bucket; first_line, first_summary, lines and last_summary come with the summary (buildErrorGroupsQuery). */
type Bucket = estypes.AggregationsStringTermsBucket & {
  first_ever?: Metric;
  first_line?: { first?: Metric };
  first_summary?: Metric;
  before?: { doc_count: number };
  in_range?: {
    doc_count: number;
    lines?: Metric;
    session_hashes?: Metric;
    user_hashes?: Metric;
    sessions?: { value: number };
    users?: { value: number };
    last_seen?: Metric;
    last_summary?: Metric;
    services?: Terms;
    trend?: { buckets?: TrendPoint[] };
    latest?: { hits?: { hits?: Array<estypes.SearchHit<Record<string, unknown>>> } };
  };
};
/** A group with lines in the range. */
type InRangeBucket = Bucket & { in_range: NonNullable<Bucket['in_range']> };

/** The extreme of the metrics that have a value (an empty min or max is null), or NaN. */
function extremeOf(pick: (...values: number[]) => number, ...metrics: Array<Metric | undefined>): number {
  const values = metrics.map((m) => m?.value).filter((v): v is number => Number.isFinite(v));
  return values.length ? pick(...values) : NaN;
}

/**
 * With the summary, sessions and users are counted by the hashes the ingest pipeline writes: groups
 * whose lines have none (written before 1.3's pipeline, or without the setup tool's --user-field)
 * show no count, and a notice says how to add them.
 */
function unhashedNotices(groups: InRangeBucket[], userField: string | undefined): QueryResultMetaNotice[] {
  const kinds = [
    {
      hashes: (b: InRangeBucket) => b.in_range.session_hashes,
      text: (n: number) =>
        `Sessions are not counted for ${n} group(s): their lines have no session hash (written by a pipeline before 1.3). Run setup-cluster --backfill.`,
    },
    {
      hashes: (b: InRangeBucket) => b.in_range.user_hashes,
      text: (n: number) =>
        `Users are not counted for ${n} group(s): their lines have no hash of ${userField}. Run setup-cluster with --user-field ${userField} and --backfill.`,
    },
  ];
  return kinds.flatMap(({ hashes, text }) => {
    const unhashed = groups.filter((b) => hashes(b)?.value === 0).length;
    return unhashed ? [{ severity: 'warning' as const, text: text(unhashed) }] : [];
  });
}

/** A summary document's latest line, when the top hit is one (errorGroupsSummary.ts). */
function summaryLatest(hit: estypes.SearchHit<Record<string, unknown>> | undefined): SummaryLatestLine | undefined {
  const latest = (hit?._source?.error as Record<string, unknown> | undefined)?.latest as SummaryLatestLine | undefined;
  // Only an object has a time: null and the primitives come out NaN.
  return Number.isFinite(Number(latest?.time)) ? latest : undefined;
}
export type ErrorGroupsAggregations = { groups?: Terms };

/**
 * Error groups as a table, one row a group, most affected sessions first: the normalized message,
 * a sample line, the type, lines, sessions (and users), services, first and last seen, whether the
 * group is new in the range, its trend as a sparkline, and the replay of the latest affected session.
 */
export function toErrorGroupsFrame(
  response: estypes.SearchResponse<unknown, ErrorGroupsAggregations>,
  settings: ResolvedSettings,
  ctx: { refId: string; fromMs: number; notices?: QueryResultMetaNotice[] }
): DataFrame {
  // Groups seen only in the look-back window are not in the range.
  const groups = bucketsOf<Bucket>(response?.aggregations?.groups).filter(
    (b): b is InRangeBucket => (b.in_range?.doc_count ?? 0) > 0
  );
  const read = {
    message: sourceFieldReader(settings.messageField),
    groupMessage: sourceFieldReader(GROUP_MESSAGE_FIELD),
    type: sourceFieldReader(ERROR_TYPE_FIELD),
    sessions: settings.sessionFields.map((field) => ({ field, read: sourceFieldReader(field) })),
  };
  const latest = groups.map((b) => b.in_range.latest?.hits?.hits?.[0]);
  const summarized = latest.map(summaryLatest);
  const latestTime = latest.map((hit, i) => {
    const doc = (hit?.fields as Record<string, unknown[]> | undefined)?.[settings.timeField]?.[0];
    return Number(summarized[i]?.time ?? doc ?? NaN);
  });
  const latestSession = latest.map((hit, i) => {
    // A summary's latest line carries its session; a line's is in the first session field that has one.
    let id = sessionIdText(summarized[i]?.session);
    for (const { field, read: readSession } of read.sessions) {
      id ??=
        sessionIdText((hit?.fields as Record<string, unknown> | undefined)?.[field]) ??
        sessionIdText(readSession(hit?._source ?? {}));
    }
    return id?.exact ? id.id : undefined;
  });
  // The field a summary's session came from is not kept: every tool is tried, in order.
  const replayUrls = groups.map(
    (_, i) => replayUrlFor(settings.replay, { sessionId: latestSession[i], timeMs: latestTime[i] }) ?? ''
  );
  const column = (name: string, type: FieldType, values: unknown[], displayName: string): Field => ({
    name,
    type,
    config: { displayName },
    values,
  });

  const fields: Field[] = [
    {
      name: 'fingerprint',
      type: FieldType.string,
      values: groups.map((b) => String(b.key)),
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
      latest.map((hit, i) => sourceValueText(summarized[i]?.message ?? read.message(hit?._source ?? {}), '\n')),
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
      // The filter above leaves groups with a doc_count in the range.
      groups.map((b) => b.in_range.lines?.value ?? b.in_range.doc_count),
      'Lines'
    ),
    column(
      'sessions',
      FieldType.number,
      groups.map((b) => (b.in_range.session_hashes?.value === 0 ? null : (b.in_range.sessions?.value ?? 0))),
      'Sessions'
    ),
    ...(settings.userField
      ? [
          column(
            'users',
            FieldType.number,
            groups.map((b) => (b.in_range.user_hashes?.value === 0 ? null : (b.in_range.users?.value ?? 0))),
            'Users'
          ),
        ]
      : []),
    column(
      'services',
      FieldType.string,
      groups.map((b) => bucketKeysText(b.in_range.services)),
      'Services'
    ),
    column(
      'first_seen',
      FieldType.time,
      groups.map((b) => extremeOf(Math.min, b.first_ever, b.first_line?.first, b.first_summary)),
      'First seen'
    ),
    column(
      'last_seen',
      FieldType.time,
      groups.map((b) => extremeOf(Math.max, b.in_range.last_seen, b.in_range.last_summary)),
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
        const points = bucketsOf<TrendPoint>(b.in_range.trend);
        return {
          length: points.length,
          fields: [
            { name: 'time', type: FieldType.time, config: {}, values: points.map((p) => Number(p.key)) },
            {
              name: 'lines',
              type: FieldType.number,
              config: {},
              values: points.map((p) => p.lines?.value ?? p.doc_count),
            },
          ],
        } as DataFrame;
      }),
    },
  ];
  fields.push(...replayLinkField(replayUrls, LATEST_REPLAY_TITLE));
  const notices = [
    ...(ctx.notices ?? []),
    ...unhashedNotices(groups, settings.userField),
    ...searchNotices(response, settings.indexPattern),
  ];
  return {
    refId: ctx.refId,
    name: 'Error groups',
    length: groups.length,
    fields,
    meta: { preferredVisualisationType: 'table', notices: notices.length ? notices : undefined },
  };
}

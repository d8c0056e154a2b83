import type { estypes } from '@elastic/elasticsearch';
import { createHash } from 'node:crypto';
import { buildSummaryCheckpointQuery } from '../../src/query/buildAggregationQueries';
import { buildFilterQuery } from '../../src/query/buildSessionErrorsQuery';
import {
  ERROR_TYPE_FIELD,
  FINGERPRINT_FIELD,
  GROUP_MESSAGE_FIELD,
  floorHour,
  HOUR_MS,
  hoursToSummarize,
  SESSION_HASH_FIELD,
  SUMMARY_CHECKPOINT_FIELD,
  SUMMARY_CHECKPOINT_ID,
  SUMMARY_FIRST_SEEN_FIELD,
  SUMMARY_LAST_SEEN_FIELD,
  SUMMARY_LATEST_FIELD,
  SUMMARY_LINES_FIELD,
  USER_HASH_FIELD,
  type SummaryLatestLine,
} from '../../src/query/errorGroupsSummary';
import type { ResolvedSettings } from '../../src/types';
import { sourceFieldReader } from '../../src/response/sourceFields';
import { connectAdmin, SetupError, type AdminAuth, type AdminCluster } from '../setup/adminClient';
import { setDocumentPath } from '../setup/demoLogs';
import { missingHash } from '../setup/setupCluster';
import { closedMapping } from '../setup/template';

/**
 * The error-group summarizer: for each whole hour, one document per error group with its lines,
 * first and last time, services, latest line, and the distinct session (and user) hashes, all read
 * by aggregations; then the checkpoint. Hours are written under fixed ids, so a rerun replaces them:
 * a run re-reads the hour before its checkpoint for lines that arrived late, and an interrupted run
 * continues from the last hour it finished.
 */

type Query = estypes.QueryDslQueryContainer;
type Composite = estypes.AggregationsCompositeAggregate & {
  buckets: Array<{ key: Record<string, string | number>; doc_count: number } & Record<string, unknown>>;
};

/** Groups, and distinct (group, hash) pairs, come in composite pages of these sizes. */
export const DEFAULT_PAGE_SIZES = { groups: 500, hashes: 10_000 };
const SERVICES_PER_GROUP = 20;

/** The summary index's mappings: the fields the Error groups query reads, under the lines' names. */
export function summaryMappings(settings: ResolvedSettings): estypes.MappingTypeMapping {
  return closedMapping([
    [settings.timeField, { type: 'date' }],
    [FINGERPRINT_FIELD, { type: 'keyword' }],
    [GROUP_MESSAGE_FIELD, { type: 'keyword', ignore_above: 1024 }],
    [ERROR_TYPE_FIELD, { type: 'keyword', ignore_above: 1024 }],
    [SUMMARY_LINES_FIELD, { type: 'long' }],
    [SUMMARY_FIRST_SEEN_FIELD, { type: 'date' }],
    [SUMMARY_LAST_SEEN_FIELD, { type: 'date' }],
    [SESSION_HASH_FIELD, { type: 'long', index: false }],
    [USER_HASH_FIELD, { type: 'long', index: false }],
    [SUMMARY_LATEST_FIELD, { type: 'object', enabled: false }],
    [settings.serviceField, { type: 'keyword', ignore_above: 1024 }],
    [SUMMARY_CHECKPOINT_FIELD, { type: 'date' }],
  ]);
}

/** Lines of one hour that error groups count: tagged, fingerprinted. */
export function hourQuery(settings: ResolvedSettings, hourMs: number): Query {
  const built = buildFilterQuery(settings, { window: { fromMs: hourMs, toMs: hourMs + HOUR_MS - 1 } });
  if (!built.ok) {
    throw new SetupError(built.error);
  }
  return { bool: { filter: [built.query, { exists: { field: FINGERPRINT_FIELD } }] } };
}

/** The summary document id of a group's hour: short and fixed, whatever the fingerprint's length. */
export function summaryDocumentId(fingerprint: string, hourMs: number): string {
  return `${new Date(hourMs).toISOString().slice(0, 13)}-${createHash('sha1').update(fingerprint).digest('hex').slice(0, 20)}`;
}

interface GroupHour {
  lines: number;
  firstMs: number;
  lastMs: number;
  services: string[];
  latest: SummaryLatestLine;
  groupMessage?: string;
  type?: string;
  sessionHashes: number[];
  userHashes: number[];
}

/** Pages through a composite aggregation, handing each page's buckets over. */
export async function eachCompositePage(
  admin: AdminCluster,
  index: string,
  query: Query,
  composite: { size: number; sources: Array<Record<string, unknown>> },
  aggs: Record<string, unknown> | undefined,
  onPage: (buckets: Composite['buckets']) => void
): Promise<void> {
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const response = await admin.search<{ page?: Composite }>(index, {
      size: 0,
      track_total_hits: false,
      query,
      aggs: { page: { composite: { ...composite, ...(after ? { after } : {}) }, ...(aggs ? { aggs } : {}) } },
    });
    const page = response.aggregations?.page;
    onPage(page?.buckets ?? []);
    if (!page?.after_key || (page.buckets ?? []).length < composite.size) {
      return;
    }
    after = page.after_key;
  }
}

/** Every group of one hour, read by aggregations. */
export async function readGroupHours(
  admin: AdminCluster,
  settings: ResolvedSettings,
  hourMs: number,
  pages = DEFAULT_PAGE_SIZES
): Promise<Map<string, GroupHour>> {
  const query = hourQuery(settings, hourMs);
  const groups = new Map<string, GroupHour>();
  const time = settings.timeField;
  await eachCompositePage(
    admin,
    settings.indexPattern,
    query,
    { size: pages.groups, sources: [{ fp: { terms: { field: FINGERPRINT_FIELD } } }] },
    {
      first: { min: { field: time } },
      last: { max: { field: time } },
      services: { terms: { field: settings.serviceField, size: SERVICES_PER_GROUP } },
      latest: {
        top_hits: {
          size: 1,
          sort: [{ [time]: { order: 'desc' } }],
          _source: [settings.messageField, GROUP_MESSAGE_FIELD, ERROR_TYPE_FIELD, ...settings.sessionFields],
          docvalue_fields: [{ field: time, format: 'epoch_millis' }],
        },
      },
    },
    (buckets) => {
      for (const b of buckets) {
        const hit = (b.latest as { hits: { hits: Array<estypes.SearchHit<Record<string, unknown>>> } }).hits.hits[0];
        const source = hit?._source;
        // The first session field with an id, as the plugin reads a line's.
        const session = settings.sessionFields
          .map((field) => sourceFieldReader(field)(source))
          .find((id) => id !== undefined && id !== null && id !== '');
        const message = sourceFieldReader(settings.messageField)(source);
        groups.set(String(b.key.fp), {
          lines: b.doc_count,
          firstMs: Number((b.first as { value: number }).value),
          lastMs: Number((b.last as { value: number }).value),
          services: ((b.services as { buckets: Array<{ key: string }> }).buckets ?? []).map((s) => String(s.key)),
          latest: {
            time: Number(
              (hit?.fields as Record<string, unknown[]> | undefined)?.[time]?.[0] ?? (b.last as { value: number }).value
            ),
            ...(typeof message === 'string' ? { message } : {}),
            ...(session !== undefined && session !== null ? { session: String(session) } : {}),
          },
          groupMessage: sourceFieldReader(GROUP_MESSAGE_FIELD)(source) as string | undefined,
          type: sourceFieldReader(ERROR_TYPE_FIELD)(source) as string | undefined,
          sessionHashes: [],
          userHashes: [],
        });
      }
    }
  );
  const hashes = async (field: string, into: (g: GroupHour) => number[]) =>
    eachCompositePage(
      admin,
      settings.indexPattern,
      query,
      { size: pages.hashes, sources: [{ fp: { terms: { field: FINGERPRINT_FIELD } } }, { h: { terms: { field } } }] },
      undefined,
      (buckets) => {
        for (const b of buckets) {
          const group = groups.get(String(b.key.fp));
          if (group) {
            into(group).push(Number(b.key.h));
          }
        }
      }
    );
  if (groups.size) {
    await hashes(SESSION_HASH_FIELD, (g) => g.sessionHashes);
    if (settings.userField) {
      await hashes(USER_HASH_FIELD, (g) => g.userHashes);
    }
  }
  return groups;
}

/** The summary document of a group's hour. */
export function summaryDocument(
  settings: ResolvedSettings,
  fingerprint: string,
  hourMs: number,
  group: GroupHour
): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  setDocumentPath(doc, settings.timeField, new Date(hourMs).toISOString());
  setDocumentPath(doc, FINGERPRINT_FIELD, fingerprint);
  if (group.groupMessage !== undefined) {
    setDocumentPath(doc, GROUP_MESSAGE_FIELD, group.groupMessage);
  }
  if (group.type !== undefined) {
    setDocumentPath(doc, ERROR_TYPE_FIELD, group.type);
  }
  setDocumentPath(doc, SUMMARY_LINES_FIELD, group.lines);
  setDocumentPath(doc, SUMMARY_FIRST_SEEN_FIELD, group.firstMs);
  setDocumentPath(doc, SUMMARY_LAST_SEEN_FIELD, group.lastMs);
  setDocumentPath(doc, SESSION_HASH_FIELD, group.sessionHashes);
  if (group.userHashes.length) {
    setDocumentPath(doc, USER_HASH_FIELD, group.userHashes);
  }
  setDocumentPath(doc, SUMMARY_LATEST_FIELD, group.latest);
  setDocumentPath(doc, settings.serviceField, group.services);
  return doc;
}

export interface SummarizeOptions {
  url: string;
  auth?: AdminAuth;
  /** The data source's settings: index pattern and field names. */
  settings: ResolvedSettings;
  summaryIndex: string;
  /** How far back a first run reaches (the Error groups look-back). */
  sinceMs: number;
  /** An hour is summarized once it ended this long ago (lines arrive late). */
  latenessMs: number;
  /** Summary hours older than this are deleted (none when not given). */
  keepMs?: number;
  nowMs?: number;
  replicas?: number;
  onProgress?: (event: { hour: number; done: number; total: number; groups: number }) => void;
  signal?: AbortSignal;
  /** Composite page sizes (small ones in tests, to page). */
  pageSizes?: typeof DEFAULT_PAGE_SIZES;
}

export interface SummarizeResult {
  hours: number;
  documents: number;
  /** Summary documents of hours older than `keepMs`, deleted. */
  deleted: number;
  /** Every hour before this time is summarized. */
  throughMs?: number;
  /** Fingerprinted lines without a session hash: written before the pipeline hashed sessions. */
  unhashedLines: number;
}

/** One summarizer run: the hours from the checkpoint (or `sinceMs` back) to the last whole hour. */
export async function summarizeErrorGroups(options: SummarizeOptions): Promise<SummarizeResult> {
  const { settings, summaryIndex } = options;
  if (!settings.sessionField) {
    throw new SetupError('Error groups count sessions: give the session id field (--session-field).');
  }
  const nowMs = options.nowMs ?? Date.now();
  const admin = await connectAdmin(options.url, options.auth);
  try {
    await admin.ensureIndex(summaryIndex, {
      mappings: summaryMappings(settings),
      settings: {
        number_of_shards: 1,
        ...(options.replicas === undefined ? {} : { number_of_replicas: options.replicas }),
      },
    });
    const checkpoint = await admin.search<{ through?: { value: number | null } }>(
      summaryIndex,
      buildSummaryCheckpointQuery()
    );
    const throughMs = checkpoint.aggregations?.through?.value ?? undefined;
    // The hour before the checkpoint again: lines that arrived after it was summarized.
    const startMs = Math.max(nowMs - options.sinceMs, throughMs === undefined ? -Infinity : throughMs - HOUR_MS);
    const hours = hoursToSummarize(startMs, nowMs, options.latenessMs);
    let documents = 0;
    let done = 0;
    let lastThrough = throughMs;
    for (const hour of hours) {
      if (options.signal?.aborted) {
        break;
      }
      const groups = await readGroupHours(admin, settings, hour, options.pageSizes);
      const docs = [...groups].map(([fingerprint, group]) => ({
        id: summaryDocumentId(fingerprint, hour),
        doc: summaryDocument(settings, fingerprint, hour, group),
      }));
      if (docs.length) {
        const written = await admin.putDocuments(summaryIndex, docs);
        if (written.failed) {
          throw new SetupError(`${written.failed} summary documents were refused: ${written.firstError}`);
        }
      }
      documents += docs.length;
      lastThrough = Math.max(lastThrough ?? 0, hour + HOUR_MS);
      const marker = {};
      setDocumentPath(marker, SUMMARY_CHECKPOINT_FIELD, lastThrough);
      await admin.putDocuments(summaryIndex, [{ id: SUMMARY_CHECKPOINT_ID, doc: marker }]);
      done += 1;
      options.onProgress?.({ hour, done, total: hours.length, groups: docs.length });
    }
    await admin.refresh(summaryIndex);
    const deleted =
      options.keepMs === undefined
        ? 0
        : await admin.deleteByQuery(summaryIndex, {
            bool: {
              filter: [
                { exists: { field: SUMMARY_LINES_FIELD } },
                {
                  range: {
                    [settings.timeField]: { lt: floorHour(nowMs - options.keepMs), format: 'epoch_millis' },
                  },
                },
              ],
            },
          });
    const unhashed = await admin.search(settings.indexPattern, {
      size: 0,
      track_total_hits: true,
      query: {
        bool: {
          filter: [{ exists: { field: FINGERPRINT_FIELD } }, missingHash(settings.sessionFields, SESSION_HASH_FIELD)],
        },
      },
    });
    const total = unhashed.hits?.total;
    return {
      hours: done,
      documents,
      deleted,
      throughMs: lastThrough,
      unhashedLines: typeof total === 'number' ? total : (total?.value ?? 0),
    };
  } finally {
    await admin.close();
  }
}

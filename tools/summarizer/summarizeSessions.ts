import type { estypes } from '@elastic/elasticsearch';
import { buildFilterQuery } from '../../src/query/buildSessionErrorsQuery';
import { HOUR_MS, hoursToSummarize } from '../../src/query/errorGroupsSummary';
import { sessionKeySource } from '../../src/query/sessionKey';
import type { ResolvedSettings, TimeWindow } from '../../src/types';
import { connectAdmin, SetupError, type AdminAuth, type AdminCluster } from '../setup/adminClient';
import { setDocumentPath } from '../setup/demoLogs';
import { closedMapping } from '../setup/template';
import { eachCompositePage, summaryDocumentId } from './summarizeErrorGroups';

/**
 * A per-session summary, measured against the query the plugin runs (#20): for each whole hour, one
 * document per session with its tagged lines, first and last line time and services, read by
 * aggregations the way the error-group summary is kept (fixed ids per hour, so a rerun replaces).
 * Sessions with errors and the sessions variable then aggregate these documents instead of lines.
 *
 * The bench (`npm run bench -- --scale ...`) builds it and prints both ways. The plugin does not
 * read it: the collapse (src/query/latestSessions.ts) met the target on the lines alone, and a
 * summary answers whole hours only and only after the summarizer has run.
 */

export const SESSION_SUMMARY_FIELDS = {
  session: 'session_summary.id',
  lines: 'session_summary.lines',
  first: 'session_summary.first_seen',
  last: 'session_summary.last_seen',
} as const;
const SERVICES_PER_SESSION = 5;

/** The summary's mappings; the document's time is the session-hour's last line, so ranges and sorts apply. */
export function sessionSummaryMappings(settings: ResolvedSettings): estypes.MappingTypeMapping {
  return closedMapping([
    [settings.timeField, { type: 'date' }],
    [SESSION_SUMMARY_FIELDS.session, { type: 'keyword', ignore_above: 1024 }],
    [SESSION_SUMMARY_FIELDS.lines, { type: 'long' }],
    [SESSION_SUMMARY_FIELDS.first, { type: 'date' }],
    [SESSION_SUMMARY_FIELDS.last, { type: 'date' }],
    [settings.serviceField, { type: 'keyword', ignore_above: 1024 }],
  ]);
}

export interface SessionHour {
  session: string;
  lines: number;
  firstMs: number;
  lastMs: number;
  services: string[];
}

export function sessionSummaryDocument(settings: ResolvedSettings, s: SessionHour): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  setDocumentPath(doc, settings.timeField, new Date(s.lastMs).toISOString());
  setDocumentPath(doc, SESSION_SUMMARY_FIELDS.session, s.session);
  setDocumentPath(doc, SESSION_SUMMARY_FIELDS.lines, s.lines);
  setDocumentPath(doc, SESSION_SUMMARY_FIELDS.first, s.firstMs);
  setDocumentPath(doc, SESSION_SUMMARY_FIELDS.last, s.lastMs);
  setDocumentPath(doc, settings.serviceField, s.services);
  return doc;
}

/** Every session of one hour's tagged lines, in composite pages of `pageSize`. */
export async function readSessionHours(
  admin: AdminCluster,
  settings: ResolvedSettings,
  hourMs: number,
  pageSize = 2000
): Promise<SessionHour[]> {
  const key = sessionKeySource(settings.sessionFields);
  if (!key) {
    throw new SetupError('A session summary needs the session id field (--session-field).');
  }
  const built = buildFilterQuery(settings, { window: { fromMs: hourMs, toMs: hourMs + HOUR_MS - 1 } });
  if (!built.ok) {
    throw new SetupError(built.error);
  }
  const out: SessionHour[] = [];
  await eachCompositePage(
    admin,
    settings.indexPattern,
    built.query,
    { size: pageSize, sources: [{ s: { terms: key } }] },
    {
      first: { min: { field: settings.timeField } },
      last: { max: { field: settings.timeField } },
      services: { terms: { field: settings.serviceField, size: SERVICES_PER_SESSION } },
    },
    (buckets) => {
      for (const b of buckets) {
        out.push({
          session: String(b.key.s),
          lines: b.doc_count,
          firstMs: Number((b.first as { value: number }).value),
          lastMs: Number((b.last as { value: number }).value),
          services: ((b.services as { buckets: Array<{ key: string }> }).buckets ?? []).map((x) => String(x.key)),
        });
      }
    }
  );
  return out;
}

export interface SummarizeSessionsOptions {
  url: string;
  auth?: AdminAuth;
  settings: ResolvedSettings;
  summaryIndex: string;
  /** How far back the run reaches. */
  sinceMs: number;
  nowMs?: number;
  replicas?: number;
}

/** Summarizes every whole hour from `sinceMs` back to now into `summaryIndex`. */
export async function summarizeSessions(
  options: SummarizeSessionsOptions
): Promise<{ hours: number; documents: number }> {
  const { settings, summaryIndex } = options;
  const nowMs = options.nowMs ?? Date.now();
  const admin = await connectAdmin(options.url, options.auth);
  try {
    await admin.ensureIndex(summaryIndex, {
      mappings: sessionSummaryMappings(settings),
      settings: {
        number_of_shards: 1,
        ...(options.replicas === undefined ? {} : { number_of_replicas: options.replicas }),
      },
    });
    const hours = hoursToSummarize(nowMs - options.sinceMs, nowMs, 0);
    let documents = 0;
    for (const hour of hours) {
      const docs = (await readSessionHours(admin, settings, hour)).map((s) => ({
        id: summaryDocumentId(s.session, hour),
        doc: sessionSummaryDocument(settings, s),
      }));
      if (docs.length) {
        const written = await admin.putDocuments(summaryIndex, docs);
        if (written.failed) {
          throw new SetupError(`${written.failed} session summary documents were refused: ${written.firstError}`);
        }
      }
      documents += docs.length;
    }
    await admin.refresh(summaryIndex);
    return { hours: hours.length, documents };
  } finally {
    await admin.close();
  }
}

/** The session-hours that overlap the window: a summary answers whole hours, so its edges are the hours'. */
function overlapping(window: TimeWindow): estypes.QueryDslQueryContainer {
  return {
    bool: {
      filter: [
        { range: { [SESSION_SUMMARY_FIELDS.last]: { gte: window.fromMs, format: 'epoch_millis' } } },
        { range: { [SESSION_SUMMARY_FIELDS.first]: { lte: window.toMs, format: 'epoch_millis' } } },
      ],
    },
  };
}

/** Sessions with errors from the summary: the latest `limit` sessions with their lines, first and last time, services. */
export function buildSummarySessionsQuery(
  settings: ResolvedSettings,
  window: TimeWindow,
  limit: number
): estypes.SearchRequest {
  return {
    size: 0,
    track_total_hits: false,
    query: overlapping(window),
    aggs: {
      sessions: {
        terms: { field: SESSION_SUMMARY_FIELDS.session, size: limit, order: { last_seen: 'desc' } },
        aggs: {
          last_seen: { max: { field: SESSION_SUMMARY_FIELDS.last } },
          first_seen: { min: { field: SESSION_SUMMARY_FIELDS.first } },
          lines: { sum: { field: SESSION_SUMMARY_FIELDS.lines } },
          services: { terms: { field: settings.serviceField, size: SERVICES_PER_SESSION } },
        },
      },
    },
  };
}

/** The sessions variable from the summary: the latest `size` session ids. */
export function buildSummarySessionsVariableQuery(window: TimeWindow, size: number): estypes.SearchRequest {
  return {
    size: 0,
    track_total_hits: false,
    query: overlapping(window),
    aggs: {
      values: {
        terms: { field: SESSION_SUMMARY_FIELDS.session, size, order: { latest: 'desc' } },
        aggs: { latest: { max: { field: SESSION_SUMMARY_FIELDS.last } } },
      },
    },
  };
}

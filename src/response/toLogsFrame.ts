import type { estypes } from '@elastic/elasticsearch';
import type { DataFrame, Field, QueryResultMetaNotice } from '@grafana/data';
import { DataFrameType, FieldType } from '../grafanaData';
import { linksForField } from '../links/dataLinks';
import { sessionClockFromStart } from '../replay/playerClock';
import { openReplaySessionStartMs } from '../session/sessionId';
import { replayLinkFor, UnlinkedSessions } from '../replay/replayLink';
import { inexactSessionIdsNotice, sessionIdText, type SessionIdText } from '../session/sessionIdText';
import { sessionTagExtractor } from '../session/sessionTags';
import type { ContextScope, ResolvedSettings } from '../types';
import { toLogLevel } from '../query/levels';
import { SESSION_TIME_KEY } from '../query/queryFilters';
import { replayLinkField } from './replayLinkField';
import { searchNotices } from './searchNotices';
import { flattenSourceKeys, sourceFieldReader, sourceValueText } from './sourceFields';

export type LogSource = Record<string, unknown>;
export type LogSearchResponse = estypes.SearchResponse<LogSource>;

export const REPLAY_LINK_TITLE = 'Open replay at this moment';

export interface LogsFrameContext {
  refId: string;
  /** The session searched for, highlighted in the lines. */
  sessionId?: string;
  /** Further words to highlight: what the query's filter searches the message for. */
  searchWords?: string[];
  /** The limit the query asked for, to say when it was reached. */
  limit: number;
  /** Whether older lines remain past this page (known from one line more than the limit). */
  more?: boolean;
  /** The page holds the lines right after the range's start (scrolling to newer lines): more are newer. */
  newer?: boolean;
  /**
   * What log context shows around these lines, kept in the frame: Grafana hands getLogRowContext a
   * row whose frame's refId it rewrote (`context_…`), so the query may not be found from it.
   */
  contextScope?: ContextScope;
}

/** Epoch ms of a hit: the epoch_millis doc value first, then the `_source` value (`raw`). */
function hitTimeMs(hit: estypes.SearchHit<LogSource>, timeField: string, raw: unknown): number {
  const docValue = (hit.fields as Record<string, unknown[]> | undefined)?.[timeField]?.[0];
  // No doc value parses as NaN here.
  const docMs = typeof docValue === 'number' ? docValue : parseFloat(String(docValue));
  if (Number.isFinite(docMs)) {
    return docMs;
  }
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (typeof first === 'number') {
    return first;
  }
  if (typeof first === 'string') {
    return /^[0-9]+$/.test(first) ? Number(first) : Date.parse(first);
  }
  return NaN;
}

/**
 * Turns a search response into a logs frame that Grafana's Logs panel and Explore read natively:
 * timestamp, body, severity, id, labels, then the replay URL (with its link) and detail fields.
 *
 * LogLabels: for `DataFrameType.LogLines` frames Grafana's log details list only the labels and the
 * fields that carry links (public/app/features/logs/components/LogDetails.tsx in 11.x, and the 12.x
 * panel's LogLineDetails), so what a user must see there is a label: the session id, service, host,
 * the session clock and every detail field. The detail fields stay fields too, for tables.
 */
export function toLogsFrame(response: LogSearchResponse, settings: ResolvedSettings, ctx: LogsFrameContext): DataFrame {
  const hits = Array.isArray(response?.hits?.hits) ? response.hits.hits : [];
  const n = hits.length;
  const times: number[] = [];
  const nanos: number[] = [];
  const bodies: string[] = [];
  const severities: string[] = [];
  const ids: string[] = [];
  const labels: Array<Record<string, string>> = [];
  // null where a line has none: Grafana hides only null and undefined values, never ''.
  const replayUrls: Array<string | null> = [];
  const sessionIds: string[] = [];
  const clocks: Array<string | null> = [];
  const sorts: string[] = [];
  // Each session's start, decoded once per response (in a tuple, as a session may have none).
  const starts = new Map<string, [number | undefined]>();
  // The trace id is always a detail: log context by trace reads it from the frame (contextAnchor).
  const detailPatterns = settings.detailFields.includes(settings.traceField)
    ? settings.detailFields
    : [...settings.detailFields, settings.traceField];
  // Wildcard patterns compiled once per response, not once per hit.
  const wildcards = compileWildcards(detailPatterns);
  // Readers compiled once per response, not per hit.
  const read = {
    time: sourceFieldReader(settings.timeField),
    message: sourceFieldReader(settings.messageField),
    sessions: settings.sessionFields.map((field) => ({ field, read: sourceFieldReader(field) })),
    level: sourceFieldReader(settings.levelField),
    service: sourceFieldReader(settings.serviceField),
    host: sourceFieldReader(settings.hostField),
  };
  const extractTag = sessionTagExtractor(settings.messageTags);
  // Detail field readers, compiled on first use and reused for later hits.
  const detailReaders = new Map<string, (source: unknown) => unknown>();
  const details = new Map<string, Array<string | null>>();
  let inexact = 0;
  const unlinked = new UnlinkedSessions();
  let inexactField: string | undefined;

  for (let i = 0; i < n; i++) {
    const hit = hits[i];
    const source = (hit._source ?? {}) as LogSource;
    const rawTime = read.time(source);
    const time = hitTimeMs(hit, settings.timeField, rawTime);
    const message = sourceValueText(read.message(source), '\n');
    const tag = extractTag(message);
    // The fields API first: it answers for aliases, multi-fields (`level.keyword`) and Elasticsearch's
    // passthrough objects, which _source does not hold under those names (logLinesBody asks for them).
    const hitFields = (hit.fields ?? {}) as Record<string, unknown>;
    // The first session field that has an id, as the fields API returns it (exact text), else from
    // _source; then the tag.
    let fieldSession: SessionIdText | undefined;
    let sessionField: string | undefined;
    for (const { field, read: readSession } of read.sessions) {
      fieldSession = sessionIdText(hitFields[field]) ?? sessionIdText(readSession(source));
      if (fieldSession) {
        sessionField = field;
        break;
      }
    }
    const sessionId = fieldSession?.exact ? fieldSession.id : (tag?.sessionId ?? '');
    if (fieldSession && !fieldSession.exact && !tag) {
      inexact++;
      inexactField ??= sessionField;
    }
    const rawLevel = hitFields[settings.levelField] ?? read.level(source);
    const service = sourceValueText(hitFields[settings.serviceField] ?? read.service(source));
    const host = sourceValueText(hitFields[settings.hostField] ?? read.host(source));

    times[i] = time;
    nanos[i] = subMillisecondNanos(rawTime) ?? documentTiebreakNanos(hit._index, hit._id);
    bodies[i] = tag ? tag.body : message;
    severities[i] = toLogLevel(Array.isArray(rawLevel) ? rawLevel[0] : rawLevel);
    ids[i] = `${hit._index}:${hit._id}`;
    sorts[i] = hit.sort ? JSON.stringify(hit.sort) : '';
    const rowLabels: Record<string, string> = {};
    if (sessionId) {
      rowLabels.session_id = sessionId;
    }
    if (service) {
      rowLabels.service = service;
    }
    if (host) {
      rowLabels.host = host;
    }
    labels[i] = rowLabels;
    sessionIds[i] = sessionId;
    let start = starts.get(sessionId);
    if (!start) {
      // No session ('') decodes to no start.
      start = [openReplaySessionStartMs(sessionId, Number.MAX_SAFE_INTEGER)];
      starts.set(sessionId, start);
    }
    const [startMs] = start;
    clocks[i] = sessionClockFromStart(startMs, time) ?? null;
    // The tool that the field or tag of the id names, or the first whose id shape it fits.
    const replay = replayLinkFor(settings.replay, {
      source: fieldSession?.exact ? sessionField : tag?.tag,
      sessionId,
      timeMs: time,
    });
    unlinked.add(replay);
    replayUrls[i] = replay.url ?? null;
    if (clocks[i]) {
      rowLabels[SESSION_TIME_KEY] = clocks[i]!;
    }

    // Without wildcards the names are the patterns themselves: nothing to expand per hit.
    const names = wildcards.size ? expandDetailFields(detailPatterns, wildcards, source) : detailPatterns;
    for (const name of names) {
      let reader = detailReaders.get(name);
      if (!reader) {
        reader = sourceFieldReader(name);
        detailReaders.set(name, reader);
      }
      const value = sourceValueText(reader(source) ?? hitFields[name], '\n');
      if (!value) {
        continue;
      }
      let column = details.get(name);
      if (!column) {
        column = new Array<string | null>(n).fill(null);
        details.set(name, column);
      }
      column[i] = value;
      // Labels are what Grafana's log details list for log-lines frames (see LogLabels below).
      rowLabels[name] = value;
    }
  }

  const fields: Field[] = [
    // nanos: Grafana's row time is ms and these 6 digits (logsModel.ts); see documentTiebreakNanos.
    { name: 'timestamp', type: FieldType.time, config: {}, values: times, nanos },
    { name: 'body', type: FieldType.string, config: {}, values: bodies },
    { name: 'severity', type: FieldType.string, config: {}, values: severities },
    { name: 'id', type: FieldType.string, config: {}, values: ids },
    { name: 'labels', type: FieldType.other, config: {}, values: labels },
    { name: 'session_id', type: FieldType.string, config: { displayName: 'Session' }, values: sessionIds },
  ];
  if (sorts.some(Boolean)) {
    // Each line's place in the search order, for log context (search_after); hidden in log details.
    fields.push({ name: 'sort', type: FieldType.string, config: { custom: { hidden: true } }, values: sorts });
  }
  if (clocks.some((c) => c !== null)) {
    // Where the line falls in its session, as the replay player's clock shows it.
    fields.push({
      name: SESSION_TIME_KEY,
      type: FieldType.string,
      config: { displayName: 'Session time' },
      values: clocks,
    });
  }
  fields.push(...replayLinkField(replayUrls, REPLAY_LINK_TITLE));
  for (const [name, values] of details) {
    fields.push({ name, type: FieldType.string, config: {}, values });
  }
  // Configured links (trace.id to Tempo, ...) on the fields they match, beside the replay link.
  for (const field of fields) {
    const links = linksForField(field.name, settings.dataLinks);
    if (links.length) {
      field.config = { ...field.config, links: [...(field.config.links ?? []), ...links] };
    }
  }

  const notices: QueryResultMetaNotice[] = searchNotices(response, settings.indexPattern);
  if (inexact > 0) {
    notices.push({ severity: 'warning', text: inexactSessionIdsNotice(inexact, inexactField!) });
  }
  const unlinkedNotice = unlinked.notice();
  if (unlinkedNotice) {
    notices.push({ severity: 'info', text: unlinkedNotice });
  }
  if (ctx.more ?? n >= ctx.limit) {
    notices.push({
      severity: 'info',
      text: ctx.newer
        ? `Showing the ${n} lines after the newest shown; newer ones remain: scroll again for them.`
        : `Showing the newest ${n} lines; older ones remain: scroll for them in Explore, narrow the time range or filters, or raise the line limit.`,
    });
  }
  const words = [...new Set([...(ctx.sessionId ? [ctx.sessionId] : []), ...(ctx.searchWords ?? [])])];
  const searchWords = words.map(searchWordPattern);
  const custom = {
    ...(searchWords.length ? { searchWords } : {}),
    ...(ctx.contextScope ? { contextScope: ctx.contextScope } : {}),
  };
  return {
    refId: ctx.refId,
    name: ctx.sessionId ? `Session ${ctx.sessionId}` : 'Session errors',
    length: n,
    fields,
    meta: {
      type: DataFrameType.LogLines,
      typeVersion: [0, 0],
      preferredVisualisationType: 'logs',
      notices: notices.length ? notices : undefined,
      custom: Object.keys(custom).length ? custom : undefined,
    },
  };
}

function compileWildcards(patterns: string[]): Map<string, RegExp> {
  return new Map(
    patterns
      .filter((p) => p.includes('*'))
      .map((p) => [p, new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`)])
  );
}

/** The detail field names for one hit: exact patterns as given, wildcards as the keys they match, each once. */
function expandDetailFields(patterns: string[], wildcards: Map<string, RegExp>, source: LogSource): string[] {
  // Flattened only for a wildcard, once per hit.
  let keys: string[] | undefined;
  const names = new Set<string>();
  for (const pattern of patterns) {
    const re = wildcards.get(pattern);
    if (!re) {
      names.add(pattern);
      continue;
    }
    keys ??= flattenSourceKeys(source);
    keys.filter((k) => re.test(k)).forEach((k) => names.add(k));
  }
  return [...names];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A search word as Grafana reads it: a regular expression, case-sensitive unless it starts with `(?i)`
 * (packages/grafana-data/src/text/text.ts findMatchesInText and parseFlags). The engine matches
 * words without case, so the word is matched without case too, and literally: every ASCII
 * punctuation character (all the characters a regular expression gives a meaning to) is written as
 * a `\uHHHH` escape, which also keeps clear of the `cleanNeedle` step that cuts a trailing `(`, `[`
 * or `{` group off a word. Other characters are never special and stay as they are (no Unicode
 * property classes: the Go backend's engine, sobek, does not have them).
 */
export function searchWordPattern(word: string): string {
  const literal = word.replace(
    /[\x21-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
  return `(?i)${literal}`;
}

/** The digits below the millisecond of a time logged as ISO text (`…T09:01:28.500123Z` → 123000), if any. */
export function subMillisecondNanos(raw: unknown): number | undefined {
  const first = Array.isArray(raw) ? raw[0] : raw;
  // A number (epoch ms) or anything else has no `T…` text to match.
  const match = /T[\d:]+\.\d{3}(\d{1,6})/.exec(String(first));
  return match ? Number(match[1].padEnd(6, '0')) : undefined;
}

/**
 * A stable place below the millisecond for a line logged with millisecond time: FNV-1a of its index
 * and id, modulo 10^6. Grafana's context view drops a new row equal to a shown one in text and
 * `timeEpochNs` (LogRowContextModal.tsx), so two distinct identical errors of one millisecond would
 * collapse into one; the same line fetched twice keeps its value and is still dropped as a repeat.
 */
export function documentTiebreakNanos(index: string | undefined, id: string | undefined): number {
  let hash = 0x811c9dc5;
  for (const c of `${index ?? ''}\u0000${id ?? ''}`) {
    hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193) >>> 0;
  }
  return hash % 1_000_000;
}

import { resolveDataLinks } from './links/dataLinks';
import { DEFAULT_LEAD_IN_SECONDS, resolveReplayTools } from './replay/replayTools';
import { isSessionTagName } from './session/sessionTags';
import type { ResolvedSettings, SessionErrorsOptions, SessionTagName } from './types';

export const DEFAULT_SETTINGS = {
  indexPattern: 'logs-*',
  timeField: '@timestamp',
  messageField: 'message',
  levelField: 'log.level',
  traceField: 'trace.id',
  serviceField: 'service.name',
  hostField: 'host.name',
  detailFields: ['error.type', 'error.message', 'error.stack_trace', 'trace.id', 'http.request.method', 'url.path'],
  messageTags: ['asayer_session_id', 'openReplaySession.id'] as SessionTagName[],
  maxLines: 1000,
  leadInSeconds: DEFAULT_LEAD_IN_SECONDS,
};

/** Upper bound for a single query: one page of hits the engine returns without scrolling. */
export const MAX_LINES_CEILING = 10000;

function text(value: string | undefined, fallback: string): string {
  const trimmed = value?.trim();
  return trimmed ? trimmed : fallback;
}

/**
 * The session id fields: the saved list, or the one field saved before lists (provisioning files
 * still have it); trimmed, blanks and repeats dropped.
 */
export function resolveSessionFields(options: Pick<SessionErrorsOptions, 'sessionFields' | 'sessionField'>): string[] {
  // A hand-written provisioning file may give one name where a list belongs.
  const saved: unknown[] = Array.isArray(options.sessionFields)
    ? options.sessionFields
    : [options.sessionFields ?? options.sessionField];
  const names = saved.filter((field): field is string => typeof field === 'string').map((field) => field.trim());
  return [...new Set(names.filter(Boolean))];
}

export function resolveSettings(options: SessionErrorsOptions = {}): ResolvedSettings {
  const maxLines = Math.floor(Number(options.maxLines) || DEFAULT_SETTINGS.maxLines);
  const sessionFields = resolveSessionFields(options);
  return {
    indexPattern: text(options.indexPattern, DEFAULT_SETTINGS.indexPattern),
    timeField: text(options.timeField, DEFAULT_SETTINGS.timeField),
    messageField: text(options.messageField, DEFAULT_SETTINGS.messageField),
    levelField: text(options.levelField, DEFAULT_SETTINGS.levelField),
    sessionFields,
    sessionField: sessionFields[0],
    traceField: text(options.traceField, DEFAULT_SETTINGS.traceField),
    serviceField: text(options.serviceField, DEFAULT_SETTINGS.serviceField),
    hostField: text(options.hostField, DEFAULT_SETTINGS.hostField),
    userField: options.userField?.trim() || undefined,
    groupsSummaryIndex: options.groupsSummaryIndex?.trim() || undefined,
    detailFields: (options.detailFields ?? DEFAULT_SETTINGS.detailFields).map((f) => f.trim()).filter(Boolean),
    // Names this version does not know (a typo in a provisioning file) are left out, not searched.
    messageTags: (options.messageTags ?? DEFAULT_SETTINGS.messageTags).filter(isSessionTagName),
    // Every replay tool that can link, the one saved before lists too (replay/replayTools.ts).
    replay: resolveReplayTools(options),
    maxLines: Math.min(MAX_LINES_CEILING, Math.max(1, maxLines)),
    dataLinks: resolveDataLinks(options.dataLinks),
  };
}

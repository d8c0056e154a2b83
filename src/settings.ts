import { resolveDataLinks } from './links/dataLinks';
import { isHttpUrl, validateReplayTemplate } from './replay/replayUrlAt';
import type { ReplaySettings, ResolvedSettings, SessionErrorsOptions, SessionTagName } from './types';

export const DEFAULT_SETTINGS = {
  indexPattern: 'logs-*',
  timeField: '@timestamp',
  messageField: 'message',
  levelField: 'log.level',
  serviceField: 'service.name',
  hostField: 'host.name',
  detailFields: ['error.type', 'error.message', 'error.stack_trace', 'trace.id', 'http.request.method', 'url.path'],
  messageTags: ['asayer_session_id', 'openReplaySession.id'] as SessionTagName[],
  maxLines: 1000,
  leadInSeconds: 5,
  jumpMode: 'absolute' as const,
};

/** Upper bound for a single query: one page of hits the engine returns without scrolling. */
export const MAX_LINES_CEILING = 10000;

function text(value: string | undefined, fallback: string): string {
  const trimmed = value?.trim();
  return trimmed ? trimmed : fallback;
}

function resolveReplay(options: SessionErrorsOptions): ReplaySettings {
  const leadInMs = Math.max(0, Number(options.leadInSeconds ?? DEFAULT_SETTINGS.leadInSeconds) || 0) * 1000;
  const kind =
    options.replayLink ?? (options.openReplayUrl ? 'openreplay' : options.replayUrlTemplate ? 'template' : 'none');
  // Only http(s) URLs become links: a javascript: or data: URL in the settings never reaches a panel.
  if (kind === 'openreplay' && isHttpUrl(options.openReplayUrl ?? '') && options.openReplayProjectId?.trim()) {
    return {
      kind,
      baseUrl: (options.openReplayUrl ?? '').trim().replace(/\/+$/, ''),
      projectId: options.openReplayProjectId.trim(),
      jumpMode: options.jumpMode ?? DEFAULT_SETTINGS.jumpMode,
      leadInMs,
    };
  }
  if (kind === 'template' && options.replayUrlTemplate && !validateReplayTemplate(options.replayUrlTemplate)) {
    return { kind, template: options.replayUrlTemplate.trim(), leadInMs };
  }
  return { kind: 'none' };
}

export function resolveSettings(options: SessionErrorsOptions = {}): ResolvedSettings {
  const maxLines = Math.floor(Number(options.maxLines) || DEFAULT_SETTINGS.maxLines);
  return {
    indexPattern: text(options.indexPattern, DEFAULT_SETTINGS.indexPattern),
    timeField: text(options.timeField, DEFAULT_SETTINGS.timeField),
    messageField: text(options.messageField, DEFAULT_SETTINGS.messageField),
    levelField: text(options.levelField, DEFAULT_SETTINGS.levelField),
    sessionField: options.sessionField?.trim() || undefined,
    serviceField: text(options.serviceField, DEFAULT_SETTINGS.serviceField),
    hostField: text(options.hostField, DEFAULT_SETTINGS.hostField),
    userField: options.userField?.trim() || undefined,
    groupsSummaryIndex: options.groupsSummaryIndex?.trim() || undefined,
    detailFields: (options.detailFields ?? DEFAULT_SETTINGS.detailFields).map((f) => f.trim()).filter(Boolean),
    messageTags: options.messageTags ?? DEFAULT_SETTINGS.messageTags,
    replay: resolveReplay(options),
    maxLines: Math.min(MAX_LINES_CEILING, Math.max(1, maxLines)),
    dataLinks: resolveDataLinks(options.dataLinks),
  };
}

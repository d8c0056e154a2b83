import { openReplaySessionStartMs, validateSessionId } from '../session/sessionId';
import type { ReplaySettings } from '../types';

/** Placeholders a custom replay URL template may use. */
export const TEMPLATE_PLACEHOLDERS = ['sessionId', 'timeMs', 'timeIso', 'offsetMs', 'offsetSeconds'] as const;

/**
 * The replay URL that opens `sessionId` at `errorTimeMs` minus the configured lead-in.
 * OpenReplay: `<base>/<projectId>/session/<id>?jumpto=<n>`, n being absolute epoch ms (server 1.17+)
 * or the offset from the session start decoded from the id (older servers, mobile player).
 * Returns undefined when no link can be built (no replay configured, no session id, an id that is
 * not a valid session id, or a template that needs an offset for an id that does not encode its start).
 * Ids come from log lines as well as from the editor: each is validated here, where every link is
 * built, so that no id (`..`, `a/b`, `?x`) can change the URL's path or query.
 */
export function replayUrlAt(
  replay: ReplaySettings,
  sessionId: string | undefined,
  errorTimeMs: number
): string | undefined {
  const check = validateSessionId(sessionId);
  if (replay.kind === 'none' || !Number.isFinite(errorTimeMs) || !check.ok) {
    return undefined;
  }
  // The id as validated: without the blanks a log line may pad it with.
  sessionId = check.sessionId;
  const atMs = Math.round(errorTimeMs - replay.leadInMs);
  // The session cannot start after its own error; this also rejects ids that are not OpenReplay ids.
  const startMs = openReplaySessionStartMs(sessionId, errorTimeMs + 60_000);
  const offsetMs = startMs === undefined ? undefined : Math.max(0, atMs - startMs);

  if (replay.kind === 'openreplay') {
    const sessionUrl = `${replay.baseUrl}/${encodeURIComponent(replay.projectId)}/session/${encodeURIComponent(sessionId)}`;
    const jumpto = replay.jumpMode === 'absolute' ? atMs : offsetMs;
    return jumpto === undefined ? sessionUrl : `${sessionUrl}?jumpto=${jumpto}`;
  }

  const values: Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string | undefined> = {
    sessionId: encodeURIComponent(sessionId),
    timeMs: String(atMs),
    timeIso: encodeURIComponent(new Date(atMs).toISOString()),
    offsetMs: offsetMs === undefined ? undefined : String(offsetMs),
    offsetSeconds: offsetMs === undefined ? undefined : String(Math.floor(offsetMs / 1000)),
  };
  let unresolved = false;
  const url = replay.template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    // Not `name in values`: that is also true of `{constructor}`, `{toString}`, `{__proto__}`.
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      return whole;
    }
    const value = values[name as keyof typeof values];
    if (value === undefined) {
      unresolved = true;
      return whole;
    }
    return value;
  });
  return unresolved ? undefined : url;
}

/** Whether a configured replay URL may be linked to: http or https only (never javascript:, data:, ...). */
export function isHttpUrl(url: string): boolean {
  // One host character is enough: the pattern is not anchored at its end.
  return /^https?:\/\/[^\s/?#]/i.test(url.trim());
}

/** Checks a template before it is saved and before links are built: an http(s) URL that names the session. */
export function validateReplayTemplate(template: string): string | undefined {
  // No trim needed: isHttpUrl trims, and blanks around the template hide no placeholder.
  if (!isHttpUrl(template)) {
    return 'The replay URL template must start with http:// or https:// and a host.';
  }
  if (!template.includes('{sessionId}')) {
    return 'The replay URL template must contain {sessionId}.';
  }
  const unknown = [...template.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1])
    .filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
  return unknown.length ? `Unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}.` : undefined;
}

import { openReplaySessionIdAt, openReplaySessionStartMs, validateSessionId } from '../../session/sessionId';
import { isHttpUrl, linkTimeMs, type ReplayToolRule } from '../toolRule';

/** Placeholders a custom replay URL template may use. */
export const TEMPLATE_PLACEHOLDERS = ['sessionId', 'timeMs', 'timeIso', 'offsetMs', 'offsetSeconds'] as const;

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

/**
 * A custom URL template, for the tools without a rule of their own (Highlight:
 * `https://app.highlight.io/<project>/sessions/{sessionId}?tsAbs={timeMs}`). Offsets need the
 * session start, which only OpenReplay ids encode: a template with an offset links no other id.
 */
export const urlTemplate: ReplayToolRule<'template'> = {
  kind: 'template',
  label: 'Custom URL template',
  resolve(setting, { leadInMs, sources }) {
    const template = setting.template?.trim() ?? '';
    const problem = template ? validateReplayTemplate(template) : 'Enter the URL template of your replay tool.';
    return problem
      ? { problems: [{ key: 'template', message: problem }] }
      : { tool: { kind: 'template', template, leadInMs, sources } };
  },

  checkId(sessionId) {
    const check = validateSessionId(sessionId);
    return check.ok
      ? check
      : { ok: false, reason: 'Session ids for a URL template are letters, digits and . _ : - (at most 128).' };
  },

  linkAt(tool, sessionId, errorTimeMs) {
    const atMs = linkTimeMs(errorTimeMs, tool.leadInMs);
    // The session cannot start after its own error: a minute of slack for clock skew.
    const startMs = openReplaySessionStartMs(sessionId, errorTimeMs + 60_000);
    const offsetMs = startMs === undefined ? undefined : Math.max(0, atMs - startMs);
    const values: Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string | undefined> = {
      sessionId: encodeURIComponent(sessionId),
      timeMs: String(atMs),
      timeIso: encodeURIComponent(new Date(atMs).toISOString()),
      offsetMs: offsetMs === undefined ? undefined : String(offsetMs),
      offsetSeconds: offsetMs === undefined ? undefined : String(Math.floor(offsetMs / 1000)),
    };
    let unresolved = false;
    const url = tool.template.replace(/\{(\w+)\}/g, (whole, name: string) => {
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
    return unresolved
      ? { reason: "The template's offset needs the session start, which only OpenReplay ids encode." }
      : { url };
  },

  exampleSessionId: (startMs) => openReplaySessionIdAt(startMs, 42),
};

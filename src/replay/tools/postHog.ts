import {
  exampleHex,
  exampleUuid,
  httpBaseUrl,
  linkTimeMs,
  settingText,
  UUID_PATTERN,
  type ReplayToolRule,
  type SettingProblem,
} from '../toolRule';

const DEFAULT_POSTHOG_URL = 'https://us.posthog.com';
const PROJECT_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** posthog-js ends a session after 24 hours (packages/browser/src/sessionid.ts, SESSION_LENGTH_LIMIT_MILLISECONDS). */
const MAX_SESSION_MS = 24 * 3600_000;

/**
 * The session start that a PostHog session id encodes: posthog-js makes ids with uuidv7, whose first
 * 48 bits are the epoch ms of the session's start, and reads them back so (uuid7ToTimestampMs in
 * packages/browser/src/uuidv7.ts, used for a bootstrapped session id). Undefined for other UUIDs.
 */
export function uuidV7TimeMs(uuid: string): number | undefined {
  const hex = uuid.replace(/-/g, '');
  return hex.length === 32 && hex[12] === '7' ? parseInt(hex.slice(0, 12), 16) : undefined;
}

/**
 * PostHog: `<host>/project/<project id or token>/replay/<session id>?t=<seconds since the start>`,
 * the URL posthog-js's own get_session_replay_url builds (packages/browser/src/posthog-core.ts: `t`
 * is whole seconds from the session start, never below 0). The start comes from the id; an id that
 * does not encode one (not a UUIDv7, or a start that cannot be this error's session) links to the
 * session without `t`, which opens at its beginning.
 */
export const postHog: ReplayToolRule<'posthog'> = {
  kind: 'posthog',
  label: 'PostHog',
  resolve(setting, { leadInMs, sources }) {
    const problems: SettingProblem[] = [];
    const baseUrl = httpBaseUrl(settingText(setting.url) ?? DEFAULT_POSTHOG_URL);
    const projectId = settingText(setting.projectId);
    if (!baseUrl) {
      problems.push({
        key: 'url',
        message: 'The PostHog URL must start with http:// or https:// and a host, e.g. https://eu.posthog.com.',
      });
    }
    if (!projectId) {
      problems.push({
        key: 'projectId',
        message: "Enter your PostHog project id: the number after /project/ in PostHog's URLs.",
      });
    } else if (!PROJECT_PATTERN.test(projectId)) {
      problems.push({ key: 'projectId', message: 'A PostHog project id is letters, digits, _ and - only.' });
    }
    if (!baseUrl || problems.length) {
      return { problems };
    }
    return { tool: { kind: 'posthog', sessionsUrl: `${baseUrl}/project/${projectId}/replay/`, leadInMs, sources } };
  },

  checkId(sessionId) {
    return UUID_PATTERN.test(sessionId)
      ? { ok: true, sessionId }
      : { ok: false, reason: 'PostHog session ids are UUIDs (8-4-4-4-12 hex digits).' };
  },

  linkAt(tool, sessionId, errorTimeMs) {
    const url = `${tool.sessionsUrl}${sessionId}`;
    const startMs = uuidV7TimeMs(sessionId);
    // The session cannot start after its own error (a minute of slack for clock skew), nor a day before.
    if (startMs === undefined || startMs > errorTimeMs + 60_000 || startMs < errorTimeMs - MAX_SESSION_MS) {
      return {
        url,
        note: 'Its id does not encode the session start (posthog-js ids are UUIDv7s that do): the replay opens at its beginning.',
      };
    }
    const offsetSeconds = Math.max(0, Math.floor((linkTimeMs(errorTimeMs, tool.leadInMs) - startMs) / 1000));
    return { url: `${url}?t=${offsetSeconds}` };
  },

  // A UUIDv7 of the session's start, as posthog-js makes them.
  exampleSessionId: (startMs) =>
    exampleUuid(`${Math.floor(startMs).toString(16).padStart(12, '0')}${exampleHex(startMs, 20)}`, '7', '9'),
};

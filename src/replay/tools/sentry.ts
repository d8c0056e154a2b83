import {
  exampleHex,
  exampleUuid,
  httpBaseUrl,
  linkTimeMs,
  settingText,
  type ReplayToolRule,
  type SettingProblem,
  UUID_PATTERN,
} from '../toolRule';

/** An organization slug, or none. */
const ORG_PATTERN = /^[A-Za-z0-9_-]{0,64}$/;
/** sentry.io itself, whose URLs need the organization. */
const SAAS_ROOT = /^https?:\/\/(www\.)?sentry\.io$/i;
/** Sentry's replay ids: uuid4() without its dashes (getsentry/sentry-javascript packages/core/src/utils/misc.ts). */
const REPLAY_ID_PATTERN = /^[0-9a-f]{32}$/i;

/**
 * Sentry: `<org URL>/replays/<replay id>/?event_t=<epoch ms>`, or with a self-hosted Sentry
 * `<URL>/organizations/<org>/replays/<replay id>/?event_t=...`: the replay details route
 * (getsentry/sentry static/app/routes.tsx, `/replays/:replaySlug/` with the org path). `event_t` is
 * the moment as epoch ms, which the player turns into an offset from the replay's own start
 * (static/app/utils/replays/hooks/useInitialTimeOffsetMs.tsx, fromEventTimestamp: 0 when before it),
 * so no start is needed here.
 */
export const sentry: ReplayToolRule<'sentry'> = {
  kind: 'sentry',
  label: 'Sentry',
  resolve(setting, { leadInMs, sources }) {
    const problems: SettingProblem[] = [];
    const baseUrl = httpBaseUrl(setting.url);
    const org = settingText(setting.org) ?? '';
    if (!baseUrl) {
      problems.push({
        key: 'url',
        message: settingText(setting.url)
          ? 'The Sentry URL must start with http:// or https:// and a host.'
          : "Enter your Sentry URL: your organization's, e.g. https://acme.sentry.io.",
      });
    } else if (!org && SAAS_ROOT.test(baseUrl)) {
      problems.push({
        key: 'org',
        message: "Enter your organization slug, or use your organization's URL, https://<slug>.sentry.io.",
      });
    }
    if (!ORG_PATTERN.test(org)) {
      problems.push({ key: 'org', message: 'An organization slug is letters, digits, _ and - only.' });
    }
    if (!baseUrl || problems.length) {
      return { problems };
    }
    const orgPath = org ? `/organizations/${org}` : '';
    return { tool: { kind: 'sentry', sessionsUrl: `${baseUrl}${orgPath}/replays/`, leadInMs, sources } };
  },

  checkId(sessionId) {
    if (REPLAY_ID_PATTERN.test(sessionId)) {
      return { ok: true, sessionId };
    }
    // A UUID logged with its dashes is the same replay: Sentry's URLs carry it without.
    if (UUID_PATTERN.test(sessionId)) {
      return { ok: true, sessionId: sessionId.replace(/-/g, '') };
    }
    return { ok: false, reason: 'Sentry replay ids are 32 hex digits (a UUID, dashes optional).' };
  },

  linkAt: (tool, sessionId, errorTimeMs) => ({
    url: `${tool.sessionsUrl}${sessionId}/?event_t=${linkTimeMs(errorTimeMs, tool.leadInMs)}`,
  }),

  exampleSessionId: (startMs) => exampleUuid(exampleHex(startMs, 32), '4', 'b').replace(/-/g, ''),
};

import {
  exampleHex,
  exampleUuid,
  httpBaseUrl,
  linkTimeMs,
  settingText,
  type ReplayToolRule,
  type SettingProblem,
} from '../toolRule';

const DEFAULT_LOGROCKET_URL = 'https://app.logrocket.com';
/** LogRocket.init's app id: `<org>/<app>` (docs.logrocket.com/reference/configure-sdk). */
const APP_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/;
/**
 * A recording id as session URLs show it, a number, a dash and a UUID (`6-01997ca3-2cad-7110-…`),
 * optionally with the tab after a slash, as a session URL's path ends (`…/s/<recording>/<tab>`).
 */
const SESSION_PATTERN =
  /^([0-9]{1,3}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/([0-9]{1,4}))?$/i;

/**
 * LogRocket: its SDK hands out whole session URLs (LogRocket.getSessionURL,
 * docs.logrocket.com/reference/get-session-url) and documents no rule for them. Their shape, as the
 * SDK gives them out: `https://app.logrocket.com/<org>/<app>/s/<recording id>/<tab>?t=<epoch ms>`,
 * the tab counted from 0; `t` opens the moment (seen in such URLs, not documented). A logged id
 * without its tab opens tab 0, the session's first.
 */
export const logRocket: ReplayToolRule<'logrocket'> = {
  kind: 'logrocket',
  label: 'LogRocket',
  resolve(setting, { leadInMs, sources }) {
    const problems: SettingProblem[] = [];
    const baseUrl = httpBaseUrl(settingText(setting.url) ?? DEFAULT_LOGROCKET_URL);
    const appId = settingText(setting.appId);
    if (!baseUrl) {
      problems.push({ key: 'url', message: 'The LogRocket URL must start with http:// or https:// and a host.' });
    }
    if (!appId || !APP_ID_PATTERN.test(appId)) {
      problems.push({
        key: 'appId',
        message: 'Enter the app id as LogRocket.init takes it: <org>/<app>, e.g. acme/shop.',
      });
    }
    if (!baseUrl || problems.length) {
      return { problems };
    }
    return { tool: { kind: 'logrocket', sessionsUrl: `${baseUrl}/${appId}/s/`, leadInMs, sources } };
  },

  checkId(sessionId) {
    return SESSION_PATTERN.test(sessionId)
      ? { ok: true, sessionId }
      : {
          ok: false,
          reason: 'LogRocket recording ids are a number, a dash and a UUID (6-01997ca3-…), as in its session URLs.',
        };
  },

  linkAt(tool, sessionId, errorTimeMs) {
    const [, recording, tab] = SESSION_PATTERN.exec(sessionId)!;
    return { url: `${tool.sessionsUrl}${recording}/${tab ?? 0}?t=${linkTimeMs(errorTimeMs, tool.leadInMs)}` };
  },

  exampleSessionId: (startMs) => `6-${exampleUuid(exampleHex(startMs, 32), '7', 'a')}`,
};

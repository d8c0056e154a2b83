import { exampleHex, httpBaseUrl, settingText, type ReplayToolRule, type SettingProblem } from '../toolRule';

/**
 * Faro's session ids: genShortID's 10 characters from its alphabet of letters and digits without
 * l, I and O (grafana/faro-web-sdk packages/core/src/utils/shortId.ts; createUserSessionObject in
 * packages/web-sdk/src/instrumentations/session/sessionManager/sessionManagerUtils.ts).
 */
const FARO_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const FARO_ID_PATTERN = /^[a-km-zA-HJ-NP-Z0-9]{10}$/;
const APP_ID_PATTERN = /^[0-9]{1,20}$/;

/**
 * Grafana Frontend Observability (Faro): the session page of the Frontend Observability app,
 * `<Grafana>/a/grafana-kowalski-app/apps/<app id>/sessions/<session id>` (the route Grafana's own
 * links build: buildFaroSessionHref, `/a/${pluginId}/apps/${appId}/sessions/${sessionId}`). The
 * page has no time parameter: the link opens the session, not the moment.
 */
export const faro: ReplayToolRule<'faro'> = {
  kind: 'faro',
  label: 'Grafana Frontend Observability (Faro)',
  resolve(setting, { leadInMs, sources }) {
    const problems: SettingProblem[] = [];
    const baseUrl = httpBaseUrl(setting.url);
    const appId = settingText(setting.appId);
    if (!baseUrl) {
      problems.push({
        key: 'url',
        message: settingText(setting.url)
          ? 'The Grafana URL must start with http:// or https:// and a host.'
          : 'Enter the URL of the Grafana that runs Frontend Observability, e.g. https://acme.grafana.net.',
      });
    }
    if (!appId || !APP_ID_PATTERN.test(appId)) {
      problems.push({
        key: 'appId',
        message: "Enter the app id: the number after /apps/ in Frontend Observability's URLs.",
      });
    }
    if (!baseUrl || problems.length) {
      return { problems };
    }
    return {
      tool: {
        kind: 'faro',
        sessionsUrl: `${baseUrl}/a/grafana-kowalski-app/apps/${appId}/sessions/`,
        leadInMs,
        sources,
      },
    };
  },

  checkId(sessionId) {
    return FARO_ID_PATTERN.test(sessionId)
      ? { ok: true, sessionId }
      : { ok: false, reason: 'Faro session ids are 10 letters and digits (no l, I or O).' };
  },

  linkAt: (tool, sessionId) => ({
    url: `${tool.sessionsUrl}${sessionId}`,
    note: "Frontend Observability's session page has no time parameter: the link opens the session.",
  }),

  exampleSessionId: (startMs) => {
    const hex = exampleHex(startMs, 20);
    return Array.from(
      { length: 10 },
      (_, i) => FARO_ALPHABET[parseInt(hex.slice(2 * i, 2 * i + 2), 16) % FARO_ALPHABET.length]
    ).join('');
  },
};

import {
  exampleHex,
  exampleUuid,
  linkTimeMs,
  settingText,
  UUID_PATTERN,
  type ReplayToolRule,
  type SettingProblem,
} from '../toolRule';

/**
 * The Datadog sites and their web app hosts (docs.datadoghq.com/getting_started/site, "Access the
 * Datadog site"). The Browser SDK builds the same host: `app.` before datadoghq.com and datadoghq.eu,
 * the site itself elsewhere, or `<subdomain>.<site>` for an organization's custom subdomain
 * (DataDog/browser-sdk packages/rum-core/src/domain/getSessionReplayUrl.ts, getDatadogSiteUrl).
 */
export const DATADOG_SITES: Array<{ name: string; site: string; host: string }> = [
  { name: 'US1', site: 'datadoghq.com', host: 'app.datadoghq.com' },
  { name: 'US3', site: 'us3.datadoghq.com', host: 'us3.datadoghq.com' },
  { name: 'US5', site: 'us5.datadoghq.com', host: 'us5.datadoghq.com' },
  { name: 'EU1', site: 'datadoghq.eu', host: 'app.datadoghq.eu' },
  { name: 'AP1', site: 'ap1.datadoghq.com', host: 'ap1.datadoghq.com' },
  { name: 'AP2', site: 'ap2.datadoghq.com', host: 'ap2.datadoghq.com' },
  { name: 'US1-FED', site: 'ddog-gov.com', host: 'app.ddog-gov.com' },
  { name: 'US2-FED', site: 'us2.ddog-gov.com', host: 'us2.ddog-gov.com' },
];

/** A DNS label, or none. */
const SUBDOMAIN_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)?$/i;

/**
 * Datadog RUM: `https://<host>/rum/replay/sessions/<session id>?from=<epoch ms>`, the path and `from`
 * parameter of the SDK's own replay link (getSessionReplayUrl.ts; it adds `seed=<view id>` and the
 * view's start as `from`, where a log line knows only its time). Session ids are UUIDs (the SDK's
 * generateUUID).
 */
export const datadog: ReplayToolRule<'datadog'> = {
  kind: 'datadog',
  label: 'Datadog RUM',
  resolve(setting, { leadInMs, sources }) {
    const problems: SettingProblem[] = [];
    const site = DATADOG_SITES.find((s) => s.site === (settingText(setting.site) ?? 'datadoghq.com'));
    const subdomain = settingText(setting.subdomain) ?? '';
    if (!site) {
      problems.push({
        key: 'site',
        message: `Choose your Datadog site: ${DATADOG_SITES.map((s) => s.site).join(', ')}.`,
      });
    }
    if (!SUBDOMAIN_PATTERN.test(subdomain)) {
      problems.push({
        key: 'subdomain',
        message:
          'A subdomain is letters, digits and inner hyphens only (acme for https://acme.datadoghq.com), or empty.',
      });
    }
    if (!site || problems.length) {
      return { problems };
    }
    const host = subdomain ? `${subdomain}.${site.site}` : site.host;
    return { tool: { kind: 'datadog', sessionsUrl: `https://${host}/rum/replay/sessions/`, leadInMs, sources } };
  },

  checkId(sessionId) {
    return UUID_PATTERN.test(sessionId)
      ? { ok: true, sessionId }
      : { ok: false, reason: 'Datadog RUM session ids are UUIDs (8-4-4-4-12 hex digits).' };
  },

  linkAt: (tool, sessionId, errorTimeMs) => ({
    url: `${tool.sessionsUrl}${sessionId}?from=${linkTimeMs(errorTimeMs, tool.leadInMs)}`,
  }),

  // A version 4 UUID, as generateUUID makes them.
  exampleSessionId: (startMs) => exampleUuid(exampleHex(startMs, 32), '4', 'a'),
};

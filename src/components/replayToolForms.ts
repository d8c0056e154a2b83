import { DATADOG_SITES } from '../replay/tools/datadog';
import type { ReplayToolSettingKey } from '../replay/toolRule';
import type { ReplayToolKind } from '../types';

/** A setting the editor asks a tool for. */
export interface ReplayToolField {
  key: ReplayToolSettingKey;
  label: string;
  description: string;
  placeholder?: string;
  /** A choice of values instead of free text; the first is shown when none is saved. */
  options?: Array<{ value: string; label: string }>;
}

/** How the editor asks for one tool's settings, and where the tool's ids usually are in logs. */
export interface ReplayToolForm {
  fields: ReplayToolField[];
  /** Offered as the tool's fields and tags, after the data source's own. */
  typicalSources: string[];
}

/**
 * Each tool's form. What each setting must be, and the message naming the fix when it is not, is
 * the tool's rule (src/replay/tools): a problem names the key of the field it is shown beside.
 */
export const REPLAY_TOOL_FORMS: Record<ReplayToolKind, ReplayToolForm> = {
  openreplay: {
    fields: [
      {
        key: 'url',
        label: 'URL',
        description: 'Your OpenReplay frontend, e.g. https://app.openreplay.com',
        placeholder: 'https://app.openreplay.com',
      },
      {
        key: 'projectId',
        label: 'Project id',
        description: 'The number in your session URLs: /<project id>/session/...',
        placeholder: '1',
      },
      {
        key: 'jumpMode',
        label: 'Jump mode',
        description:
          'Absolute time: jumpto is the error time in epoch ms (OpenReplay 1.15 and later). Offset from start: ms since the start its id encodes (older servers, the mobile player)',
        options: [
          { value: 'absolute', label: 'Absolute time' },
          { value: 'offset', label: 'Offset from start' },
        ],
      },
    ],
    typicalSources: ['openReplaySession.id', 'asayer_session_id', 'session.id'],
  },
  datadog: {
    fields: [
      {
        key: 'site',
        label: 'Site',
        description: `The site your Datadog URL shows: ${DATADOG_SITES.map((s) => `${s.name} ${s.host}`).join(', ')}`,
        options: DATADOG_SITES.map(({ site, name }) => ({ value: site, label: name })),
      },
      {
        key: 'subdomain',
        label: 'Custom subdomain',
        description: "Optional: your organization's subdomain, if its Datadog URL is https://<subdomain>.<site>",
        placeholder: 'acme',
      },
    ],
    // Datadog's baggage carries the id as session.id (shared reference, section 7).
    typicalSources: ['session.id'],
  },
  posthog: {
    fields: [
      {
        key: 'url',
        label: 'URL',
        description: 'https://us.posthog.com, https://eu.posthog.com or your own instance',
        placeholder: 'https://us.posthog.com',
      },
      {
        key: 'projectId',
        label: 'Project id',
        description: "The number after /project/ in PostHog's URLs, or the project token (phc_...)",
        placeholder: '12345',
      },
    ],
    // posthog-js names it $session_id in events; backends log it as sessionId (shared reference, section 7).
    typicalSources: ['sessionId', '$session_id', 'session.id'],
  },
  sentry: {
    fields: [
      {
        key: 'url',
        label: 'URL',
        description: "Your organization's URL, e.g. https://acme.sentry.io, or your self-hosted Sentry",
        placeholder: 'https://acme.sentry.io',
      },
      {
        key: 'org',
        label: 'Organization slug',
        description: "Needed when the URL is not your organization's own (https://sentry.io, a self-hosted Sentry)",
        placeholder: 'acme',
      },
    ],
    // The SDK's baggage names it sentry-replay_id; backends log it as sentry.replay_id (shared reference, section 1).
    typicalSources: ['sentry.replay_id', 'replay_id'],
  },
  faro: {
    fields: [
      {
        key: 'url',
        label: 'Grafana URL',
        description: 'The Grafana Cloud stack that runs Frontend Observability, e.g. https://acme.grafana.net',
        placeholder: 'https://acme.grafana.net',
      },
      {
        key: 'appId',
        label: 'App id',
        description: "The number in Frontend Observability's URLs: /a/grafana-kowalski-app/apps/<app id>",
        placeholder: '42',
      },
    ],
    // Faro's logfmt lines carry session_id (shared reference, section 7).
    typicalSources: ['session_id', 'session.id'],
  },
  logrocket: {
    fields: [
      {
        key: 'appId',
        label: 'App id',
        description: 'The id LogRocket.init takes: <org>/<app>, as in your session URLs',
        placeholder: 'acme/shop',
      },
      {
        key: 'url',
        label: 'URL',
        description: 'https://app.logrocket.com, or your self-hosted LogRocket',
        placeholder: 'https://app.logrocket.com',
      },
    ],
    // LogRocket names no field for backends to log its id in.
    typicalSources: [],
  },
  template: {
    fields: [
      {
        key: 'template',
        label: 'Template',
        description:
          'Placeholders: {sessionId}, {timeMs} (epoch ms), {timeIso}, {offsetMs}, {offsetSeconds} (since the start an OpenReplay id encodes)',
        placeholder: 'https://app.highlight.io/1/sessions/{sessionId}?tsAbs={timeMs}',
      },
    ],
    typicalSources: ['highlight.session_id', 'session.id'],
  },
};

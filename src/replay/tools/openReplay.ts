import { isNumericSessionId, openReplaySessionIdAt, openReplaySessionStartMs } from '../../session/sessionId';
import { httpBaseUrl, linkTimeMs, settingText, type ReplayToolRule, type SettingProblem } from '../toolRule';

/**
 * OpenReplay: `<frontend>/<project>/session/<id>?jumpto=<n>`. Ids are snowflake ids, digits, whose
 * high bits are the session start (openreplay/openreplay backend/pkg/flakeid). `jumpto` is read by
 * the player (frontend/app/components/Session/WebPlayer.tsx) as absolute epoch ms from 1.15 on, as
 * an offset from the start up to 1.14 and in the mobile player: the jump mode says which.
 */
export const openReplay: ReplayToolRule<'openreplay'> = {
  kind: 'openreplay',
  label: 'OpenReplay',
  resolve(setting, { leadInMs, sources }) {
    const problems: SettingProblem[] = [];
    const baseUrl = httpBaseUrl(setting.url);
    const projectId = settingText(setting.projectId);
    if (!baseUrl) {
      problems.push({
        key: 'url',
        message: settingText(setting.url)
          ? 'The OpenReplay URL must start with http:// or https:// and a host.'
          : 'Enter your OpenReplay URL, e.g. https://app.openreplay.com.',
      });
    }
    if (!projectId) {
      problems.push({
        key: 'projectId',
        message: 'Enter the project id: the number after the host in your session URLs (/<project id>/session/...).',
      });
    }
    if (!baseUrl || !projectId) {
      return { problems };
    }
    return {
      tool: {
        kind: 'openreplay',
        sessionsUrl: `${baseUrl}/${encodeURIComponent(projectId)}/session/`,
        jumpMode: setting.jumpMode === 'offset' ? 'offset' : 'absolute',
        leadInMs,
        sources,
      },
    };
  },

  checkId(sessionId) {
    return isNumericSessionId(sessionId)
      ? { ok: true, sessionId }
      : { ok: false, reason: 'OpenReplay session ids are digits (snowflake ids, at most 20).' };
  },

  linkAt(tool, sessionId, errorTimeMs) {
    const url = `${tool.sessionsUrl}${sessionId}`;
    const atMs = linkTimeMs(errorTimeMs, tool.leadInMs);
    if (tool.jumpMode === 'absolute') {
      return { url: `${url}?jumpto=${atMs}` };
    }
    // The session cannot start after its own error: a minute of slack for clock skew.
    const startMs = openReplaySessionStartMs(sessionId, errorTimeMs + 60_000);
    if (startMs === undefined) {
      return { url, note: 'Its id does not encode a plausible session start: the replay opens at its beginning.' };
    }
    return { url: `${url}?jumpto=${Math.max(0, atMs - startMs)}` };
  },

  exampleSessionId: (startMs) => openReplaySessionIdAt(startMs, 42),
};

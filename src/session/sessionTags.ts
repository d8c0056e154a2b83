import type { SessionTagName } from '../types';

/**
 * Message tags that carry a session id, e.g. `[asayer_session_id=123]` (Asayer, OpenReplay's former
 * name) and `[openReplaySession.id=123]` (OpenReplay's current docs). Ids in tags are digits.
 */
export const SESSION_TAG_NAMES: SessionTagName[] = ['asayer_session_id', 'openReplaySession.id'];

const TAG_PATTERNS: Record<SessionTagName, RegExp> = {
  // Optional brackets and the spaces after them go too, so the body reads cleanly.
  asayer_session_id: /\[?\s*asayer_session_id\s*=\s*([0-9]+)\s*\]?[ \t]*/i,
  'openReplaySession.id': /\[?\s*openReplaySession\.id\s*=\s*([0-9]+)\s*\]?[ \t]*/i,
};

/** The phrase that finds a tag for one session in an analysed message field. */
export function sessionTagPhrase(tag: SessionTagName, sessionId: string): string {
  return `${tag}=${sessionId}`;
}

export interface ExtractedSessionTag {
  tag: SessionTagName;
  sessionId: string;
  /** The message with the tag removed. */
  body: string;
}

/** Finds the first enabled tag in a message (earliest position wins) and removes it from the body. */
export function extractSessionTag(
  message: string,
  enabledTags: readonly SessionTagName[] = SESSION_TAG_NAMES
): ExtractedSessionTag | undefined {
  let best: { tag: SessionTagName; match: RegExpExecArray } | undefined;
  for (const tag of enabledTags) {
    const match = TAG_PATTERNS[tag].exec(message);
    if (match && (!best || match.index < best.match.index)) {
      best = { tag, match };
    }
  }
  if (!best) {
    return undefined;
  }
  const { match } = best;
  const body = (message.slice(0, match.index) + message.slice(match.index + match[0].length)).trim();
  return { tag: best.tag, sessionId: match[1], body };
}

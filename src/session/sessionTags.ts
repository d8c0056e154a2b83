import type { SessionTagName } from '../types';

/**
 * Message tags that carry a session id, e.g. `[asayer_session_id=123]` (Asayer, OpenReplay's former
 * name) and `[openReplaySession.id=123]` (OpenReplay's current docs). Ids in tags are digits.
 */
export const SESSION_TAG_NAMES: SessionTagName[] = ['asayer_session_id', 'openReplaySession.id'];

const TAG_SOURCES: Record<SessionTagName, string> = {
  asayer_session_id: 'asayer_session_id',
  'openReplaySession.id': 'openReplaySession\\.id',
};

/** One regex for the enabled tags, led by the tag names so the engine can skip ahead quickly. */
function tagPattern(tags: readonly SessionTagName[]): RegExp {
  return new RegExp(`(${tags.map((t) => TAG_SOURCES[t]).join('|')})\\s*=\\s*([0-9]+)`, 'i');
}

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
  return sessionTagExtractor(enabledTags)(message);
}

/**
 * extractSessionTag with its regex compiled once, for many messages (a response's log lines): no
 * module-level cache, so each caller's tags get their own.
 */
export function sessionTagExtractor(
  enabledTags: readonly SessionTagName[]
): (message: string) => ExtractedSessionTag | undefined {
  if (enabledTags.length === 0) {
    return () => undefined;
  }
  const pattern = tagPattern(enabledTags);
  return (message) => {
    const match = pattern.exec(message);
    if (!match) {
      return undefined;
    }
    const tag = enabledTags.find((t) => t.toLowerCase() === match[1].toLowerCase())!;
    // Widen the match to the brackets and blanks around the tag, so the body reads cleanly. No bounds
    // checks: reading before the start or past the end of the message gives undefined, not a blank.
    let start = match.index;
    let end = start + match[0].length;
    let before = start;
    while (message[before - 1] === ' ' || message[before - 1] === '\t') {
      before--;
    }
    if (message[before - 1] === '[') {
      start = before - 1;
      let after = end;
      while (message[after] === ' ' || message[after] === '\t') {
        after++;
      }
      if (message[after] === ']') {
        end = after + 1;
      }
    }
    while (message[end] === ' ' || message[end] === '\t') {
      end++;
    }
    const body = (message.slice(0, start) + message.slice(end)).trim();
    return { tag, sessionId: match[2], body };
  };
}

import type { SessionTagName } from '../types';

/**
 * Message tags that carry a session id as `name=<id>`, in brackets or bare, anywhere in a message:
 * `[asayer_session_id=123]` (Asayer, OpenReplay's former name), `[openReplaySession.id=123]`
 * (OpenReplay's current docs; its own Go logger appends ` openReplaySession.id=123` bare at the end),
 * and logfmt `session_id=k3Jh7mNp2Q` (Grafana Faro: faro.receiver's logfmt lines).
 */
export const SESSION_TAG_NAMES: SessionTagName[] = ['asayer_session_id', 'openReplaySession.id', 'session_id'];

/**
 * Each tag's name and id as regular expression sources. OpenReplay ids are digits (a 64-bit
 * number: at most 20). Faro's are
 * letters and digits: genShortID draws 10 from an alphabet of letters and digits
 * (grafana/faro-web-sdk packages/core/src/utils/shortId.ts), and a custom generateSessionId may
 * give other lengths.
 */
const TAG_PATTERNS: Record<SessionTagName, { name: string; id: string }> = {
  asayer_session_id: { name: 'asayer_session_id', id: '[0-9]{1,20}' },
  'openReplaySession.id': { name: 'openReplaySession\\.id', id: '[0-9]{1,20}' },
  session_id: { name: 'session_id', id: '[A-Za-z0-9]{1,128}' },
};

export function isSessionTagName(name: unknown): name is SessionTagName {
  return SESSION_TAG_NAMES.includes(name as SessionTagName);
}

/** Whether a tag can carry this id: the search for a session phrases only the tags that can. */
export function tagCarriesId(tag: SessionTagName, sessionId: string): boolean {
  return new RegExp(`^${TAG_PATTERNS[tag].id}$`).test(sessionId);
}

/**
 * One regex for the enabled tags, a name and id group per tag. A tag counts as a whole word, as the
 * engine's standard analyzer reads it: not inside a longer name (`previous_session_id`,
 * `asayer_session_id` for `session_id`, `x.session_id`), and its id not the start of a longer token
 * (`123abc`, `123_4`), so that what is extracted is what the phrase search finds.
 */
function tagPattern(tags: readonly SessionTagName[]): RegExp {
  const alternatives = tags.map((t) => `(${TAG_PATTERNS[t].name})\\s*=\\s*(${TAG_PATTERNS[t].id})`);
  return new RegExp(`(^|[^A-Za-z0-9_.])(?:${alternatives.join('|')})(?![A-Za-z0-9_])`, 'i');
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
  const tags = SESSION_TAG_NAMES.filter((t) => enabledTags.includes(t));
  if (tags.length === 0) {
    return () => undefined;
  }
  const pattern = tagPattern(tags);
  return (message) => {
    const match = pattern.exec(message);
    if (!match) {
      return undefined;
    }
    // Groups: the character before the tag, then a name and an id for each tag; one pair matched.
    const which = tags.findIndex((_, i) => match[2 + 2 * i] !== undefined);
    // Widen the match to the brackets and blanks around the tag, so the body reads cleanly. No bounds
    // checks: reading before the start or past the end of the message gives undefined, not a blank.
    let start = match.index + match[1].length;
    let end = start + match[0].length - match[1].length;
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
    return { tag: tags[which], sessionId: match[3 + 2 * which], body };
  };
}

import { extractSessionTag, sessionTagPhrase } from './sessionTags';

describe('extractSessionTag', () => {
  it.each([
    ['asayer prefix', '[asayer_session_id=123] payment failed', 'asayer_session_id', '123', 'payment failed'],
    [
      'openReplay prefix',
      '[openReplaySession.id=7212345678901234567] boom',
      'openReplaySession.id',
      '7212345678901234567',
      'boom',
    ],
    ['case-insensitive', '[ASAYER_SESSION_ID=42] x', 'asayer_session_id', '42', 'x'],
    ['lower-case openreplay', '[openreplaysession.id=42] x', 'openReplaySession.id', '42', 'x'],
    ['no brackets', 'asayer_session_id=99 timeout', 'asayer_session_id', '99', 'timeout'],
    ['in the middle', 'ERROR [openReplaySession.id=5] db down', 'openReplaySession.id', '5', 'ERROR db down'],
    ['at the end', 'db down [asayer_session_id=5]', 'asayer_session_id', '5', 'db down'],
    ['spaces around =', '[asayer_session_id = 77] x', 'asayer_session_id', '77', 'x'],
    [
      'earliest of two tags wins',
      '[openReplaySession.id=1] [asayer_session_id=2] x',
      'openReplaySession.id',
      '1',
      '[asayer_session_id=2] x',
    ],
    [
      'multi-line message keeps its lines',
      '[asayer_session_id=8] Error: x\n  at f (a.js:1)',
      'asayer_session_id',
      '8',
      'Error: x\n  at f (a.js:1)',
    ],
    ['blanks inside the brackets', '[  asayer_session_id=3  ] x', 'asayer_session_id', '3', 'x'],
    ['tabs inside the brackets', 'a [\t\tasayer_session_id=3\t\t]\tb', 'asayer_session_id', '3', 'a b'],
    ['a space before, a tab after, inside', 'a [ asayer_session_id=3\t] b', 'asayer_session_id', '3', 'a b'],
    ['a tab before, a space after, inside', 'a [\tasayer_session_id=3 ] b', 'asayer_session_id', '3', 'a b'],
    ['blanks and tabs after the tag', 'a [asayer_session_id=3] \t \tb', 'asayer_session_id', '3', 'a b'],
    ['blanks after a bare tag', 'a asayer_session_id=3  \t b', 'asayer_session_id', '3', 'a b'],
    ['a bracket that is not closed', 'a [asayer_session_id=3 b', 'asayer_session_id', '3', 'a b'],
    ['a bracket closed after other text', 'a [asayer_session_id=3 b]', 'asayer_session_id', '3', 'a b]'],
    ['a bracket after other text', 'a [x asayer_session_id=3] b', 'asayer_session_id', '3', 'a [x ] b'],
    ['a bracket glued to the text', 'a[asayer_session_id=3]b', 'asayer_session_id', '3', 'ab'],
    ['a bare tag glued to the text', 'a:asayer_session_id=3,b', 'asayer_session_id', '3', 'a:,b'],
    ['only the tag', '[asayer_session_id=3]', 'asayer_session_id', '3', ''],
    ['only the tag, in blanks', ' \t[ asayer_session_id=3 ]\t ', 'asayer_session_id', '3', ''],
    ['a tag at the very end, bare', 'x asayer_session_id=3', 'asayer_session_id', '3', 'x'],
    ['an unclosed bracket at the very end', 'x [asayer_session_id=3  ', 'asayer_session_id', '3', 'x'],
    ['an id in the middle of a message', 'x openReplaySession.id=12 y', 'openReplaySession.id', '12', 'x y'],
  ])('%s', (_label, message, tag, sessionId, body) => {
    expect(extractSessionTag(message)).toEqual({ tag, sessionId, body });
  });

  it.each([
    ['no tag', 'plain message'],
    ['tag without digits', '[asayer_session_id=abc] x'],
    ['token form is not an id', 'openReplaySessionToken=abc.def x'],
    ['empty', ''],
    ['a name that only looks like the tag', 'openReplaySessionXid=5 x'],
    ['a tag without =', '[asayer_session_id 5] x'],
  ])('finds nothing when %s', (_label, message) => {
    expect(extractSessionTag(message)).toBeUndefined();
  });

  it('only looks for enabled tags', () => {
    expect(extractSessionTag('[asayer_session_id=1] x', ['openReplaySession.id'])).toBeUndefined();
    expect(extractSessionTag('[asayer_session_id=1] x', ['asayer_session_id'])?.sessionId).toBe('1');
  });

  it('finds nothing when no tag is enabled', () => {
    expect(extractSessionTag('[asayer_session_id=1] x=2', [])).toBeUndefined();
  });

  it('finds the tags enabled in either order', () => {
    const message = 'a [asayer_session_id=1] b [openReplaySession.id=2] c';
    expect(extractSessionTag(message, ['openReplaySession.id'])).toEqual({
      tag: 'openReplaySession.id',
      sessionId: '2',
      body: 'a [asayer_session_id=1] b c',
    });
    expect(extractSessionTag(message, ['openReplaySession.id', 'asayer_session_id'])).toEqual({
      tag: 'asayer_session_id',
      sessionId: '1',
      body: 'a b [openReplaySession.id=2] c',
    });
    expect(extractSessionTag(message, ['asayer_session_id'])?.sessionId).toBe('1');
  });

  it('reads the whole id, not a prefix of it', () => {
    expect(extractSessionTag('[asayer_session_id=1234] x')?.sessionId).toBe('1234');
  });
});

describe('sessionTagPhrase', () => {
  it.each([
    ['asayer_session_id', '1', 'asayer_session_id=1'],
    ['openReplaySession.id', '7212345678901234567', 'openReplaySession.id=7212345678901234567'],
  ] as const)('%s + %s', (tag, id, phrase) => {
    expect(sessionTagPhrase(tag, id)).toBe(phrase);
  });
});

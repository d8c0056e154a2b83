import {
  extractSessionTag,
  isSessionTagName,
  SESSION_TAG_NAMES,
  sessionTagExtractor,
  sessionTagPhrase,
  tagCarriesId,
} from './sessionTags';

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
    // OpenReplay's Go logger (backend/pkg/logger, extraLogger.Log): `%s openReplaySession.id=%s`.
    [
      'OpenReplay’s Go logger, bare at the end',
      'failed to save session openReplaySession.id=7212345678901234567',
      'openReplaySession.id',
      '7212345678901234567',
      'failed to save session',
    ],
    // faro.receiver's logfmt (grafana/alloy internal/component/faro/receiver: Meta.KeyVal, `session_` prefix).
    [
      'Faro’s logfmt session_id',
      'kind=log message="cart failed" level=error session_id=k3Jh7mNp2Q page_url=/cart',
      'session_id',
      'k3Jh7mNp2Q',
      'kind=log message="cart failed" level=error page_url=/cart',
    ],
    ['Faro’s id at the very end', 'kind=exception session_id=Ab12', 'session_id', 'Ab12', 'kind=exception'],
    ['Faro’s id at the very start', 'session_id=Ab12 kind=log', 'session_id', 'Ab12', 'kind=log'],
    ['a Faro id of digits', 'x session_id=12345', 'session_id', '12345', 'x'],
    ['a Faro id in brackets', '[session_id=Zz9] x', 'session_id', 'Zz9', 'x'],
    [
      'a 20-digit OpenReplay id',
      'x openReplaySession.id=12345678901234567890',
      'openReplaySession.id',
      '12345678901234567890',
      'x',
    ],
    ['a tag after a quote', 'msg="a" asayer_session_id=4"', 'asayer_session_id', '4', 'msg="a" "'],
    [
      'the asayer tag, not Faro’s inside it',
      'asayer_session_id=5 session_id=Kx1',
      'asayer_session_id',
      '5',
      'session_id=Kx1',
    ],
    [
      'Faro’s tag after an asayer tag whose id is not digits',
      'asayer_session_id=abc session_id=Kx1',
      'session_id',
      'Kx1',
      'asayer_session_id=abc',
    ],
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
    ['Faro’s name inside a longer name', 'previous_session_id=Kx1 context_session_id=Kx2'],
    ['Faro’s name after a dot', 'meta.session_id=Kx1'],
    ['Faro’s name glued to a word', 'xsession_id=Kx1'],
    ['OpenReplay’s name inside a longer name', 'my.openReplaySession.id=5 x_asayer_session_id=6'],
    ['an id that goes on with a letter', 'asayer_session_id=123abc'],
    ['an id that goes on with an underscore', 'session_id=abc_def openReplaySession.id=5_1'],
    ['an OpenReplay id of 21 digits', 'openReplaySession.id=123456789012345678901'],
    ['a Faro id of 129 characters', `session_id=${'a'.repeat(129)}`],
    ['a Faro id of other characters', 'session_id=-abc session_id="abc"'],
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

  it('reads a Faro id of 128 characters', () => {
    expect(extractSessionTag(`x session_id=${'a'.repeat(128)}`)?.sessionId).toBe('a'.repeat(128));
  });

  it('knows which enabled tag matched, whatever the order they are enabled in', () => {
    const extract = sessionTagExtractor(['session_id', 'openReplaySession.id']);
    expect(extract('a openReplaySession.id=7')).toEqual({ tag: 'openReplaySession.id', sessionId: '7', body: 'a' });
    expect(extract('a session_id=q7')).toEqual({ tag: 'session_id', sessionId: 'q7', body: 'a' });
    expect(extract('a asayer_session_id=7')).toBeUndefined();
  });

  it('ignores tag names it does not know', () => {
    expect(sessionTagExtractor(['bogus' as never])('bogus=1 asayer_session_id=2')).toBeUndefined();
    expect(sessionTagExtractor(['bogus' as never, 'asayer_session_id'])('bogus=1 asayer_session_id=2')?.sessionId).toBe(
      '2'
    );
  });

  it('reads the whole id, not a prefix of it', () => {
    expect(extractSessionTag('[asayer_session_id=1234] x')?.sessionId).toBe('1234');
  });
});

describe('tagCarriesId', () => {
  it.each([
    ['asayer_session_id', '7212345678901234567', true],
    ['asayer_session_id', '12345678901234567890', true],
    ['asayer_session_id', '123456789012345678901', false],
    ['asayer_session_id', 'k3Jh7mNp2Q', false],
    ['openReplaySession.id', '1', true],
    ['openReplaySession.id', '1a', false],
    ['openReplaySession.id', 'a1', false],
    ['openReplaySession.id', '', false],
    ['session_id', 'k3Jh7mNp2Q', true],
    ['session_id', '123', true],
    ['session_id', 'a'.repeat(128), true],
    ['session_id', 'a'.repeat(129), false],
    ['session_id', 'abc-1', false],
    ['session_id', 'x.y', false],
    ['session_id', '', false],
  ] as const)('%s carries %j: %p', (tag, id, carries) => {
    expect(tagCarriesId(tag, id)).toBe(carries);
  });
});

describe('isSessionTagName', () => {
  it('knows the three tags and nothing else', () => {
    expect(SESSION_TAG_NAMES.every(isSessionTagName)).toBe(true);
    expect(SESSION_TAG_NAMES).toEqual(['asayer_session_id', 'openReplaySession.id', 'session_id']);
    expect(['openReplaySessionToken', 'Session_id', '', undefined, 1].some(isSessionTagName)).toBe(false);
  });
});

describe('sessionTagPhrase', () => {
  it.each([
    ['session_id', 'k3Jh7mNp2Q', 'session_id=k3Jh7mNp2Q'],
    ['asayer_session_id', '1', 'asayer_session_id=1'],
    ['openReplaySession.id', '7212345678901234567', 'openReplaySession.id=7212345678901234567'],
  ] as const)('%s + %s', (tag, id, phrase) => {
    expect(sessionTagPhrase(tag, id)).toBe(phrase);
  });
});

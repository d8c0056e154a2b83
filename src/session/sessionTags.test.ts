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
  ])('%s', (_label, message, tag, sessionId, body) => {
    expect(extractSessionTag(message)).toEqual({ tag, sessionId, body });
  });

  it.each([
    ['no tag', 'plain message'],
    ['tag without digits', '[asayer_session_id=abc] x'],
    ['token form is not an id', 'openReplaySessionToken=abc.def x'],
    ['empty', ''],
  ])('finds nothing when %s', (_label, message) => {
    expect(extractSessionTag(message)).toBeUndefined();
  });

  it('only looks for enabled tags', () => {
    expect(extractSessionTag('[asayer_session_id=1] x', ['openReplaySession.id'])).toBeUndefined();
    expect(extractSessionTag('[asayer_session_id=1] x', ['asayer_session_id'])?.sessionId).toBe('1');
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

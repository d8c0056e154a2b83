import { DEFAULT_SETTINGS, MAX_LINES_CEILING, resolveSettings } from './settings';

describe('resolveSettings', () => {
  it('applies every default', () => {
    const s = resolveSettings({});
    expect(s).toMatchObject({
      indexPattern: 'logs-*',
      timeField: '@timestamp',
      messageField: 'message',
      levelField: 'log.level',
      sessionFields: [],
      sessionField: undefined,
      traceField: 'trace.id',
      messageTags: ['asayer_session_id', 'openReplaySession.id'],
      maxLines: 1000,
      replay: [],
    });
    expect(s.detailFields).toEqual(DEFAULT_SETTINGS.detailFields);
  });

  it('trims values and treats blanks as unset', () => {
    const s = resolveSettings({ indexPattern: '  app-*  ', timeField: ' ', sessionField: '  ' });
    expect(s.indexPattern).toBe('app-*');
    expect(s.timeField).toBe('@timestamp');
    expect(s.sessionField).toBeUndefined();
  });

  it.each([
    [
      'the saved list',
      { sessionFields: ['session.id', 'attributes.session.id'] },
      ['session.id', 'attributes.session.id'],
    ],
    ['the one field saved before lists', { sessionField: ' sid ' }, ['sid']],
    ['the list over the one field', { sessionFields: ['a'], sessionField: 'b' }, ['a']],
    ['an empty list over the one field', { sessionFields: [], sessionField: 'b' }, []],
    ['trimmed, blanks and repeats dropped', { sessionFields: [' a ', '', '  ', 'b', 'a'] }, ['a', 'b']],
    ['one name where a list belongs', { sessionFields: 'session.id' as unknown as string[] }, ['session.id']],
    ['names that are not text dropped', { sessionFields: ['a', 7, null, 'b'] as unknown as string[] }, ['a', 'b']],
    ['nothing saved', {}, []],
  ])('session fields: %s', (_label, options, fields) => {
    const s = resolveSettings(options);
    expect(s.sessionFields).toEqual(fields);
    // What needs one keyword field uses the first.
    expect(s.sessionField).toBe(fields[0]);
  });

  it.each([
    [undefined, 'trace.id'],
    ['  ', 'trace.id'],
    [' traceId ', 'traceId'],
  ])('trace field %p resolves to %p', (traceField, expected) => {
    expect(resolveSettings({ traceField }).traceField).toBe(expected);
  });

  it('keeps the message tags it knows, in their order, and leaves out others', () => {
    expect(resolveSettings({ messageTags: ['session_id', 'asayer_session_id'] }).messageTags).toEqual([
      'session_id',
      'asayer_session_id',
    ]);
    expect(resolveSettings({ messageTags: ['sessionId' as never, 'openReplaySession.id'] }).messageTags).toEqual([
      'openReplaySession.id',
    ]);
    expect(resolveSettings({ messageTags: [] }).messageTags).toEqual([]);
  });

  it.each([
    [undefined, 1000],
    [0, 1000],
    [50, 50],
    [-5, 1],
    [99999, MAX_LINES_CEILING],
    [12.7, 12],
  ])('maxLines %p resolves to %p', (maxLines, expected) => {
    expect(resolveSettings({ maxLines: maxLines as number }).maxLines).toBe(expected);
  });

  // Each tool's rules: src/replay (replayTools.test.ts for the settings saved before lists).
  it.each([
    [
      { replayLink: 'openreplay' as const, openReplayUrl: 'https://or.example.com/', openReplayProjectId: '7' },
      [
        {
          kind: 'openreplay',
          sessionsUrl: 'https://or.example.com/7/session/',
          jumpMode: 'absolute',
          leadInMs: 5000,
          sources: [],
        },
      ],
    ],
    [{ replayLink: 'openreplay' as const, openReplayUrl: 'https://or.example.com' }, []],
    [{ replayLink: 'none' as const, openReplayUrl: 'https://or.example.com', openReplayProjectId: '7' }, []],
    [
      {
        leadInSeconds: 1,
        replayTools: [
          { kind: 'datadog' as const, sources: ['session.id'] },
          { kind: 'sentry' as const, url: 'https://acme.sentry.io' },
        ],
      },
      [
        {
          kind: 'datadog',
          sessionsUrl: 'https://app.datadoghq.com/rum/replay/sessions/',
          leadInMs: 1000,
          sources: ['session.id'],
        },
        { kind: 'sentry', sessionsUrl: 'https://acme.sentry.io/replays/', leadInMs: 1000, sources: [] },
      ],
    ],
  ])('replay tools %#', (options, expected) => {
    expect(resolveSettings(options).replay).toEqual(expected);
  });
});

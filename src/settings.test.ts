import { DEFAULT_SETTINGS, MAX_LINES_CEILING, resolveSettings } from './settings';

describe('resolveSettings', () => {
  it('applies every default', () => {
    const s = resolveSettings({});
    expect(s).toMatchObject({
      indexPattern: 'logs-*',
      timeField: '@timestamp',
      messageField: 'message',
      levelField: 'log.level',
      sessionField: undefined,
      messageTags: ['asayer_session_id', 'openReplaySession.id'],
      maxLines: 1000,
      replay: { kind: 'none' },
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
    [undefined, 1000],
    [0, 1000],
    [50, 50],
    [-5, 1],
    [99999, MAX_LINES_CEILING],
    [12.7, 12],
  ])('maxLines %p resolves to %p', (maxLines, expected) => {
    expect(resolveSettings({ maxLines: maxLines as number }).maxLines).toBe(expected);
  });

  it.each([
    [
      { replayLink: 'openreplay' as const, openReplayUrl: 'https://or.example.com/', openReplayProjectId: '7' },
      { kind: 'openreplay', baseUrl: 'https://or.example.com', projectId: '7', jumpMode: 'absolute', leadInMs: 5000 },
    ],
    [
      {
        openReplayUrl: 'https://or.example.com',
        openReplayProjectId: '7',
        jumpMode: 'offset' as const,
        leadInSeconds: 0,
      },
      { kind: 'openreplay', baseUrl: 'https://or.example.com', projectId: '7', jumpMode: 'offset', leadInMs: 0 },
    ],
    [{ replayLink: 'openreplay' as const, openReplayUrl: 'https://or.example.com' }, { kind: 'none' }],
    [
      { replayLink: 'template' as const, replayUrlTemplate: 'https://x/{sessionId}', leadInSeconds: 2 },
      { kind: 'template', template: 'https://x/{sessionId}', leadInMs: 2000 },
    ],
    [
      { replayLink: 'none' as const, openReplayUrl: 'https://or.example.com', openReplayProjectId: '7' },
      { kind: 'none' },
    ],
    [
      { replayLink: 'openreplay' as const, openReplayUrl: 'https://or', openReplayProjectId: '1', leadInSeconds: -3 },
      { kind: 'openreplay', baseUrl: 'https://or', projectId: '1', jumpMode: 'absolute', leadInMs: 0 },
    ],
  ])('replay settings %#', (options, expected) => {
    expect(resolveSettings(options).replay).toEqual(expected);
  });

  it.each([
    [
      'javascript: OpenReplay URL',
      { replayLink: 'openreplay', openReplayUrl: 'javascript:alert(1)//', openReplayProjectId: '1' },
    ],
    ['data: OpenReplay URL', { replayLink: 'openreplay', openReplayUrl: 'data:text/html,x', openReplayProjectId: '1' }],
    [
      'OpenReplay URL without a scheme',
      { replayLink: 'openreplay', openReplayUrl: 'replay.acme.io', openReplayProjectId: '1' },
    ],
    ['javascript: template', { replayLink: 'template', replayUrlTemplate: 'javascript:alert("{sessionId}")' }],
    ['template without the session', { replayLink: 'template', replayUrlTemplate: 'https://x.test/' }],
  ] as const)('builds no replay links from a %s', (_label, options) => {
    expect(resolveSettings(options).replay).toEqual({ kind: 'none' });
  });

  it('keeps http and https replay URLs', () => {
    expect(
      resolveSettings({ openReplayUrl: 'HTTPS://replay.acme.io/', openReplayProjectId: '1' }).replay
    ).toMatchObject({
      kind: 'openreplay',
      baseUrl: 'HTTPS://replay.acme.io',
    });
    expect(
      resolveSettings({ replayLink: 'template', replayUrlTemplate: 'http://x.test/{sessionId}' }).replay
    ).toMatchObject({
      kind: 'template',
    });
  });
});

import { openReplaySessionIdAt, openReplaySessionStartMs } from '../../session/sessionId';
import type { ReplayToolSetting } from '../../types';
import { openReplay } from './openReplay';

const START = Date.UTC(2026, 10, 20, 9, 0, 0);
const ERROR_AT = START + 90_500; // 90.5 s into the session
const common = { leadInMs: 5000, sources: ['openReplaySession.id'] };
const setting = (patch: Partial<ReplayToolSetting> = {}): ReplayToolSetting => ({
  kind: 'openreplay',
  url: 'https://replay.example.com',
  projectId: '3',
  ...patch,
});
const tool = (jumpMode: 'absolute' | 'offset', leadInMs = 5000) => {
  const resolved = openReplay.resolve(setting({ jumpMode }), { ...common, leadInMs });
  if (!('tool' in resolved)) {
    throw new Error('expected a tool');
  }
  return resolved.tool;
};

describe('OpenReplay settings', () => {
  it.each([
    [setting(), 'https://replay.example.com/3/session/', 'absolute'],
    [
      setting({ url: '  https://replay.example.com///  ', projectId: ' 3 ' }),
      'https://replay.example.com/3/session/',
      'absolute',
    ],
    [setting({ jumpMode: 'offset' }), 'https://replay.example.com/3/session/', 'offset'],
    [setting({ url: 'HTTP://or:8080/base' }), 'HTTP://or:8080/base/3/session/', 'absolute'],
    [setting({ projectId: 'a b/c?' }), 'https://replay.example.com/a%20b%2Fc%3F/session/', 'absolute'],
  ])('%o resolves to %s in %s mode', (saved, sessionsUrl, jumpMode) => {
    expect(openReplay.resolve(saved, common)).toEqual({
      tool: { kind: 'openreplay', sessionsUrl, jumpMode, leadInMs: 5000, sources: ['openReplaySession.id'] },
    });
  });

  it.each([
    [{ url: undefined }, [['url', 'Enter your OpenReplay URL, e.g. https://app.openreplay.com.']]],
    [{ url: '  ' }, [['url', 'Enter your OpenReplay URL, e.g. https://app.openreplay.com.']]],
    [{ url: 'replay.acme.io' }, [['url', 'The OpenReplay URL must start with http:// or https:// and a host.']]],
    [{ url: 'javascript:alert(1)//' }, [['url', 'The OpenReplay URL must start with http:// or https:// and a host.']]],
    [
      { projectId: ' ' },
      [
        [
          'projectId',
          'Enter the project id: the number after the host in your session URLs (/<project id>/session/...).',
        ],
      ],
    ],
    [
      { url: '', projectId: undefined },
      [
        ['url', 'Enter your OpenReplay URL, e.g. https://app.openreplay.com.'],
        [
          'projectId',
          'Enter the project id: the number after the host in your session URLs (/<project id>/session/...).',
        ],
      ],
    ],
  ])('%o needs a fix', (patch, problems) => {
    expect(openReplay.resolve(setting(patch), common)).toEqual({
      problems: problems.map(([key, message]) => ({ key, message })),
    });
  });
});

describe('OpenReplay ids', () => {
  it.each([
    ['1', true],
    ['12345678901234567890', true],
    ['123456789012345678901', false],
    ['abc-def', false],
    ['12a', false],
    ['-1', false],
    ['', false],
  ])('%p is an OpenReplay id: %p', (id, ok) => {
    expect(openReplay.checkId(id)).toEqual(
      ok
        ? { ok: true, sessionId: id }
        : { ok: false, reason: 'OpenReplay session ids are digits (snowflake ids, at most 20).' }
    );
  });
});

describe('OpenReplay links', () => {
  // Built in each test, not at collection time: a 19-digit id whose start is START.
  const id = () => openReplaySessionIdAt(START, 0x123456);

  it.each([
    ['absolute, 5 s lead-in', 'absolute', 5000, `?jumpto=${ERROR_AT - 5000}`],
    ['absolute, no lead-in', 'absolute', 0, `?jumpto=${ERROR_AT}`],
    ['offset, 5 s lead-in', 'offset', 5000, '?jumpto=85500'],
    ['offset, no lead-in', 'offset', 0, '?jumpto=90500'],
    ['offset, a lead-in longer than the offset clamps to 0', 'offset', 120_000, '?jumpto=0'],
  ] as const)('%s', (_label, jumpMode, leadInMs, query) => {
    expect(openReplay.linkAt(tool(jumpMode, leadInMs), id(), ERROR_AT)).toEqual({
      url: `https://replay.example.com/3/session/${id()}${query}`,
    });
  });

  it('jumps to a whole millisecond', () => {
    expect(openReplay.linkAt(tool('absolute', 0), id(), ERROR_AT + 0.6).url).toMatch(
      new RegExp(`jumpto=${ERROR_AT + 1}$`)
    );
    expect(openReplay.linkAt(tool('offset', 0), id(), ERROR_AT + 0.4).url).toMatch(/jumpto=90500$/);
  });

  it('allows a session to start up to a minute after its error (clock skew), not more', () => {
    const skewed = openReplaySessionIdAt(ERROR_AT + 60_000);
    expect(openReplay.linkAt(tool('offset', 0), skewed, ERROR_AT).url).toMatch(/\?jumpto=0$/);
    // A day and half a minute after: within openReplaySessionStartMs's day of slack past the minute.
    const dayLate = openReplaySessionIdAt(ERROR_AT + 24 * 3600_000 + 30_000);
    expect(openReplay.linkAt(tool('offset', 0), dayLate, ERROR_AT).url).toMatch(/\?jumpto=0$/);
    // More than a day after its error: not a start openReplaySessionStartMs accepts.
    const late = openReplaySessionIdAt(ERROR_AT + 60_000 + 24 * 3600_000 + 1);
    expect(openReplaySessionStartMs(late, ERROR_AT + 60_000)).toBeUndefined();
    expect(openReplay.linkAt(tool('offset', 0), late, ERROR_AT)).toEqual({
      url: `https://replay.example.com/3/session/${late}`,
      note: 'Its id does not encode a plausible session start: the replay opens at its beginning.',
    });
  });

  it('opens at the beginning in offset mode when the id encodes no start', () => {
    expect(openReplay.linkAt(tool('offset'), '123', ERROR_AT)).toEqual({
      url: 'https://replay.example.com/3/session/123',
      note: 'Its id does not encode a plausible session start: the replay opens at its beginning.',
    });
    // Absolute mode needs no start.
    expect(openReplay.linkAt(tool('absolute'), '123', ERROR_AT)).toEqual({
      url: `https://replay.example.com/3/session/123?jumpto=${ERROR_AT - 5000}`,
    });
  });

  it('gives an example id of its own shape that encodes the start', () => {
    const example = openReplay.exampleSessionId(START);
    expect(openReplay.checkId(example).ok).toBe(true);
    expect(openReplaySessionStartMs(example, START)).toBe(START);
  });
});

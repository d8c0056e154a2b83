import { openReplaySessionIdAt } from '../session/sessionId';
import type { ReplaySettings } from '../types';
import { replayUrlAt, validateReplayTemplate } from './replayUrlAt';

const START = Date.UTC(2026, 10, 20, 9, 0, 0);
const ERROR_AT = START + 90_500; // 90.5 s into the session
const ID = openReplaySessionIdAt(START, 0x123456); // 19 digits

const openReplay = (jumpMode: 'absolute' | 'offset', leadInMs = 5000): ReplaySettings => ({
  kind: 'openreplay',
  baseUrl: 'https://replay.example.com',
  projectId: '3',
  jumpMode,
  leadInMs,
});

describe('replayUrlAt', () => {
  it('uses a 19-digit id unchanged', () => {
    expect(ID).toHaveLength(19);
    expect(replayUrlAt(openReplay('absolute'), ID, ERROR_AT)).toContain(`/session/${ID}?`);
  });

  it.each([
    [
      'absolute, 5 s lead-in',
      openReplay('absolute'),
      `https://replay.example.com/3/session/${ID}?jumpto=${ERROR_AT - 5000}`,
    ],
    [
      'absolute, no lead-in',
      openReplay('absolute', 0),
      `https://replay.example.com/3/session/${ID}?jumpto=${ERROR_AT}`,
    ],
    ['offset, 5 s lead-in', openReplay('offset'), `https://replay.example.com/3/session/${ID}?jumpto=85500`],
    [
      'offset, lead-in longer than the offset clamps to 0',
      openReplay('offset', 120_000),
      `https://replay.example.com/3/session/${ID}?jumpto=0`,
    ],
  ])('OpenReplay %s', (_label, settings, expected) => {
    expect(replayUrlAt(settings, ID, ERROR_AT)).toBe(expected);
  });

  it('offset mode without a decodable start opens the session without jumpto', () => {
    expect(replayUrlAt(openReplay('offset'), 'abc-def', ERROR_AT)).toBe('https://replay.example.com/3/session/abc-def');
  });

  it('absolute mode works for any id', () => {
    expect(replayUrlAt(openReplay('absolute'), 'abc-def', ERROR_AT)).toBe(
      `https://replay.example.com/3/session/abc-def?jumpto=${ERROR_AT - 5000}`
    );
  });

  it.each([
    [
      'Highlight',
      'https://app.highlight.io/1/sessions/{sessionId}?tsAbs={timeMs}',
      `https://app.highlight.io/1/sessions/${ID}?tsAbs=${ERROR_AT - 1000}`,
    ],
    [
      'Sentry',
      'https://sentry.io/organizations/acme/replays/{sessionId}/?t={offsetSeconds}',
      `https://sentry.io/organizations/acme/replays/${ID}/?t=89`,
    ],
    [
      'ISO time',
      'https://x.test/{sessionId}?at={timeIso}',
      `https://x.test/${ID}?at=${encodeURIComponent(new Date(ERROR_AT - 1000).toISOString())}`,
    ],
    ['offset ms', 'https://x.test/{sessionId}#{offsetMs}', `https://x.test/${ID}#89500`],
    ['unknown placeholders stay', 'https://x.test/{sessionId}/{other}', `https://x.test/${ID}/{other}`],
  ])('template %s', (_label, template, expected) => {
    expect(replayUrlAt({ kind: 'template', template, leadInMs: 1000 }, ID, ERROR_AT)).toBe(expected);
  });

  it('encodes ids in templates', () => {
    expect(replayUrlAt({ kind: 'template', template: 'https://x.test/{sessionId}', leadInMs: 0 }, 'a:b', 1)).toBe(
      'https://x.test/a%3Ab'
    );
  });

  it.each([
    ['no replay configured', { kind: 'none' } as ReplaySettings, ID, ERROR_AT],
    ['no session id', openReplay('absolute'), '', ERROR_AT],
    ['no time', openReplay('absolute'), ID, NaN],
    [
      'template offset for an id without a start',
      { kind: 'template', template: 'https://x/{sessionId}?t={offsetSeconds}', leadInMs: 0 } as ReplaySettings,
      'abc',
      ERROR_AT,
    ],
    ['a dot segment read from a log line', openReplay('absolute'), '..', ERROR_AT],
    ['a single dot', openReplay('absolute'), '.', ERROR_AT],
    ['a slash', openReplay('absolute'), '1/../../admin', ERROR_AT],
    ['a query', openReplay('absolute'), '1?x=y', ERROR_AT],
    ['a space', openReplay('absolute'), '1 2', ERROR_AT],
    ['an id too long', openReplay('absolute'), '1'.repeat(129), ERROR_AT],
    [
      'a dot segment in a template',
      { kind: 'template', template: 'https://x/{sessionId}', leadInMs: 0 } as ReplaySettings,
      '..',
      ERROR_AT,
    ],
  ])('no link when %s', (_label, settings, id, time) => {
    expect(replayUrlAt(settings, id, time)).toBeUndefined();
  });
});

describe('validateReplayTemplate', () => {
  it.each([
    ['javascript:alert(1)//{sessionId}', /http/],
    ['data:text/html,{sessionId}', /http/],
    ['https://{sessionId}', undefined],
    ['https:///{sessionId}', /http/],
    ['https://x/{sessionId}?t={timeMs}', undefined],
    ['x/{sessionId}', /http/],
    ['https://x/', /\{sessionId\}/],
    ['https://x/{sessionId}?t={time}', /Unknown placeholder \{time\}/],
  ])('%s', (template, expected) => {
    const result = validateReplayTemplate(template);
    if (expected === undefined) {
      expect(result).toBeUndefined();
    } else {
      expect(result).toMatch(expected);
    }
  });
});

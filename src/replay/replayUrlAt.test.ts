import { openReplaySessionIdAt } from '../session/sessionId';
import type { ReplaySettings } from '../types';
import { isHttpUrl, replayUrlAt, TEMPLATE_PLACEHOLDERS, validateReplayTemplate } from './replayUrlAt';

const START = Date.UTC(2026, 10, 20, 9, 0, 0);
const ERROR_AT = START + 90_500; // 90.5 s into the session
// Built in each test, not at collection time: a 19-digit OpenReplay id.
const sessionId = () => openReplaySessionIdAt(START, 0x123456);

const openReplay = (jumpMode: 'absolute' | 'offset', leadInMs = 5000): ReplaySettings => ({
  kind: 'openreplay',
  baseUrl: 'https://replay.example.com',
  projectId: '3',
  jumpMode,
  leadInMs,
});

const template = (url: string, leadInMs = 0): ReplaySettings => ({ kind: 'template', template: url, leadInMs });

describe('replayUrlAt', () => {
  it('uses a 19-digit id unchanged', () => {
    const id = sessionId();
    expect(id).toHaveLength(19);
    expect(replayUrlAt(openReplay('absolute'), id, ERROR_AT)).toContain(`/session/${id}?`);
  });

  it.each([
    ['absolute, 5 s lead-in', openReplay('absolute'), `?jumpto=${ERROR_AT - 5000}`],
    ['absolute, no lead-in', openReplay('absolute', 0), `?jumpto=${ERROR_AT}`],
    ['offset, 5 s lead-in', openReplay('offset'), '?jumpto=85500'],
    ['offset, no lead-in', openReplay('offset', 0), '?jumpto=90500'],
    ['offset, lead-in longer than the offset clamps to 0', openReplay('offset', 120_000), '?jumpto=0'],
  ])('OpenReplay %s', (_label, settings, query) => {
    const id = sessionId();
    expect(replayUrlAt(settings, id, ERROR_AT)).toBe(`https://replay.example.com/3/session/${id}${query}`);
  });

  it('jumps to a whole millisecond', () => {
    const id = sessionId();
    expect(replayUrlAt(openReplay('absolute', 0), id, ERROR_AT + 0.6)).toBe(
      `https://replay.example.com/3/session/${id}?jumpto=${ERROR_AT + 1}`
    );
    expect(replayUrlAt(openReplay('offset', 0), id, ERROR_AT + 0.4)).toBe(
      `https://replay.example.com/3/session/${id}?jumpto=90500`
    );
  });

  it('encodes the project id', () => {
    const settings: ReplaySettings = { ...openReplay('absolute', 0), projectId: 'a b/c?' } as ReplaySettings;
    expect(replayUrlAt(settings, 'abc', 1000)).toBe('https://replay.example.com/a%20b%2Fc%3F/session/abc?jumpto=1000');
  });

  it('offset mode without a decodable start opens the session without jumpto', () => {
    expect(replayUrlAt(openReplay('offset'), 'abc-def', ERROR_AT)).toBe('https://replay.example.com/3/session/abc-def');
  });

  it('absolute mode works for any id', () => {
    expect(replayUrlAt(openReplay('absolute'), 'abc-def', ERROR_AT)).toBe(
      `https://replay.example.com/3/session/abc-def?jumpto=${ERROR_AT - 5000}`
    );
  });

  it('allows a session to start up to a minute after its error (clock skew)', () => {
    const id = openReplaySessionIdAt(ERROR_AT + 60_000);
    expect(replayUrlAt(openReplay('offset', 0), id, ERROR_AT)).toBe(
      `https://replay.example.com/3/session/${id}?jumpto=0`
    );
    expect(replayUrlAt(template('https://x.test/{sessionId}?t={offsetMs}'), id, ERROR_AT)).toBe(
      `https://x.test/${id}?t=0`
    );
  });

  it("decodes a start up to a day and a minute after the error (openReplaySessionStartMs's day of slack)", () => {
    const id = openReplaySessionIdAt(ERROR_AT + 60_000 + 24 * 3600_000);
    expect(replayUrlAt(template('https://x.test/{sessionId}?t={offsetMs}'), id, ERROR_AT)).toBe(
      `https://x.test/${id}?t=0`
    );
  });

  it('links an id padded with blanks as the id itself', () => {
    // A log line may carry ' 123 '; the id is validated trimmed, and must be linked trimmed.
    const id = sessionId();
    expect(replayUrlAt(openReplay('offset'), ` ${id} `, ERROR_AT)).toBe(
      `https://replay.example.com/3/session/${id}?jumpto=85500`
    );
    expect(replayUrlAt(template('https://x.test/{sessionId}'), ' abc\t', ERROR_AT)).toBe('https://x.test/abc');
  });

  it.each([
    [
      'Highlight',
      'https://app.highlight.io/1/sessions/{sessionId}?tsAbs={timeMs}',
      (id: string) => `https://app.highlight.io/1/sessions/${id}?tsAbs=${ERROR_AT - 1000}`,
    ],
    [
      'Sentry',
      'https://sentry.io/organizations/acme/replays/{sessionId}/?t={offsetSeconds}',
      (id: string) => `https://sentry.io/organizations/acme/replays/${id}/?t=89`,
    ],
    [
      'ISO time',
      'https://x.test/{sessionId}?at={timeIso}',
      (id: string) => `https://x.test/${id}?at=2026-11-20T09%3A01%3A29.500Z`,
    ],
    ['offset ms', 'https://x.test/{sessionId}#{offsetMs}', (id: string) => `https://x.test/${id}#89500`],
    [
      'every placeholder, twice',
      'https://x.test/{sessionId}/{sessionId}?a={timeMs}&b={offsetMs}&c={offsetSeconds}&d={offsetSeconds}',
      (id: string) => `https://x.test/${id}/${id}?a=${ERROR_AT - 1000}&b=89500&c=89&d=89`,
    ],
    ['unknown placeholders stay', 'https://x.test/{sessionId}/{other}', (id: string) => `https://x.test/${id}/{other}`],
    [
      "names of an object's own properties stay",
      'https://x.test/{sessionId}/{constructor}/{toString}/{__proto__}/{hasOwnProperty}',
      (id: string) => `https://x.test/${id}/{constructor}/{toString}/{__proto__}/{hasOwnProperty}`,
    ],
    [
      'braces without a name stay',
      'https://x.test/{sessionId}/{}/{a-b}',
      (id: string) => `https://x.test/${id}/{}/{a-b}`,
    ],
  ])('template %s', (_label, url, expected) => {
    const id = sessionId();
    expect(replayUrlAt(template(url, 1000), id, ERROR_AT)).toBe(expected(id));
  });

  it('rounds offset seconds down', () => {
    const id = sessionId();
    expect(replayUrlAt(template('https://x/{sessionId}?t={offsetSeconds}'), id, START + 1999)).toBe(
      `https://x/${id}?t=1`
    );
  });

  it('encodes ids in templates', () => {
    expect(replayUrlAt(template('https://x.test/{sessionId}'), 'a:b', 1)).toBe('https://x.test/a%3Ab');
  });

  it.each([
    ['no replay configured', () => ({ kind: 'none' }) as ReplaySettings, sessionId, ERROR_AT],
    ['no session id', () => openReplay('absolute'), () => '', ERROR_AT],
    ['an undefined session id', () => openReplay('absolute'), () => undefined, ERROR_AT],
    ['a blank session id', () => openReplay('absolute'), () => '  ', ERROR_AT],
    ['no time', () => openReplay('absolute'), sessionId, NaN],
    ['an infinite time', () => template('https://x/{sessionId}'), sessionId, Infinity],
    [
      'template offset for an id without a start',
      () => template('https://x/{sessionId}?t={offsetSeconds}'),
      () => 'abc',
      ERROR_AT,
    ],
    [
      'template offset ms for an id without a start',
      () => template('https://x/{sessionId}#{offsetMs}'),
      () => 'abc',
      ERROR_AT,
    ],
    [
      'template offset for a session that starts over a day and a minute after its error',
      () => template('https://x/{sessionId}?t={offsetMs}'),
      () => openReplaySessionIdAt(ERROR_AT + 60_000 + 24 * 3600_000 + 1),
      ERROR_AT,
    ],
    ['a dot segment read from a log line', () => openReplay('absolute'), () => '..', ERROR_AT],
    ['a single dot', () => openReplay('absolute'), () => '.', ERROR_AT],
    ['a slash', () => openReplay('absolute'), () => '1/../../admin', ERROR_AT],
    ['a query', () => openReplay('absolute'), () => '1?x=y', ERROR_AT],
    ['a space', () => openReplay('absolute'), () => '1 2', ERROR_AT],
    ['an id too long', () => openReplay('absolute'), () => '1'.repeat(129), ERROR_AT],
    ['a dot segment in a template', () => template('https://x/{sessionId}'), () => '..', ERROR_AT],
  ])('no link when %s', (_label, settings, id, time) => {
    expect(replayUrlAt(settings(), id(), time)).toBeUndefined();
  });

  it('links an id of 128 characters', () => {
    const id = '1'.repeat(128);
    expect(replayUrlAt(template('https://x/{sessionId}'), id, ERROR_AT)).toBe(`https://x/${id}`);
  });
});

describe('isHttpUrl', () => {
  it.each([
    ['https://x', true],
    ['http://x', true],
    ['HTTPS://X.EXAMPLE', true],
    ['Http://x/path?q#f', true],
    ['  https://x  ', true],
    ['\thttp://x\n', true],
    ['https://x:8080/', true],
    ['https://', false],
    ['https:///x', false],
    ['https://?x', false],
    ['https://#x', false],
    ['https:// x', false],
    ['https:x', false],
    ['https:/x', false],
    ['ftp://x', false],
    ['httpss://x', false],
    ['javascript:alert(1)//https://x', false],
    ['data:text/html,https://x', false],
    ['/grafana/path', false],
    ['', false],
  ])('%p is %p', (url, expected) => {
    expect(isHttpUrl(url)).toBe(expected);
  });
});

describe('validateReplayTemplate', () => {
  it.each([
    ['javascript:alert(1)//{sessionId}', /http/],
    ['javascript:alert(1)//https://x/{sessionId}', /http/],
    ['data:text/html,{sessionId}', /http/],
    ['https://{sessionId}', undefined],
    ['http://x/{sessionId}', undefined],
    ['  https://x/{sessionId}  ', undefined],
    ['https:///{sessionId}', /http/],
    ['https://x/{sessionId}?t={timeMs}', undefined],
    ['x/{sessionId}', /http/],
    ['https://x/', /\{sessionId\}/],
    ['https://x/{sessionid}', /\{sessionId\}/],
  ])('%s', (url, expected) => {
    const result = validateReplayTemplate(url);
    if (expected === undefined) {
      expect(result).toBeUndefined();
    } else {
      expect(result).toMatch(expected);
    }
  });

  it.each([
    ['ftp://x/{sessionId}', 'The replay URL template must start with http:// or https:// and a host.'],
    ['https://x/', 'The replay URL template must contain {sessionId}.'],
    ['https://x/{sessionId}?t={time}', 'Unknown placeholder {time}.'],
    ['https://x/{sessionId}?t={time}&u={at}&v={timeMs}', 'Unknown placeholder {time}, {at}.'],
    ['https://x/{sessionId}/{constructor}', 'Unknown placeholder {constructor}.'],
  ])('%s: %s', (url, message) => {
    expect(validateReplayTemplate(url)).toBe(message);
  });

  it('accepts every placeholder it documents', () => {
    const url = `https://x/${TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join('/')}`;
    expect(validateReplayTemplate(url)).toBeUndefined();
    expect(TEMPLATE_PLACEHOLDERS).toEqual(['sessionId', 'timeMs', 'timeIso', 'offsetMs', 'offsetSeconds']);
  });
});

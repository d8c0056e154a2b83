import { openReplaySessionIdAt } from '../../session/sessionId';
import type { ReplayToolSetting } from '../../types';
import { TEMPLATE_PLACEHOLDERS, urlTemplate, validateReplayTemplate } from './urlTemplate';

const START = Date.UTC(2026, 10, 20, 9, 0, 0);
const ERROR_AT = START + 90_500; // 90.5 s into the session
// Built in each test, not at collection time: a 19-digit OpenReplay id.
const sessionId = () => openReplaySessionIdAt(START, 0x123456);
const common = { leadInMs: 1000, sources: [] };
const tool = (template: string, leadInMs = 1000) => {
  const resolved = urlTemplate.resolve({ kind: 'template', template }, { ...common, leadInMs });
  if (!('tool' in resolved)) {
    throw new Error(`expected a tool: ${JSON.stringify(resolved)}`);
  }
  return resolved.tool;
};
const link = (template: string, id: string, at = ERROR_AT, leadInMs = 1000) =>
  urlTemplate.linkAt(tool(template, leadInMs), id, at);

describe('URL template settings', () => {
  it('keeps a valid template, trimmed', () => {
    expect(urlTemplate.resolve({ kind: 'template', template: '  https://x/{sessionId} ' }, common)).toEqual({
      tool: { kind: 'template', template: 'https://x/{sessionId}', leadInMs: 1000, sources: [] },
    });
  });

  it.each([
    [undefined, 'Enter the URL template of your replay tool.'],
    ['  ', 'Enter the URL template of your replay tool.'],
    ['javascript:alert("{sessionId}")', 'The replay URL template must start with http:// or https:// and a host.'],
    ['https://x.test/', 'The replay URL template must contain {sessionId}.'],
    ['https://x/{sessionId}?t={time}', 'Unknown placeholder {time}.'],
  ])('%p needs a fix: %s', (template, message) => {
    const saved: ReplayToolSetting = { kind: 'template', template };
    expect(urlTemplate.resolve(saved, common)).toEqual({ problems: [{ key: 'template', message }] });
  });
});

describe('URL template links', () => {
  it.each([
    [
      'Highlight',
      'https://app.highlight.io/1/sessions/{sessionId}?tsAbs={timeMs}',
      (id: string) => `https://app.highlight.io/1/sessions/${id}?tsAbs=${ERROR_AT - 1000}`,
    ],
    [
      'Sentry offset',
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
    [
      "names of an object's own properties stay (validation refuses them; a link would keep them)",
      'https://x.test/{sessionId}/{constructor}/{toString}/{__proto__}/{hasOwnProperty}',
      (id: string) => `https://x.test/${id}/{constructor}/{toString}/{__proto__}/{hasOwnProperty}`,
    ],
    [
      'braces without a name stay',
      'https://x.test/{sessionId}/{}/{a-b}',
      (id: string) => `https://x.test/${id}/{}/{a-b}`,
    ],
  ])('%s', (_label, template, expected) => {
    const id = sessionId();
    // Links are built from resolved tools only; these bypass resolve for the placeholders it refuses.
    expect(urlTemplate.linkAt({ kind: 'template', template, leadInMs: 1000, sources: [] }, id, ERROR_AT)).toEqual({
      url: expected(id),
    });
  });

  it('rounds offset seconds down and clamps a lead-in past the start to 0', () => {
    const id = sessionId();
    expect(link('https://x/{sessionId}?t={offsetSeconds}', id, START + 1999, 0)).toEqual({
      url: `https://x/${id}?t=1`,
    });
    expect(link('https://x/{sessionId}?t={offsetMs}', id, START + 1000, 5000)).toEqual({ url: `https://x/${id}?t=0` });
  });

  it('allows a session to start up to a minute after its error (clock skew)', () => {
    const id = openReplaySessionIdAt(ERROR_AT + 60_000);
    expect(link('https://x.test/{sessionId}?t={offsetMs}', id)).toEqual({ url: `https://x.test/${id}?t=0` });
    // With openReplaySessionStartMs's day of slack past that minute.
    const dayLate = openReplaySessionIdAt(ERROR_AT + 24 * 3600_000 + 30_000);
    expect(link('https://x.test/{sessionId}?t={offsetMs}', dayLate)).toEqual({ url: `https://x.test/${dayLate}?t=0` });
  });

  it('encodes ids', () => {
    expect(link('https://x.test/{sessionId}', 'a:b')).toEqual({ url: 'https://x.test/a%3Ab' });
  });

  it.each([
    ['an id without a start', 'abc'],
    ['a session that starts over a day and a minute after its error', 'late'],
  ])('links no offset for %s', (_label, kind) => {
    const id = kind === 'late' ? openReplaySessionIdAt(ERROR_AT + 60_000 + 24 * 3600_000 + 1) : kind;
    const reason = "The template's offset needs the session start, which only OpenReplay ids encode.";
    expect(link('https://x/{sessionId}?t={offsetSeconds}', id)).toEqual({ reason });
    expect(link('https://x/{sessionId}#{offsetMs}', id)).toEqual({ reason });
    // Without an offset the same id links.
    expect(link('https://x/{sessionId}?t={timeMs}', id).url).toBe(`https://x/${id}?t=${ERROR_AT - 1000}`);
  });

  it.each([
    ['abc', true],
    ['a.b_c:d-e', true],
    ['1'.repeat(128), true],
    ['1'.repeat(129), false],
    ['..', false],
    ['a/b', false],
    ['1?x=y', false],
    ['1 2', false],
  ])('%p is a session id for a template: %p', (id, ok) => {
    expect(urlTemplate.checkId(id)).toEqual(
      ok
        ? { ok: true, sessionId: id }
        : { ok: false, reason: 'Session ids for a URL template are letters, digits and . _ : - (at most 128).' }
    );
  });

  it('gives an OpenReplay id as its example, which every placeholder can use', () => {
    const example = urlTemplate.exampleSessionId(START);
    expect(link('https://x/{sessionId}?t={offsetMs}', example, START + 6000).url).toBe(`https://x/${example}?t=5000`);
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

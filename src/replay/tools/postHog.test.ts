import type { ReplayToolSetting } from '../../types';
import { postHog, uuidV7TimeMs } from './postHog';

const START = Date.UTC(2026, 10, 20, 9, 0, 0);
const ERROR_AT = START + 90_500; // 90.5 s into the session
const common = { leadInMs: 5000, sources: [] };
const setting = (patch: Partial<ReplayToolSetting> = {}): ReplayToolSetting => ({
  kind: 'posthog',
  projectId: '12345',
  ...patch,
});
/** A UUIDv7 of `ms`, as posthog-js's uuidv7 makes them. */
const v7 = (ms: number) => {
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7abc-9def-0123456789ab`;
};
const tool = (leadInMs = 5000) => {
  const resolved = postHog.resolve(setting(), { ...common, leadInMs });
  if (!('tool' in resolved)) {
    throw new Error('expected a tool');
  }
  return resolved.tool;
};

describe('PostHog settings', () => {
  it.each([
    [{}, 'https://us.posthog.com/project/12345/replay/'],
    [{ url: '' }, 'https://us.posthog.com/project/12345/replay/'],
    [{ url: 'https://eu.posthog.com/' }, 'https://eu.posthog.com/project/12345/replay/'],
    [{ url: ' http://posthog.internal:8000 ' }, 'http://posthog.internal:8000/project/12345/replay/'],
    [{ projectId: ' phc_AbC-123 ' }, 'https://us.posthog.com/project/phc_AbC-123/replay/'],
  ])('%o resolves to %s', (patch, sessionsUrl) => {
    expect(postHog.resolve(setting(patch), common)).toEqual({
      tool: { kind: 'posthog', sessionsUrl, leadInMs: 5000, sources: [] },
    });
  });

  const urlProblem = {
    key: 'url',
    message: 'The PostHog URL must start with http:// or https:// and a host, e.g. https://eu.posthog.com.',
  };
  const missingProject = {
    key: 'projectId',
    message: "Enter your PostHog project id: the number after /project/ in PostHog's URLs.",
  };
  const badProject = { key: 'projectId', message: 'A PostHog project id is letters, digits, _ and - only.' };
  it.each([
    [{ url: 'eu.posthog.com' }, [urlProblem]],
    [{ projectId: undefined }, [missingProject]],
    [{ projectId: ' ' }, [missingProject]],
    [{ projectId: '1/../2' }, [badProject]],
    [{ projectId: '1?x' }, [badProject]],
    [{ projectId: 'x'.repeat(129) }, [badProject]],
    [{ url: 'ftp://x', projectId: '' }, [urlProblem, missingProject]],
  ])('%o needs a fix', (patch, problems) => {
    expect(postHog.resolve(setting(patch), common)).toEqual({ problems });
  });

  it('takes a project id of 128 characters', () => {
    expect('tool' in postHog.resolve(setting({ projectId: 'x'.repeat(128) }), common)).toBe(true);
  });
});

describe('PostHog session starts', () => {
  it.each([
    [v7(START), START],
    [v7(START).toUpperCase(), START],
    [v7(START).replace(/-/g, ''), START],
    ['4f1f473a-1624-46e9-84a7-08cd826d0188', undefined],
    [`${v7(START)}0`, undefined],
    ['0188', undefined],
  ])('%p started at %p', (id, startMs) => {
    expect(uuidV7TimeMs(id)).toBe(startMs);
  });
});

describe('PostHog ids and links', () => {
  it.each([
    [v7(START), true],
    ['4f1f473a-1624-46e9-84a7-08cd826d0188', true],
    [v7(START).replace(/-/g, ''), false],
    ['123', false],
  ])('%p is a PostHog session id: %p', (id, ok) => {
    expect(postHog.checkId(id)).toEqual(
      ok ? { ok: true, sessionId: id } : { ok: false, reason: 'PostHog session ids are UUIDs (8-4-4-4-12 hex digits).' }
    );
  });

  // get_session_replay_url: t = max(floor((now - start) / 1000) - lookBack, 0).
  it.each([
    ['5 s lead-in', 5000, ERROR_AT, 't=85'],
    ['no lead-in', 0, ERROR_AT, 't=90'],
    ['whole seconds, rounded down', 0, START + 1999, 't=1'],
    ['a lead-in past the start clamps to 0', 120_000, ERROR_AT, 't=0'],
    ['a session that starts a minute after its error (clock skew)', 0, START - 60_000, 't=0'],
    ['an error a day after the start', 0, START + 24 * 3600_000, 't=86400'],
  ])('%s', (_label, leadInMs, errorAt, query) => {
    expect(postHog.linkAt(tool(leadInMs), v7(START), errorAt)).toEqual({
      url: `https://us.posthog.com/project/12345/replay/${v7(START)}?${query}`,
    });
  });

  const atStart =
    'Its id does not encode the session start (posthog-js ids are UUIDv7s that do): the replay opens at its beginning.';
  it.each([
    ['not a UUIDv7', '4f1f473a-1624-46e9-84a7-08cd826d0188', ERROR_AT],
    ['a start more than a minute after the error', v7(START), START - 60_001],
    ['a start more than a day before the error', v7(START), START + 24 * 3600_000 + 1],
  ])('opens at the beginning for an id with %s', (_label, id, errorAt) => {
    expect(postHog.linkAt(tool(), id, errorAt)).toEqual({
      url: `https://us.posthog.com/project/12345/replay/${id}`,
      note: atStart,
    });
  });

  it('gives a UUIDv7 of the session start as its example', () => {
    const example = postHog.exampleSessionId(START);
    expect(example).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-9[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV7TimeMs(example)).toBe(START);
    expect(postHog.checkId(example).ok).toBe(true);
  });
});

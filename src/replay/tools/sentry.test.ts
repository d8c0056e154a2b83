import type { ReplayToolSetting } from '../../types';
import { sentry } from './sentry';

const ERROR_AT = Date.UTC(2026, 10, 20, 9, 1, 30, 500);
const ID = '4f1f473a162446e984a708cd826d0188';
const common = { leadInMs: 5000, sources: ['sentry.replay_id'] };
const setting = (patch: Partial<ReplayToolSetting> = {}): ReplayToolSetting => ({
  kind: 'sentry',
  url: 'https://acme.sentry.io',
  ...patch,
});

describe('Sentry settings', () => {
  it.each([
    [{}, 'https://acme.sentry.io/replays/'],
    [{ url: ' https://acme.sentry.io/ ' }, 'https://acme.sentry.io/replays/'],
    [{ url: 'https://sentry.io', org: 'acme' }, 'https://sentry.io/organizations/acme/replays/'],
    [
      { url: 'https://sentry.example.com', org: ' my_org-2 ' },
      'https://sentry.example.com/organizations/my_org-2/replays/',
    ],
    // A self-hosted Sentry without an organization slug: its own domain's routes.
    [{ url: 'https://sentry.example.com', org: '' }, 'https://sentry.example.com/replays/'],
    // Not sentry.io itself: a host under it, a path that names it.
    [{ url: 'https://sentry.io.example.com' }, 'https://sentry.io.example.com/replays/'],
    [{ url: 'https://x.example/https://sentry.io' }, 'https://x.example/https://sentry.io/replays/'],
  ])('%o resolves to %s', (patch, sessionsUrl) => {
    expect(sentry.resolve(setting(patch), common)).toEqual({
      tool: { kind: 'sentry', sessionsUrl, leadInMs: 5000, sources: ['sentry.replay_id'] },
    });
  });

  const needOrg = {
    key: 'org',
    message: "Enter your organization slug, or use your organization's URL, https://<slug>.sentry.io.",
  };
  const badOrg = { key: 'org', message: 'An organization slug is letters, digits, _ and - only.' };
  it.each([
    [
      { url: undefined },
      [{ key: 'url', message: "Enter your Sentry URL: your organization's, e.g. https://acme.sentry.io." }],
    ],
    [
      { url: 'acme.sentry.io' },
      [{ key: 'url', message: 'The Sentry URL must start with http:// or https:// and a host.' }],
    ],
    [{ url: 'https://sentry.io' }, [needOrg]],
    [{ url: 'HTTPS://www.sentry.io/' }, [needOrg]],
    [{ url: 'http://sentry.io' }, [needOrg]],
    [{ org: 'acme/../x' }, [badOrg]],
    [{ org: 'x'.repeat(65) }, [badOrg]],
    [
      { url: '', org: 'a b' },
      [{ key: 'url', message: "Enter your Sentry URL: your organization's, e.g. https://acme.sentry.io." }, badOrg],
    ],
  ])('%o needs a fix', (patch, problems) => {
    expect(sentry.resolve(setting(patch), common)).toEqual({ problems });
  });

  it('takes an organization slug of 64 characters', () => {
    expect('tool' in sentry.resolve(setting({ org: 'x'.repeat(64) }), common)).toBe(true);
  });
});

describe('Sentry ids and links', () => {
  it.each([
    [ID, ID],
    [ID.toUpperCase(), ID.toUpperCase()],
    ['4f1f473a-1624-46e9-84a7-08cd826d0188', ID],
    [`${ID}0`, undefined],
    [ID.slice(1), undefined],
    ['4f1f473a-162446e9-84a7-08cd826d0188', undefined],
    [`x${ID}`, undefined],
  ])('%p is the replay id %p', (id, replayId) => {
    expect(sentry.checkId(id)).toEqual(
      replayId
        ? { ok: true, sessionId: replayId }
        : { ok: false, reason: 'Sentry replay ids are 32 hex digits (a UUID, dashes optional).' }
    );
  });

  it.each([
    [5000, ERROR_AT - 5000],
    [0, ERROR_AT],
  ])('opens the replay at the error minus a %p ms lead-in, as event_t in epoch ms', (leadInMs, eventMs) => {
    const resolved = sentry.resolve(setting(), { ...common, leadInMs });
    expect('tool' in resolved && sentry.linkAt(resolved.tool, ID, ERROR_AT)).toEqual({
      url: `https://acme.sentry.io/replays/${ID}/?event_t=${eventMs}`,
    });
  });

  it('gives a replay id as its example', () => {
    const example = sentry.exampleSessionId(ERROR_AT);
    expect(example).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}b[0-9a-f]{15}$/);
    expect(sentry.checkId(example)).toEqual({ ok: true, sessionId: example });
  });
});

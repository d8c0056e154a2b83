import type { ReplayToolSetting } from '../../types';
import { faro } from './faro';

const ERROR_AT = Date.UTC(2026, 10, 20, 9, 1, 30, 500);
const common = { leadInMs: 5000, sources: ['session_id'] };
const setting = (patch: Partial<ReplayToolSetting> = {}): ReplayToolSetting => ({
  kind: 'faro',
  url: 'https://acme.grafana.net',
  appId: '42',
  ...patch,
});

describe('Faro settings', () => {
  it.each([
    [{}, 'https://acme.grafana.net/a/grafana-kowalski-app/apps/42/sessions/'],
    [
      { url: 'https://grafana.example.com/grafana/', appId: ' 7 ' },
      'https://grafana.example.com/grafana/a/grafana-kowalski-app/apps/7/sessions/',
    ],
  ])('%o resolves to %s', (patch, sessionsUrl) => {
    expect(faro.resolve(setting(patch), common)).toEqual({
      tool: { kind: 'faro', sessionsUrl, leadInMs: 5000, sources: ['session_id'] },
    });
  });

  const appProblem = {
    key: 'appId',
    message: "Enter the app id: the number after /apps/ in Frontend Observability's URLs.",
  };
  it.each([
    [
      { url: undefined },
      [
        {
          key: 'url',
          message: 'Enter the URL of the Grafana that runs Frontend Observability, e.g. https://acme.grafana.net.',
        },
      ],
    ],
    [
      { url: 'acme.grafana.net' },
      [{ key: 'url', message: 'The Grafana URL must start with http:// or https:// and a host.' }],
    ],
    [{ appId: '' }, [appProblem]],
    [{ appId: 'app-1' }, [appProblem]],
    [{ appId: '1'.repeat(21) }, [appProblem]],
    [
      { url: ' ', appId: undefined },
      [
        {
          key: 'url',
          message: 'Enter the URL of the Grafana that runs Frontend Observability, e.g. https://acme.grafana.net.',
        },
        appProblem,
      ],
    ],
  ])('%o needs a fix', (patch, problems) => {
    expect(faro.resolve(setting(patch), common)).toEqual({ problems });
  });

  it('takes an app id of 20 digits', () => {
    expect('tool' in faro.resolve(setting({ appId: '1'.repeat(20) }), common)).toBe(true);
  });
});

describe('Faro ids and links', () => {
  it.each([
    ['k3Jh7mNp2Q', true],
    ['abcdefghij', true],
    ['ABCDEFGHJK', true],
    ['0123456789', true],
    ['k3Jh7mNp2', false],
    ['k3Jh7mNp2Qx', false],
    // Not in genShortID's alphabet.
    ['l3Jh7mNp2Q', false],
    ['I3Jh7mNp2Q', false],
    ['O3Jh7mNp2Q', false],
    ['k3Jh7-Np2Q', false],
  ])('%p is a Faro session id: %p', (id, ok) => {
    expect(faro.checkId(id)).toEqual(
      ok
        ? { ok: true, sessionId: id }
        : { ok: false, reason: 'Faro session ids are 10 letters and digits (no l, I or O).' }
    );
  });

  it('opens the session page, which has no time parameter', () => {
    const resolved = faro.resolve(setting(), common);
    expect('tool' in resolved && faro.linkAt(resolved.tool, 'k3Jh7mNp2Q', ERROR_AT)).toEqual({
      url: 'https://acme.grafana.net/a/grafana-kowalski-app/apps/42/sessions/k3Jh7mNp2Q',
      note: "Frontend Observability's session page has no time parameter: the link opens the session.",
    });
  });

  it('gives a Faro id as its example', () => {
    const example = faro.exampleSessionId(ERROR_AT);
    expect(faro.checkId(example)).toEqual({ ok: true, sessionId: example });
    expect(faro.exampleSessionId(ERROR_AT)).toBe(example);
    expect(new Set(example).size).toBeGreaterThan(3);
  });
});

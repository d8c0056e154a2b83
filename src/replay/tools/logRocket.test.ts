import type { ReplayToolSetting } from '../../types';
import { logRocket } from './logRocket';

const ERROR_AT = Date.UTC(2026, 10, 20, 9, 1, 30, 500);
const RECORDING = '6-01997ca3-2cad-7110-a6a6-9dbb41b835c7';
const common = { leadInMs: 5000, sources: [] };
const setting = (patch: Partial<ReplayToolSetting> = {}): ReplayToolSetting => ({
  kind: 'logrocket',
  appId: 'acme/shop',
  ...patch,
});
const tool = (leadInMs = 5000) => {
  const resolved = logRocket.resolve(setting(), { ...common, leadInMs });
  if (!('tool' in resolved)) {
    throw new Error('expected a tool');
  }
  return resolved.tool;
};

describe('LogRocket settings', () => {
  it.each([
    [{}, 'https://app.logrocket.com/acme/shop/s/'],
    [{ url: ' ', appId: ' a_1/b-2 ' }, 'https://app.logrocket.com/a_1/b-2/s/'],
    [{ url: 'https://logrocket.internal/' }, 'https://logrocket.internal/acme/shop/s/'],
  ])('%o resolves to %s', (patch, sessionsUrl) => {
    expect(logRocket.resolve(setting(patch), common)).toEqual({
      tool: { kind: 'logrocket', sessionsUrl, leadInMs: 5000, sources: [] },
    });
  });

  const appProblem = {
    key: 'appId',
    message: 'Enter the app id as LogRocket.init takes it: <org>/<app>, e.g. acme/shop.',
  };
  it.each([
    [{ appId: undefined }, [appProblem]],
    [{ appId: 'shop' }, [appProblem]],
    [{ appId: 'acme/shop/x' }, [appProblem]],
    [{ appId: 'acme/../x' }, [appProblem]],
    [{ appId: `${'a'.repeat(65)}/shop` }, [appProblem]],
    [
      { url: 'app.logrocket.com' },
      [{ key: 'url', message: 'The LogRocket URL must start with http:// or https:// and a host.' }],
    ],
  ])('%o needs a fix', (patch, problems) => {
    expect(logRocket.resolve(setting(patch), common)).toEqual({ problems });
  });

  it('takes org and app names of 64 characters', () => {
    expect('tool' in logRocket.resolve(setting({ appId: `${'a'.repeat(64)}/${'b'.repeat(64)}` }), common)).toBe(true);
  });
});

describe('LogRocket ids and links', () => {
  const reason = 'LogRocket recording ids are a number, a dash and a UUID (6-01997ca3-…), as in its session URLs.';
  it.each([
    [RECORDING, true],
    [`${RECORDING}/2`, true],
    [`${RECORDING}/1234`, true],
    ['123-4f1f473a-1624-46e9-84a7-08cd826d0188', true],
    ['1234-4f1f473a-1624-46e9-84a7-08cd826d0188', false],
    [`${RECORDING}/12345`, false],
    [`${RECORDING}/`, false],
    [`${RECORDING}/../x`, false],
    ['01997ca3-2cad-7110-a6a6-9dbb41b835c7', false],
    [`x${RECORDING}`, false],
  ])('%p is a LogRocket recording id: %p', (id, ok) => {
    expect(logRocket.checkId(id)).toEqual(ok ? { ok: true, sessionId: id } : { ok: false, reason });
  });

  it.each([
    ['the first tab, 5 s lead-in', RECORDING, 5000, `${RECORDING}/0?t=${ERROR_AT - 5000}`],
    ['the first tab, no lead-in', RECORDING, 0, `${RECORDING}/0?t=${ERROR_AT}`],
    ['the tab logged with the id', `${RECORDING}/2`, 0, `${RECORDING}/2?t=${ERROR_AT}`],
    ['a tab of two digits', `${RECORDING}/12`, 0, `${RECORDING}/12?t=${ERROR_AT}`],
  ])('opens %s at the moment', (_label, id, leadInMs, path) => {
    expect(logRocket.linkAt(tool(leadInMs), id, ERROR_AT)).toEqual({
      url: `https://app.logrocket.com/acme/shop/s/${path}`,
    });
  });

  it('gives a recording id as its example', () => {
    const example = logRocket.exampleSessionId(ERROR_AT);
    expect(example).toMatch(/^6-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(logRocket.checkId(example).ok).toBe(true);
  });
});

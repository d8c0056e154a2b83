import type { ReplayToolSetting } from '../../types';
import { DATADOG_SITES, datadog } from './datadog';

const ERROR_AT = Date.UTC(2026, 10, 20, 9, 1, 30, 500);
const ID = '4f1f473a-1624-46e9-84a7-08cd826d0188';
const common = { leadInMs: 5000, sources: ['session.id'] };
const setting = (patch: Partial<ReplayToolSetting> = {}): ReplayToolSetting => ({ kind: 'datadog', ...patch });

describe('Datadog settings', () => {
  // The site URLs of docs.datadoghq.com/getting_started/site ("Access the Datadog site").
  it.each([
    [undefined, 'https://app.datadoghq.com'],
    ['  ', 'https://app.datadoghq.com'],
    ['datadoghq.com', 'https://app.datadoghq.com'],
    ['us3.datadoghq.com', 'https://us3.datadoghq.com'],
    ['us5.datadoghq.com', 'https://us5.datadoghq.com'],
    [' datadoghq.eu ', 'https://app.datadoghq.eu'],
    ['ap1.datadoghq.com', 'https://ap1.datadoghq.com'],
    ['ap2.datadoghq.com', 'https://ap2.datadoghq.com'],
    ['ddog-gov.com', 'https://app.ddog-gov.com'],
    ['us2.ddog-gov.com', 'https://us2.ddog-gov.com'],
  ])('site %p opens %s', (site, origin) => {
    expect(datadog.resolve(setting({ site }), common)).toEqual({
      tool: { kind: 'datadog', sessionsUrl: `${origin}/rum/replay/sessions/`, leadInMs: 5000, sources: ['session.id'] },
    });
  });

  it("knows the sites of Datadog's table, with the web app host of each", () => {
    // docs.datadoghq.com/getting_started/site, "Access the Datadog site": site, site URL, site parameter.
    expect(DATADOG_SITES).toEqual([
      { name: 'US1', site: 'datadoghq.com', host: 'app.datadoghq.com' },
      { name: 'US3', site: 'us3.datadoghq.com', host: 'us3.datadoghq.com' },
      { name: 'US5', site: 'us5.datadoghq.com', host: 'us5.datadoghq.com' },
      { name: 'EU1', site: 'datadoghq.eu', host: 'app.datadoghq.eu' },
      { name: 'AP1', site: 'ap1.datadoghq.com', host: 'ap1.datadoghq.com' },
      { name: 'AP2', site: 'ap2.datadoghq.com', host: 'ap2.datadoghq.com' },
      { name: 'US1-FED', site: 'ddog-gov.com', host: 'app.ddog-gov.com' },
      { name: 'US2-FED', site: 'us2.ddog-gov.com', host: 'us2.ddog-gov.com' },
    ]);
  });

  it.each([
    ['acme', 'datadoghq.com', 'https://acme.datadoghq.com'],
    [' my-org ', 'datadoghq.eu', 'https://my-org.datadoghq.eu'],
    ['', 'datadoghq.eu', 'https://app.datadoghq.eu'],
    ['a', 'us3.datadoghq.com', 'https://a.us3.datadoghq.com'],
  ])('custom subdomain %p on %s opens %s (the SDK: <subdomain>.<site>)', (subdomain, site, origin) => {
    const resolved = datadog.resolve(setting({ site, subdomain }), common);
    expect('tool' in resolved && resolved.tool.sessionsUrl).toBe(`${origin}/rum/replay/sessions/`);
  });

  const siteProblem = {
    key: 'site',
    message:
      'Choose your Datadog site: datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com, ap2.datadoghq.com, ddog-gov.com, us2.ddog-gov.com.',
  };
  const subdomainProblem = {
    key: 'subdomain',
    message: 'A subdomain is letters, digits and inner hyphens only (acme for https://acme.datadoghq.com), or empty.',
  };
  it.each([
    [{ site: 'datadog.com' }, [siteProblem]],
    [{ site: 'app.datadoghq.com' }, [siteProblem]],
    [{ subdomain: 'acme.evil' }, [subdomainProblem]],
    [{ subdomain: '-acme' }, [subdomainProblem]],
    [{ subdomain: 'acme-' }, [subdomainProblem]],
    [{ subdomain: 'a/b' }, [subdomainProblem]],
    [{ subdomain: 'x'.repeat(64) }, [subdomainProblem]],
    [{ site: 'nope', subdomain: 'a b' }, [siteProblem, subdomainProblem]],
  ])('%o needs a fix', (patch, problems) => {
    expect(datadog.resolve(setting(patch), common)).toEqual({ problems });
  });

  it('takes a subdomain of 63 characters', () => {
    expect('tool' in datadog.resolve(setting({ subdomain: 'x'.repeat(63) }), common)).toBe(true);
  });
});

describe('Datadog ids and links', () => {
  it.each([
    [ID, true],
    [ID.toUpperCase(), true],
    [ID.replace(/-/g, ''), false],
    [`${ID}0`, false],
    [`x${ID}`, false],
    ['123', false],
  ])('%p is a RUM session id: %p', (id, ok) => {
    expect(datadog.checkId(id)).toEqual(
      ok
        ? { ok: true, sessionId: id }
        : { ok: false, reason: 'Datadog RUM session ids are UUIDs (8-4-4-4-12 hex digits).' }
    );
  });

  it.each([
    [5000, ERROR_AT - 5000],
    [0, ERROR_AT],
  ])('opens the replay from the error minus a %p ms lead-in', (leadInMs, fromMs) => {
    const resolved = datadog.resolve(setting({ site: 'datadoghq.eu' }), { ...common, leadInMs });
    expect('tool' in resolved && datadog.linkAt(resolved.tool, ID, ERROR_AT + 0.4)).toEqual({
      url: `https://app.datadoghq.eu/rum/replay/sessions/${ID}?from=${fromMs}`,
    });
  });

  it('gives a version 4 UUID as its example', () => {
    const example = datadog.exampleSessionId(ERROR_AT);
    expect(example).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(datadog.exampleSessionId(ERROR_AT)).toBe(example);
    expect(datadog.exampleSessionId(ERROR_AT + 1)).not.toBe(example);
  });
});

import type { Browser, Page } from 'playwright-core';
import { toLogLevel } from '../../src/query/levels';
import { sessionClockFromStart } from '../../src/replay/playerClock';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import { CONTEXT_PAGE_SIZE, contextViewOf, type ContextView } from '../../tools/grafana-rules';
import type { HostChecks, RuleChecks, RuleRow } from '../../tools/preview/host/hostChecks';
import { HOSTS, type GrafanaHost } from '../../tools/preview/hosts';
import { collectConsoleProblems, demoDocuments, launchBrowser, previewUrl, sessionOf } from './demo';

/**
 * Grafana's own log-view rules (tools/grafana-rules, each written from grafana/grafana's code)
 * applied to what the plugin returns for its real queries, in every Grafana host of
 * tests/hosts/hosts.json, with the host's own @grafana/data where Grafana implements a rule there.
 *
 * Besides the demo data, a few lines of one session are written 30 days back (outside every other
 * test's range): two distinct identical errors in one millisecond, a line with `&`, `#` and `+` in
 * `url.path`, words to highlight, an untagged line of the same service, and enough lines to scroll.
 */
const END_MS = Number(process.env.SRE_DEMO_END_MS);
const R = Math.floor((END_MS - 30 * 24 * 3600_000) / 1000) * 1000;
const SESSION_START = R - 60_000;
const SESSION = openReplaySessionIdAt(SESSION_START, 7);
const INDEX = 'logs-sessionreplay-rules';
const SPECIAL_PATH = '/search?q=a&b#c+d';

interface FixtureLine {
  id: string;
  offsetMs: number;
  message: string;
  level: string;
  session?: string;
  extra?: Record<string, unknown>;
}

const FIXTURE: FixtureLine[] = [
  { id: 'declined', offsetMs: 500, message: 'Card Declined by issuer', level: 'ERROR', session: SESSION },
  { id: 'dup-1', offsetMs: 1000, message: 'TimeoutError: upstream timed out', level: 'ERROR', session: SESSION },
  { id: 'dup-2', offsetMs: 1000, message: 'TimeoutError: upstream timed out', level: 'ERROR', session: SESSION },
  { id: 'literal', offsetMs: 1500, message: 'upgrade to (v1.2+) failed', level: 'WARN', session: SESSION },
  { id: 'untagged', offsetMs: 2500, message: 'cache warmed', level: 'INFO' },
  ...Array.from({ length: 12 }, (_, i) => ({
    id: `step-${i}`,
    offsetMs: 10_000 + i * 1000,
    message: `checkout step ${i} done`,
    level: 'INFO',
    session: SESSION,
  })),
];
FIXTURE[0].extra = {
  error: { type: 'PaymentDeclinedError', message: 'Card Declined by issuer' },
  trace: { id: 'trace-rules-1' },
  http: { request: { method: 'POST' } },
  url: { path: SPECIAL_PATH },
};

const docId = (line: FixtureLine) => `${INDEX}:rules-${line.id}`;
const sessionLines = FIXTURE.filter((l) => l.session);

/** Writes the fixture lines straight into the engine behind the preview (the data source's URL). */
async function writeFixture(preview: string): Promise<void> {
  const settings = (await (await fetch(`${preview}/api/datasources/uid/sre`)).json()) as { url: string };
  const body = FIXTURE.flatMap((line) => [
    { create: { _index: INDEX, _id: `rules-${line.id}` } },
    {
      '@timestamp': new Date(R + line.offsetMs).toISOString(),
      message: line.message,
      log: { level: line.level },
      service: { name: 'checkout' },
      host: { name: 'rules-1' },
      ...(line.session ? { session: { id: line.session } } : {}),
      ...line.extra,
    },
  ])
    .map((l) => JSON.stringify(l))
    .join('\n');
  const response = await fetch(`${settings.url}/_bulk?refresh=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson' },
    body: `${body}\n`,
  });
  const result = (await response.json()) as { items: Array<{ create: { status: number } }> };
  // 409: already written by an earlier run of this file against the same engine.
  expect(result.items.map((i) => i.create.status).filter((s) => s !== 201 && s !== 409)).toEqual([]);
}

const WINDOW = { rangeMs: 3 * 60_000, toMs: R + 60_000 };
const sessionQuery = (extra: Partial<SessionErrorsQuery> = {}): SessionErrorsQuery => ({
  refId: 'A',
  queryType: 'logs',
  mode: 'session',
  sessionId: SESSION,
  ...extra,
});

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  await writeFixture(previewUrl('matrix', HOSTS[0]));
});
afterAll(() => browser?.close());

type Checks = Window & { sreHostChecks: HostChecks };

describe.each(HOSTS.map((host) => [`Grafana ${host.grafana}`, host] as const))('%s', (_name, host: GrafanaHost) => {
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    page = await browser.newPage();
    problems = collectConsoleProblems(page);
    await page.goto(previewUrl('matrix', host));
    await page.waitForFunction(() => 'sreHostChecks' in window, undefined, { timeout: 30_000 });
  });
  afterAll(() => page?.close());

  // One rule check, run inside the page (tools/preview/host/hostChecks.ts `rules`).
  function rules<K extends keyof RuleChecks>(name: K, ...args: Parameters<RuleChecks[K]>) {
    return page.evaluate(
      ({ name, args }) =>
        ((window as unknown as Checks).sreHostChecks.rules[name] as (...a: unknown[]) => unknown)(...args),
      { name, args: args as unknown[] }
    ) as ReturnType<RuleChecks[K]>;
  }

  const rowOf = (rows: RuleRow[], line: FixtureLine) => {
    const row = rows.find((r) => r.id === docId(line));
    expect(row).toBeDefined();
    return row!;
  };
  const detail = (row: RuleRow, key: string | RegExp) =>
    row.details.filter((d) => (typeof key === 'string' ? d.key === key : key.test(d.key)));

  test('log details of a session line list its session clock, session id and detail fields', async () => {
    const { errors, rows } = await rules('logView', [sessionQuery()], WINDOW);
    expect(errors).toEqual([]);
    const row = rowOf(rows, FIXTURE[0]);
    const clock = sessionClockFromStart(SESSION_START, R + FIXTURE[0].offsetMs);
    expect(detail(row, /^session[_ .]?time$/i).map((d) => d.value)).toEqual([clock]);
    expect(row.details.filter((d) => d.value === SESSION).length).toBeGreaterThan(0);
    const expected: Record<string, string> = {
      'error.type': 'PaymentDeclinedError',
      'error.message': 'Card Declined by issuer',
      'trace.id': 'trace-rules-1',
      'http.request.method': 'POST',
      'url.path': SPECIAL_PATH,
    };
    for (const [key, value] of Object.entries(expected)) {
      expect({ key, values: detail(row, key).map((d) => d.value) }).toEqual({ key, values: [value] });
    }
  });

  test('a filter word highlights as the engine matched it, whatever its case', async () => {
    const { errors, rows } = await rules('logView', [sessionQuery({ filter: 'declined' })], WINDOW);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.id)).toEqual([docId(FIXTURE[0])]);
    expect(rows[0].highlights).toContain('Declined');
  });

  test('a filter word with ".", "(" and "+" highlights literally', async () => {
    const { errors, rows } = await rules('logView', [sessionQuery({ filter: '"(v1.2+)"' })], WINDOW);
    expect(errors).toEqual([]);
    const row = rowOf(rows, FIXTURE[3]);
    expect(row.highlights).toEqual(['(v1.2+)']);
  });

  test('a configured data link gives the same correct URL on the Explore and the dashboard path', async () => {
    const jsonData: Partial<SessionErrorsOptions> = {
      dataLinks: [{ field: 'url.path', title: 'Search', url: 'https://search.test/?q=${__value.raw}' }],
    };
    const { errors, rows } = await rules('logView', [sessionQuery()], { ...WINDOW, jsonData });
    expect(errors).toEqual([]);
    const row = rowOf(rows, FIXTURE[0]);
    const encoded = `https://search.test/?q=${encodeURIComponent(SPECIAL_PATH)}`;
    // Both paths end with the host's textUtil.sanitizeUrl. Grafana 13.2.3's (@braintree/sanitize-url
    // 7.1) decodes percent-encoding, so there the correctly encoded URL itself comes out decoded.
    const correct = await rules('sanitizedUrl', encoded);
    expect({
      dashboard: row.dashboardLinks.filter((l) => l.title === 'Search').map((l) => l.href),
      explore: detail(row, 'url.path').flatMap((d) => d.hrefs),
    }).toEqual({ dashboard: [correct], explore: [correct] });
  });

  test('a line without a replay shows no Replay entry in log details', async () => {
    const { errors, above, below } = await rules('contextView', sessionQuery({ contextScope: 'service' }), {
      ...WINDOW,
      rowId: docId(FIXTURE[0]),
      view: contextViewOf(host.line),
      loadsPerSide: 0,
    });
    expect(errors).toEqual([]);
    const shown = [...above, ...below];
    const untagged = shown.filter((r) => !Object.values(r.labels).includes(SESSION));
    const tagged = shown.filter((r) => Object.values(r.labels).includes(SESSION));
    expect(untagged.map((r) => r.id)).toEqual([docId(FIXTURE[4])]);
    expect(tagged.length).toBeGreaterThan(0);
    for (const row of tagged) {
      expect(detail(row, 'replay_url').flatMap((d) => d.hrefs)).toEqual([
        expect.stringMatching(new RegExp(`/session/${SESSION}\\?jumpto=\\d+$`)),
      ]);
    }
    expect(detail(untagged[0], 'replay_url')).toEqual([]);
  });

  test('the default query of a new panel runs without an error', async () => {
    const { runs, errors, query } = await rules('newPanel', 24 * 3600_000);
    // Grafana runs it at once whenever it sets any key (hasNonEmptyQuery).
    expect(runs).toBe(true);
    expect({ query, errors }).toEqual({ query, errors: [] });
  });

  describe.each(['LogRowContextModal', 'LogLineContext'] as ContextView[])('log context in %s', (view) => {
    test('its real requests show every line of the session once, distinct identical errors in one ms included', async () => {
      const chosen = FIXTURE[1];
      const { errors, requests, above, below } = await rules('contextView', sessionQuery(), {
        ...WINDOW,
        rowId: docId(chosen),
        view,
        loadsPerSide: 2,
      });
      expect(errors).toEqual([]);
      expect(requests.every((r) => r.limit === CONTEXT_PAGE_SIZE)).toBe(true);
      // Load more starts from the rows at the ends of what is shown, each with its refId rewritten.
      expect(requests.length).toBeGreaterThan(2);
      expect(requests.slice(2).every((r) => r.fromUid !== requests[0].fromUid)).toBe(true);
      expect(requests.every((r) => /^context_/.test(r.refId))).toBe(true);
      const shownIds = [...above, ...below].map((r) => r.id);
      const expected = sessionLines.filter((l) => l !== chosen).map(docId);
      expect([...shownIds].sort()).toEqual([...expected].sort());
      expect(above.every((r) => r.timeEpochMs >= R + chosen.offsetMs)).toBe(true);
      expect(below.every((r) => r.timeEpochMs <= R + chosen.offsetMs)).toBe(true);
    });
  });

  test('scrolling to newer lines leaves no gap', async () => {
    const first = { rangeMs: 2 * 60_000 + 12_500, toMs: R + 12_500 };
    const {
      errors,
      first: page1,
      newer,
      newerRange,
    } = await rules('scrollNewer', sessionQuery({ limit: 3 }), {
      ...first,
      currentToMs: R + 60_000,
    });
    expect(errors).toEqual([]);
    expect(newerRange).toEqual({ from: R + 12_000, to: R + 60_000 });
    expect(page1.map((r) => r.id)).toEqual(['step-2', 'step-1', 'step-0'].map((id) => `${INDEX}:rules-${id}`));
    // What the list shows after the scroll: both pages; every session line between its ends must be there.
    const shown = new Set([...page1, ...newer].map((r) => r.id));
    const times = [...page1, ...newer].map((r) => r.timeEpochMs);
    const [lo, hi] = [Math.min(...times), Math.max(...times)];
    const between = sessionLines.filter((l) => R + l.offsetMs >= lo && R + l.offsetMs <= hi).map(docId);
    expect(between.filter((id) => !shown.has(id))).toEqual([]);
  });

  test('the logs volume through Grafana’s wrapper counts each level, named and coloured by it', async () => {
    const docs = demoDocuments().filter((d) => sessionOf(d) !== undefined);
    const expected = new Map<string, number>();
    for (const doc of docs) {
      const level = toLogLevel((doc.log as { level: string }).level);
      expected.set(level, (expected.get(level) ?? 0) + 1);
    }
    const { errors, intervalMs, series } = await rules(
      'logsVolume',
      { refId: 'A', queryType: 'logs', mode: 'range' },
      {
        rangeMs: 25 * 3600_000,
        toMs: END_MS + 1000,
      }
    );
    expect(errors).toEqual([]);
    expect(intervalMs).toBe(3600_000);
    const counted = new Map(series.map((s) => [s.name, s.counts.reduce((a, b) => a + b, 0)]));
    expect(counted).toEqual(expected);
    for (const s of series) {
      // A level Grafana knows, so the bar gets that level's name and colour rather than grey "logs".
      expect(s.level).not.toBe('unknown');
      expect(s.custom.absoluteRange).toEqual({ from: END_MS + 1000 - 25 * 3600_000, to: END_MS + 1000 });
      // Bars a bucket of the wrapper's interval apart.
      expect(s.times.slice(1).every((t, i) => t - s.times[i] === intervalMs)).toBe(true);
    }
  });

  test('the page logged no error or warning', () => {
    expect(problems).toEqual([]);
  });
});

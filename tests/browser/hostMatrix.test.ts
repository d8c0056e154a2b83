import type { Browser, Page } from 'playwright-core';
import { toLogLevel } from '../../src/query/levels';
import type { SessionErrorsQuery } from '../../src/types';
import type { HostChecks } from '../../tools/preview/host/hostChecks';
import { HOSTS, type GrafanaHost } from '../../tools/preview/hosts';
import { busiestSession, collectConsoleProblems, demoDocuments, launchBrowser, previewUrl, sessionOf } from './demo';

/**
 * The host matrix: the built dist/module.js, loaded as Grafana loads it (AMD through SystemJS, the
 * shared packages taken from the host), in every Grafana line of tests/hosts/hosts.json with that
 * line's own @grafana/* and React. In each: both editors render and edit, every query type answers
 * from the embedded engine through the proxy stand-in, variables, annotations and ad hoc filters
 * work, and the page logs no error or warning at all.
 */
const WEEK_MS = 7 * 24 * 3600_000;
const docs = demoDocuments();
const tagged = docs.filter((d) => sessionOf(d) !== undefined);
const sessions = new Set(tagged.map((d) => sessionOf(d)!));
const services = new Set(tagged.map((d) => (d.service as { name: string }).name));
const busiest = busiestSession(docs);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

type Checks = Window & { sreHostChecks: HostChecks };

describe.each(HOSTS.map((host) => [`Grafana ${host.grafana} (React ${host.react})`, host] as const))(
  '%s',
  (_name, host: GrafanaHost) => {
    const url = previewUrl('matrix', host);
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      problems = collectConsoleProblems(page);
      // The start page draws the dashboards; the settings and the query editor are under /explore.
      await page.goto(`${url}/explore`);
      await page.getByText('Data source settings').waitFor({ timeout: 30_000 });
    });
    afterAll(() => page?.close());

    // The page's check API (tools/preview/host/hostChecks.ts); the callbacks run inside the page.
    const query = (targets: SessionErrorsQuery[]) =>
      page.evaluate(({ targets, range }) => (window as unknown as Checks).sreHostChecks.query(targets, range), {
        targets,
        range: WEEK_MS,
      });

    test('the page runs this host’s packages and React', async () => {
      const { line, reactVersion } = await page.evaluate(() => {
        const { host: pageHost, reactVersion: version } = (window as unknown as Checks).sreHostChecks;
        return { line: pageHost.line, reactVersion: version };
      });
      expect(line).toBe(host.line);
      expect(reactVersion.split('.')[0]).toBe(host.react);
    });

    test('the configuration editor renders and edits', async () => {
      const pattern = page.getByLabel('Index pattern', { exact: true });
      expect(await pattern.inputValue()).toBe('logs-sessionreplay-*');
      await pattern.fill('logs-other-*');
      expect(await pattern.inputValue()).toBe('logs-other-*');
      await pattern.fill('logs-sessionreplay-*');
      // The authentication switch re-renders the connection section with its fields.
      await page.getByLabel('Basic (user, password)', { exact: true }).check();
      await page.getByLabel('User', { exact: true }).waitFor();
      await page.getByLabel('No authentication', { exact: true }).check();
      expect(await page.getByLabel('User', { exact: true }).count()).toBe(0);
    });

    test('layout detection reads the demo cluster, and one click applies a proposal', async () => {
      // An unsaved wrong message field: detection reads the saved pattern and proposes the right one.
      const message = page.getByLabel('Message field', { exact: true });
      await message.fill('msg');
      await page.getByRole('button', { name: 'Detect layout' }).click();
      const found = page.getByLabel('Layouts found');
      await found.waitFor({ timeout: 30_000 });
      // The demo indices (and any another browser test wrote beside them) are ECS.
      expect(await found.textContent()).toMatch(/^ECS logs \(proposed\): \d+ (index|indices) /);
      expect(await message.inputValue()).toBe('msg');
      await page.getByLabel('Apply Message field', { exact: true }).click();
      expect(await message.inputValue()).toBe('message');
    });

    test('replay tools: a tool added shows its settings and its example link, and goes again', async () => {
      await page.getByLabel('Add Datadog RUM', { exact: true }).click();
      const examples = page.getByTestId('replay-example');
      await page.getByLabel('Remove Datadog RUM', { exact: true }).waitFor();
      expect(await examples.allTextContents()).toContainEqual(
        expect.stringMatching(/^https:\/\/app\.datadoghq\.com\/rum\/replay\/sessions\/[0-9a-f-]{36}\?from=\d+$/)
      );
      await page.getByLabel('Remove Datadog RUM', { exact: true }).click();
      expect(await page.getByLabel('Remove Datadog RUM', { exact: true }).count()).toBe(0);
    });

    test('the query editor renders and edits the query', async () => {
      await page.getByLabel('Log lines').check();
      await page.getByLabel('By session').check();
      const input = page.getByLabel('Session id', { exact: true });
      await input.fill(busiest.id);
      await input.press('Enter');
      await page.getByLabel('Errors over time').check();
      const model = JSON.parse((await page.getByTestId('query-model').textContent())!) as SessionErrorsQuery;
      expect(model).toMatchObject({ queryType: 'errorsOverTime', mode: 'session', sessionId: busiest.id });
    });

    test('a session’s log lines come back with a replay link at each error', async () => {
      const { frames, errors } = await query([
        { refId: 'A', queryType: 'logs', mode: 'session', sessionId: busiest.id },
      ]);
      expect(errors).toEqual([]);
      expect(frames).toHaveLength(1);
      const [frame] = frames;
      expect(frame.type).toBe('log-lines');
      expect(frame.length).toBe(busiest.lines.length);
      const time = frame.fields.find((f) => f.name === 'timestamp')!.values[0] as number;
      expect(frame.firstRowLinks).toContainEqual({
        field: 'replay_url',
        title: 'Open replay at this moment',
        href: `${url}/replay/demo/session/${busiest.id}?jumpto=${time - 5000}`,
      });
    });

    test('errors over time count every tagged line in the range', async () => {
      const { frames, errors } = await query([{ refId: 'B', queryType: 'errorsOverTime', mode: 'range' }]);
      expect(errors).toEqual([]);
      expect(frames.map((f) => f.type)).toEqual(['timeseries-multi']);
      const counts = frames[0].fields.find((f) => f.type === 'number')!.values as number[];
      expect(counts.reduce((a, b) => a + b, 0)).toBe(tagged.length);
    });

    test('sessions with errors list every session, linked to its drill-down and replay', async () => {
      const { frames, errors } = await query([{ refId: 'C', queryType: 'sessions', limit: 1000 }]);
      expect(errors).toEqual([]);
      expect(frames[0].visualisation).toBe('table');
      const ids = frames[0].fields.find((f) => f.name === 'session_id')!.values as string[];
      expect(new Set(ids)).toEqual(sessions);
      expect(frames[0].firstRowLinks.map((l) => l.href)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^/d/sre-session-drilldown/.*var-session=${ids[0]}`)),
          expect.stringMatching(new RegExp(`^${url}/replay/demo/session/${ids[0]}\\?jumpto=\\d+$`)),
        ])
      );
    });

    test('error groups rank the demo errors by affected sessions, each with its latest replay', async () => {
      const { frames, errors } = await query([{ refId: 'G', queryType: 'errorGroups' }]);
      expect(errors).toEqual([]);
      expect(frames[0].visualisation).toBe('table');
      const sessions = frames[0].fields.find((f) => f.name === 'sessions')!.values as number[];
      expect(sessions.length).toBeGreaterThan(1);
      expect([...sessions].sort((a, b) => b - a)).toEqual(sessions);
      expect(frames[0].firstRowLinks.map((l) => l.title)).toContain('Open replay of the latest affected session');
      // From the hourly summary and the lines of the partial hours, which leaves no notice.
      expect(frames[0].notices).toEqual([]);
    });

    test('the variable query lists sessions and services', async () => {
      const values = (q: string) =>
        page.evaluate(({ q, range }) => (window as unknown as Checks).sreHostChecks.variableValues(q, range), {
          q,
          range: WEEK_MS,
        });
      expect(new Set(await values('sessions'))).toEqual(sessions);
      expect(new Set(await values('services'))).toEqual(services);
    });

    test('annotations mark the session’s errors, each with its replay link', async () => {
      const target: SessionErrorsQuery = {
        refId: 'Anno',
        queryType: 'logs',
        mode: 'session',
        sessionId: busiest.id,
        levels: ['critical', 'error'],
      };
      const events = await page.evaluate(
        ({ target, range }) => (window as unknown as Checks).sreHostChecks.annotations(target, range),
        { target, range: WEEK_MS }
      );
      const errorLines = busiest.lines.filter((d) =>
        ['critical', 'error'].includes(toLogLevel((d.log as { level: string }).level))
      );
      expect(events).toHaveLength(errorLines.length);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        expect(event.text).toContain(`href="${url}/replay/demo/session/${busiest.id}?jumpto=`);
      }
    });

    test('ad hoc filters offer keyword fields and their values', async () => {
      const keys = await page.evaluate(() => (window as unknown as Checks).sreHostChecks.adHocKeys());
      expect(keys).toEqual(expect.arrayContaining(['service.name', 'session.id', 'log.level']));
      expect(keys).not.toContain('message');
      const values = await page.evaluate(
        ({ key, range }) => (window as unknown as Checks).sreHostChecks.adHocValues(key, range),
        { key: 'service.name', range: WEEK_MS }
      );
      expect(new Set(values)).toEqual(services);
    });

    test('the page logged no error, warning or failed request', () => {
      expect(problems).toEqual([]);
    });
  }
);

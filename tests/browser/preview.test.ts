import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { NEWEST_HOST, OLDEST_HOST, type GrafanaHost } from '../../tools/preview/hosts';
import { freePort } from '../../tools/engine/embeddedEngine';
import { busiestSession, demoDocuments, launchBrowser, previewUrl } from './demo';

/**
 * The built dist/module.js in headless Chromium, loaded as Grafana loads it, with the real
 * @grafana/* packages of the oldest and the newest Grafana line the plugin claims, against the
 * embedded engine through the proxy stand-in.
 */
const SHOTS = path.resolve(__dirname, '../../artifacts/screenshots');
const KEY_ID = 'VuaCfGcBCdbkQm-e5aOx';
const KEY_SECRET = 'ui2lp2axTNmsyakw9tvNnw';
const KEY_ENCODED = Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64');
const BROWSER_HOSTS = [OLDEST_HOST, NEWEST_HOST];

const busiest = busiestSession(demoDocuments());
const SESSION = busiest.id;

let browser: Browser;
const pages = new Map<string, Page>();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function runSession(page: Page, id: string) {
  await page.getByLabel('Log lines').check();
  await page.getByLabel('By session').check();
  const input = page.getByLabel('Session id', { exact: true });
  await input.fill(id);
  await input.press('Enter');
  await page.getByTestId('run-query').click();
}

describe.each(BROWSER_HOSTS.map((host) => [`Grafana ${host.grafana}`, host] as const))(
  '%s',
  (_name, host: GrafanaHost) => {
    const url = previewUrl('preview', host);
    let page: Page;
    const bodies: string[] = [];

    async function capture(response: Response) {
      try {
        bodies.push(`${response.url()}\n${await response.text()}`);
      } catch {
        // redirects and aborted requests have no body
      }
    }

    beforeAll(async () => {
      page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      pages.set(host.line, page);
      page.on('response', (response) => void capture(response));
      // The settings and a query with its result: the preview's Explore page (its start page draws the dashboards).
      await page.goto(`${url}/explore`);
      await page.getByText('Data source settings').waitFor();
    });

    test('the configuration editor saves an API key into secure settings, and no response ever carries it', async () => {
      await page.getByLabel('API key', { exact: true }).check();
      await page.getByLabel('API key id').fill(KEY_ID);
      await page.getByLabel('API key secret').fill(KEY_SECRET);
      await page.getByRole('button', { name: 'Save & test' }).click();
      await page
        .getByTestId('health')
        .getByText(/Connected to OpenSearch 2\.19/)
        .waitFor();
      // Saved: the editor now shows the key as configured, without its value.
      await page.getByRole('button', { name: 'Reset' }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, `config-editor-${host.line}.png`), fullPage: true });
      const settings = await page.evaluate(() => fetch('/api/datasources/uid/sre').then((r) => r.json()));
      expect(settings.secureJsonFields).toEqual({ apiKey: true });
      expect(settings.secureJsonData).toBeUndefined();
      expect(bodies.length).toBeGreaterThan(5);
      for (const secret of [KEY_SECRET, KEY_ENCODED]) {
        expect(bodies.filter((b) => b.includes(secret))).toEqual([]);
      }
    });

    test('a session query shows that session’s lines, each with a replay link', async () => {
      await runSession(page, SESSION);
      const lines = page.getByTestId('log-line');
      const expected = busiest.lines.length;
      expect(expected).toBeGreaterThan(1);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="log-line"]').length === n, expected, {
        timeout: 20_000,
      });
      expect(await lines.count()).toBe(expected);
      expect(await lines.first().getByText('Open replay at this moment').count()).toBe(1);
      await page.screenshot({ path: path.join(SHOTS, `session-query-${host.line}.png`), fullPage: true });
    });

    test('"Open replay at this moment" opens the replay with the right jumpto', async () => {
      const first = page.getByTestId('log-line').first();
      const time = Date.parse((await first.locator('td').first().textContent())!);
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        first.getByText('Open replay at this moment').click(),
      ]);
      await popup.waitForLoadState();
      expect(popup.url()).toBe(`${url}/replay/demo/session/${SESSION}?jumpto=${time - 5000}`);
      expect(await popup.getByTestId('replay-session').textContent()).toBe(SESSION);
      await popup.close();
    });

    test('errors over time and sessions with errors render as a chart and a linked table', async () => {
      await page.getByLabel('Errors over time').check();
      await page.getByLabel('By time range').check();
      await page.getByTestId('run-query').click();
      await page.getByTestId('time-series').waitFor();
      await page.getByLabel('Sessions with errors').check();
      await page.getByTestId('run-query').click();
      const table = page.getByTestId('sessions-table');
      await table.waitFor();
      expect(await table.locator('tbody tr').count()).toBeGreaterThan(5);
      const drilldown = await table.locator('tbody tr').first().locator('a').first().getAttribute('href');
      expect(drilldown).toMatch(/^\/d\/sre-session-drilldown\/session-drill-down\?var-session=\d{19}&from=\d+&to=\d+$/);
      await page.screenshot({ path: path.join(SHOTS, `sessions-table-${host.line}.png`), fullPage: true });
    });

    test('each line shows its place on the replay clock, and its context: the session’s lines before it', async () => {
      await runSession(page, SESSION);
      const first = page.getByTestId('log-line').first();
      await first.waitFor();
      expect(await first.getByTestId('session-time').textContent()).toMatch(/^\d+:\d{2}(:\d{2})?$/);
      await first.getByTestId('show-context').click();
      const context = page.getByTestId('context-view');
      await context.getByTestId('log-line').first().waitFor({ timeout: 20_000 });
      const sessions = await context.getByTestId('label-session_id').allTextContents();
      expect(sessions.length).toBeGreaterThan(0);
      expect(sessions.every((text) => text.startsWith(`session_id=${SESSION}`))).toBe(true);
    });

    test('filter for and filter out a service from a line narrow the query to it, then away from it', async () => {
      await page.getByLabel('Log lines').check();
      await page.getByLabel('By time range').check();
      // Read the line only once the range query has answered and rendered.
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/_search')),
        page.getByTestId('run-query').click(),
      ]);
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="results"] [data-testid="log-line"]').length > 20
      );
      const label = page.getByTestId('results').getByTestId('log-line').first().getByTestId('label-service');
      const service = (await label.textContent())!.replace(/[+−]/g, '').replace(/^service=/, '');
      await page.getByTestId('results').getByLabel(`Filter for service=${service}`, { exact: true }).first().click();
      await page.waitForFunction(
        (s) => {
          const labels = [...document.querySelectorAll('[data-testid="results"] [data-testid="label-service"]')];
          return labels.length > 0 && labels.every((l) => l.textContent!.startsWith(`service=${s}`));
        },
        service,
        { timeout: 20_000 }
      );
      expect(await page.getByTestId('query-model').textContent()).toContain(`service.name:\\"${service}\\"`);
      await page.getByTestId('results').getByLabel(`Filter out service=${service}`, { exact: true }).first().click();
      await page.waitForFunction(
        (s) => {
          const labels = [...document.querySelectorAll('[data-testid="results"] [data-testid="label-service"]')];
          return labels.length > 0 && labels.every((l) => !l.textContent!.startsWith(`service=${s}`));
        },
        service,
        { timeout: 20_000 }
      );
      expect(await page.getByTestId('query-model').textContent()).toContain(`-service.name:\\"${service}\\"`);
    });

    test('the logs volume counts the range by level, computed by the engine', async () => {
      await page.getByTestId('run-volume').click();
      const volume = page.getByTestId('logs-volume');
      await volume.getByTestId('time-series').waitFor({ timeout: 20_000 });
      expect(await volume.textContent()).toMatch(/■ (error|warning|info|critical|debug): \d+/);
      await page.screenshot({ path: path.join(SHOTS, `explore-features-${host.line}.png`), fullPage: true });
    });

    test('a configured data link appears on the fields it names, and the searched words are highlighted', async () => {
      await page.getByRole('button', { name: 'Add data link' }).click();
      await page.getByLabel('Data link 1 field').fill('error.type');
      await page.getByLabel('Data link 1 title').fill('Known errors');
      await page.getByLabel('Data link 1 URL').fill('https://errors.example/?q=${__value.raw}');
      await page.getByRole('button', { name: 'Save & test' }).click();
      await page
        .getByTestId('health')
        .getByText(/Connected to OpenSearch/)
        .waitFor();
      await page.getByLabel('Log lines').check();
      await page.getByLabel('By time range').check();
      const filter = page.getByLabel('Filter', { exact: true });
      await filter.fill('declined');
      await filter.blur();
      await page.getByTestId('run-query').click();
      const link = page.getByTestId('results').getByTestId('data-link').first();
      await link.waitFor({ timeout: 20_000 });
      expect(await link.textContent()).toBe('Known errors');
      expect(await link.getAttribute('href')).toMatch(
        /^https:\/\/errors\.example\/\?q=[A-Za-z.]*(Declined|Error|Exception)/
      );
      const marks = await page.getByTestId('results').getByTestId('highlight').allTextContents();
      expect(marks.length).toBeGreaterThan(0);
      expect(marks.every((m) => m.toLowerCase() === 'declined')).toBe(true);
      await filter.fill('');
      await filter.blur();
    });

    test('an invalid session id shows the editor’s message and runs nothing', async () => {
      await page.getByLabel('Log lines').check();
      await page.getByLabel('By session').check();
      const input = page.getByLabel('Session id', { exact: true });
      await input.fill('1 OR *');
      await input.press('Enter');
      await page.getByText('"1 OR *" is not a valid session id').waitFor();
    });
  }
);

describe('with the cluster not running', () => {
  test.each(BROWSER_HOSTS.map((host) => [host.grafana, host] as const))(
    'Grafana %s shows a readable error in Save & test and on the panel',
    async (_version, host: GrafanaHost) => {
      const page = pages.get(host.line)!;
      // Nothing listens at this URL: the proxy's connection is refused, as with a stopped cluster.
      const port = await freePort();
      const url = page.getByLabel('URL', { exact: true });
      await url.fill(`http://127.0.0.1:${port}`);
      await page.getByRole('button', { name: 'Save & test' }).click();
      await page
        .getByTestId('health')
        .getByText(/Grafana could not reach the cluster \(HTTP 502\)/)
        .waitFor({ timeout: 30_000 });
      await runSession(page, SESSION);
      const error = page.getByTestId('query-error');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent()).toMatch(/Grafana could not reach the cluster \(HTTP 502\)/);
      await page.screenshot({ path: path.join(SHOTS, `cluster-down-${host.line}.png`), fullPage: true });
    }
  );
});

import type { Browser, Locator, Page } from 'playwright-core';
import overview from '../../provisioning/dashboards/session-errors-overview.json';
import drilldown from '../../provisioning/dashboards/session-drilldown.json';
import errorGroups from '../../provisioning/dashboards/error-groups.json';
import { toLogLevel } from '../../src/query/levels';
import type { SessionErrorsQuery } from '../../src/types';
import type { HostChecks } from '../../tools/preview/host/hostChecks';
import { NEWEST_HOST, OLDEST_HOST, type GrafanaHost } from '../../tools/preview/hosts';
import { collectConsoleProblems, demoDocuments, launchBrowser, previewUrl, sessionOf } from './demo';

/**
 * The provisioned dashboards as the preview draws them (`npm start`), in the oldest and the newest
 * Grafana line, walked as a user does: the overview, a session from "Sessions with errors", its
 * drill-down, its replay at the error's moment; then Error groups, a group, its sessions, a replay.
 * Panels are @grafana/ui's own (PanelChrome, TimeSeries, the table) fed by dist/module.js through
 * the proxy stand-in; what they show is checked against the demo data the engine holds.
 */
const DAY_MS = 24 * 3600_000;
const LEAD_IN_MS = 5000;
const BROWSER_HOSTS = [OLDEST_HOST, NEWEST_HOST];

type Doc = ReturnType<typeof demoDocuments>[number];
const docs = demoDocuments();
const timeOf = (doc: Doc) => Date.parse(doc['@timestamp']);
const levelOf = (doc: Doc) => toLogLevel((doc.log as { level: string }).level);
const inLastDay = (doc: Doc) => timeOf(doc) > Number(process.env.SRE_DEMO_END_MS) - DAY_MS;

/**
 * The sessions with error or critical lines in the last day (of one service), latest last error
 * first: the overview's "Sessions with errors".
 */
function sessionsWithErrors(service?: string): Array<{ id: string; lastMs: number; lines: number }> {
  const bySession = new Map<string, { id: string; lastMs: number; lines: number }>();
  const serviceOf = (doc: Doc) => (doc.service as { name: string }).name;
  const errors = docs.filter((d) => inLastDay(d) && ['error', 'critical'].includes(levelOf(d)));
  for (const doc of errors.filter((d) => service === undefined || serviceOf(d) === service)) {
    const id = sessionOf(doc);
    if (id) {
      const entry = bySession.get(id) ?? { id, lastMs: 0, lines: 0 };
      entry.lastMs = Math.max(entry.lastMs, timeOf(doc));
      entry.lines += 1;
      bySession.set(id, entry);
    }
  }
  return [...bySession.values()].sort((a, b) => b.lastMs - a.lastMs);
}

/** A panel's PanelChrome, found as Grafana's e2e selectors find it (Panels.Panel.title). */
const panelChrome = (page: Page, title: string) => page.getByTestId(`data-testid Panel header ${title}`);
/** The preview's wrapper of a panel, with its state once its queries answered. */
const panel = (page: Page, id: number) => page.locator(`[data-testid="panel-${id}"]`);

async function panelsDone(page: Page, count: number) {
  await page.waitForFunction(
    (n) => {
      const panels = [...document.querySelectorAll('[data-testid^="panel-"][data-state]')];
      return panels.length === n && panels.every((p) => p.getAttribute('data-state') !== 'Loading');
    },
    count,
    { timeout: 30_000 }
  );
}

/** The table of a table panel: TableNG's grid (12.x on) or the react-table Table (11.x). */
function tableOf(panelLocator: Locator): Locator {
  return panelLocator.locator('[role="grid"], [role="table"]').first();
}

/** A table's cell links to a dashboard, in row order: the single link a data link renders (renderSingleLink). */
function dashboardLinks(panelLocator: Locator, uid: string): Locator {
  return tableOf(panelLocator).locator(`[data-testid="data-testid Data link"][href^="/d/${uid}/"]`);
}
const sessionLinks = (panelLocator: Locator) => dashboardLinks(panelLocator, drilldown.uid);
const groupLinks = (panelLocator: Locator) => dashboardLinks(panelLocator, errorGroups.uid);

describe.each(BROWSER_HOSTS.map((host) => [`Grafana ${host.grafana}`, host] as const))(
  '%s',
  (_name, host: GrafanaHost) => {
    const url = previewUrl('matrix', host);
    let browser: Browser;
    let page: Page;
    let problems: string[];
    const expectedSessions = sessionsWithErrors();

    beforeAll(async () => {
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
      problems = collectConsoleProblems(page);
      await page.goto(url);
    });
    afterAll(() => browser?.close());

    const query = (targets: SessionErrorsQuery[]) =>
      page.evaluate(
        ({ targets, range }) =>
          (window as unknown as { sreHostChecks: HostChecks }).sreHostChecks.query(targets, range),
        { targets, range: DAY_MS }
      );

    test('the preview opens on the overview dashboard, drawn from its JSON by @grafana/ui', async () => {
      await panelsDone(page, overview.panels.length);
      expect(await page.getByTestId('dashboard-title').textContent()).toBe(overview.title);
      // Every panel of the JSON, with its title, in PanelChrome, at its grid row: full width, one below the other.
      const boxes = [];
      for (const p of overview.panels) {
        await panelChrome(page, p.title).waitFor();
        boxes.push((await panel(page, p.id).boundingBox())!);
      }
      const gridWidth = boxes[0].width;
      expect(boxes.every((b) => Math.abs(b.width - gridWidth) < 2)).toBe(true);
      for (let i = 1; i < boxes.length; i++) {
        const pos = overview.panels[i].gridPos;
        // 30 px a grid row and 8 px between rows (Grafana's GRID_CELL_HEIGHT and GRID_CELL_VMARGIN).
        expect(Math.round(boxes[i].y - boxes[0].y)).toBe(pos.y * 38);
      }
      // The time picker shows the dashboard's range, and the ad hoc filters their control.
      expect(await page.getByText('Last 24 hours').count()).toBeGreaterThan(0);
      await page.getByTestId('variable-filters').waitFor();
      // The time series is uPlot's canvas, with a legend entry a service.
      await panel(page, 1).locator('canvas').first().waitFor();
      const legend = (await panel(page, 1).textContent()) ?? '';
      const services = new Set(docs.map((d) => (d.service as { name: string }).name));
      expect([...services].some((s) => legend.includes(s))).toBe(true);
      // The sessions table: latest last error first, the first row the session the demo data says.
      const sessions = sessionLinks(panel(page, 2));
      await sessions.first().waitFor();
      expect(await sessions.first().textContent()).toBe(expectedSessions[0].id);
      // The error groups table draws each group's trend as a sparkline (a uPlot canvas in its cell).
      await panel(page, 4).locator('canvas').first().waitFor();
    });

    test('a session’s drill-down link keeps the dashboard’s relative range, as Grafana writes ${__url_time_range}', async () => {
      // TimeSrv.timeRangeForUrl (public/app/features/dashboard/services/TimeSrv.ts) and scenes' URL
      // state keep a relative range raw: the drill-down opens on "Last 24 hours" too, not on a fixed window.
      const href = (await sessionLinks(panel(page, 2)).first().getAttribute('href'))!;
      const search = new URL(href, url).searchParams;
      expect([search.get('from'), search.get('to')]).toEqual([overview.time.from, overview.time.to]);
    });

    test('clicking a session opens its drill-down, in the page, on that session', async () => {
      const session = expectedSessions[0];
      await sessionLinks(panel(page, 2)).first().click();
      await page.waitForURL((u) => u.pathname === '/d/sre-session-drilldown/session-drill-down');
      const search = new URL(page.url()).searchParams;
      expect(search.get('var-session')).toBe(session.id);
      await panelsDone(page, drilldown.panels.length);
      expect(await page.getByTestId('dashboard-title').textContent()).toBe(drilldown.title);
      expect(await page.getByTestId('variable-session').textContent()).toContain(session.id);
      // The logs panel's title interpolates the variable; its lines are the whole session's.
      await panelChrome(page, `Errors in session ${session.id}`).waitFor();
      const lines = panel(page, 2).getByTestId('log-line');
      await lines.first().waitFor();
      expect(await lines.count()).toBe(docs.filter((d) => sessionOf(d) === session.id).length);
      await panel(page, 1).locator('canvas').first().waitFor();
    });

    test('the session’s replay link opens the demo replay page at the error’s moment', async () => {
      const session = expectedSessions[0];
      const newest = Math.max(...docs.filter((d) => sessionOf(d) === session.id).map(timeOf));
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        panel(page, 2).getByText('Open replay at this moment').first().click(),
      ]);
      await popup.waitForLoadState();
      expect(popup.url()).toBe(`${url}/replay/demo/session/${session.id}?jumpto=${newest - LEAD_IN_MS}`);
      expect(await popup.getByTestId('replay-session').textContent()).toBe(session.id);
      await popup.close();
    });

    test('Error groups: a group opens its trend, its sessions and its lines; a session’s replay', async () => {
      await page.getByRole('tab', { name: 'Error groups' }).click();
      await page.waitForURL((u) => u.pathname === '/d/sre-error-groups/error-groups');
      await panelsDone(page, errorGroups.panels.length);
      const group = groupLinks(panel(page, 1)).first();
      const fingerprint = (await group.textContent())!;
      await group.click();
      await page.waitForURL((u) => new URL(u).searchParams.get('var-group') === fingerprint);
      await panelsDone(page, errorGroups.panels.length);
      expect(await page.getByTestId('variable-group').textContent()).toContain(fingerprint);
      // "Sessions with this error" runs with the group interpolated: its first row is the data source's.
      const expected = await query([
        { refId: 'A', queryType: 'sessions', filter: `error.fingerprint:"${fingerprint}"` },
      ]);
      const frame = expected.frames[0];
      const firstSession = String(frame.fields.find((f) => f.name === 'session_id')!.values[0]);
      const firstSeen = Number(frame.fields.find((f) => f.name === 'first_seen')!.values[0]);
      const sessions = sessionLinks(panel(page, 4));
      await sessions.first().waitFor();
      expect(await sessions.first().textContent()).toBe(firstSession);
      await panel(page, 3).locator('canvas').first().waitFor();
      await panel(page, 5).getByTestId('log-line').first().waitFor();

      // The replay column of that session: the replay at its first error with this fingerprint.
      const replay = tableOf(panel(page, 4)).locator(`a[href*="/session/${firstSession}?"]`).first();
      const [popup] = await Promise.all([page.waitForEvent('popup'), replay.click()]);
      await popup.waitForLoadState();
      expect(popup.url()).toBe(`${url}/replay/demo/session/${firstSession}?jumpto=${firstSeen - LEAD_IN_MS}`);
      await popup.close();

      // And the session itself opens its drill-down.
      await sessions.first().click();
      await page.waitForURL((u) => new URL(u).searchParams.get('var-session') === firstSession);
      await panelChrome(page, `Errors in session ${firstSession}`).waitFor();
    });

    test('"New error groups" keeps, through its filterByValue transformation, exactly the new groups', async () => {
      await page.getByRole('tab', { name: 'Error groups' }).click();
      await panelsDone(page, errorGroups.panels.length);
      const groups = await query([{ refId: 'A', queryType: 'errorGroups', limit: 50, newLookback: '7d' }]);
      const fields = groups.frames[0].fields;
      const isNew = fields.find((f) => f.name === 'new')!.values;
      const newGroups = fields
        .find((f) => f.name === 'fingerprint')!
        .values.filter((_, i) => isNew[i])
        .map(String);
      expect(newGroups.length).toBeGreaterThan(0);
      const shown = groupLinks(panel(page, 2));
      await shown.first().waitFor({ timeout: 10_000 });
      expect(newGroups).toContain(await shown.first().textContent());
    });

    test('an ad hoc filter narrows every panel to it, through the request’s `filters`', async () => {
      await page.getByRole('tab', { name: overview.title }).click();
      await panelsDone(page, overview.panels.length);
      const service = 'checkout';
      await page.getByRole('button', { name: 'Add filter' }).click();
      const key = page.getByLabel('Filter key');
      await key.click();
      await key.fill('service.name');
      await page.keyboard.press('Enter');
      const value = page.getByLabel('Filter value of service.name');
      await value.click();
      await value.fill(service);
      await page.keyboard.press('Enter');
      // Grafana's URL form of an ad hoc filter, one parameter a filter.
      await page.waitForURL((u) => new URL(u).searchParams.getAll('var-filters').includes(`service.name|=|${service}`));
      await panelsDone(page, overview.panels.length);
      const sessions = sessionLinks(panel(page, 2));
      await sessions.first().waitFor();
      expect(await sessions.first().textContent()).toBe(sessionsWithErrors(service)[0].id);
      expect(sessionsWithErrors(service)[0].id).not.toBe(expectedSessions[0].id);
      await page.getByRole('button', { name: `Remove filter service.name = ${service}` }).click();
      await page.waitForURL((u) => !new URL(u).searchParams.has('var-filters'));
      await panelsDone(page, overview.panels.length);
      expect(await sessionLinks(panel(page, 2)).first().textContent()).toBe(expectedSessions[0].id);
    });

    test('the time picker’s zoom out sends the wider range to the data source', async () => {
      const search = page.waitForRequest((r) => r.url().includes('/_search') && r.method() === 'POST');
      await page.getByRole('button', { name: 'Zoom out time range' }).click();
      await page.waitForURL((u) => /^\d+$/.test(new URL(u).searchParams.get('from') ?? ''));
      const params = new URL(page.url()).searchParams;
      const [from, to] = [Number(params.get('from')), Number(params.get('to'))];
      // Twice the range around its centre (getZoomedTimeRange); `now-24h` and `now` may be read a millisecond apart.
      expect(Math.abs(to - from - 2 * DAY_MS)).toBeLessThanOrEqual(2);
      const body = JSON.stringify((await search).postDataJSON());
      const range = /"@timestamp":\{"gte":(\d+),"lte?":(\d+)/.exec(body)!;
      expect([Number(range[1]), Number(range[2])]).toEqual([from, to]);
      await panelsDone(page, overview.panels.length);
    });

    test('the page logged no error or warning', () => {
      expect(problems).toEqual([]);
    });
  }
);

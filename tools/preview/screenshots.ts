import '../node/browserGlobals';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { chromium, type Page } from 'playwright-core';
import { DAY_MS } from '../../src/durations';
import { startEngine } from '../engine/embeddedEngine';
import { setupCluster } from '../setup/setupCluster';
import { buildBackend, startBackendHost } from './backendHost';
import { buildPreview } from './build';
import { shipFreshError } from './freshError';
import { summarizeProvisionedDemo } from './demoSummary';
import { HOSTS, NEWEST_HOST, ensureHostInstalled, hostByLine } from './hosts';
import { startPreview } from './server';

/**
 * The README's dashboard screenshots (docs/images/dashboard-*.png), taken from the preview as
 * `npm start` serves it: the embedded engine with the demo data, the three provisioned dashboards
 * drawn by the newest Grafana line's packages, in headless Chromium; and the alert rules evaluated
 * through the plugin's Go backend (docs/images/alerting.png), with a fresh error as `npm start` ships.
 */
const ROOT = path.resolve(__dirname, '../..');

const program = new Command()
  .name('screenshots')
  .option('--out <dir>', 'where the PNGs go', path.join(ROOT, 'docs/images'))
  .option('--lines <n>', 'demo log lines', '20000')
  .option('--grafana <line>', `the Grafana line (${HOSTS.map((h) => h.line).join(', ')})`, NEWEST_HOST.line)
  .option('--skip-build', 'use the existing dist/ and preview build', false)
  .parse();

/** Waits until every panel of the open dashboard has answered. */
async function panelsDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const panels = [...document.querySelectorAll('[data-testid^="panel-"][data-state]')];
      return panels.length > 0 && panels.every((p) => p.getAttribute('data-state') === 'Done');
    },
    undefined,
    { timeout: 60_000 }
  );
  // uPlot draws on the next animation frame; the table's sparklines with it.
  await page.waitForTimeout(1000);
}

async function main() {
  const o = program.opts<{ out: string; lines: string; grafana: string; skipBuild: boolean }>();
  const host = hostByLine(o.grafana);
  if (!o.skipBuild) {
    ensureHostInstalled(host);
    buildPreview([host]);
  }
  const engine = await startEngine({ port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const lines = Number(o.lines);
    await setupCluster({
      url: engine.url,
      indexPattern: 'logs-sessionreplay-*',
      replicas: 0,
      demo: { index: 'logs-sessionreplay-demo', lines, endMs: Date.now(), seed: 1 },
    });
    await summarizeProvisionedDemo(engine.url, { sinceMs: 2 * DAY_MS, latenessMs: 0 });
    await shipFreshError({ engineUrl: engine.url, index: 'logs-sessionreplay-fresh', nowMs: Date.now() });
    const binaries = buildBackend({ reuse: o.skipBuild });
    const preview = await startPreview({
      engineUrl: engine.url,
      host,
      backend: (previewUrl) =>
        startBackendHost({
          binaries,
          engineUrl: engine.url,
          jsonData: { openReplayUrl: `${previewUrl}/replay`, openReplayProjectId: 'demo' },
        }),
    });
    mkdirSync(o.out, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const shoot = async (name: string) => {
      await panelsDrawn(page);
      // The whole dashboard in the viewport, rather than a full-page capture resizing the page under it.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: 1400, height });
      await panelsDrawn(page);
      const file = path.join(o.out, name);
      await page.screenshot({ path: file });
      await page.setViewportSize({ width: 1400, height: 1000 });
      console.log(`wrote ${path.relative(ROOT, file)}`);
    };

    await page.goto(preview.url);
    await shoot('dashboard-overview.png');
    // A user's path: the latest session in "Sessions with errors" opens its drill-down.
    await page.locator('[data-testid="panel-2"] a[href^="/d/sre-session-drilldown/"]').first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/d/sre-session-drilldown/'));
    await shoot('dashboard-session.png');
    // Error groups, on the most widespread group.
    await page.getByRole('tab', { name: 'Error groups' }).click();
    await panelsDrawn(page);
    await page.locator('[data-testid="panel-1"] a[href^="/d/sre-error-groups/"]').first().click();
    await page.waitForURL((u) => new URL(u).searchParams.has('var-group'));
    await shoot('dashboard-error-groups.png');
    // The alert rules, evaluated now through the backend: a page served whole, nothing to wait for.
    await page.goto(`${preview.url}/alerting`);
    await page.getByTestId('evaluated-at').waitFor();
    const file = path.join(o.out, 'alerting.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${path.relative(ROOT, file)}`);
    await preview.close();
  } finally {
    await browser.close();
    await engine.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

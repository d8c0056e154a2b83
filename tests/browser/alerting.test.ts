import type { Browser, Page } from 'playwright-core';
import { parseCommand, type ProvisionedRule } from '../../tools/grafana-rules/alertEvaluation';
import { provisionedRuleGroups } from '../../tools/preview/alertingPage';
import { buildBackend, startBackendHost } from '../../tools/preview/backendHost';
import { FRESH_ERROR, shipFreshError } from '../../tools/preview/freshError';
import { NEWEST_HOST } from '../../tools/preview/hosts';
import { startPreview, type Preview } from '../../tools/preview/server';
import { collectConsoleProblems, launchBrowser } from './demo';

/**
 * The preview's /alerting page with the plugin's Go backend, as `npm start` serves it: the built
 * binary under the stand-in of Grafana's plugin host, the provisioned rules evaluated through its
 * `POST /api/ds/query` against the shared engine. A new error is shipped first, as `npm start`
 * ships one, into an index of its own that only this file's backend reads, so that the other files'
 * expectations of the demo data hold.
 */
const FRESH_INDEX = 'sre-alerting-fresh';

const rules = provisionedRuleGroups().flatMap((g) => g.rules);
const ruleOf = (queryType: string): ProvisionedRule =>
  rules.find((r) => r.data.some((q) => q.model.queryType === queryType))!;
// The provisioned rules: new error groups (error groups as values) and errors by service (errors over time).
const newGroupRule = ruleOf('errorGroups');
const byServiceRule = ruleOf('errorsOverTime');

/** The condition's threshold, read from the provisioned file (threshold.go's `gt` parameter). */
function threshold(rule: ProvisionedRule): number {
  const condition = rule.data.find((q) => q.refId === rule.condition)!;
  const command = parseCommand(condition.refId, condition.model);
  if (command.type !== 'threshold' || command.evaluator !== 'gt') {
    throw new Error(`want the condition of ${rule.uid} to be a "gt" threshold`);
  }
  return command.params[0];
}

let browser: Browser;
let preview: Preview;
let page: Page;
let problems: string[];
let fresh: Awaited<ReturnType<typeof shipFreshError>>;

beforeAll(async () => {
  // The shared engine (not a preview's data source URL: the preview tests point those elsewhere).
  const engineUrl = process.env.SRE_BROWSER_ENGINE_URL!;
  fresh = await shipFreshError({ engineUrl, index: FRESH_INDEX, nowMs: Date.now() });
  const binaries = buildBackend();
  preview = await startPreview({
    engineUrl,
    host: NEWEST_HOST,
    backend: (url) =>
      startBackendHost({
        binaries,
        engineUrl,
        jsonData: {
          indexPattern: `logs-sessionreplay-*,${FRESH_INDEX}`,
          openReplayUrl: `${url}/replay`,
          openReplayProjectId: 'demo',
        },
      }),
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  problems = collectConsoleProblems(page);
  await page.goto(`${preview.url}/alerting`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

const section = (uid: string) => page.getByTestId(`rule-${uid}`);

test('"new error group" fires for the fresh error, its instance linked to the replay of its latest session', async () => {
  const rule = section(newGroupRule.uid);
  const instance = rule.locator(`[data-testid="instance"][data-labels*="group=${fresh.fingerprint}"]`);
  await instance.waitFor();
  expect(fresh.sessionIds.length).toBeGreaterThan(threshold(newGroupRule));
  // for: 0s in the provisioned rule is Alerting at once; a `for` would keep it Pending.
  expect(await instance.getAttribute('data-state')).toBe(
    newGroupRule.for && newGroupRule.for !== '0s' ? 'Pending' : 'Alerting'
  );
  expect(await instance.textContent()).toContain(`type=${FRESH_ERROR.type}`);
  expect(await instance.textContent()).toContain(`B=${fresh.sessionIds.length}`);
  const link = instance.getByTestId('label-replay');
  const href = (await link.getAttribute('href'))!;
  const replayed = new RegExp(`^${preview.url}/replay/demo/session/(\\d+)\\?jumpto=(\\d+)$`).exec(href);
  expect(replayed).not.toBeNull();
  expect(fresh.sessionIds).toContain(replayed![1]);
  const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
  await popup.waitForLoadState();
  expect(await popup.getByTestId('replay-session').textContent()).toBe(replayed![1]);
  await popup.close();
});

test('"errors by service" shows each service’s errors of the last 5 minutes and the state they give', async () => {
  const rule = section(byServiceRule.uid);
  await rule.waitFor();
  const failures = await rule.locator('.error').allTextContents();
  expect(failures).toEqual([]);
  // The fresh error's lines are checkout errors of the last minutes: checkout has a value of at least as many.
  const reduced = rule.locator('[data-testid="value-row"][data-ref="B"]');
  const rows = await reduced.evaluateAll((trs) =>
    trs.map((tr) => [tr.children[1].textContent!.trim(), Number(tr.children[3].textContent)] as [string, number])
  );
  const checkout = rows.find(([labels]) => labels === `service=${FRESH_ERROR.service}`);
  expect(checkout?.[1]).toBeGreaterThanOrEqual(fresh.lines);
  const states = await rule
    .locator('[data-testid="instance"]')
    .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-labels'), tr.getAttribute('data-state')]));
  const expected = (sum: number) =>
    sum > threshold(byServiceRule)
      ? byServiceRule.for && byServiceRule.for !== '0s'
        ? 'Pending'
        : 'Alerting'
      : 'Normal';
  expect(states).toEqual(rows.map(([labels, sum]) => [labels, expected(sum)]));
});

test('"Re-evaluate" evaluates again, now', async () => {
  const before = await page.getByTestId('evaluated-at').textContent();
  await page.getByTestId('re-evaluate').click();
  await page.waitForFunction(
    (shown) => document.querySelector('[data-testid="evaluated-at"]')?.textContent !== shown,
    before,
    { timeout: 30_000 }
  );
  await page.getByTestId(`rule-${newGroupRule.uid}`).waitFor();
  const after = await page.getByTestId('evaluated-at').textContent();
  expect(Date.parse(after!)).toBeGreaterThan(Date.parse(before!));
});

test('the page logged no error, warning or failed request', () => {
  expect(problems).toEqual([]);
});

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { SessionErrorsQuery } from '../../src/types';
import { NOW, SESSIONS, writeFixture, type Fixture } from './fixtures';
import { engineUrl, openHarness, replaySettings, runQueries, type Harness } from './harness';

/**
 * One core, two hosts: every query type run through the browser path (DataSource → the proxy
 * stand-in → the engine) and through the Go host (the same core bundled and run by sobek in
 * pkg/plugin/core.go, talking to the engine itself) gives the same frames, value for value.
 */
const ROOT = path.resolve(__dirname, '../..');
const CORECHECK = path.join(ROOT, 'artifacts/backend/corecheck');
const WINDOW = { fromMs: NOW - 3600_000, toMs: NOW };

let fixture: Fixture;
let harness: Harness;

beforeAll(async () => {
  // The Go side embeds the bundle at build time: bundle the current core, then build.
  // In a process of its own: esbuild refuses jest's realm.
  execFileSync(process.execPath, ['--import', 'tsx', 'tools/backend/bundleCore.ts'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync('go', ['build', '-o', CORECHECK, './pkg/cmd/corecheck'], { cwd: ROOT, stdio: 'pipe' });
  fixture = await writeFixture('backend-core');
}, 300_000);
afterAll(() => harness?.close());

const QUERIES: Array<[string, Partial<SessionErrorsQuery>]> = [
  ['logs of a session', { queryType: 'logs', mode: 'session', sessionId: SESSIONS.asayer }],
  [
    'logs of a range, filtered and by level',
    { queryType: 'logs', mode: 'range', filter: 'card OR timeout', levels: ['error', 'warning'] },
  ],
  ['errors over time', { queryType: 'errorsOverTime', mode: 'range' }],
  ['errors over time by level', { queryType: 'errorsOverTime', mode: 'range', splitBy: 'level' }],
  ['errors over time by service', { queryType: 'errorsOverTime', mode: 'range', splitBy: 'service' }],
  ['sessions with errors', { queryType: 'sessions', mode: 'range' }],
  ['error groups', { queryType: 'errorGroups', mode: 'range' }],
  ['logs volume', { queryType: 'logsVolume', mode: 'range' }],
  ['an invalid session id', { queryType: 'logs', mode: 'session', sessionId: '1 OR *' }],
];

it.each(QUERIES)('%s: the Go host gives the browser path’s frames', async (_label, target) => {
  const jsonData = replaySettings(fixture.pattern, { sessionField: 'session.id' });
  harness ??= await openHarness(jsonData);
  const query = { refId: 'A', ...target } as SessionErrorsQuery;
  const browser = await runQueries(harness.ds, [query], WINDOW);
  const nowMs = Date.now();
  const input = { query, jsonData: { indexPattern: 'logs-*', ...jsonData }, range: WINDOW, nowMs, intervalMs: 60_000 };
  const [output] = JSON.parse(
    execFileSync(CORECHECK, [engineUrl()], { input: JSON.stringify([input]), encoding: 'utf8' })
  ) as Array<{ ok: boolean; frames?: unknown[]; error?: string }>;
  if (browser.errors?.length) {
    expect(output).toEqual({ ok: false, error: browser.errors[0].message });
  } else {
    expect(output.ok).toBe(true);
    expect(output.frames).toEqual(JSON.parse(JSON.stringify(browser.data)));
    expect(browser.data.length).toBeGreaterThan(0);
  }
});

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { SessionErrorsQuery } from '../../src/types';
import { NOW, SESSIONS, writeFixture, type Fixture } from './fixtures';
import { dataplaneProblems } from '../../tools/grafana-rules/dataplane';
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
  ['error groups as alert values', { queryType: 'errorGroups', mode: 'range', groupsResult: 'values' }],
  [
    'new error groups as alert values, by lines',
    { queryType: 'errorGroups', mode: 'range', groupsResult: 'values', groupsValue: 'lines', newGroupsOnly: true },
  ],
  ['sessions with errors as an alert count', { queryType: 'sessions', mode: 'range', sessionsResult: 'count' }],
  [
    'sessions with errors counted by service',
    { queryType: 'sessions', mode: 'range', sessionsResult: 'count', splitBy: 'service' },
  ],
  [
    'new error groups with their replay label',
    { queryType: 'errorGroups', mode: 'range', groupsResult: 'values', newGroupsOnly: true, replayLabel: true },
  ],
  ['logs volume', { queryType: 'logsVolume', mode: 'range' }],
  ['an invalid session id', { queryType: 'logs', mode: 'session', sessionId: '1 OR *' }],
  ['an unknown query type', { queryType: 'bogus' as SessionErrorsQuery['queryType'], mode: 'range' }],
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
    // The host leaves out fields of frames (the groups' trend), which the SDK's frames cannot carry.
    const withoutNested = browser.data.map((frame) => ({
      ...frame,
      fields: frame.fields.filter((field: { type: string }) => field.type !== 'frame'),
    }));
    expect(output.frames).toEqual(JSON.parse(JSON.stringify(withoutNested)));
    expect(browser.data.length).toBeGreaterThan(0);
  }
});

describe('what alerting reads, against the data plane contract', () => {
  it.each([
    ['errors over time', { queryType: 'errorsOverTime', mode: 'range' }],
    ['errors over time by level', { queryType: 'errorsOverTime', mode: 'range', splitBy: 'level' }],
    ['errors over time by service', { queryType: 'errorsOverTime', mode: 'range', splitBy: 'service' }],
    ['error groups as values', { queryType: 'errorGroups', mode: 'range', groupsResult: 'values' }],
    [
      'new error groups as values',
      { queryType: 'errorGroups', mode: 'range', groupsResult: 'values', newGroupsOnly: true },
    ],
    ['sessions with errors as a count', { queryType: 'sessions', mode: 'range', sessionsResult: 'count' }],
    [
      'sessions with errors counted by level',
      { queryType: 'sessions', mode: 'range', sessionsResult: 'count', splitBy: 'level' },
    ],
  ] as Array<[string, Partial<SessionErrorsQuery>]>)('%s', async (_label, target) => {
    harness ??= await openHarness(replaySettings(fixture.pattern, { sessionField: 'session.id' }));
    const response = await runQueries(harness.ds, [target], WINDOW);
    expect(response.errors).toBeUndefined();
    expect(dataplaneProblems(response.data)).toEqual([]);
    expect(response.data.length).toBeGreaterThan(0);
  });

  it('error groups as values give each group the table’s own count', async () => {
    harness ??= await openHarness(replaySettings(fixture.pattern, { sessionField: 'session.id' }));
    const [table] = (await runQueries(harness.ds, [{ queryType: 'errorGroups', mode: 'range' }], WINDOW)).data;
    const values = (
      await runQueries(
        harness.ds,
        [{ queryType: 'errorGroups', mode: 'range', groupsResult: 'values', groupsValue: 'lines' }],
        WINDOW
      )
    ).data;
    const column = (name: string) => table.fields.find((f: { name: string }) => f.name === name).values;
    expect(values.map((f) => [f.fields[0].labels.group, f.fields[0].values[0]])).toEqual(
      column('fingerprint').map((g: string, i: number) => [g, column('lines')[i]])
    );
    expect(values.length).toBeGreaterThan(0);
  });
});

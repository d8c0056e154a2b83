import { dateTime, type DataFrame } from '@grafana/data';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import {
  asPanelReadsIt,
  buildBackendBinaries,
  dsQuery as dsQueryIn,
  startStandIn as startStandInWith,
  throughTheBackend,
  type StandIn,
  type WireField,
} from './backendHost';
import { NOW, SESSIONS, writeFixture, type Fixture } from './fixtures';
import { engineUrl, openHarness, runQueries, type Harness } from './harness';

type QueryType = SessionErrorsQuery['queryType'];

/**
 * The built plugin binary launched as Grafana launches it, against the engine: the stand-in of
 * Grafana's backend (tools/grafana-backend) starts it through go-plugin, builds the plugin context
 * from provisioning/datasources, and serves Grafana's /api/ds/query, health and resource API. Every
 * answer is read as Grafana's frontend reads it (toDataQueryResponse, @grafana/runtime) and compared
 * with the browser path's for the same query.
 */
const ROOT = path.resolve(__dirname, '../..');
const WINDOW = { fromMs: NOW - 3600_000, toMs: NOW };

interface Target extends SessionErrorsQuery {
  datasource: { uid: string; type: string };
}

interface Panel {
  title: string;
  targets?: Target[];
  panels?: Panel[];
}

/** Every panel query of the provisioned dashboards, once each. */
function dashboardTargets(): Array<[string, Target]> {
  const dir = path.join(ROOT, 'provisioning/dashboards');
  const seen = new Set<string>();
  const targets: Array<[string, Target]> = [];
  const visit = (dashboard: string, panels: Panel[] = []) => {
    for (const panel of panels) {
      visit(dashboard, panel.panels);
      for (const target of panel.targets ?? []) {
        const { refId: _refId, ...model } = target;
        const key = JSON.stringify(model);
        if (!seen.has(key)) {
          seen.add(key);
          targets.push([`${dashboard} / ${panel.title}`, target]);
        }
      }
    }
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    visit(dashboard.title, dashboard.panels);
  }
  return targets;
}
const DASHBOARD_TARGETS = dashboardTargets();
const DATASOURCE = DASHBOARD_TARGETS[0][1].datasource;

/** The stand-in against the engine, with the provisioned data source's jsonData keys replaced. */
const startStandIn = (jsonData: Partial<SessionErrorsOptions>) => startStandInWith({ url: engineUrl(), jsonData });

/** Grafana's POST /api/ds/query over this file's window. */
const dsQuery = (standIn: StandIn, queries: Array<Partial<SessionErrorsQuery>>) => dsQueryIn(standIn, queries, WINDOW);

let fixture: Fixture;
let standIn: StandIn;
let harness: Harness;
let jsonData: SessionErrorsOptions;

beforeAll(async () => {
  buildBackendBinaries();
  fixture = await writeFixture('backend-launch');
  // The provisioned data source, searching this file's fixture; the error-group summary index is
  // left out (errorGroupsSummary.test.ts covers it) so that no other test's summary is read.
  standIn = await startStandIn({ indexPattern: fixture.pattern, groupsSummaryIndex: '' });
  // The browser path gets the settings Grafana holds for the data source, from Grafana's API.
  const res = await fetch(`${standIn.url}/api/datasources/uid/${DATASOURCE.uid}`);
  expect(res.status).toBe(200);
  jsonData = ((await res.json()) as { jsonData: SessionErrorsOptions }).jsonData;
  harness = await openHarness(jsonData, {}, { session: SESSIONS.asayer, group: await someFingerprint() });
}, 300_000);

afterAll(async () => {
  await harness?.close();
  await standIn?.stop();
});

/** A fingerprint the fixture's lines have (the ingest pipeline gives them), for the $group variable. */
async function someFingerprint(): Promise<string> {
  const probe = await openHarness(jsonData);
  try {
    const [table] = (await runQueries(probe.ds, [{ queryType: 'errorGroups', mode: 'range' }], WINDOW)).data;
    const fingerprints = table.fields.find((f: { name: string }) => f.name === 'fingerprint').values;
    expect(fingerprints.length).toBeGreaterThan(0);
    return fingerprints[0];
  } finally {
    await probe.close();
  }
}

it('the provisioned dashboards and the provisioned data source name the same uid', () => {
  expect(DATASOURCE).toEqual({ uid: 'session-replay-errors', type: 'sessionreplay-errors-datasource' });
  expect(new Set(DASHBOARD_TARGETS.map(([, t]) => t.datasource.uid))).toEqual(new Set([DATASOURCE.uid]));
  // dsQuery sends the stand-in's data source: the one the dashboards name.
  expect(standIn.datasource).toEqual(DATASOURCE);
});

it('CheckHealth through Grafana’s health API is the browser’s Save & test', async () => {
  const res = await fetch(`${standIn.url}/api/datasources/uid/${DATASOURCE.uid}/health`);
  const health = await res.json();
  const browser = await harness.ds.testDatasource();
  expect(browser.status).toBe('success');
  // pkg/api/datasource.go: {status, message}, 200 when the status is OK.
  expect({ status: res.status, body: health }).toEqual({
    status: 200,
    body: { status: 'OK', message: browser.message },
  });
});

describe('QueryData answers every query of the provisioned dashboards as the browser does', () => {
  it.each(DASHBOARD_TARGETS)('%s', async (_panel, target) => {
    // What Grafana's frontend sends: the query with the dashboard's variables applied
    // (DataSourceWithBackend.query calls applyTemplateVariables).
    const interpolated = harness.ds.applyTemplateVariables(target, {});
    expect(JSON.stringify(interpolated)).not.toContain('$');
    const browser = await runQueries(harness.ds, [target], WINDOW);
    const { status, response } = await dsQuery(standIn, [interpolated]);
    expect(browser.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(asPanelReadsIt(response.data)).toEqual(throughTheBackend(browser.data));
    expect(browser.data.length).toBeGreaterThan(0);
  });
});

describe('what alerting reads comes through QueryData in Grafana’s series shape', () => {
  it.each([
    ['errors over time by service', { queryType: 'errorsOverTime', mode: 'range', splitBy: 'service' }],
    ['errors over time', { queryType: 'errorsOverTime', mode: 'range' }],
  ] as Array<[string, Partial<SessionErrorsQuery>]>)('%s: a []time.Time field, never nullable', async (_l, target) => {
    const { status, response } = await dsQuery(standIn, [target]);
    expect(status).toBe(200);
    // grafana/dataplane sdata/timeseries/util.go seriesCheckSelectTime: "Must have []time.Time field
    // (no nullable time)"; the SDK's JSON names the Go type of each field in typeInfo.
    const timeFields = response.data.flatMap((frame: DataFrame) =>
      (frame.fields as WireField[]).filter((f) => f.type === 'time').map((f) => f.typeInfo)
    );
    expect(timeFields.length).toBeGreaterThan(0);
    expect(new Set(timeFields.map((t) => JSON.stringify(t)))).toEqual(
      new Set([JSON.stringify({ frame: 'time.Time' })])
    );
  });
});

describe('log lines through QueryData are bounded by the data source’s maximum lines', () => {
  let bounded: StandIn;
  let boundedHarness: Harness;
  beforeAll(async () => {
    bounded = await startStandIn({ indexPattern: fixture.pattern, groupsSummaryIndex: '', maxLines: 2 });
    boundedHarness = await openHarness({ ...jsonData, maxLines: 2 });
  });
  afterAll(async () => {
    await boundedHarness?.close();
    await bounded?.stop();
  });

  it('a query asking for more lines gets the maximum, as in the browser', async () => {
    const target: Partial<SessionErrorsQuery> = { queryType: 'logs', mode: 'range', limit: 500 };
    const browser = await runQueries(boundedHarness.ds, [target], WINDOW);
    const { status, response } = await dsQuery(bounded, [target]);
    expect(status).toBe(200);
    expect(response.data).toHaveLength(1);
    expect(response.data[0].length).toBe(2);
    expect(asPanelReadsIt(response.data)).toEqual(throughTheBackend(browser.data));
  });
});

describe('bad input through QueryData: the browser’s message in the result’s error, never a crash', () => {
  let missing: StandIn;
  let missingHarness: Harness;
  beforeAll(async () => {
    // A concrete index that does not exist (a wildcard matching nothing is a notice, not an error).
    missing = await startStandIn({ indexPattern: 'sre-backend-launch-missing', groupsSummaryIndex: '' });
    missingHarness = await openHarness({ ...jsonData, indexPattern: 'sre-backend-launch-missing' });
  });
  afterAll(async () => {
    await missingHarness?.close();
    await missing?.stop();
  });

  const cases: Array<[string, () => StandIn, () => Harness, Partial<SessionErrorsQuery>]> = [
    ['an unknown query type', () => standIn, () => harness, { queryType: 'bogus' as QueryType, mode: 'range' }],
    [
      'a malformed session id',
      () => standIn,
      () => harness,
      { queryType: 'logs', mode: 'session', sessionId: '1 OR *' },
    ],
    ['a missing index', () => missing, () => missingHarness, { queryType: 'logs', mode: 'range' }],
  ];
  it.each(cases)('%s', async (_label, host, browserHost, target) => {
    const browser = await runQueries(browserHost().ds, [target], WINDOW);
    expect(browser.errors).toHaveLength(1);
    const { status, response } = await dsQuery(host(), [target]);
    // ds_query.go: a 400 when a query failed; query.go: each failure in its own result.
    expect(status).toBe(400);
    expect(response.errors).toEqual([{ refId: 'A', message: browser.errors![0].message, status: 400 }]);
    expect(response.data).toEqual([]);
    // The plugin is still there and answering.
    const health = await fetch(`${host().url}/api/datasources/uid/${DATASOURCE.uid}/health`);
    expect(health.status).toBeLessThan(500);
  });

  it('an unknown query type is refused with a message naming it', async () => {
    const { status, response } = await dsQuery(standIn, [{ queryType: 'bogus' as QueryType, mode: 'range' }]);
    expect(status).toBe(400);
    expect(response.errors?.[0].message).toMatch(/^"bogus" is not a query type of this data source/);
  });

  it('a bad query beside a good one fails alone', async () => {
    const { status, response } = await dsQuery(standIn, [
      { queryType: 'errorsOverTime', mode: 'range' },
      { queryType: 'logs', mode: 'session', sessionId: '1 OR *' },
    ]);
    expect(status).toBe(400);
    expect(response.errors?.map((e) => e.refId)).toEqual(['B']);
    expect(response.data.map((frame) => frame.refId)).toEqual(['A']);
  });
});

describe('CallResource through Grafana’s resource API gives what the browser offers', () => {
  const range = { from: dateTime(WINDOW.fromMs), to: dateTime(WINDOW.toMs), raw: { from: 'now-1h', to: 'now' } };
  const window = `from=${WINDOW.fromMs}&to=${WINDOW.toMs}`;
  const resource = async (pathAndQuery: string) => {
    const res = await fetch(`${standIn.url}/api/datasources/uid/${DATASOURCE.uid}/resources/${pathAndQuery}`);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  };

  it.each([
    [
      'session variable values',
      `variables?query=sessions&${window}`,
      () => harness.ds.metricFindQuery('sessions', { range }),
    ],
    [
      'service variable values',
      `variables?query=services&${window}`,
      () => harness.ds.metricFindQuery('services', { range }),
    ],
    ['ad hoc filter keys', 'tag-keys', () => harness.ds.getTagKeys()],
    [
      'ad hoc filter values',
      `tag-values?key=service.name&${window}`,
      () => harness.ds.getTagValues({ key: 'service.name', timeRange: range, filters: [] }),
    ],
  ] as Array<[string, string, () => Promise<unknown[]>]>)('%s', async (_label, pathAndQuery, browser) => {
    const expected = await browser();
    expect(expected.length).toBeGreaterThan(0);
    expect(await resource(pathAndQuery)).toEqual({
      status: 200,
      type: 'application/json',
      body: JSON.parse(JSON.stringify(expected)),
    });
  });

  it('an unknown resource is a 404 with the plugin’s message', async () => {
    const { status, body } = await resource('nothing-here');
    expect(status).toBe(404);
    expect(body.message).toContain('nothing-here');
  });
});

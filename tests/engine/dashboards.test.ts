import { dateTime, DataFrameType, FieldType, type DataFrame, type DataQueryRequest } from '@grafana/data';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lastValueFrom } from 'rxjs';
import { parse } from 'yaml';
import { GROUPS_DASHBOARD_UID } from '../../src/response/toErrorGroupsFrame';
import { DRILLDOWN_DASHBOARD_UID } from '../../src/response/toSessionsFrame';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import { setupCluster } from '../../tools/setup/setupCluster';
import { summarizeProvisionedDemo } from '../../tools/preview/demoSummary';
import { engineUrl, openHarness, type Harness } from './harness';

/** Runs every panel query of both provisioned dashboards through the data source against the engine. */

const ROOT = path.resolve(__dirname, '../..');
const provisioned = parse(readFileSync(path.join(ROOT, 'provisioning/datasources/session-replay-errors.yaml'), 'utf8'))
  .datasources[0];
const dashboard = (file: string) => JSON.parse(readFileSync(path.join(ROOT, 'provisioning/dashboards', file), 'utf8'));
const overview = dashboard('session-errors-overview.json');
const drilldown = dashboard('session-drilldown.json');
const errorGroups = dashboard('error-groups.json');

interface Panel {
  type: string;
  title: string;
  datasource: { uid: string };
  targets: SessionErrorsQuery[];
}

const variables: Record<string, string> = {};
let harness: Harness;
const END = Date.now();

beforeAll(async () => {
  await setupCluster({
    url: engineUrl(),
    indexPattern: 'logs-sessionreplay-*',
    replicas: 0,
    demo: { index: 'logs-sessionreplay-dashboards', lines: 3000, endMs: END, seed: 5 },
  });
  // The provisioned data source as Grafana would load it, pointed at the test engine.
  const jsonData: SessionErrorsOptions = { ...provisioned.jsonData };
  // Its error-group summary, as the summarizer keeps it beside Grafana.
  await summarizeProvisionedDemo(engineUrl(), { sinceMs: 8 * 24 * 3600_000, latenessMs: 0, nowMs: END });
  harness = await openHarness(jsonData, {}, variables);
});
afterAll(() => harness.close());

function run(target: SessionErrorsQuery) {
  const from = dateTime(END - 24 * 3600_000);
  const to = dateTime(END);
  return lastValueFrom(
    harness.ds.query({
      targets: [target],
      range: { from, to, raw: { from: 'now-24h', to: 'now' } },
      scopedVars: {},
      intervalMs: 60_000,
    } as unknown as DataQueryRequest<SessionErrorsQuery>)
  );
}

function expectPanelData(panel: Panel, target: SessionErrorsQuery, frames: DataFrame[]) {
  expect(frames.length).toBeGreaterThan(0);
  switch (panel.type) {
    case 'timeseries':
      for (const frame of frames) {
        expect(frame.fields.map((f) => f.type)).toEqual([FieldType.time, FieldType.number]);
      }
      expect(frames.some((f) => (f.fields[1].values as number[]).some((v) => v > 0))).toBe(true);
      break;
    case 'table':
      expect(frames[0].fields.map((f) => f.name)).toEqual(
        expect.arrayContaining(
          target.queryType === 'errorGroups'
            ? ['fingerprint', 'error', 'lines', 'sessions', 'new', 'trend']
            : ['session_id', 'lines', 'first_seen', 'last_seen']
        )
      );
      expect(frames[0].length).toBeGreaterThan(0);
      if (target.queryType === 'errorGroups') {
        // Read from the summary, with no notice that it was not used or is behind.
        expect(frames[0].meta?.notices).toBeUndefined();
      }
      break;
    case 'logs':
      expect(frames[0].meta?.type).toBe(DataFrameType.LogLines);
      expect(frames[0].length).toBeGreaterThan(0);
      expect(frames[0].fields.find((f) => f.name === 'replay_url')?.config.links?.[0].title).toBe(
        'Open replay at this moment'
      );
      break;
    default:
      throw new Error(`unexpected panel type ${panel.type}`);
  }
}

describe.each([
  ['Session errors overview', overview],
  ['Session drill-down', drilldown],
  ['Error groups', errorGroups],
])('%s', (_title, board) => {
  it('is valid dashboard JSON for this data source', () => {
    expect(board.schemaVersion).toBeGreaterThanOrEqual(39);
    for (const panel of board.panels as Panel[]) {
      expect(panel.datasource.uid).toBe(provisioned.uid);
      expect(['timeseries', 'table', 'logs']).toContain(panel.type);
      expect(new Set(panel.targets.map((t) => t.refId)).size).toBe(panel.targets.length);
    }
  });

  it('has data of the kind each panel expects', async () => {
    // Resolve every query variable with its own query, as Grafana does on load (first value selected).
    for (const variable of board.templating.list as Array<{ type: string; name: string; query: string }>) {
      if (variable.type !== 'query') {
        continue;
      }
      const values = await harness.ds.metricFindQuery(variable.query, {
        range: { from: dateTime(END - 24 * 3600_000), to: dateTime(END), raw: { from: 'now-24h', to: 'now' } },
      });
      expect({ variable: variable.name, some: values.length > 0 }).toEqual({ variable: variable.name, some: true });
      variables[variable.name] = values[0].text;
    }
    for (const panel of board.panels as Panel[]) {
      for (const target of panel.targets) {
        const response = await run(target);
        expect({ panel: panel.title, errors: response.errors }).toEqual({ panel: panel.title, errors: undefined });
        expectPanelData(panel, target, response.data as DataFrame[]);
      }
    }
  });
});

it('the sessions table and the error groups link to the provisioned dashboards', () => {
  expect(drilldown.uid).toBe(DRILLDOWN_DASHBOARD_UID);
  expect(errorGroups.uid).toBe(GROUPS_DASHBOARD_UID);
});

// The session dashboards mark errors as annotations; the error groups dashboard has none.
describe.each([
  ['Session errors overview', overview],
  ['Session drill-down', drilldown],
])('%s annotations', (_title, board) => {
  it('return events with replay links', async () => {
    const annotations = board.annotations.list.filter(
      (a: { datasource: { uid: string } }) => a.datasource.uid === provisioned.uid
    );
    expect(annotations.length).toBeGreaterThan(0);
    for (const annotation of annotations) {
      const query = harness.ds.annotations.prepareQuery!(annotation)!;
      const response = await run(query);
      const events = await lastValueFrom(harness.ds.annotations.processEvents!(annotation, response.data));
      expect(events!.length).toBeGreaterThan(0);
      expect(events![0].text).toContain('Open replay at this moment');
    }
  });
});

import { Alert, Button, RadioButtonGroup, Stack, Tab, TabsBar } from '@grafana/ui';
import { locationService, setDataSourceSrv } from '@grafana/runtime';
import React, { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { lastValueFrom } from 'rxjs';
import {
  LogRowContextQueryDirection,
  SupplementaryQueryType,
  type DataQueryResponse,
  type LogRowModel,
  type TestDataSourceResponse,
} from '@grafana/data';
import type { SessionErrorsQuery } from '../../../src/types';
import { savedDataSourceSrv } from '../../grafana-proxy/dataSourceSrv';
import { dataSourceApi, instanceSettings, queryRequest, type Plugin, type Settings } from './grafanaContext';
import { logsVolumeRequest, ResultView, type LineActions } from './ResultView';
import { Dashboard } from './dashboard/Dashboard';
import { DASHBOARDS, dashboardByUid, dashboardPath } from './dashboard/model';

const RANGES = [
  { label: 'Last hour', value: 3600_000 },
  { label: 'Last 6 hours', value: 6 * 3600_000 },
  { label: 'Last 24 hours', value: 24 * 3600_000 },
  { label: 'Last 7 days', value: 7 * 24 * 3600_000 },
];

/** The data source settings and a query editor with its result: what Explore and the settings page do. */
function ExplorePage({ plugin }: { plugin: Plugin }) {
  const [settings, setSettings] = useState<Settings>();
  const [saved, setSaved] = useState<Settings>();
  const [health, setHealth] = useState<TestDataSourceResponse>();
  const [testing, setTesting] = useState(false);
  const [query, setQuery] = useState<SessionErrorsQuery>({ refId: 'A', queryType: 'logs', mode: 'range' });
  const [rangeMs, setRangeMs] = useState(24 * 3600_000);
  const [response, setResponse] = useState<DataQueryResponse>();
  const [range, setRange] = useState({ fromMs: 0, toMs: 0 });
  const [volume, setVolume] = useState<DataQueryResponse>();
  const [context, setContext] = useState<DataQueryResponse>();
  // Remounts the editor when the query changes from outside it (a filter clicked on a line).
  const [editorKey, setEditorKey] = useState(0);

  useEffect(() => {
    dataSourceApi<Settings>('GET').then((s) => {
      setSettings(s);
      setSaved(s);
    });
  }, []);

  const ds = useMemo(
    () => (saved ? new plugin.DataSourceClass(instanceSettings(saved, plugin)) : undefined),
    [saved, plugin]
  );
  // Grafana's data source service: what the editor's layout detection asks for the saved data source.
  useEffect(() => {
    if (ds && saved) {
      setDataSourceSrv(savedDataSourceSrv(ds, instanceSettings(saved, plugin)));
    }
  }, [ds, saved, plugin]);

  const run = useCallback(
    async (q: SessionErrorsQuery = query) => {
      if (!ds) {
        return;
      }
      const request = queryRequest([q], rangeMs);
      setRange({ fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() });
      setResponse(await lastValueFrom(ds.query(request)));
    },
    [ds, query, rangeMs]
  );

  // As Explore does: the plugin's supplementary request, run through Grafana's queryLogsVolume
  // wrapper (interval rounding; names and colours from labels.level: tools/grafana-rules/logsVolume.ts).
  const runVolume = async () => {
    const request = ds?.getSupplementaryRequest(SupplementaryQueryType.LogsVolume, queryRequest([query], rangeMs));
    setVolume(request && ds ? await lastValueFrom(ds.query(logsVolumeRequest(request))) : { data: [] });
  };

  const actions: LineActions = {
    onFilter: (type, key, value) => {
      if (!ds) {
        return;
      }
      const next = ds.toggleQueryFilter(query, { type, options: { key, value } });
      setQuery(next);
      setEditorKey((k) => k + 1);
      run(next);
    },
    onContext: async (frame, rowIndex) => {
      const row = { dataFrame: frame, rowIndex, uid: `row-${rowIndex}` } as LogRowModel;
      setContext(await ds?.getLogRowContext(row, { direction: LogRowContextQueryDirection.Backward, limit: 5 }, query));
    },
  };

  const saveAndTest = async () => {
    setTesting(true);
    setHealth(undefined);
    try {
      const result = await dataSourceApi<{ datasource: Settings }>('PUT', settings);
      setSettings(result.datasource);
      setSaved(result.datasource);
      const fresh = new plugin.DataSourceClass(instanceSettings(result.datasource, plugin));
      setHealth(await fresh.testDatasource());
    } catch (e) {
      setHealth({ status: 'error', message: (e as Error).message });
    } finally {
      setTesting(false);
    }
  };

  if (!settings || !ds) {
    return <div>Loading the data source…</div>;
  }
  const ConfigEditor = plugin.components.ConfigEditor!;
  const QueryEditor = plugin.components.QueryEditor!;
  return (
    <Stack direction="column" gap={3}>
      <section>
        <h2>Data source settings</h2>
        <ConfigEditor options={settings} onOptionsChange={setSettings} />
        <Stack direction="row" gap={2} alignItems="center">
          <Button onClick={saveAndTest} disabled={testing}>
            Save &amp; test
          </Button>
        </Stack>
        {health && (
          <div data-testid="health" style={{ marginTop: 8 }}>
            <Alert
              severity={health.status === 'success' ? 'success' : health.status === 'warning' ? 'warning' : 'error'}
              title={health.message}
            />
          </div>
        )}
      </section>
      <section>
        <h2>Query</h2>
        <QueryEditor key={editorKey} datasource={ds} query={query} onChange={setQuery} onRunQuery={() => undefined} />
        <details>
          <summary>Query model</summary>
          <pre data-testid="query-model">{JSON.stringify(query, null, 2)}</pre>
        </details>
        <Stack direction="row" gap={2} alignItems="center">
          <RadioButtonGroup options={RANGES} value={rangeMs} onChange={setRangeMs} />
          <Button onClick={() => run()} data-testid="run-query">
            Run query
          </Button>
          <Button variant="secondary" onClick={runVolume} data-testid="run-volume">
            Logs volume
          </Button>
        </Stack>
      </section>
      <section>
        <h2>Result</h2>
        {volume && (
          <div data-testid="logs-volume">
            <ResultView
              response={volume}
              range={range}
              volume={{ datasourceName: settings.name, targetRefIds: [query.refId] }}
            />
          </div>
        )}
        <div data-testid="results">
          <ResultView response={response} range={range} actions={actions} />
        </div>
      </section>
      {context && (
        <section data-testid="context-view">
          <h2>Context: the lines before it</h2>
          <ResultView response={context} range={range} />
        </section>
      )}
    </Stack>
  );
}

export const EXPLORE_PATH = '/explore';

/** The page's location, kept current by @grafana/runtime's locationService (Grafana's own history). */
function useLocation(): string {
  return useSyncExternalStore(
    (notify) => locationService.getHistory().listen(notify),
    () => `${window.location.pathname}${window.location.search}`
  );
}

/** A provisioned dashboard, with the data source made from the saved settings when it opens. */
function DashboardRoute({ plugin, uid, search }: { plugin: Plugin; uid: string; search: URLSearchParams }) {
  const [saved, setSaved] = useState<Settings>();
  useEffect(() => {
    dataSourceApi<Settings>('GET').then(setSaved);
  }, []);
  const ds = useMemo(
    () => (saved ? new plugin.DataSourceClass(instanceSettings(saved, plugin)) : undefined),
    [saved, plugin]
  );
  const dashboard = dashboardByUid(uid);
  if (!dashboard) {
    return <Alert severity="error" title={`Dashboard not found: ${uid}`} />;
  }
  if (!ds) {
    return <div>Loading the data source…</div>;
  }
  return <Dashboard key={uid} dataSource={ds} dashboard={dashboard} search={search} />;
}

/**
 * The preview's pages, routed by path as Grafana routes them: `/d/<uid>/<slug>` a provisioned
 * dashboard (`/` the first), `/explore` the data source settings and a query with its result.
 */
export function App({ plugin }: { plugin: Plugin }) {
  const location = useLocation();
  const url = new URL(location, window.location.origin);
  const dashboardUid =
    /^\/d\/([^/]+)/.exec(url.pathname)?.[1] ?? (url.pathname === '/' ? DASHBOARDS[0].uid : undefined);
  return (
    <Stack direction="column" gap={2}>
      <TabsBar>
        {DASHBOARDS.map((d) => (
          <Tab key={d.uid} label={d.title} href={dashboardPath(d)} active={dashboardUid === d.uid} />
        ))}
        <Tab label="Explore" href={EXPLORE_PATH} active={url.pathname === EXPLORE_PATH} />
      </TabsBar>
      {url.pathname === EXPLORE_PATH ? (
        <ExplorePage plugin={plugin} />
      ) : dashboardUid ? (
        <DashboardRoute key={dashboardUid} plugin={plugin} uid={dashboardUid} search={url.searchParams} />
      ) : (
        <Alert severity="error" title={`No page at ${url.pathname}`} />
      )}
    </Stack>
  );
}

import { Alert, Button, RadioButtonGroup, Stack } from '@grafana/ui';
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import {
  LogRowContextQueryDirection,
  SupplementaryQueryType,
  type DataQueryResponse,
  type LogRowModel,
  type TestDataSourceResponse,
} from '@grafana/data';
import type { SessionErrorsQuery } from '../../../src/types';
import { dataSourceApi, instanceSettings, queryRequest, type Plugin, type Settings } from './grafanaContext';
import { ResultView, type LineActions } from './ResultView';

const RANGES = [
  { label: 'Last hour', value: 3600_000 },
  { label: 'Last 6 hours', value: 6 * 3600_000 },
  { label: 'Last 24 hours', value: 24 * 3600_000 },
  { label: 'Last 7 days', value: 7 * 24 * 3600_000 },
];

export function App({ plugin }: { plugin: Plugin }) {
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

  // As Explore does: the logs volume through the plugin's supplementary request.
  const runVolume = async () => {
    const request = ds?.getSupplementaryRequest(SupplementaryQueryType.LogsVolume, queryRequest([query], rangeMs));
    setVolume(request && ds ? await lastValueFrom(ds.query(request)) : { data: [] });
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
            <ResultView response={volume} range={range} />
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

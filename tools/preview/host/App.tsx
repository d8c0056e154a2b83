import type {
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  DataSourcePlugin,
  DataSourceSettings,
  TestDataSourceResponse,
} from '@grafana/data';
import { dateTime } from '@grafana/data';
import { Alert, Button, RadioButtonGroup, Stack } from '@grafana/ui';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from '../../../src/datasource';
import type { SessionErrorsOptions, SessionErrorsQuery, SessionErrorsSecureOptions } from '../../../src/types';
import { ResultView } from './ResultView';

type Settings = DataSourceSettings<SessionErrorsOptions, SessionErrorsSecureOptions>;
type Plugin = DataSourcePlugin<DataSource, SessionErrorsQuery, SessionErrorsOptions, SessionErrorsSecureOptions>;

const UID = 'sre';
const RANGES = [
  { label: 'Last hour', value: 3600_000 },
  { label: 'Last 6 hours', value: 6 * 3600_000 },
  { label: 'Last 24 hours', value: 24 * 3600_000 },
  { label: 'Last 7 days', value: 7 * 24 * 3600_000 },
];

async function api<T>(method: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/datasources/uid/${UID}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    throw new Error(`${method} data source: HTTP ${response.status}`);
  }
  return response.json() as Promise<T>;
}

/** What Grafana hands a data source: the proxy URL, never the cluster URL or any secret. */
function instanceSettings(settings: Settings, plugin: Plugin): DataSourceInstanceSettings<SessionErrorsOptions> {
  return {
    id: settings.id,
    uid: settings.uid,
    type: settings.type,
    name: settings.name,
    url: `/api/datasources/proxy/uid/${settings.uid}`,
    access: 'proxy',
    jsonData: settings.jsonData,
    meta: plugin.meta,
    readOnly: false,
  } as DataSourceInstanceSettings<SessionErrorsOptions>;
}

export function App({ plugin }: { plugin: Plugin }) {
  const [settings, setSettings] = useState<Settings>();
  const [saved, setSaved] = useState<Settings>();
  const [health, setHealth] = useState<TestDataSourceResponse>();
  const [testing, setTesting] = useState(false);
  const [query, setQuery] = useState<SessionErrorsQuery>({ refId: 'A', queryType: 'logs', mode: 'range' });
  const [rangeMs, setRangeMs] = useState(24 * 3600_000);
  const [response, setResponse] = useState<DataQueryResponse>();
  const [range, setRange] = useState({ fromMs: 0, toMs: 0 });

  useEffect(() => {
    api<Settings>('GET').then((s) => {
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
      const to = Date.now();
      const from = to - rangeMs;
      setRange({ fromMs: from, toMs: to });
      const request = {
        targets: [q],
        range: { from: dateTime(from), to: dateTime(to), raw: { from: `now-${rangeMs / 1000}s`, to: 'now' } },
        scopedVars: {},
        interval: '1m',
        intervalMs: Math.max(60_000, Math.round(rangeMs / 200)),
        requestId: 'preview',
        timezone: 'utc',
        app: 'explore',
        startTime: Date.now(),
      } as unknown as DataQueryRequest<SessionErrorsQuery>;
      setResponse(await lastValueFrom(ds.query(request)));
    },
    [ds, query, rangeMs]
  );

  const saveAndTest = async () => {
    setTesting(true);
    setHealth(undefined);
    try {
      const result = await api<{ datasource: Settings }>('PUT', settings);
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
        <QueryEditor datasource={ds} query={query} onChange={setQuery} onRunQuery={() => undefined} />
        <Stack direction="row" gap={2} alignItems="center">
          <RadioButtonGroup options={RANGES} value={rangeMs} onChange={setRangeMs} />
          <Button onClick={() => run()} data-testid="run-query">
            Run query
          </Button>
        </Stack>
      </section>
      <section>
        <h2>Result</h2>
        <ResultView response={response} range={range} />
      </section>
    </Stack>
  );
}

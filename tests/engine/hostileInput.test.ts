import { dateTime, type DataFrame, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import type { ProxyOptions, StoredDataSource } from '../../tools/grafana-proxy/dataSourceProxy';
import { connectAdmin } from '../../tools/setup/adminClient';
import { DEFAULT_FIELDS, sessionIdPipeline, sessionLogsTemplate } from '../../tools/setup/template';
import {
  asPanelReadsIt,
  buildBackendBinaries,
  dsQuery,
  startStandIn,
  throughTheBackend,
  writeProvisioning,
  type StandIn,
} from './backendHost';
import {
  closeServer,
  createLogsIndex,
  engineUrl,
  openHarness,
  replaySettings,
  runQueries,
  writeRawDocuments,
  type Harness,
} from './harness';

/**
 * The hostile-input suite: what users, dashboards, settings and the cluster itself can put in the
 * plugin's way, run through the real request path against the embedded engine. Each case checks
 * that nothing widens a search, breaks out of the DSL, rounds an id into another session, or ends
 * as a blank panel or a misleading message.
 *
 * Every query a case runs in the browser also runs through the Go backend (issue #18, "Safe"): the
 * built plugin binary behind the stand-in of Grafana's backend (tools/grafana-backend, see
 * backendHost.ts), launched with the case's data source settings, answering POST /api/ds/query. It
 * must answer as the browser does: the same frames, or the same error message.
 */
const MINUTE = 60_000;
const NOW = Date.now();
const WINDOW = { fromMs: NOW - 60 * MINUTE, toMs: NOW + MINUTE };
const KW = { index: 'logs-hostile-kw', pattern: 'logs-hostile-*' };
const LONG = { index: 'logs-hostilelong-a', pattern: 'logs-hostilelong-*' };
// Lines no case may see: a query model naming this index must still search the saved pattern only.
const ELSEWHERE = {
  index: 'logs-hostileelsewhere-a',
  pattern: 'logs-hostileelsewhere-*',
  message: 'a line of another index',
};
// 19-digit OpenReplay ids, beyond 2^53: JSON.parse rounds them.
const NUMERIC_ID = openReplaySessionIdAt(NOW - 20 * MINUTE, 0x5a5a5a);
const OTHER_ID = openReplaySessionIdAt(NOW - 15 * MINUTE, 0x0b0b0b);
const HUGE_ID = '1'.repeat(40);

const doc = (minutesAgo: number, session: string, message: string, service = 'checkout', level = 'ERROR') =>
  `{"@timestamp":"${new Date(NOW - minutesAgo * MINUTE).toISOString()}","message":${JSON.stringify(message)},` +
  `"log":{"level":"${level}"},"service":{"name":"${service}"},"host":{"name":"${service}-1"},"session":{"id":${session}}}`;

/** One request the backend sent towards the engine, as the recorder in front of it saw it. */
interface SeenRequest {
  method: string;
  path: string;
  body: string;
}

/**
 * The engine as the backend reaches it: a recorder that forwards every request to the engine and
 * keeps what was asked, so that a case can check what reached the cluster. The browser path's
 * harness goes to the engine directly.
 */
async function recordingEngine(): Promise<{ url: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', body });
      fetch(`${engineUrl()}${req.url}`, {
        method: req.method,
        headers: req.headers['content-type'] ? { 'Content-Type': req.headers['content-type'] } : {},
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      }).then(
        async (answer) => {
          const text = await answer.text();
          res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(text);
        },
        (e: Error) => {
          res.writeHead(502, { 'Content-Type': 'text/plain' });
          res.end(e.message);
        }
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => closeServer(server) };
}

let engine: Awaited<ReturnType<typeof recordingEngine>>;

beforeAll(async () => {
  buildBackendBinaries();
  engine = await recordingEngine();
  const admin = await connectAdmin(engineUrl());
  try {
    await admin.putPipeline(sessionIdPipeline(DEFAULT_FIELDS));
    const template = sessionLogsTemplate(KW.pattern, DEFAULT_FIELDS, { replicas: 0 });
    await admin.putIndexTemplate({ ...template, name: `${template.name}-hostile` });
  } finally {
    await admin.close();
  }
  await writeRawDocuments(KW.index, [
    // The id logged as a JSON number, as many backends do.
    doc(10, NUMERIC_ID, 'PaymentDeclined: card expired'),
    doc(9, NUMERIC_ID, 'Retrying charge', 'payments', 'WARN'),
    doc(8, `"${OTHER_ID}"`, 'KeyError: variant_id', 'catalog'),
    doc(7, `"${HUGE_ID}"`, 'huge id as text'),
    doc(6, `"${OTHER_ID}"`, 'token expired', 'auth', 'err'),
  ]);
  // The same documents in an index whose session field is a long: ids arrive rounded.
  await createLogsIndex(LONG.index, 'long');
  await writeRawDocuments(LONG.index, [doc(10, NUMERIC_ID, 'PaymentDeclined: card expired')]);
  // No session id: no session search of any case finds it, even through a pattern of "*".
  await createLogsIndex(ELSEWHERE.index);
  await writeRawDocuments(ELSEWHERE.index, [
    `{"@timestamp":"${new Date(NOW - 5 * MINUTE).toISOString()}","message":"${ELSEWHERE.message}","log":{"level":"ERROR"},"service":{"name":"elsewhere"}}`,
  ]);
}, 300_000);

/** A stand-in hosting one data source, with the settings and cluster it was launched with. */
interface Backend {
  standIn: StandIn;
  stop(): Promise<void>;
}

/** Launches the stand-in with a provisioning file holding exactly this data source. */
async function launchBackend(
  url: string,
  jsonData: SessionErrorsOptions,
  secureJsonData: Record<string, string> = {}
): Promise<Backend> {
  const provisioning = writeProvisioning({ uid: 'sre', url, jsonData, secureJsonData });
  try {
    const standIn = await startStandIn({ url, provisioning: provisioning.file });
    return { standIn, stop: () => standIn.stop().finally(provisioning.remove) };
  } catch (e) {
    provisioning.remove();
    throw e;
  }
}

/** Stand-ins against the engine, one per distinct settings, kept for the whole file. */
const engineBackends = new Map<string, Promise<Backend>>();

afterAll(async () => {
  const backends = await Promise.allSettled(engineBackends.values());
  for (const backend of backends) {
    if (backend.status === 'fulfilled') {
      await backend.value.stop();
    }
  }
  await engine?.close();
});

/** The browser path (the harness) and the backend of the same data source. */
interface Hosts extends Harness {
  /** The stand-in launched with the harness's settings and cluster, started on first use. */
  backend(): Promise<StandIn>;
  /** The backend's jsonData, as saved. */
  saved: SessionErrorsOptions;
  /** Whether the backend reaches the engine through the recorder (not a case's own cluster). */
  recorded: boolean;
}

/**
 * Opens the harness and gives it its backend: the same jsonData (with the default pattern the
 * harness saves), the same cluster and secrets. Against the engine, the backend goes through the
 * recorder and is shared by every case with the same settings; against a case's own cluster it is
 * stopped with the harness.
 */
async function openHosts(
  jsonData: SessionErrorsOptions,
  stored: Partial<Omit<StoredDataSource, 'jsonData'>> = {},
  variables: Record<string, string | string[]> = {},
  proxyOptions: Omit<ProxyOptions, 'routes'> = {},
  backendJsonData: SessionErrorsOptions = {}
): Promise<Hosts> {
  const h = await openHarness(jsonData, stored, variables, proxyOptions);
  const saved = { indexPattern: 'logs-*', ...jsonData, ...backendJsonData };
  let own: Promise<Backend> | undefined;
  const backend = () => {
    if (stored.url) {
      own ??= launchBackend(stored.url, saved, stored.secureJsonData);
      return own.then((b) => b.standIn);
    }
    const key = JSON.stringify(saved);
    if (!engineBackends.has(key)) {
      engineBackends.set(key, launchBackend(engine.url, saved));
    }
    return engineBackends.get(key)!.then((b) => b.standIn);
  };
  return {
    ...h,
    backend,
    saved,
    recorded: !stored.url,
    close: async () => {
      await h.close();
      await (await own)?.stop();
    },
  };
}

const settings = (patch: SessionErrorsOptions = {}) => replaySettings(KW.pattern, patch);

type AdHocFilter = { key: string; operator: string; value: string };

/**
 * The query as Grafana's frontend sends it to the backend. DataSourceWithBackend.query
 * (packages/grafana-runtime/src/utils/DataSourceWithBackend.ts) sends
 * `applyTemplateVariables(query, request.scopedVars, request.filters)`: dashboard variables are
 * resolved in the browser, never on the server. This data source's applyTemplateVariables takes no
 * ad hoc filters (its own query() applies them as search clauses), and a query model has no place
 * for them but its filter: where a case has ad hoc filters, they are written into the filter as the
 * data source writes them for Explore (interpolateVariablesInQueries).
 */
function asSentToTheBackend(h: Harness, query: Partial<SessionErrorsQuery>, filters: AdHocFilter[]) {
  const target = { refId: 'A', ...query } as SessionErrorsQuery;
  return filters.length
    ? h.ds.interpolateVariablesInQueries([target], {}, filters)[0]
    : h.ds.applyTemplateVariables(target, {});
}

/** The same answer: the browser's frames as they come through the SDK, or the browser's messages. */
function expectSameAnswer(browser: DataQueryResponse, backend: { status: number; response: DataQueryResponse }) {
  if (browser.errors?.length) {
    // pkg/api/ds_query.go: a 400 when a query failed; its message in the result's error.
    expect(backend.status).toBe(400);
    expect(backend.response.errors?.map((e) => e.message)).toEqual(browser.errors.map((e) => e.message));
    expect(backend.response.data).toEqual([]);
  } else {
    expect(backend.response.errors).toBeUndefined();
    expect(backend.status).toBe(200);
    expect(asPanelReadsIt(backend.response.data)).toEqual(throughTheBackend(browser.data));
  }
}

/**
 * What the backend may ask of the cluster: the operations plugin.json's routes allow (a search, a
 * count or the field capabilities of the saved pattern; a search of the pattern with the saved
 * error-group summary index), as the engine reads the request: its path, not the text it was built from.
 */
function expectOnlyTheSavedPattern(seen: SeenRequest[], saved: SessionErrorsOptions) {
  const pattern = saved.indexPattern!;
  const allowed = new Set([`/${pattern}/_search`, `/${pattern}/_count`, `/${pattern}/_field_caps`]);
  if (saved.groupsSummaryIndex) {
    allowed.add(`/${pattern},${saved.groupsSummaryIndex}/_search`);
  }
  for (const request of seen) {
    expect([...allowed]).toContain(decodeURIComponent(new URL(request.path, 'http://engine').pathname));
  }
}

/** A response's rows: every field's name and values, without the frames' meta. */
const rows = (frames: DataFrame[]) =>
  (asPanelReadsIt(frames) as DataFrame[]).map((frame) => frame.fields.map(({ name, values }) => ({ name, values })));

/**
 * Runs the query through the browser path and through QueryData, checks they agree, and returns the
 * browser's answer. With ad hoc filters the backend's query is another query model (the filters in
 * its filter, see asSentToTheBackend): it must give what the browser gives for that model, and find
 * the lines the browser found with the filters (or fail as it did), never more.
 */
async function run(
  h: Hosts,
  query: Partial<SessionErrorsQuery>,
  filters: AdHocFilter[] = []
): Promise<DataQueryResponse> {
  const browser = await runQueries(h.ds, [query], WINDOW, { filters });
  const standIn = await h.backend();
  const model = asSentToTheBackend(h, query, filters);
  const mark = engine.seen.length;
  const backend = await dsQuery(standIn, [model], WINDOW);
  if (h.recorded) {
    expectOnlyTheSavedPattern(engine.seen.slice(mark), h.saved);
  }
  if (filters.length) {
    expectSameAnswer(await runQueries(h.ds, [model], WINDOW), backend);
    expect(backend.response.errors?.map((e) => e.message)).toEqual(browser.errors?.map((e) => e.message));
    expect(rows(backend.response.data)).toEqual(rows(throughTheBackend(browser.data) as DataFrame[]));
  } else {
    expectSameAnswer(browser, backend);
  }
  return browser;
}

/** Save & test in the browser and Grafana's health API on the backend (pkg/api/datasource.go: {status, message}). */
async function health(h: Hosts): Promise<{ browser: unknown; backend: { status: number; message: string } }> {
  const browser = await h.ds.testDatasource();
  const res = await fetch(`${(await h.backend()).url}/api/datasources/uid/sre/health`);
  const body = (await res.json()) as { status: string; message: string };
  return { browser, backend: { status: res.status, message: body.message } };
}

const column = (response: DataQueryResponse, name: string) =>
  ((response.data[0] as DataFrame | undefined)?.fields.find((f) => f.name === name)?.values ?? []) as unknown[];

async function withHarness<T>(
  jsonData: SessionErrorsOptions,
  fn: (h: Hosts) => Promise<T>,
  variables: Record<string, string | string[]> = {}
): Promise<T> {
  const h = await openHosts(jsonData, {}, variables);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

describe('numeric and huge ids in documents', () => {
  it('a 19-digit id logged as a JSON number comes back exact: label, link and sessions table', () =>
    withHarness(settings(), async (h) => {
      const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
      expect(logs.errors).toBeUndefined();
      expect(column(logs, 'session_id')).toEqual([NUMERIC_ID, NUMERIC_ID]);
      expect(column(logs, 'labels')).toEqual([
        expect.objectContaining({ session_id: NUMERIC_ID }),
        expect.objectContaining({ session_id: NUMERIC_ID }),
      ]);
      for (const url of column(logs, 'replay_url')) {
        expect(url).toMatch(new RegExp(`^https://replay.test/9/session/${NUMERIC_ID}\\?jumpto=\\d+$`));
      }
      const sessions = await run(h, { queryType: 'sessions' });
      expect(new Set(column(sessions, 'session_id'))).toEqual(new Set([NUMERIC_ID, OTHER_ID, HUGE_ID]));
      expect(await h.ds.metricFindQuery('sessions')).toEqual(
        expect.arrayContaining([{ text: NUMERIC_ID, value: NUMERIC_ID }])
      );
    }));

  // OpenReplay's ids are snowflakes of at most 20 digits: a 40-digit id is no OpenReplay id, and a
  // link to it would open nothing. A custom template takes any id, and gets it unrounded.
  it('a 40-digit id stored as text is found unchanged; OpenReplay says why it has no link, a template links it', async () => {
    await withHarness(settings(), async (h) => {
      const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: HUGE_ID });
      expect(column(logs, 'session_id')).toEqual([HUGE_ID]);
      const frame = logs.data[0] as DataFrame;
      expect(frame.fields.find((f) => f.name === 'replay_url')).toBeUndefined();
      expect(frame.meta?.notices?.map((n) => n.text)).toEqual([
        expect.stringContaining('OpenReplay session ids are digits'),
      ]);
    });
    await withHarness(
      settings({ replayTools: [{ kind: 'template', template: 'https://replay.example/s/{sessionId}?t={timeMs}' }] }),
      async (h) => {
        const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: HUGE_ID });
        expect(column(logs, 'replay_url')[0]).toMatch(new RegExp(`^https://replay\\.example/s/${HUGE_ID}\\?t=\\d+$`));
      }
    );
  });

  it('where the field is a long, shows a notice instead of a rounded id or link', () =>
    withHarness(settings({ indexPattern: LONG.pattern }), async (h) => {
      const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
      const frame = logs.data[0] as DataFrame;
      expect(frame.length).toBe(1);
      expect(column(logs, 'session_id')).toEqual(['']);
      expect(frame.fields.find((f) => f.name === 'replay_url')).toBeUndefined();
      expect(frame.meta?.notices?.map((n) => n.text)).toEqual([expect.stringMatching(/Map session.id as keyword/)]);
      const sessions = await run(h, { queryType: 'sessions' });
      expect(column(sessions, 'session_id')).toEqual([]);
      expect((sessions.data[0] as DataFrame).meta?.notices?.[0].text).toMatch(/stored as a number/);
      await expect(h.ds.metricFindQuery('sessions')).rejects.toThrow(/stored as a number/);
    }));
});

describe('session ids from dashboard variables, in every variable syntax', () => {
  const hostile = {
    multi: [NUMERIC_ID, OTHER_ID],
    widen: `${NUMERIC_ID} OR *`,
    quote: `${NUMERIC_ID}" OR "1`,
    wildcard: `${NUMERIC_ID.slice(0, 5)}*`,
    json: `{"match_all":{}}`,
    empty: '',
  };
  it.each(
    Object.keys(hostile).flatMap((name) =>
      ['$', '${', '[['].map((syntax) => [
        name,
        syntax === '$' ? `$${name}` : syntax === '${' ? `\${${name}}` : `[[${name}]]`,
      ])
    )
  )('%s as %s is refused before anything is sent', (_name, text) =>
    withHarness(
      settings(),
      async (h) => {
        await h.backend();
        const before = h.proxy.sentBodies.length;
        const reachedTheEngine = engine.seen.length;
        // The backend gets the id as Grafana's frontend resolves the variable (asSentToTheBackend).
        const response = await run(h, { queryType: 'logs', mode: 'session', sessionId: text });
        expect(response.errors?.[0].message).toMatch(/session id/);
        expect(response.data).toEqual([]);
        expect(h.proxy.sentBodies.length).toBe(before);
        expect(engine.seen.length).toBe(reachedTheEngine);
      },
      hostile
    )
  );
});

describe('Lucene filters cannot widen a session search', () => {
  it.each(['*:*', 'message:* OR NOT message:*', '* OR session.id:*', `session.id:${OTHER_ID}`])(
    'filter %s returns only lines of the session',
    (filter) =>
      withHarness(settings(), async (h) => {
        const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID, filter });
        expect(logs.errors).toBeUndefined();
        const ids = column(logs, 'session_id');
        expect(ids.length).toBeLessThanOrEqual(2);
        expect(ids.every((id) => id === NUMERIC_ID)).toBe(true);
      })
  );

  it.each([') OR (*:*', 'message:"unterminated', '}}]}, "query": {"match_all": {}}'])(
    'a filter that is not Lucene (%s) is the engine’s clear message, not a wider search',
    (filter) =>
      withHarness(settings(), async (h) => {
        const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID, filter });
        expect(logs.data.length === 0 || column(logs, 'session_id').every((id) => id === NUMERIC_ID)).toBe(true);
        if (logs.errors) {
          expect(logs.errors[0].message).toMatch(/^The cluster rejected the query \(HTTP 400\)/);
        }
      })
  );
});

describe('ad hoc filters', () => {
  it('a hostile key or value matches literally and only narrows', () =>
    withHarness(settings(), async (h) => {
      for (const filter of [
        { key: 'service.name', operator: '=', value: '*' },
        { key: 'service.name:* OR *', operator: '=', value: 'checkout' },
        { key: 'service.name', operator: '=', value: 'checkout" OR "1"="1' },
      ]) {
        const logs = await run(h, { queryType: 'logs', mode: 'range' }, [filter]);
        expect(logs.errors).toBeUndefined();
        expect(column(logs, 'session_id')).toEqual([]);
      }
    }));

  it('an unsupported operator fails the query but leaves the other filters in value suggestions', () =>
    withHarness(settings(), async (h) => {
      const filters = [
        { key: 'service.name', operator: '=', value: 'catalog' },
        { key: 'host.name', operator: '=|', value: 'x' },
      ];
      // Through QueryData the filters travel in the query's filter (asSentToTheBackend): one with no
      // Lucene form must fail the query there too, not be left out of it.
      const logs = await run(h, { queryType: 'logs', mode: 'range' }, filters);
      expect(logs.errors?.[0].message).toMatch(/operator "=\|" on host.name is not supported/);
      const values = await h.ds.getTagValues({ key: 'log.level', filters, timeRange: undefined as never });
      expect(values.map((v) => v.text)).toEqual(['ERROR']);
    }));
});

describe('variable queries', () => {
  it('a multi-value variable in the filter becomes a quoted OR group, not a syntax error', () =>
    withHarness(
      settings(),
      async (h) => {
        const values = await h.ds.metricFindQuery('sessions | service.name:$service');
        expect(new Set(values.map((v) => v.text))).toEqual(new Set([NUMERIC_ID, OTHER_ID]));
      },
      { service: ['catalog', 'payments'] }
    ));

  it('a variable holding Lucene syntax is escaped, so it cannot widen the listing', () =>
    withHarness(
      settings(),
      async (h) => {
        expect(await h.ds.metricFindQuery('sessions | service.name:$evil')).toEqual([]);
      },
      { evil: 'x OR service.name:*' }
    ));
});

describe('levels', () => {
  it('a level spelled as the logger did (err) filters on the error level, not on nothing', () =>
    withHarness(settings(), async (h) => {
      const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: OTHER_ID, levels: ['err'] });
      expect(column(logs, 'body')).toEqual(['token expired', 'KeyError: variant_id']);
      const unknown = await run(h, { queryType: 'logs', mode: 'session', sessionId: OTHER_ID, levels: ['bogus'] });
      expect(unknown.errors?.[0].message).toMatch(/"bogus" is not a log level/);
    }));
});

describe('index patterns and field names from the settings', () => {
  it.each([
    [`${KW.index}/_delete_by_query?refresh=true`, {}],
    [`${KW.index},*`, {}],
    [KW.pattern, { sessionField: 'session.id"}},"match_all":{' }],
    [KW.pattern, { levelField: 'log.level"]}}' }],
  ])('index pattern %s with %j deletes nothing and widens nothing', (indexPattern, patch) =>
    withHarness(settings({ indexPattern, ...patch }), async (h) => {
      const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID, levels: ['error'] });
      // "*" also reaches the long-mapped copy, whose line shows without a (rounded) id: never another session.
      expect(column(logs, 'session_id').every((id) => id === NUMERIC_ID || id === '')).toBe(true);
      const count = await fetch(`${engineUrl()}/${KW.index}/_count`).then((r) => r.json());
      expect(count.count).toBe(5);
    })
  );
});

/** A stand-in cluster that answers as something in front of the real one might. */
async function fakeCluster(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

describe('what the cluster answers', () => {
  it.each([
    [
      'a login page with 200',
      '<!doctype html><html><head><title>Sign in to Acme</title></head><body>login</body></html>',
      /^The URL answered with an HTML page \("Sign in to Acme"\) \(HTTP 200\)/,
    ],
    ['an empty 200', '', /answered HTTP 200 with an empty body/],
  ])('%s is named for what it is, in Save & test and on the panel', async (_label, body, message) => {
    const cluster = await fakeCluster((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(body);
    });
    const h = await openHosts(settings(), { url: cluster.url });
    try {
      const { browser, backend } = await health(h);
      expect(browser).toEqual({ status: 'error', message: expect.stringMatching(message) });
      // pkg/api/datasource.go checkDatasourceHealth: a 400 unless the status is OK.
      expect(backend).toEqual({ status: 400, message: (browser as { message: string }).message });
      const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
      expect(logs.errors?.[0].message).toMatch(message);
    } finally {
      await h.close();
      await cluster.close();
    }
  });

  it('a search the engine cut short by its timeout shows its lines with a notice', async () => {
    const cluster = await fakeCluster((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          timed_out: true,
          _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
          hits: {
            hits: [
              {
                _index: KW.index,
                _id: '1',
                _source: { '@timestamp': new Date(NOW).toISOString(), message: 'slow', session: { id: NUMERIC_ID } },
              },
            ],
          },
        })
      );
    });
    const h = await openHosts(settings(), { url: cluster.url });
    try {
      const logs = await run(h, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
      expect(column(logs, 'body')).toEqual(['slow']);
      expect((logs.data[0] as DataFrame).meta?.notices?.[0]).toMatchObject({ severity: 'warning' });
    } finally {
      await h.close();
      await cluster.close();
    }
  });

  it('a cluster slower than Grafana’s proxy timeout is reported as a gateway timeout with the fix', async () => {
    const cluster = await fakeCluster(() => undefined);
    // The backend's own timeout: the SDK's HTTP client reads jsonData.timeout, in seconds
    // (grafana-plugin-sdk-go backend/http_settings.go), as Grafana's data proxy does for the browser.
    const h = await openHosts(settings(), { url: cluster.url }, {}, { timeoutMs: 300 }, {
      timeout: 1,
    } as SessionErrorsOptions);
    try {
      const query: Partial<SessionErrorsQuery> = { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID };
      const logs = await runQueries(h.ds, [query], WINDOW);
      expect(logs.errors?.[0].message).toMatch(/^Grafana could not reach the cluster \(HTTP 504\)/);
      const startedMs = Date.now();
      const { status, response } = await dsQuery(await h.backend(), [query], WINDOW);
      expect(Date.now() - startedMs).toBeLessThan(10_000);
      expect(status).toBe(400);
      // Not the browser's words: there Grafana's data proxy answers 504; here the plugin's HTTP client
      // gives up itself. The same cause, named the same way, with the same fix.
      const browserMessage = logs.errors![0].message!;
      const fix = browserMessage.slice(browserMessage.indexOf(': check the URL'));
      // Go names it as whichever of the client's timeouts fires first (the whole request, or awaiting headers).
      expect(response.errors?.[0].message).toMatch(/^Grafana could not reach the cluster \(Post .*timeout/i);
      expect(response.errors?.[0].message?.endsWith(fix)).toBe(true);
    } finally {
      await h.close();
      await cluster.close();
    }
  });
});

describe('cancelling', () => {
  it('an unsubscribed query aborts its search all the way to the cluster', async () => {
    let aborted = false;
    let received = false;
    const cluster = await fakeCluster((req) => {
      received = true;
      // Never answers; notices when the other side goes away.
      req.socket.on('close', () => (aborted = true));
    });
    const h = await openHarness(settings(), { url: cluster.url });
    try {
      const from = NOW - 60 * MINUTE;
      const subscription = h.ds
        .query({
          targets: [{ refId: 'A', queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID }],
          range: { from: dateTime(from), to: dateTime(NOW), raw: { from: 'now-1h', to: 'now' } },
          scopedVars: {},
          requestId: 'explore_1',
        } as unknown as DataQueryRequest<SessionErrorsQuery>)
        .subscribe({ next: () => undefined });
      await waitFor(() => received);
      subscription.unsubscribe();
      await waitFor(() => aborted);
      expect(aborted).toBe(true);
    } finally {
      await h.close();
      await cluster.close();
    }
  });

  it('a query request Grafana drops aborts the backend’s search all the way to the cluster', async () => {
    let aborted = false;
    let received = false;
    const cluster = await fakeCluster((req) => {
      received = true;
      req.socket.on('close', () => (aborted = true));
    });
    const h = await openHosts(settings(), { url: cluster.url });
    try {
      // A panel that unsubscribes aborts its POST /api/ds/query; Grafana hands the request's context
      // to the plugin (pkg/api/ds_query.go), as the stand-in does.
      const dropped = new AbortController();
      const query = dsQuery(
        await h.backend(),
        [{ queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID }],
        WINDOW,
        {
          signal: dropped.signal,
        }
      );
      const settled = query.then(
        () => 'answered',
        (e: Error) => e.name
      );
      await waitFor(() => received);
      dropped.abort();
      expect(await settled).toBe('AbortError');
      await waitFor(() => aborted);
      expect(aborted).toBe(true);
    } finally {
      await h.close();
      await cluster.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('filter for and filter out, from log details', () => {
  const labelsOf = (response: DataQueryResponse) =>
    column(response, 'labels') as Array<{ service?: string; session_id?: string }>;

  it('narrow the query to what was clicked, or away from it', () =>
    withHarness(settings(), async (h) => {
      const base: SessionErrorsQuery = { refId: 'A', queryType: 'logs', mode: 'range' };
      const all = labelsOf(await run(h, base));
      expect(new Set(all.map((l) => l.service))).toEqual(new Set(['checkout', 'payments', 'catalog', 'auth']));
      const forCatalog = h.ds.toggleQueryFilter(base, {
        type: 'FILTER_FOR',
        options: { key: 'service', value: 'catalog' },
      });
      expect(h.ds.queryHasFilter(forCatalog, { key: 'service', value: 'catalog' })).toBe(true);
      expect(labelsOf(await run(h, forCatalog)).map((l) => l.service)).toEqual(['catalog']);
      const outCatalog = h.ds.toggleQueryFilter(forCatalog, {
        type: 'FILTER_OUT',
        options: { key: 'service', value: 'catalog' },
      });
      const rest = labelsOf(await run(h, outCatalog));
      expect(rest).toHaveLength(all.length - 1);
      expect(rest.every((l) => l.service !== 'catalog')).toBe(true);
    }));

  const ALL_ERRORS = ['KeyError: variant_id', 'PaymentDeclined: card expired', 'token expired'];
  it.each([
    ['an OR of bracketed parts', '(expired) OR (KeyError)', ALL_ERRORS, ['KeyError: variant_id', 'token expired']],
    ['an implicit OR', 'expired KeyError', ALL_ERRORS, ['KeyError: variant_id', 'token expired']],
    // Kept whole in brackets, a purely negative group still matches (the engine completes it).
    [
      'a negation',
      'NOT KeyError',
      ['PaymentDeclined: card expired', 'Retrying charge', 'huge id as text', 'token expired'],
      ['Retrying charge', 'token expired'],
    ],
  ])('filter out keeps every line of %s that the clicked value does not rule out', (_label, filter, before, after) =>
    withHarness(settings(), async (h) => {
      const base: SessionErrorsQuery = { refId: 'A', queryType: 'logs', mode: 'range', filter };
      expect(column(await run(h, base), 'body').sort()).toEqual(before);
      const out = h.ds.toggleQueryFilter(base, { type: 'FILTER_OUT', options: { key: 'service', value: 'checkout' } });
      // Lucene would read `a OR b AND -c` as `a +b -c`, losing the lines of a.
      expect(column(await run(h, out), 'body').sort()).toEqual(after);
    })
  );

  it('a value crafted to widen the search matches literally, so finds nothing', () =>
    withHarness(settings(), async (h) => {
      const query = h.ds.toggleQueryFilter(
        { refId: 'A', queryType: 'logs', mode: 'range' },
        { type: 'FILTER_FOR', options: { key: 'service', value: '" OR *:* OR "' } }
      );
      const response = await run(h, query);
      expect(response.errors).toBeUndefined();
      expect(labelsOf(response)).toEqual([]);
    }));

  it('filtering for the session label searches that session', () =>
    withHarness(settings(), async (h) => {
      const query = h.ds.toggleQueryFilter(
        { refId: 'A', queryType: 'logs', mode: 'range' },
        { type: 'FILTER_FOR', options: { key: 'session_id', value: OTHER_ID } }
      );
      expect(labelsOf(await run(h, query)).map((l) => l.session_id)).toEqual([OTHER_ID, OTHER_ID]);
    }));
});

describe('Explore from a dashboard panel', () => {
  it('keeps the variables and ad hoc filters, and the engine finds what the panel found', () =>
    withHarness(
      settings(),
      async (h) => {
        const panel: SessionErrorsQuery = { refId: 'A', queryType: 'logs', mode: 'session', sessionId: '$session' };
        const filters = [
          { key: 'service.name', operator: '!=', value: 'auth' },
          { key: 'host.name', operator: '=~', value: 'cat.*' },
          { key: 'log.level', operator: '>', value: 'A' },
        ];
        const panelLines = column(await run(h, panel, filters), 'body');
        const [explore] = h.ds.interpolateVariablesInQueries([panel], {}, filters);
        expect(explore.sessionId).toBe(OTHER_ID);
        expect(explore.filter).toBe('-service.name:"auth" AND host.name:/cat.*/ AND log.level:{"A" TO *}');
        const exploreResponse = await run(h, explore);
        expect(exploreResponse.errors).toBeUndefined();
        expect(column(exploreResponse, 'body')).toEqual(panelLines);
        expect(panelLines).toEqual(['KeyError: variant_id']);
      },
      { session: OTHER_ID }
    ));
});

describe('what only the backend is sent', () => {
  it('a query model carrying an index pattern, index, body, query, path or URL still searches only the saved pattern', () =>
    withHarness(settings(), async (h) => {
      // What the fields name does hold a line: the engine finds it there.
      const there = await fetch(`${engineUrl()}/${ELSEWHERE.pattern}/_count`).then((r) => r.json());
      expect(there.count).toBe(1);
      const smuggled = {
        queryType: 'logs',
        mode: 'range',
        indexPattern: ELSEWHERE.pattern,
        index: ELSEWHERE.index,
        body: { query: { match_all: {} }, size: 10_000 },
        query: `message:"${ELSEWHERE.message}"`,
        path: `/${ELSEWHERE.index}/_search`,
        url: `${engineUrl()}/${ELSEWHERE.index}/_search`,
      } as Partial<SessionErrorsQuery>;
      const mark = engine.seen.length;
      const logs = await run(h, smuggled);
      const sent = engine.seen.slice(mark);
      expect(sent.length).toBeGreaterThan(0);
      for (const request of sent) {
        expect(decodeURIComponent(new URL(request.path, 'http://engine').pathname)).toBe(`/${KW.pattern}/_search`);
        expect(request.body).not.toContain('hostileelsewhere');
        expect(request.body).not.toContain(ELSEWHERE.message);
        expect(request.body).not.toContain('match_all');
      }
      expect(column(logs, 'body')).not.toContain(ELSEWHERE.message);
      // The same lines as the query without those fields.
      const plain = await run(h, { queryType: 'logs', mode: 'range' });
      expect(rows(logs.data)).toEqual(rows(plain.data));
      expect(column(plain, 'body')).toHaveLength(5);
    }));

  it('secrets never leave the server: an API key the cluster refuses is in no answer', async () => {
    // base64("sre-key-id:sre-api-key-7f3a"), the encoded form the settings take.
    const apiKey = Buffer.from('sre-key-id:sre-api-key-7f3a').toString('base64');
    const secrets = [apiKey, 'sre-api-key-7f3a'];
    const authorizations: string[] = [];
    const cluster = await fakeCluster((req, res) => {
      authorizations.push(String(req.headers.authorization));
      req.resume();
      // Elasticsearch's refusal of a key (security_exception), from a cluster, or a proxy in front
      // of it, that repeats the credentials it was given.
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'ApiKey' });
      res.end(
        JSON.stringify({
          error: {
            type: 'security_exception',
            reason: `unable to authenticate with provided credentials [${req.headers.authorization}]`,
            header: { 'WWW-Authenticate': ['ApiKey'] },
          },
          status: 401,
        })
      );
    });
    const h = await openHosts(settings({ authType: 'apiKey' }), {
      url: cluster.url,
      secureJsonData: { apiKey },
    });
    try {
      const standIn = await h.backend();
      const base = `${standIn.url}/api/datasources/uid/sre`;
      const answers = [
        await fetch(`${standIn.url}/api/ds/query`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            from: String(WINDOW.fromMs),
            to: String(WINDOW.toMs),
            queries: [{ refId: 'A', datasource: standIn.datasource, queryType: 'logs', mode: 'range' }],
          }),
        }),
        await fetch(`${base}/health`),
        await fetch(`${base}/resources/variables?query=sessions&from=${WINDOW.fromMs}&to=${WINDOW.toMs}`),
        await fetch(`${base}/resources/tag-values?key=service.name&from=${WINDOW.fromMs}&to=${WINDOW.toMs}`),
        await fetch(base),
      ];
      const texts = await Promise.all(answers.map((answer) => answer.text()));
      // The key was sent, to the cluster only, as plugin.json's apiKey routes send it.
      expect(authorizations.length).toBeGreaterThan(0);
      expect(new Set(authorizations)).toEqual(new Set([`ApiKey ${apiKey}`]));
      expect(answers.map((answer) => answer.status)).toEqual([400, 400, expect.any(Number), expect.any(Number), 200]);
      for (const text of texts) {
        for (const secret of secrets) {
          expect(text).not.toContain(secret);
        }
      }
      // And the answers are the browser's: the query's message, and Save & test's.
      const browser = await runQueries(h.ds, [{ queryType: 'logs', mode: 'range' }], WINDOW);
      expect(browser.errors?.[0].message).toMatch(/^The cluster refused the API key \(HTTP 401\)/);
      expect(JSON.parse(texts[0]).results.A.error).toBe(browser.errors![0].message);
      const { browser: saveAndTest, backend } = await health(h);
      expect(backend).toEqual({ status: 400, message: (saveAndTest as { message: string }).message });
      for (const body of h.proxy.sentBodies) {
        for (const secret of secrets) {
          expect(body).not.toContain(secret);
        }
      }
    } finally {
      await h.close();
      await cluster.close();
    }
  });
});

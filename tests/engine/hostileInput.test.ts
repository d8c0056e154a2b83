import { dateTime, type DataFrame, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import { connectAdmin } from '../../tools/setup/adminClient';
import { DEFAULT_FIELDS, sessionIdPipeline, sessionLogsTemplate } from '../../tools/setup/template';
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
 */
const MINUTE = 60_000;
const NOW = Date.now();
const KW = { index: 'logs-hostile-kw', pattern: 'logs-hostile-*' };
const LONG = { index: 'logs-hostilelong-a', pattern: 'logs-hostilelong-*' };
// 19-digit OpenReplay ids, beyond 2^53: JSON.parse rounds them.
const NUMERIC_ID = openReplaySessionIdAt(NOW - 20 * MINUTE, 0x5a5a5a);
const OTHER_ID = openReplaySessionIdAt(NOW - 15 * MINUTE, 0x0b0b0b);
const HUGE_ID = '1'.repeat(40);

const doc = (minutesAgo: number, session: string, message: string, service = 'checkout', level = 'ERROR') =>
  `{"@timestamp":"${new Date(NOW - minutesAgo * MINUTE).toISOString()}","message":${JSON.stringify(message)},` +
  `"log":{"level":"${level}"},"service":{"name":"${service}"},"host":{"name":"${service}-1"},"session":{"id":${session}}}`;

beforeAll(async () => {
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
});

const settings = (patch: SessionErrorsOptions = {}) => replaySettings(KW.pattern, patch);

function run(
  ds: Harness['ds'],
  query: Partial<SessionErrorsQuery>,
  filters: Array<{ key: string; operator: string; value: string }> = []
): Promise<DataQueryResponse> {
  return runQueries(ds, [query], { fromMs: NOW - 60 * MINUTE, toMs: NOW + MINUTE }, { filters });
}

const column = (response: DataQueryResponse, name: string) =>
  ((response.data[0] as DataFrame | undefined)?.fields.find((f) => f.name === name)?.values ?? []) as unknown[];

async function withHarness<T>(
  jsonData: SessionErrorsOptions,
  fn: (h: Harness) => Promise<T>,
  variables: Record<string, string | string[]> = {}
): Promise<T> {
  const h = await openHarness(jsonData, {}, variables);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

describe('numeric and huge ids in documents', () => {
  it('a 19-digit id logged as a JSON number comes back exact: label, link and sessions table', () =>
    withHarness(settings(), async (h) => {
      const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
      expect(logs.errors).toBeUndefined();
      expect(column(logs, 'session_id')).toEqual([NUMERIC_ID, NUMERIC_ID]);
      expect(column(logs, 'labels')).toEqual([
        expect.objectContaining({ session_id: NUMERIC_ID }),
        expect.objectContaining({ session_id: NUMERIC_ID }),
      ]);
      for (const url of column(logs, 'replay_url')) {
        expect(url).toMatch(new RegExp(`^https://replay.test/9/session/${NUMERIC_ID}\\?jumpto=\\d+$`));
      }
      const sessions = await run(h.ds, { queryType: 'sessions' });
      expect(new Set(column(sessions, 'session_id'))).toEqual(new Set([NUMERIC_ID, OTHER_ID, HUGE_ID]));
      expect(await h.ds.metricFindQuery('sessions')).toEqual(
        expect.arrayContaining([{ text: NUMERIC_ID, value: NUMERIC_ID }])
      );
    }));

  it('a 40-digit id stored as text is found and linked unchanged', () =>
    withHarness(settings(), async (h) => {
      const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: HUGE_ID });
      expect(column(logs, 'session_id')).toEqual([HUGE_ID]);
      expect(column(logs, 'replay_url')[0]).toContain(`/session/${HUGE_ID}?jumpto=`);
    }));

  it('where the field is a long, shows a notice instead of a rounded id or link', () =>
    withHarness(settings({ indexPattern: LONG.pattern }), async (h) => {
      const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
      const frame = logs.data[0] as DataFrame;
      expect(frame.length).toBe(1);
      expect(column(logs, 'session_id')).toEqual(['']);
      expect(frame.fields.find((f) => f.name === 'replay_url')).toBeUndefined();
      expect(frame.meta?.notices?.map((n) => n.text)).toEqual([expect.stringMatching(/Map session.id as keyword/)]);
      const sessions = await run(h.ds, { queryType: 'sessions' });
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
        const before = h.proxy.sentBodies.length;
        const response = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: text });
        expect(response.errors?.[0].message).toMatch(/session id/);
        expect(response.data).toEqual([]);
        expect(h.proxy.sentBodies.length).toBe(before);
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
        const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID, filter });
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
        const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID, filter });
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
        const logs = await run(h.ds, { queryType: 'logs', mode: 'range' }, [filter]);
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
      const logs = await run(h.ds, { queryType: 'logs', mode: 'range' }, filters);
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
      const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: OTHER_ID, levels: ['err'] });
      expect(column(logs, 'body')).toEqual(['token expired', 'KeyError: variant_id']);
      const unknown = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: OTHER_ID, levels: ['bogus'] });
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
      const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID, levels: ['error'] });
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
    const h = await openHarness(settings(), { url: cluster.url });
    try {
      expect(await h.ds.testDatasource()).toEqual({ status: 'error', message: expect.stringMatching(message) });
      const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
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
    const h = await openHarness(settings(), { url: cluster.url });
    try {
      const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
      expect(column(logs, 'body')).toEqual(['slow']);
      expect((logs.data[0] as DataFrame).meta?.notices?.[0]).toMatchObject({ severity: 'warning' });
    } finally {
      await h.close();
      await cluster.close();
    }
  });

  it('a cluster slower than Grafana’s proxy timeout is reported as a gateway timeout with the fix', async () => {
    const cluster = await fakeCluster(() => undefined);
    const h = await openHarness(settings(), { url: cluster.url }, {}, { timeoutMs: 300 });
    try {
      const logs = await run(h.ds, { queryType: 'logs', mode: 'session', sessionId: NUMERIC_ID });
      expect(logs.errors?.[0].message).toMatch(/^Grafana could not reach the cluster \(HTTP 504\)/);
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
      const all = labelsOf(await run(h.ds, base));
      expect(new Set(all.map((l) => l.service))).toEqual(new Set(['checkout', 'payments', 'catalog', 'auth']));
      const forCatalog = h.ds.toggleQueryFilter(base, {
        type: 'FILTER_FOR',
        options: { key: 'service', value: 'catalog' },
      });
      expect(h.ds.queryHasFilter(forCatalog, { key: 'service', value: 'catalog' })).toBe(true);
      expect(labelsOf(await run(h.ds, forCatalog)).map((l) => l.service)).toEqual(['catalog']);
      const outCatalog = h.ds.toggleQueryFilter(forCatalog, {
        type: 'FILTER_OUT',
        options: { key: 'service', value: 'catalog' },
      });
      const rest = labelsOf(await run(h.ds, outCatalog));
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
      expect(column(await run(h.ds, base), 'body').sort()).toEqual(before);
      const out = h.ds.toggleQueryFilter(base, { type: 'FILTER_OUT', options: { key: 'service', value: 'checkout' } });
      // Lucene would read `a OR b AND -c` as `a +b -c`, losing the lines of a.
      expect(column(await run(h.ds, out), 'body').sort()).toEqual(after);
    })
  );

  it('a value crafted to widen the search matches literally, so finds nothing', () =>
    withHarness(settings(), async (h) => {
      const query = h.ds.toggleQueryFilter(
        { refId: 'A', queryType: 'logs', mode: 'range' },
        { type: 'FILTER_FOR', options: { key: 'service', value: '" OR *:* OR "' } }
      );
      const response = await run(h.ds, query);
      expect(response.errors).toBeUndefined();
      expect(labelsOf(response)).toEqual([]);
    }));

  it('filtering for the session label searches that session', () =>
    withHarness(settings(), async (h) => {
      const query = h.ds.toggleQueryFilter(
        { refId: 'A', queryType: 'logs', mode: 'range' },
        { type: 'FILTER_FOR', options: { key: 'session_id', value: OTHER_ID } }
      );
      expect(labelsOf(await run(h.ds, query)).map((l) => l.session_id)).toEqual([OTHER_ID, OTHER_ID]);
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
        const panelLines = column(await run(h.ds, panel, filters), 'body');
        const [explore] = h.ds.interpolateVariablesInQueries([panel], {}, filters);
        expect(explore.sessionId).toBe(OTHER_ID);
        expect(explore.filter).toBe('-service.name:"auth" AND host.name:/cat.*/ AND log.level:{"A" TO *}');
        const exploreResponse = await run(h.ds, explore);
        expect(exploreResponse.errors).toBeUndefined();
        expect(column(exploreResponse, 'body')).toEqual(panelLines);
        expect(panelLines).toEqual(['KeyError: variant_id']);
      },
      { session: OTHER_ID }
    ));
});

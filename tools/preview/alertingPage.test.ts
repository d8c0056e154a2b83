import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  evaluateRule,
  type DataFrameJSON,
  type ProvisionedRule,
  type QueryDataResponseJSON,
} from '../grafana-rules/alertEvaluation';
import { provisionedRuleGroups, renderAlertingPage } from './alertingPage';
import { NEWEST_HOST } from './hosts';
import { isBackendRoute, startPreview, type Preview } from './server';

/**
 * The /alerting page and the preview's backend routes, against a stand-in backend that answers
 * `POST /api/ds/query` with frames in the data plane's shapes (numeric-multi for error groups,
 * timeseries-multi for errors over time), as the plugin's backend answers for the provisioned rules.
 */

const numeric = (labels: Record<string, string>, value: number): DataFrameJSON => ({
  schema: {
    name: 'sessions',
    meta: { type: 'numeric-multi', typeVersion: [0, 1] },
    fields: [{ name: 'sessions', type: 'number', typeInfo: { frame: 'float64', nullable: true }, labels }],
  },
  data: { values: [[value]] },
});
const series = (service: string, counts: number[]): DataFrameJSON => ({
  schema: {
    name: service,
    meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
    fields: [
      { name: 'time', type: 'time', typeInfo: { frame: 'time.Time' } },
      { name: 'count', type: 'number', typeInfo: { frame: 'float64' }, labels: { service } },
    ],
  },
  data: { values: [counts.map((_, i) => 1_000 * i), counts] },
});

const REPLAY = 'http://127.0.0.1:9/replay/demo/session/4129482724800219678?jumpto=1796136717266';
const GROUPS = [
  numeric(
    { group: 'f03e', type: 'InventoryReservationError', error: 'Stock <b>reservation</b> failed', replay: REPLAY },
    4
  ),
  numeric({ group: 'a1b2', error: 'Once', replay: 'javascript:alert(1)' }, 1),
];
const SERVICES = [series('checkout', [10, 15]), series('search', [1, 2])];

interface Seen {
  method: string;
  url: string;
  body: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
  });
}

let backend: Server;
let backendUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  backend = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method!, url: req.url!, body });
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/api/ds/query') {
      const query = JSON.parse(body).queries[0];
      const frames = query.queryType === 'errorGroups' ? GROUPS : SERVICES;
      res.end(JSON.stringify({ results: { [query.refId]: { status: 200, frames } } } satisfies QueryDataResponseJSON));
      return;
    }
    res.end(JSON.stringify({ status: 'OK', message: `backend saw ${req.url}` }));
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => backend.close(() => resolve())));

function send(
  preview: Preview,
  method: string,
  target: string,
  body?: string
): Promise<{ status: number; body: string }> {
  const { port } = new URL(preview.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: target,
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

const rules = provisionedRuleGroups().flatMap((g) => g.rules);
const ruleOf = (queryType: string) => rules.find((r) => r.data.some((q) => q.model.queryType === queryType))!;
/** The provisioned threshold (condition C's `gt` parameter), so that the test follows the file. */
const thresholdOf = (rule: ProvisionedRule) =>
  (rule.data.find((q) => q.refId === rule.condition)!.model.conditions as Array<{ evaluator: { params: number[] } }>)[0]
    .evaluator.params[0];

describe('the /alerting page', () => {
  let preview: Preview;
  let closed = 0;
  beforeAll(async () => {
    preview = await startPreview({
      engineUrl: 'http://127.0.0.1:9',
      host: NEWEST_HOST,
      backend: async () => ({ url: backendUrl, uid: 'session-replay-errors', close: async () => void closed++ }),
    });
  });
  afterAll(async () => {
    await preview.close();
    expect(closed).toBe(1);
  });

  it('evaluates each provisioned rule through the backend’s /api/ds/query over the rule’s range', async () => {
    seen.length = 0;
    const before = Date.now();
    const page = await send(preview, 'GET', '/alerting');
    expect(page.status).toBe(200);
    const queries = seen.filter((s) => s.url === '/api/ds/query').map((s) => JSON.parse(s.body));
    expect(queries.map((q) => q.queries[0].queryType).sort()).toEqual(
      rules.flatMap((r) => r.data.filter((q) => q.datasourceUid !== '__expr__').map((q) => q.model.queryType)).sort()
    );
    for (const q of queries) {
      const rule = rules.find((r) => r.data.some((d) => d.model.queryType === q.queries[0].queryType))!;
      const range = rule.data.find((d) => d.refId === q.queries[0].refId)!.relativeTimeRange!;
      expect(Number(q.to) - Number(q.from)).toBe((range.from - range.to) * 1000);
      expect(Number(q.to)).toBeGreaterThanOrEqual(before);
    }
  });

  it('shows the groups that fire, each with its replay link; a label that is not a web URL is no link', async () => {
    const { body } = await send(preview, 'GET', '/alerting');
    const rule = ruleOf('errorGroups');
    const section = body.slice(body.indexOf(`data-testid="rule-${rule.uid}"`));
    const instances = [
      ...section.matchAll(/<tr data-testid="instance" data-state="(\w+)" data-labels="([^"]*)"/g),
    ].slice(0, 2);
    const expected = (sessions: number) => (sessions > thresholdOf(rule) ? 'Alerting' : 'Normal');
    expect(instances.map((m) => [m[1], m[2].includes('group=f03e')])).toEqual(
      // Sorted by their labels' string, as Grafana sorts numeric results: "error=Once" < "error=Stock…".
      [
        [expected(1), false],
        [expected(4), true],
      ]
    );
    expect(section).toContain(`<a data-testid="label-replay" href="${REPLAY}"`);
    expect(section).not.toContain('href="javascript:');
    expect(section).toContain('Stock &lt;b&gt;reservation&lt;/b&gt; failed');
    expect(section).not.toContain('<b>reservation</b>');
    // The group opens the rule's dashboard on it.
    expect(section).toContain(`href="/d/${rule.dashboardUid}?var-group=f03e"`);
  });

  it('shows the per-service values of the errors rule and the state each gives', async () => {
    const { body } = await send(preview, 'GET', '/alerting');
    const rule = ruleOf('errorsOverTime');
    const section = body.slice(body.indexOf(`data-testid="rule-${rule.uid}"`));
    const reduced = [
      ...section.matchAll(/data-ref="B"><td>B<\/td><td>(.*?)<\/td><td>number<\/td><td data-testid="value">(\d+)/g),
    ].map((m) => [m[1].replace(/<[^>]+>/g, ''), Number(m[2])]);
    expect(reduced).toEqual([
      ['service=checkout', 25],
      ['service=search', 3],
    ]);
    const states = [...section.matchAll(/data-testid="instance" data-state="(\w+)" data-labels="service=(\w+)"/g)].map(
      (m) => [m[2], m[1]]
    );
    const expected = (sum: number) =>
      sum > thresholdOf(rule) ? (rule.for && rule.for !== '0s' ? 'Pending' : 'Alerting') : 'Normal';
    expect(states).toEqual([
      ['checkout', expected(25)],
      ['search', expected(3)],
    ]);
  });

  it('passes Grafana’s backend routes to the backend, and keeps the preview’s own settings', async () => {
    seen.length = 0;
    const query = JSON.stringify({ from: '1', to: '2', queries: [{ refId: 'A', queryType: 'errorGroups' }] });
    const answer = await send(preview, 'POST', '/api/ds/query', query);
    expect(JSON.parse(answer.body).results.A.frames).toHaveLength(GROUPS.length);
    expect(seen).toEqual([{ method: 'POST', url: '/api/ds/query', body: query }]);
    const health = await send(preview, 'GET', '/api/datasources/uid/session-replay-errors/health');
    expect(JSON.parse(health.body).message).toBe('backend saw /api/datasources/uid/session-replay-errors/health');
    const resource = await send(preview, 'GET', '/api/datasources/uid/session-replay-errors/resources/fields?x=1');
    expect(JSON.parse(resource.body).message).toBe(
      'backend saw /api/datasources/uid/session-replay-errors/resources/fields?x=1'
    );
    // A request target naming another host still goes to the backend, on its path only.
    seen.length = 0;
    await send(preview, 'POST', '//attacker.example/api/ds/query', query);
    expect(seen.map((s) => s.url)).toEqual(['/api/ds/query']);
    const own = JSON.parse((await send(preview, 'GET', '/api/datasources/uid/sre')).body);
    expect(own.uid).toBe('sre');
  });
});

describe('the backend routes', () => {
  it.each([
    ['/api/ds/query', true],
    ['/api/datasources/uid/session-replay-errors/health', true],
    ['/api/datasources/uid/sre/resources', true],
    ['/api/datasources/uid/x/resources/a/b', true],
    ['/api/datasources/uid/session-replay-errors', true],
    ['/api/datasources/uid/sre', false],
    ['/api/datasources/proxy/uid/sre/-open/_search', false],
    ['/api/datasources/uid/x/healthz', false],
  ])('%s goes to the backend: %p', (pathname, expected) => {
    expect(isBackendRoute(pathname)).toBe(expected);
  });
});

describe('without a backend', () => {
  let preview: Preview;
  beforeAll(async () => {
    preview = await startPreview({ engineUrl: 'http://127.0.0.1:9', host: NEWEST_HOST });
  });
  afterAll(() => preview.close());

  it('says that nothing is evaluated, and answers the backend routes as Grafana does for an unavailable plugin', async () => {
    const page = await send(preview, 'GET', '/alerting');
    expect(page.body).toContain('data-testid="alerting-problem"');
    const query = await send(preview, 'POST', '/api/ds/query', '{}');
    expect(query.status).toBe(503);
    expect(JSON.parse(query.body).message).toMatch(/^Plugin unavailable/);
  });
});

describe('renderAlertingPage', () => {
  it('says why a rule is not evaluated here', async () => {
    const rule: ProvisionedRule = {
      uid: 'math-rule',
      title: 'A math rule',
      condition: 'B',
      data: [
        { refId: 'A', datasourceUid: 'ds', model: {} },
        { refId: 'B', datasourceUid: '__expr__', model: { type: 'math', expression: '$A > 1' } },
      ],
    };
    const evaluation = await evaluateRule(rule, 0, () => Promise.reject(new Error('not called')));
    const html = renderAlertingPage({
      nowMs: 0,
      groups: [{ group: { name: 'g', folder: 'f', interval: '1m', rules: [rule] }, evaluations: [evaluation] }],
    });
    expect(html).toMatch(/data-testid="refused">Not evaluated here: expression &#39;B&#39; is of type math/);
    expect(html).toContain('data-testid="evaluated-at">1970-01-01T00:00:00.000Z');
  });
});

import type { DataFrame } from '@grafana/data';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import { PIPELINE_NAME } from '../../tools/setup/template';
import { shipLogs, type ShipResult } from '../../tools/shipper/shipLogs';
import {
  createLogsIndex,
  engineUrl,
  fieldValues,
  installSessionIdPipeline,
  openHarness,
  replaySettings,
  runQueries,
  type Harness,
} from './harness';
import {
  createDataPrepperLogsIndex,
  instantText,
  startDataPrepperReceiver,
  type DataPrepperReceiver,
} from './otelService/dataPrepperReceiver';

/**
 * The whole path, end to end: requests carrying the session header reach a sample Node service
 * (Express, pino, tagged console and crash) and a sample Python service (WSGI, the logging filter);
 * their stdout and stderr are shipped into the engine by the shipper; the plugin's own session
 * query returns exactly each session's errors, with replay links at each error. And the OpenTelemetry
 * path: requests with the id in W3C baggage (or a tool's header) reach an OTel-instrumented Node
 * service (the SDK, its OTLP/HTTP JSON exporters), whose records land in the engine as Data Prepper
 * writes them, and the plugin finds them by the session attribute of that layout.
 */

const ROOT = path.resolve(__dirname, '../..');
const PYTHON = path.join(ROOT, '.venv/bin/python');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const INDEX = 'logs-e2e-tagging';
/** Data Prepper's default log index is `logs-otel-v1-<date>`. */
const OTEL_INDEX = 'logs-otel-v1-e2e-tagging';
const start = Date.now() - 120_000;
const SESSION = {
  node: openReplaySessionIdAt(start, 1),
  python: openReplaySessionIdAt(start, 2),
  other: openReplaySessionIdAt(start, 3),
  otel: openReplaySessionIdAt(start, 4),
};

interface RunningService {
  child: ChildProcess;
  port: number;
  shipped: Promise<ShipResult[]>;
  exited: Promise<number | null>;
}

/** Starts a service with its stdout (JSON lines) and stderr (text, level error) shipped to the index. */
async function startService(command: string, args: string[], service: string): Promise<RunningService> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // stdout goes to the shipper and, for the port line, to the test.
  const toShip = new PassThrough();
  const toTest = new PassThrough();
  child.stdout!.pipe(toShip);
  child.stdout!.pipe(toTest);
  const common = { url: engineUrl(), index: INDEX, pipeline: PIPELINE_NAME, service, flushIntervalMs: 100 };
  const shipped = Promise.all([
    shipLogs({ ...common, input: toShip }),
    shipLogs({ ...common, input: child.stderr!, level: 'error' }),
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    toTest.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /"port":\s*(\d+)/.exec(text);
      if (match) {
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => reject(new Error(`${command} exited (${code}) before it listened`)));
  });
  return { child, port, shipped, exited };
}

function post(port: number, route: string, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${port}${route}`, { method: 'POST', headers }).then((r) => r.status);
}

/** Starts the OpenTelemetry service, exporting to `endpoint`; what it writes to stderr is kept. */
async function startOtelService(endpoint: string) {
  // Node itself with tsx's loader (not tsx's CLI, whose signal relay gives a child 30 ms to take
  // SIGTERM before it kills it): the service's own SIGTERM handler flushes the SDK.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/engine/otelService/service.ts'], {
    cwd: ROOT,
    // The SDK's own configuration variables; no metrics in this test.
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_METRICS_EXPORTER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /"port":\s*(\d+)/.exec(text);
      if (match) {
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) =>
      reject(new Error(`the OpenTelemetry service exited (${code}) before it listened: ${stderr}`))
    );
  });
  return { child, port, exited, stderr: () => stderr };
}

let harness: Harness;
let shipped: ShipResult[] = [];
let receiver: DataPrepperReceiver;
let otelStderr = '';

beforeAll(async () => {
  if (!existsSync(PYTHON)) {
    throw new Error('The Python helper is not installed: run `npm run python:install` (or `npm run test:install`).');
  }
  await createLogsIndex(INDEX);
  await installSessionIdPipeline();
  await createDataPrepperLogsIndex(engineUrl(), OTEL_INDEX);
  receiver = await startDataPrepperReceiver(engineUrl(), OTEL_INDEX);

  const node = await startService(TSX, ['tests/samples/nodeService.ts'], 'checkout');
  const python = await startService(PYTHON, ['-u', 'tests/samples/python_service.py'], 'billing');

  expect(await post(node.port, '/checkout', { 'X-Session-Id': SESSION.node })).toBe(502);
  expect(await post(node.port, '/legacy?sku=42', { 'X-Session-Id': SESSION.node })).toBe(500);
  expect(await post(node.port, '/checkout', { 'X-Session-Id': SESSION.other })).toBe(502);
  expect(await post(node.port, '/checkout')).toBe(502);
  // A forged tag in the header is refused: that error is logged without a session.
  expect(await post(node.port, '/legacy?sku=7', { 'X-Session-Id': `${SESSION.other}]\t[x=1` })).toBe(500);
  expect(await post(python.port, '/refund', { 'openReplaySession.id': SESSION.python })).toBe(500);
  expect(await post(python.port, '/report', { 'X-Session-Id': SESSION.python })).toBe(500);
  expect(await post(python.port, '/refund')).toBe(500);
  // Last: a crash inside the Node session ends that service (exit code 1, as Node's default).
  await post(node.port, '/crash', { 'X-Session-Id': SESSION.node }).catch(() => undefined);
  expect(await node.exited).toBe(1);
  python.child.kill('SIGTERM');
  expect(await python.exited).toBe(0);
  shipped = [...(await node.shipped), ...(await python.shipped)];

  // The OpenTelemetry service once the shippers are done: its exports do not compete with them.
  const otel = await startOtelService(receiver.url);
  // The browser helper's baggage (merged with the app's own), and OpenReplay's header.
  expect(await post(otel.port, '/orders', { baggage: `userId=alice,session.id=${SESSION.otel}` })).toBe(502);
  expect(await post(otel.port, '/orders', { 'openReplaySession.id': SESSION.otel })).toBe(502);
  expect(await post(otel.port, '/orders')).toBe(502);
  // A forged baggage value is refused: that record has no session.
  expect(await post(otel.port, '/orders', { baggage: `session.id=${SESSION.other}]` })).toBe(502);
  // On SIGTERM the SDK exports what it holds, then the service exits.
  otel.child.kill('SIGTERM');
  expect(await otel.exited).toBe(0);
  otelStderr = otel.stderr();
  await receiver.close();

  await fetch(`${engineUrl()}/${INDEX},${OTEL_INDEX}/_refresh`, { method: 'POST' });
  harness = await openHarness(replaySettings(INDEX));
}, 120_000);

afterAll(() => harness?.close());

async function sessionLines(sessionId: string, ds = harness.ds): Promise<DataFrame> {
  const response = await runQueries(ds, [{ sessionId }], { fromMs: start - 60_000, toMs: Date.now() + 60_000 });
  expect(response.errors).toBeUndefined();
  return response.data[0] as DataFrame;
}

describe('tagging, end to end: browser header → backend → logs → engine → plugin → replay', () => {
  it('ships every line the services wrote, none lost when they stop', async () => {
    expect(shipped.every((r) => r.failed === 0 && r.shipped === r.read)).toBe(true);
    const total = shipped.reduce((sum, r) => sum + r.shipped, 0);
    const count = await fetch(`${engineUrl()}/${INDEX}/_count`).then((r) => r.json() as Promise<{ count: number }>);
    expect(count.count).toBe(total);
    // 5 Node errors, the crash, 3 Python errors and the two "listening" lines.
    expect(total).toBe(11);
  });

  it('the Node session: its structured error, its tagged console line and its crash, with replay links', async () => {
    const frame = await sessionLines(SESSION.node);
    const bodies = fieldValues(frame, 'body') as string[];
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toMatch(
      /^Uncaught exception: TypeError: Cannot read properties of undefined \(reading 'total'\)\n\s+at /
    );
    expect(bodies.slice(1)).toEqual(['inventory lookup failed for sku 42', 'checkout failed']);
    expect(fieldValues(frame, 'severity')).toEqual(['critical', 'error', 'error']);
    expect(fieldValues(frame, 'session_id')).toEqual([SESSION.node, SESSION.node, SESSION.node]);
    const times = fieldValues(frame, 'timestamp') as number[];
    expect(fieldValues(frame, 'replay_url')).toEqual(
      times.map((t) => `https://replay.test/9/session/${SESSION.node}?jumpto=${t - 5000}`)
    );
  });

  it('the Python session: its JSON error with the exception, and its tagged traceback', async () => {
    const frame = await sessionLines(SESSION.python);
    const bodies = fieldValues(frame, 'body') as string[];
    expect(bodies).toHaveLength(2);
    const report = bodies.findIndex((b) => b.startsWith('report failed'));
    const refund = 1 - report;
    expect(bodies[report]).toMatch(/^report failed\nTraceback \(most recent call last\):\n[\s\S]*\nKeyError: 'total'$/);
    expect(bodies[refund]).toBe('refund failed');
    expect(fieldValues(frame, 'error.type')[refund]).toBe('ValueError');
    expect(fieldValues(frame, 'labels')[refund]).toMatchObject({ session_id: SESSION.python, service: 'billing' });
    const times = fieldValues(frame, 'timestamp') as number[];
    expect(fieldValues(frame, 'replay_url')).toEqual(
      times.map((t) => `https://replay.test/9/session/${SESSION.python}?jumpto=${t - 5000}`)
    );
  });

  it('another session sees only its own error; lines without a valid id belong to no session', async () => {
    const frame = await sessionLines(SESSION.other);
    expect(fieldValues(frame, 'body')).toEqual(['checkout failed']);
    const untagged = await fetch(`${engineUrl()}/${INDEX}/_count`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: { bool: { must_not: [{ exists: { field: 'session.id' } }] } } }),
    }).then((r) => r.json() as Promise<{ count: number }>);
    // Two "listening" lines, the Node error without a header, the forged header's, the Python one.
    expect(untagged.count).toBe(5);
  });
});

describe('tagging with OpenTelemetry, end to end: baggage → OTel SDK → Data Prepper’s layout → engine → plugin', () => {
  async function otelDocuments(): Promise<Array<Record<string, unknown>>> {
    const response = await fetch(`${engineUrl()}/${OTEL_INDEX}/_search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ size: 100, sort: [{ time: 'asc' }] }),
    });
    const body = (await response.json()) as { hits: { hits: Array<{ _source: Record<string, unknown> }> } };
    return body.hits.hits.map((hit) => hit._source);
  }

  it('the SDK exported every record, written as Data Prepper writes them, session.id on the tagged ones', async () => {
    expect(otelStderr).toBe('');
    expect(receiver.failures).toEqual([]);
    const documents = await otelDocuments();
    expect(receiver.written()).toBe(5);
    expect(documents.map((d) => [d.body, d.severityText, d['log.attributes.session@id']])).toEqual([
      ['listening', 'INFO', undefined],
      ['order failed', 'ERROR', SESSION.otel],
      ['order failed', 'ERROR', SESSION.otel],
      ['order failed', 'ERROR', undefined],
      ['order failed', 'ERROR', undefined],
    ]);
    expect(documents[1]).toMatchObject({
      serviceName: 'orders',
      'resource.attributes.service@name': 'orders',
      'instrumentationScope.name': 'orders',
      severityNumber: 17,
      'log.attributes.exception@type': 'Error',
      'log.attributes.exception@message': 'payment provider timed out',
    });
    expect(documents[1].traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(documents[1].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$/);
  });

  it('writes times as Data Prepper does (Java’s Instant.toString: the fraction in groups of three digits)', () => {
    expect(instantText('1796138505000000000')).toBe('2026-12-01T15:21:45Z');
    expect(instantText('1796138505421000000')).toBe('2026-12-01T15:21:45.421Z');
    expect(instantText('1796138505421500000')).toBe('2026-12-01T15:21:45.421500Z');
    expect(instantText('1796138505421500001')).toBe('2026-12-01T15:21:45.421500001Z');
    expect(instantText(undefined)).toBe('1970-01-01T00:00:00Z');
  });

  it('each request’s server span carries the same session.id as its log record', async () => {
    const documents = await otelDocuments();
    const errors = documents.filter((d) => d.body === 'order failed');
    const serverSpans = receiver.spans.filter((s) => s.attributes['url.path'] === '/orders');
    // SpanKind SERVER is 2 in OTLP (trace.proto).
    expect(serverSpans.map((s) => s.kind)).toEqual([2, 2, 2, 2]);
    expect(errors.map((d) => serverSpans.find((s) => s.traceId === d.traceId)?.attributes['session.id'])).toEqual(
      errors.map((d) => d['log.attributes.session@id'])
    );
  });

  it('the plugin finds that session’s errors by the layout’s session field, with replay links', async () => {
    const otelHarness = await openHarness(
      replaySettings(OTEL_INDEX, {
        timeField: 'time',
        messageField: 'body',
        levelField: 'severityText',
        serviceField: 'serviceName',
        sessionField: 'log.attributes.session@id',
        detailFields: ['log.attributes.exception@type', 'traceId'],
      })
    );
    try {
      const frame = await sessionLines(SESSION.otel, otelHarness.ds);
      expect(fieldValues(frame, 'body')).toEqual(['order failed', 'order failed']);
      expect(fieldValues(frame, 'severity')).toEqual(['error', 'error']);
      expect(fieldValues(frame, 'session_id')).toEqual([SESSION.otel, SESSION.otel]);
      expect(fieldValues(frame, 'log.attributes.exception@type')).toEqual(['Error', 'Error']);
      const times = fieldValues(frame, 'timestamp') as number[];
      expect(times.every((t) => t >= start && t <= Date.now())).toBe(true);
      expect(fieldValues(frame, 'replay_url')).toEqual(
        times.map((t) => `https://replay.test/9/session/${SESSION.otel}?jumpto=${t - 5000}`)
      );
    } finally {
      await otelHarness.close();
    }
  });
});

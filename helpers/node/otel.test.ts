import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withSessionId } from './middleware';
import { otelApi } from './otel';
import { SessionIdLogRecordProcessor } from './otelLogs';
import { currentSessionId, runWithSessionId } from './sessionContext';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('with OpenTelemetry installed', () => {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });

  beforeAll(() => {
    // What the SDK's start() registers: an AsyncLocalStorage context and the global tracer provider.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(tracerProvider);
  });
  afterAll(async () => {
    await tracerProvider.shutdown();
    trace.disable();
    context.disable();
  });

  it('loads the API the app has', () => {
    expect(otelApi()?.trace).toBe(trace);
  });

  it('the middleware sets session.id on each request’s server span, from a header or baggage', async () => {
    const tracer = tracerProvider.getTracer('test-http-server');
    const handler = withSessionId(async (_req, res) => {
      await sleep(5);
      res.end(currentSessionId() ?? '(none)');
    });
    // As the HTTP instrumentation does: a server span is active while the request is handled.
    const server = createServer((req, res) =>
      tracer.startActiveSpan(`GET ${req.url}`, { kind: SpanKind.SERVER }, (span) => {
        res.on('finish', () => span.end());
        handler(req, res);
      })
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const answers = await Promise.all(
        [
          ['/header', { 'X-Session-Id': '111' }],
          ['/baggage', { baggage: 'userId=alice,session.id=222' }],
          ['/none', {}],
          ['/refused', { 'X-Session-Id': '12]\t[x=1' }],
        ].map(([route, headers]) =>
          fetch(`${base}${route}`, { headers: headers as Record<string, string> }).then((r) => r.text())
        )
      );
      expect(answers).toEqual(['111', '222', '(none)', '(none)']);
    } finally {
      server.close();
    }
    const byName = Object.fromEntries(spans.getFinishedSpans().map((s) => [s.name, s.attributes['session.id']]));
    expect(byName).toEqual({
      'GET /header': '111',
      'GET /baggage': '222',
      'GET /none': undefined,
      'GET /refused': undefined,
    });
  });

  it('log records emitted in a session get session.id, through awaits, and keep one the app set', async () => {
    const records = new InMemoryLogRecordExporter();
    const loggerProvider = new LoggerProvider({
      processors: [new SessionIdLogRecordProcessor(), new SimpleLogRecordProcessor({ exporter: records })],
    });
    const logger = loggerProvider.getLogger('checkout');
    await runWithSessionId('7368123456789012345', async () => {
      logger.emit({ body: 'payment failed', severityText: 'ERROR' });
      await sleep(5);
      logger.emit({ body: 'after an await', severityText: 'ERROR' });
      logger.emit({ body: 'own value', attributes: { 'session.id': 'set-by-app' } });
    });
    logger.emit({ body: 'outside a session' });
    await loggerProvider.forceFlush();
    const seen = records.getFinishedLogRecords().map((r) => [r.body, r.attributes['session.id']]);
    await loggerProvider.shutdown();
    expect(seen).toEqual([
      ['payment failed', '7368123456789012345'],
      ['after an await', '7368123456789012345'],
      ['own value', 'set-by-app'],
      ['outside a session', undefined],
    ]);
  });
});

describe('without OpenTelemetry installed', () => {
  it('reads the id, and the log record processor tags records, with no error and no output', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sre-no-otel-'));
    try {
      // The helpers and the fixture, laid out as in helpers/node, where no node_modules can be reached.
      mkdirSync(path.join(dir, 'node/fixtures'), { recursive: true });
      for (const file of ['middleware.ts', 'sessionContext.ts', 'baggage.ts', 'otel.ts', 'otelLogs.ts']) {
        copyFileSync(path.join(__dirname, file), path.join(dir, 'node', file));
      }
      const fixture = path.join(dir, 'node/fixtures/withoutOpenTelemetry.ts');
      copyFileSync(path.join(__dirname, 'fixtures/withoutOpenTelemetry.ts'), fixture);
      expect(() => createRequire(fixture).resolve('@opentelemetry/api')).toThrow(/Cannot find module/);

      const { NODE_PATH: _nodePath, ...env } = process.env;
      const result = spawnSync(path.resolve(__dirname, '../../node_modules/.bin/tsx'), [fixture], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        otelLoaded: false,
        seen: ['111', '222', '(none)'],
        records: [{ 'session.id': '111' }, { 'session.id': '222' }, {}],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

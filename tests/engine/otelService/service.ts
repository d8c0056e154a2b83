/**
 * The OpenTelemetry-instrumented sample service of the end-to-end tagging test
 * (tests/engine/tagging.test.ts), set up as an OTel user sets up Node: the SDK with the HTTP
 * instrumentation, logs through the logs API, the SDK's OTLP/HTTP JSON exporters sending to
 * OTEL_EXPORTER_OTLP_ENDPOINT. It has no logger of the helpers: their middleware puts `session.id` on
 * each request's server span, and their log record processor on every record it emits. The README
 * shows the part between the `snippet` markers verbatim.
 */
// snippet:otel start
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { SessionIdLogRecordProcessor } from '../../../helpers/node/otelLogs';

const sdk = new NodeSDK({
  serviceName: 'orders',
  instrumentations: [new HttpInstrumentation()],
  spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), scheduledDelayMillis: 100 })],
  // The session processor first: the SDK calls processors in order.
  logRecordProcessors: [
    new SessionIdLogRecordProcessor(),
    new BatchLogRecordProcessor({ exporter: new OTLPLogExporter(), scheduledDelayMillis: 100 }),
  ],
});
sdk.start();
// snippet:otel end

// SIGTERM, as a container stop: the SDK exports what it still holds before the process ends.
process.on('SIGTERM', () => {
  void sdk.shutdown().then(() => process.exit(0));
});

// The application after the SDK, so that the HTTP instrumentation patches node:http as it loads.
void import('./app');

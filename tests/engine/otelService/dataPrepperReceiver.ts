/**
 * A stand-in for OpenSearch Data Prepper's OTLP logs source on loopback, for the end-to-end tagging
 * test: it takes the OTel SDK's OTLP/HTTP JSON exports and writes each log record into the engine as
 * Data Prepper writes it with `otel_logs_source` (default `output_format: opensearch`) and the
 * opensearch sink. The document layout is reproduced from opensearch-project/data-prepper:
 * - OTelProtoOpensearchCodec.processLogsList (data-prepper-plugins/otel-proto-common): `time`,
 *   `observedTimestamp`, `serviceName`, `schemaUrl`, `flags`, `traceId`/`spanId` as hex,
 *   `severityNumber`, `severityText`, `droppedAttributesCount`, `body`; attributes merged from the
 *   record (`log.attributes.<key>`), the resource (`resource.attributes.<key>`) and the scope
 *   (`instrumentationScope.name`/`.version`/`.attributes.<key>`), every key's dots replaced by `@`;
 *   arrays and key-value lists as JSON text (convertAnyValue); times as Java's Instant.toString;
 * - JacksonOtelLog.toJsonString (data-prepper-api): the attributes flattened into the document;
 * - its index template logs-otel-v1-index-template.json (data-prepper-plugins/opensearch): the
 *   mapping `createDataPrepperLogsIndex` creates.
 * Spans (`/v1/traces`) are kept for the test to read, not written: the trace pipeline is not reproduced.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** OTLP/JSON's AnyValue (opentelemetry-proto, common.proto, JSON encoding): int64 as string or number. */
interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}
interface LogRecord {
  timeUnixNano?: string | number;
  observedTimeUnixNano?: string | number;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
}
export interface ExportLogsServiceRequest {
  resourceLogs?: Array<{
    resource?: { attributes?: KeyValue[] };
    schemaUrl?: string;
    scopeLogs?: Array<{
      scope?: { name?: string; version?: string; attributes?: KeyValue[] };
      logRecords?: LogRecord[];
    }>;
  }>;
}
/** The parts of an exported span the test reads. */
export interface ExportedSpan {
  name: string;
  kind?: number;
  traceId: string;
  attributes: Record<string, unknown>;
}

const replaceDots = (key: string) => key.replace(/\./g, '@');

/** Data Prepper's convertAnyValue: scalars as they are, arrays and key-value lists as JSON text. */
function anyValue(value: AnyValue | undefined): unknown {
  if (value === undefined) {
    return '';
  }
  if (value.boolValue !== undefined) {
    return value.boolValue;
  }
  if (value.intValue !== undefined) {
    return Number(value.intValue);
  }
  if (value.doubleValue !== undefined) {
    return value.doubleValue;
  }
  if (value.arrayValue !== undefined) {
    return JSON.stringify((value.arrayValue.values ?? []).map(anyValue));
  }
  if (value.kvlistValue !== undefined) {
    return JSON.stringify(
      Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [replaceDots(kv.key), anyValue(kv.value)]))
    );
  }
  // VALUE_NOT_SET reads as the proto's default string.
  return value.stringValue ?? '';
}

/** Java's Instant.ofEpochSecond(0, nanos).toString(): the fraction in groups of three digits, none if zero. */
export function instantText(unixNano: string | number | undefined): string {
  const nanos = BigInt(unixNano ?? 0);
  const seconds = nanos / 1_000_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  let fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  while (fraction.endsWith('000')) {
    fraction = fraction.slice(0, -3);
  }
  return fraction === '' ? `${base}Z` : `${base}.${fraction}Z`;
}

const prefixed = (prefix: string, attributes: KeyValue[] | undefined) =>
  (attributes ?? []).map((kv) => [`${prefix}${replaceDots(kv.key)}`, anyValue(kv.value)] as const);

/** Each log record of an export as the document Data Prepper writes for it. */
export function dataPrepperLogDocuments(request: ExportLogsServiceRequest): Array<Record<string, unknown>> {
  return (request.resourceLogs ?? []).flatMap((resourceLogs) => {
    const resourceAttributes = resourceLogs.resource?.attributes;
    const serviceName = resourceAttributes?.find((kv) => kv.key === 'service.name' && kv.value?.stringValue)?.value
      ?.stringValue;
    return (resourceLogs.scopeLogs ?? []).flatMap(({ scope, logRecords }) => {
      const scopeAttributes: Array<readonly [string, unknown]> = [
        ...(scope?.name ? [['instrumentationScope.name', scope.name] as const] : []),
        ...(scope?.version ? [['instrumentationScope.version', scope.version] as const] : []),
        ...prefixed('instrumentationScope.attributes.', scope?.attributes),
      ];
      return (logRecords ?? []).map((record) => {
        const document: Record<string, unknown> = {
          time: instantText(record.timeUnixNano),
          observedTimestamp: instantText(record.observedTimeUnixNano),
          // Absent (null in Jackson's JSON) when the resource names no service.
          serviceName: serviceName ?? null,
          schemaUrl: resourceLogs.schemaUrl ?? '',
          flags: record.flags ?? 0,
          traceId: record.traceId ?? '',
          spanId: record.spanId ?? '',
          severityNumber: record.severityNumber ?? 0,
          severityText: record.severityText ?? '',
          droppedAttributesCount: record.droppedAttributesCount ?? 0,
          body: anyValue(record.body),
        };
        // The flattened attributes never replace a field of the log itself.
        for (const [key, value] of [
          ...prefixed('log.attributes.', record.attributes),
          ...prefixed('resource.attributes.', resourceAttributes),
          ...scopeAttributes,
        ]) {
          if (!(key in document)) {
            document[key] = value;
          }
        }
        return document;
      });
    });
  });
}

/**
 * The index as Data Prepper's logs template maps it (logs-otel-v1-index-template.json): no date
 * detection, record and resource attributes as keywords, `time` and `observedTimestamp` as date_nanos.
 */
export async function createDataPrepperLogsIndex(engineUrl: string, index: string): Promise<void> {
  const keyword = { type: 'keyword' };
  const response = await fetch(`${engineUrl}/${index}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      settings: { number_of_replicas: 0 },
      mappings: {
        date_detection: false,
        dynamic_templates: [
          { resource_attributes_map: { mapping: keyword, path_match: 'resource.attributes.*' } },
          { log_attributes_map: { mapping: keyword, path_match: 'log.attributes.*' } },
        ],
        properties: {
          severity: { properties: { number: { type: 'long' }, text: keyword } },
          body: { type: 'text' },
          '@timestamp': { type: 'date_nanos' },
          time: { type: 'date_nanos' },
          observedTimestamp: { type: 'date_nanos' },
          observedTime: { type: 'alias', path: 'observedTimestamp' },
          traceId: { ignore_above: 256, type: 'keyword' },
          spanId: { ignore_above: 256, type: 'keyword' },
          schemaUrl: keyword,
          instrumentationScope: { properties: { name: keyword, version: keyword } },
        },
      },
    }),
  });
  if (!response.ok) {
    throw new Error(`creating ${index} failed: HTTP ${response.status} ${await response.text()}`);
  }
}

export interface DataPrepperReceiver {
  /** The OTLP endpoint to give the SDK (OTEL_EXPORTER_OTLP_ENDPOINT). */
  url: string;
  /** Documents written to the index so far. */
  written: () => number;
  spans: ExportedSpan[];
  /** Exports that could not be written, with the reason. */
  failures: string[];
  close: () => Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const attributeMap = (attributes: KeyValue[] | undefined) =>
  Object.fromEntries((attributes ?? []).map((kv) => [kv.key, anyValue(kv.value)]));

/** Starts the receiver: log exports go to `index` on the engine, spans to `spans`. */
export async function startDataPrepperReceiver(engineUrl: string, index: string): Promise<DataPrepperReceiver> {
  let written = 0;
  const spans: ExportedSpan[] = [];
  const failures: string[] = [];
  const server: Server = createServer((req, res) => {
    const answer = (status: number) => res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
    void readJson(req)
      .then(async (body) => {
        if (req.url === '/v1/logs') {
          const documents = dataPrepperLogDocuments(body as ExportLogsServiceRequest);
          const bulk = documents.map((doc) => `{"index":{}}\n${JSON.stringify(doc)}\n`).join('');
          const result = await fetch(`${engineUrl}/${index}/_bulk`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-ndjson' },
            body: bulk,
          });
          const outcome = (await result.json()) as { errors?: boolean };
          if (!result.ok || outcome.errors) {
            throw new Error(`bulk write failed: ${JSON.stringify(outcome).slice(0, 300)}`);
          }
          written += documents.length;
        } else if (req.url === '/v1/traces') {
          const request = body as {
            resourceSpans?: Array<{
              scopeSpans?: Array<{ spans?: Array<Omit<ExportedSpan, 'attributes'> & { attributes?: KeyValue[] }> }>;
            }>;
          };
          for (const span of (request.resourceSpans ?? [])
            .flatMap((r) => r.scopeSpans ?? [])
            .flatMap((s) => s.spans ?? [])) {
            spans.push({
              name: span.name,
              kind: span.kind,
              traceId: span.traceId,
              attributes: attributeMap(span.attributes),
            });
          }
        } else {
          answer(404);
          return;
        }
        answer(200);
      })
      .catch((error: unknown) => {
        failures.push(`${req.url}: ${String(error)}`);
        answer(500);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    written: () => written,
    spans,
    failures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

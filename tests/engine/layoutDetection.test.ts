import type { ClusterRequest } from '../../src/cluster/clusterClient';
import { ClusterClient } from '../../src/cluster/clusterClient';
import { checkHealth } from '../../src/health/checkHealth';
import {
  detectLayout,
  proposedSettings,
  type LayoutDetection,
  type ProposedSettings,
} from '../../src/layout/detectLayout';
import { fetchLayoutEvidence, sampleDocs, sampleSearchBody } from '../../src/layout/sampleSearch';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import { resolveSettings } from '../../src/settings';
import type { SessionErrorsOptions } from '../../src/types';
import otelFieldCaps from '../fixtures/elasticsearch/otel-logs-field-caps.json';
import otelSearch from '../fixtures/elasticsearch/otel-logs-search-session.json';
import { engineUrl, openHarness, writeRawDocuments } from './harness';
import { engineVersionPattern } from '../../tools/engine/embeddedEngine';

const valueOf = (detection: LayoutDetection, setting: string) =>
  detection.proposals.find((p) => p.setting === setting)?.value;

/**
 * Layout detection on the embedded engine: documents of each layout as its shipper writes them
 * (dotted or nested, with the mapping its template gives where OpenSearch can express it), detected
 * through the plugin's client and the data source proxy's routes, as Save & test and the editor's
 * "Detect layout" run it; then the proposals applied and Save & test run with them.
 */

const MINUTE = 60_000;
const NOW = Date.now();
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * MINUTE).toISOString();
const OPENREPLAY_ID = openReplaySessionIdAt(NOW - 30 * MINUTE, 0x4a4a4a);
const FARO_ID = 'k3Jh7mNp2Q';
const OTEL_ID = 'f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

async function createIndex(index: string, mappings: object): Promise<void> {
  const response = await fetch(`${engineUrl()}/${index}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ settings: { number_of_replicas: 0 }, mappings }),
  });
  if (!response.ok) {
    throw new Error(`creating ${index} failed: HTTP ${response.status} ${await response.text()}`);
  }
}

const keyword = { type: 'keyword' };

/** ECS as Elastic's ecs@mappings and logs@mappings map it, where OpenSearch has the types (2.12+: match_only_text, 2.15+: wildcard). */
const ECS_MAPPING = {
  properties: {
    '@timestamp': { type: 'date' },
    message: { type: 'match_only_text' },
    log: { properties: { level: keyword, logger: keyword } },
    ecs: { properties: { version: keyword } },
    service: { properties: { name: keyword } },
    host: { properties: { name: keyword } },
    trace: { properties: { id: keyword } },
    session: { properties: { id: keyword } },
    user: { properties: { id: keyword } },
    error: {
      properties: { type: keyword, message: { type: 'match_only_text' }, stack_trace: { type: 'wildcard' } },
    },
  },
};

/** An ECS logger's lines (ecs-logging): nested objects and dotted keys, as the loggers write both. */
const ECS_LINES = [
  JSON.stringify({
    '@timestamp': at(20),
    message: `[asayer_session_id=${OPENREPLAY_ID}] PaymentDeclined: card expired`,
    log: { level: 'ERROR', logger: 'payments' },
    ecs: { version: '8.11.0' },
    service: { name: 'payments' },
    host: { name: 'pay-1' },
    trace: { id: '4bf92f3577b34da6a3ce929d0e0e4736' },
    user: { id: 'u-17' },
    error: { type: 'PaymentDeclined', message: 'card expired', stack_trace: 'PaymentDeclined: card expired' },
  }),
  JSON.stringify({
    '@timestamp': at(19),
    message: 'slow upstream',
    'log.level': 'warn',
    'ecs.version': '8.11.0',
    'service.name': 'checkout',
    'host.name': 'co-1',
    'session.id': OPENREPLAY_ID,
  }),
  JSON.stringify({ '@timestamp': at(18), message: 'GET /healthz 200', 'log.level': 'info', 'ecs.version': '8.11.0' }),
];

/**
 * Data Prepper's otel_logs_source with the default `opensearch` output format: flat keys, attribute
 * names with `@` for dots (shared reference, section 7). Its opensearch sink writing to a plain
 * `index:` applies no template: dynamic mapping, strings as text with a keyword sub-field, times
 * detected as dates.
 */
const DATA_PREPPER_MAPPING = {};

const DATA_PREPPER_LINES = [
  JSON.stringify({
    time: at(15),
    observedTime: at(15),
    body: 'order 9 failed: inventory timeout',
    severityText: 'ERROR',
    severityNumber: 17,
    serviceName: 'orders',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    'log.attributes.session@id': OTEL_ID,
    'log.attributes.exception@type': 'TimeoutError',
    'resource.attributes.service@name': 'orders',
    'resource.attributes.host@name': 'orders-7f9c',
  }),
  JSON.stringify({
    time: at(14),
    observedTime: at(14),
    body: 'order 9 retried',
    severityText: 'INFO',
    severityNumber: 9,
    serviceName: 'orders',
    'log.attributes.session@id': OTEL_ID,
    'resource.attributes.service@name': 'orders',
  }),
];

/** The ss4o schema as the OpenTelemetry Collector's opensearch exporter writes it (sso_model.go: attribute and resource maps with dotted keys). */
const SS4O_MAPPING = {
  dynamic_templates: [
    { strings: { path_match: 'attributes.*', match_mapping_type: 'string', mapping: { type: 'keyword' } } },
    { resources: { path_match: 'resource.*', match_mapping_type: 'string', mapping: { type: 'keyword' } } },
  ],
  properties: {
    '@timestamp': { type: 'date' },
    observedTimestamp: { type: 'date' },
    body: { type: 'text' },
    severity: { properties: { text: keyword, number: { type: 'long' } } },
    traceId: keyword,
    spanId: keyword,
  },
};

const SS4O_LINES = [
  JSON.stringify({
    '@timestamp': at(12),
    observedTimestamp: at(12),
    body: 'cart render failed',
    severity: { text: 'ERROR', number: 17 },
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    attributes: { 'session.id': OTEL_ID, 'exception.type': 'TypeError', 'user.id': 'u-3' },
    resource: { 'service.name': 'cart', 'host.name': 'cart-2' },
    instrumentationScope: { name: 'cart-logger' },
  }),
];

/**
 * Ids as key=value text in an ECS message: OpenReplay's own Go logger appends
 * `openReplaySession.id=<id>` bare at the end; Grafana Faro's receiver writes logfmt `session_id=<id>`.
 */
const KEY_VALUE_LINES = [
  JSON.stringify({
    '@timestamp': at(10),
    message: `failed to fetch project: context deadline exceeded openReplaySession.id=${OPENREPLAY_ID}`,
    'log.level': 'error',
    'ecs.version': '8.11.0',
  }),
  JSON.stringify({
    '@timestamp': at(9),
    message: `timestamp="2026-11-27 10:00:00" kind=exception type=TypeError value="x is undefined" session_id=${FARO_ID}`,
    'log.level': 'error',
    'ecs.version': '8.11.0',
  }),
];

const LAYOUT_INDICES = {
  ecs: 'layoutdet-ecs-2026.11.27',
  dataPrepper: 'layoutdet-dp-otel-v1-000001',
  ss4o: 'ss4o_logs-layoutdet-default',
  keyValue: 'layoutdet-kv-app',
  mixEcs: 'layoutdet-mix-app',
  mixDataPrepper: 'layoutdet-mix-otel-v1-000001',
};

beforeAll(async () => {
  await createIndex(LAYOUT_INDICES.ecs, ECS_MAPPING);
  await writeRawDocuments(LAYOUT_INDICES.ecs, ECS_LINES);
  await createIndex(LAYOUT_INDICES.dataPrepper, DATA_PREPPER_MAPPING);
  await writeRawDocuments(LAYOUT_INDICES.dataPrepper, DATA_PREPPER_LINES);
  await createIndex(LAYOUT_INDICES.ss4o, SS4O_MAPPING);
  await writeRawDocuments(LAYOUT_INDICES.ss4o, SS4O_LINES);
  await createIndex(LAYOUT_INDICES.keyValue, ECS_MAPPING);
  await writeRawDocuments(LAYOUT_INDICES.keyValue, KEY_VALUE_LINES);
  await createIndex(LAYOUT_INDICES.mixEcs, ECS_MAPPING);
  await writeRawDocuments(LAYOUT_INDICES.mixEcs, ECS_LINES);
  await createIndex(LAYOUT_INDICES.mixDataPrepper, DATA_PREPPER_MAPPING);
  await writeRawDocuments(LAYOUT_INDICES.mixDataPrepper, DATA_PREPPER_LINES);
});

/** Detection through the data source proxy's routes on the saved pattern, as the editor runs it. */
async function detectOnEngine(indexPattern: string): Promise<LayoutDetection> {
  const h = await openHarness({ indexPattern });
  try {
    return detectLayout(await fetchLayoutEvidence(h.ds.client));
  } finally {
    await h.close();
  }
}

/** Save & test with the given settings, through the proxy. */
async function saveAndTest(jsonData: SessionErrorsOptions) {
  const h = await openHarness(jsonData);
  try {
    return await h.ds.testDatasource();
  } finally {
    await h.close();
  }
}

describe('layout detection on the engine, one layout a pattern', () => {
  it.each<[string, string, string, ProposedSettings, number]>([
    [
      'ECS',
      'layoutdet-ecs-*',
      'ecs',
      {
        indexPattern: 'layoutdet-ecs-*',
        timeField: '@timestamp',
        messageField: 'message',
        levelField: 'log.level',
        serviceField: 'service.name',
        hostField: 'host.name',
        traceField: 'trace.id',
        userField: 'user.id',
        sessionFields: ['session.id'],
        messageTags: ['asayer_session_id'],
        detailFields: ['error.type', 'error.message', 'error.stack_trace', 'trace.id'],
      },
      2,
    ],
    [
      "OpenSearch Data Prepper's otel_logs_source",
      'layoutdet-dp-*',
      'data-prepper',
      {
        indexPattern: 'layoutdet-dp-*',
        timeField: 'time',
        messageField: 'body',
        levelField: 'severityText.keyword',
        serviceField: 'serviceName.keyword',
        hostField: 'resource.attributes.host@name.keyword',
        traceField: 'traceId.keyword',
        sessionFields: ['log.attributes.session@id.keyword'],
        messageTags: [],
        detailFields: ['log.attributes.exception@type', 'spanId'],
      },
      2,
    ],
    [
      "the ss4o schema (the OpenTelemetry Collector's opensearch exporter)",
      'ss4o_logs-layoutdet-*',
      'ss4o',
      {
        indexPattern: 'ss4o_logs-layoutdet-*',
        timeField: '@timestamp',
        messageField: 'body',
        levelField: 'severity.text',
        serviceField: 'resource.service.name',
        hostField: 'resource.host.name',
        traceField: 'traceId',
        userField: 'attributes.user.id',
        sessionFields: ['attributes.session.id'],
        messageTags: [],
        detailFields: ['attributes.exception.type', 'spanId'],
      },
      1,
    ],
    [
      "ids as key=value text (OpenReplay's Go logger, Faro's logfmt)",
      'layoutdet-kv-*',
      'ecs',
      {
        indexPattern: 'layoutdet-kv-*',
        timeField: '@timestamp',
        messageField: 'message',
        levelField: 'log.level',
        serviceField: 'service.name',
        hostField: 'host.name',
        traceField: 'trace.id',
        userField: 'user.id',
        sessionFields: ['session.id'],
        messageTags: ['openReplaySession.id', 'session_id'],
        detailFields: ['error.type', 'error.message', 'error.stack_trace', 'trace.id'],
      },
      2,
    ],
  ])(
    '%s: detects the layout and proposes settings that Save & test then accepts',
    async (_label, pattern, layout, expected, tagged) => {
      const detection = await detectOnEngine(pattern);
      expect(detection.layouts.map((l) => l.id)).toEqual([layout]);
      expect(proposedSettings(detection)).toEqual(expected);
      // Applied as the editor applies them, and saved: Save & test finds the tagged lines.
      const result = await saveAndTest({ indexPattern: pattern, ...expected });
      expect(result).toEqual({
        status: 'success',
        message: expect.stringMatching(
          new RegExp(`^Connected to OpenSearch ${engineVersionPattern()}\\. ${tagged} session-tagged lines in`)
        ),
      });
    }
  );

  it('Save & test with the default settings on Data Prepper logs names the proposal, changing nothing', async () => {
    const result = await saveAndTest({ indexPattern: 'layoutdet-dp-*' });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      new RegExp(
        `^Connected to OpenSearch ${engineVersionPattern()}, but ` +
          /no index matching "layoutdet-dp-\*" has the time field "@timestamp"\. The saved settings do not match what "layoutdet-dp-\*" holds: the time field "@timestamp" is in no index \("time" is there\); the message field "message" is in no index \("body" is there\); the level field "log\.level" is in no index \("severityText\.keyword" is there\); the service field "service\.name" is in no index \("serviceName\.keyword" is there\); the host field "host\.name" is in no index \("resource\.attributes\.host@name\.keyword" is there\); the trace field "trace\.id" is in no index \("traceId\.keyword" is there\); no session field is set, but "log\.attributes\.session@id\.keyword" holds session ids\. This looks like OpenSearch Data Prepper logs: apply the proposed settings in the editor \(Detect layout\)\.$/
            .source
      )
    );
  });
});

describe('layout detection on the engine, two layouts under one pattern', () => {
  it('places each index by its lines, proposes the layout most lines show, and names the other', async () => {
    const detection = await detectOnEngine('layoutdet-mix-*');
    expect(detection.layouts.map((l) => [l.id, l.indices])).toEqual([
      ['ecs', [LAYOUT_INDICES.mixEcs]],
      ['data-prepper', [LAYOUT_INDICES.mixDataPrepper]],
    ]);
    const proposed = proposedSettings(detection);
    expect(proposed).toMatchObject({
      indexPattern: LAYOUT_INDICES.mixEcs,
      timeField: '@timestamp',
      messageField: 'message',
      levelField: 'log.level',
      // An id can live in several fields: each layout's is proposed.
      sessionFields: ['session.id', 'log.attributes.session@id.keyword'],
      messageTags: ['asayer_session_id'],
    });
    expect(detection.notes).toContain(
      `OpenSearch Data Prepper logs in ${LAYOUT_INDICES.mixDataPrepper}: add a second data source with the index pattern "layoutdet-mix-otel-v1-*" and run detection there.`
    );
    // Each proposed pattern, with its own layout's proposals, passes Save & test.
    expect((await saveAndTest(proposed)).status).toBe('success');
    const other = proposedSettings(await detectOnEngine('layoutdet-mix-otel-v1-*'));
    expect(other).toMatchObject({
      timeField: 'time',
      messageField: 'body',
      sessionFields: ['log.attributes.session@id.keyword'],
    });
    expect((await saveAndTest(other)).status).toBe('success');
  });
});

/**
 * Elastic's OTel-native data streams, which OpenSearch cannot hold (it has no passthrough type): the
 * answers an Elasticsearch 8.17 cluster gives, hand-written from Elastic's templates and docs, not
 * captured from a cluster. The mappings are elastic/elasticsearch x-pack/plugin/otel-data
 * logs-otel@mappings.yaml and otel@mappings.yaml (`body.text` match_only_text with the alias
 * `message`, `severity_text` with `log.level`, `trace_id` with `trace.id`; `attributes` and
 * `resource.attributes` passthrough); passthrough fields are listed under their full name and
 * under their leaf name too, as the aliases the passthrough object makes (elastic/elasticsearch
 * #106829: aliases in the field type lookup, which `_field_caps` reads). `_field_caps` lists indices
 * only where a field differs between them, so none here.
 */
const OTEL_INDEX = '.ds-logs-checkout.otel-default-2026.11.27-000001';
const cap = (type: string, aggregatable = true) => ({
  [type]: { type, metadata_field: false, searchable: true, aggregatable },
});
const RECORDED_OTEL_FIELD_CAPS = {
  indices: [OTEL_INDEX],
  fields: {
    _id: { _id: { type: '_id', metadata_field: true, searchable: true, aggregatable: false } },
    _index: { _index: { type: '_index', metadata_field: true, searchable: true, aggregatable: true } },
    _source: { _source: { type: '_source', metadata_field: true, searchable: false, aggregatable: false } },
    '@timestamp': cap('date'),
    observed_timestamp: cap('date_nanos'),
    'data_stream.type': cap('constant_keyword'),
    'data_stream.dataset': cap('constant_keyword'),
    'data_stream.namespace': cap('constant_keyword'),
    'event.dataset': cap('constant_keyword'),
    body: cap('object', false),
    'body.text': cap('match_only_text', false),
    'body.structured': cap('flattened'),
    message: cap('match_only_text', false),
    severity_text: cap('keyword'),
    'log.level': cap('keyword'),
    severity_number: cap('byte'),
    trace_id: cap('keyword'),
    'trace.id': cap('keyword'),
    span_id: cap('keyword'),
    'span.id': cap('keyword'),
    attributes: cap('object', false),
    'attributes.session.id': cap('keyword'),
    'session.id': cap('keyword'),
    'attributes.exception.type': cap('keyword'),
    'exception.type': cap('keyword'),
    'attributes.exception.message': cap('keyword'),
    'exception.message': cap('keyword'),
    resource: cap('object', false),
    'resource.attributes': cap('object', false),
    'resource.attributes.service.name': cap('keyword'),
    'service.name': cap('keyword'),
    'resource.attributes.host.name': cap('keyword'),
    'host.name': cap('keyword'),
    'scope.name': cap('keyword'),
  },
};

/** The sample search's answer, `_source` filtered as the sample asks; the exporter writes attributes as maps with dotted keys. */
const otelHit = (id: string, text: string, severity: string) => ({
  _index: OTEL_INDEX,
  _id: id,
  _score: 1,
  _source: {
    body: { text },
    severity_text: severity,
    severity_number: severity === 'ERROR' ? 17 : 9,
    attributes: { 'session.id': OTEL_ID },
    resource: { attributes: { 'service.name': 'checkout' } },
  },
  sort: [1, 1795165290500],
});
const RECORDED_OTEL_SEARCH = {
  took: 4,
  timed_out: false,
  _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
  hits: {
    max_score: null,
    hits: [otelHit('o1', 'checkout failed: card declined', 'ERROR'), otelHit('o2', 'retry', 'INFO')],
  },
  aggregations: {
    indices: {
      doc_count_error_upper_bound: 0,
      sum_other_doc_count: 0,
      buckets: [
        {
          key: OTEL_INDEX,
          doc_count: 2,
          lines: {
            hits: {
              total: { value: 2, relation: 'eq' },
              max_score: null,
              hits: [otelHit('o1', 'checkout failed: card declined', 'ERROR')],
            },
          },
        },
      ],
    },
  },
};

describe("layout detection on Elastic's OTel-native data streams (recorded answers)", () => {
  function recordedClient(seen: ClusterRequest[]) {
    return new ClusterClient(
      '/api/datasources/proxy/uid/es',
      'apiKey',
      async <T>(request: ClusterRequest) => {
        seen.push(request);
        const answers: Partial<Record<ClusterRequest['operation'], unknown>> = {
          info: { version: { number: '8.17.0' } },
          fieldCaps: RECORDED_OTEL_FIELD_CAPS,
          search: RECORDED_OTEL_SEARCH,
          count: { count: 0 },
        };
        return answers[request.operation] as T;
      },
      'logs-*'
    );
  }

  it('proposes the OTel fields, the session id under attributes, and not the aliases _source lacks', async () => {
    const seen: ClusterRequest[] = [];
    const detection = detectLayout(await fetchLayoutEvidence(recordedClient(seen)));
    expect(seen[1].data).toEqual(sampleSearchBody(RECORDED_OTEL_FIELD_CAPS as never));
    expect(detection.layouts.map((l) => l.id)).toEqual(['otel-native']);
    expect(proposedSettings(detection)).toEqual({
      indexPattern: 'logs-*',
      timeField: '@timestamp',
      messageField: 'body.text',
      levelField: 'severity_text',
      serviceField: 'resource.attributes.service.name',
      hostField: 'resource.attributes.host.name',
      traceField: 'trace_id',
      sessionFields: ['attributes.session.id'],
      messageTags: [],
      detailFields: ['attributes.exception.type', 'attributes.exception.message', 'span_id'],
    });
    expect(detection.proposals.find((p) => p.setting === 'sessionFields')?.reason).toMatch(
      /also queried as "session\.id" through the passthrough/
    );
  });

  it('agrees with the settings the layouts test chose for its own hand-written answers of such a stream', async () => {
    // tests/fixtures/elasticsearch/otel-logs-*.json, written independently for tests/engine/layouts.test.ts.
    const detection = detectLayout({
      fieldCaps: otelFieldCaps,
      sample: sampleDocs(otelSearch as never),
      indexPattern: 'logs-*.otel-*',
    });
    expect(detection.layouts.map((l) => l.id)).toEqual(['otel-native']);
    expect(proposedSettings(detection)).toMatchObject({
      messageField: 'body.text',
      levelField: 'severity_text',
      serviceField: 'resource.attributes.service.name',
      traceField: 'trace_id',
      sessionFields: ['attributes.session.id'],
    });
    expect(valueOf(detection, 'detailFields')).toEqual(
      expect.arrayContaining(['attributes.exception.type', 'attributes.exception.stacktrace'])
    );
  });

  it('Save & test with the default settings says they are only aliases there and names the proposal', async () => {
    const result = await checkHealth(recordedClient([]), resolveSettings({ indexPattern: 'logs-*' }), 'apiKey', NOW);
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(
      /The saved settings do not match what "logs-\*" holds: the message field "message" is only an alias here, absent from the lines \("body\.text" is there\);.*This looks like Elastic OTel-native logs: apply the proposed settings in the editor \(Detect layout\)\.$/
    );
  });
});

import type { TypeFamily } from './fieldCatalog';

/**
 * The log layouts detection knows, as their shippers and templates write them (shared reference,
 * section 7):
 * - Elastic's OTel-native data streams (8.16+, `logs-<dataset>.otel-<namespace>`): the
 *   `logs-otel@mappings` and `otel@mappings` component templates of elastic/elasticsearch
 *   (x-pack/plugin/otel-data). The body is `body.text` (later templates: `body_text`), with
 *   `message` as an alias; `severity_text` (alias `log.level`); `trace_id` (alias `trace.id`);
 *   `attributes.exception.*` (aliases `error.exception.type`, `error.exception.message`, `error.stack_trace`);
 *   `attributes`, `scope.attributes` and `resource.attributes` are passthrough objects whose fields
 *   also query without the prefix.
 * - ECS (Filebeat, Elastic Agent, ECS loggers): `message`, `log.level`, `service.name`, `trace.id`.
 * - OpenSearch Data Prepper's `otel_logs_source` in its default `opensearch` output format: `time`,
 *   `body`, `severityText`, `serviceName`, `traceId`, attributes prefixed and their dots made `@`
 *   (`log.attributes.session@id`, `resource.attributes.service@name`).
 * - The ss4o schema (OpenSearch's observability schema, and the OpenTelemetry Collector's
 *   opensearch exporter in its default mode, sso_model.go): `@timestamp`, `body`, `severity.text`,
 *   `traceId`, `attributes.*`, resource attributes as `resource.*`.
 */
export type LayoutId = 'otel-native' | 'ecs' | 'data-prepper' | 'ss4o';

/** The settings that name one field. */
export type FieldSetting =
  'timeField' | 'messageField' | 'levelField' | 'serviceField' | 'hostField' | 'traceField' | 'userField';

export const FIELD_SETTINGS: readonly FieldSetting[] = [
  'timeField',
  'messageField',
  'levelField',
  'serviceField',
  'hostField',
  'traceField',
  'userField',
];

/**
 * How each setting is named in messages, which type families it works with, and whether the plugin
 * reads it from `_source` (the message), which holds no alias, passthrough leaf or sub-field; the
 * others are read through the fields API or aggregated, which take those too (logLinesBody).
 */
export const FIELD_SETTING_RULES: Record<
  FieldSetting,
  { label: string; families: readonly TypeFamily[]; fromSource: boolean }
> = {
  timeField: { label: 'time field', families: ['date'], fromSource: false },
  messageField: { label: 'message field', families: ['text'], fromSource: true },
  // pino logs its levels as numbers (levelSpellings.ts reads them).
  levelField: { label: 'level field', families: ['keyword', 'number'], fromSource: false },
  serviceField: { label: 'service field', families: ['keyword'], fromSource: false },
  hostField: { label: 'host field', families: ['keyword'], fromSource: false },
  traceField: { label: 'trace field', families: ['keyword'], fromSource: false },
  userField: { label: 'user field', families: ['keyword', 'number'], fromSource: false },
};

export interface LayoutSignature {
  id: LayoutId;
  name: string;
  /** Recognised when every group has a field that some index maps. */
  marks: string[][];
  /** Index names as the layout's shipper makes them: a hint where fields cannot say which index holds what. */
  indexNames?: RegExp;
  /**
   * What the layout's template makes queryable under other names: aliases of its own fields
   * (Elastic's OTel `message` for `body.text`), which mark another layout only where sampled lines
   * carry them in `_source`; and passthrough objects, whose fields also query without the prefix.
   */
  aliasing?: { aliases: string[]; passthrough: string[] };
  /** Per setting, the layout's fields, best first. */
  fields: Record<FieldSetting, string[]>;
  detailFields: string[];
}

export const LAYOUTS: readonly LayoutSignature[] = [
  {
    id: 'otel-native',
    name: 'Elastic OTel-native logs',
    marks: [
      ['body.text', 'body_text'],
      ['severity_text', 'severity_number', 'resource.attributes.service.name'],
    ],
    indexNames: /(^|\.ds-)logs-[^,]*\.otel-/,
    aliasing: {
      // logs-otel@mappings and semconv-attribute-to-ecs@mappings: ECS names for OTel fields.
      aliases: [
        'message',
        'log.level',
        'trace.id',
        'error.exception.type',
        'error.exception.message',
        'error.stack_trace',
      ],
      passthrough: ['attributes.', 'scope.attributes.', 'resource.attributes.'],
    },
    fields: {
      timeField: ['@timestamp'],
      messageField: ['body.text', 'body_text'],
      levelField: ['severity_text'],
      serviceField: ['resource.attributes.service.name'],
      hostField: ['resource.attributes.host.name'],
      traceField: ['trace_id'],
      userField: ['attributes.user.id', 'attributes.enduser.id', 'resource.attributes.user.id'],
    },
    detailFields: [
      'attributes.exception.type',
      'attributes.exception.message',
      'attributes.exception.stacktrace',
      'attributes.http.request.method',
      'attributes.url.path',
      'span_id',
    ],
  },
  {
    id: 'ecs',
    name: 'ECS logs',
    marks: [['message'], ['log.level', 'ecs.version']],
    fields: {
      timeField: ['@timestamp'],
      messageField: ['message'],
      levelField: ['log.level'],
      serviceField: ['service.name'],
      hostField: ['host.name'],
      traceField: ['trace.id'],
      userField: ['user.id', 'user.name'],
    },
    detailFields: ['error.type', 'error.message', 'error.stack_trace', 'trace.id', 'http.request.method', 'url.path'],
  },
  {
    id: 'data-prepper',
    name: 'OpenSearch Data Prepper logs',
    marks: [['severityText'], ['time', 'serviceName', 'observedTime']],
    indexNames: /otel-v1/,
    fields: {
      timeField: ['time', '@timestamp', 'observedTime'],
      messageField: ['body'],
      levelField: ['severityText'],
      serviceField: ['serviceName', 'resource.attributes.service@name'],
      hostField: ['resource.attributes.host@name'],
      traceField: ['traceId'],
      userField: ['log.attributes.user@id', 'log.attributes.enduser@id'],
    },
    detailFields: [
      'log.attributes.exception@type',
      'log.attributes.exception@message',
      'log.attributes.exception@stacktrace',
      'log.attributes.http@request@method',
      'log.attributes.url@path',
      'spanId',
    ],
  },
  {
    id: 'ss4o',
    name: 'ss4o logs',
    marks: [['severity.text', 'severity.number'], ['body']],
    indexNames: /^ss4o_logs/,
    fields: {
      timeField: ['@timestamp', 'observedTimestamp'],
      messageField: ['body'],
      levelField: ['severity.text'],
      serviceField: ['resource.service.name', 'resource.attributes.service.name', 'serviceName'],
      hostField: ['resource.host.name', 'resource.attributes.host.name'],
      traceField: ['traceId'],
      userField: ['attributes.user.id', 'attributes.enduser.id'],
    },
    detailFields: [
      'attributes.exception.type',
      'attributes.exception.message',
      'attributes.exception.stacktrace',
      'attributes.http.request.method',
      'attributes.url.path',
      'spanId',
    ],
  },
];

/** Fields of no known layout that still often hold a setting, tried when the main layout has none. */
export const GENERIC_FIELDS: Record<FieldSetting, string[]> = {
  timeField: ['@timestamp', 'timestamp', 'time'],
  messageField: ['message', 'msg', 'log', 'body'],
  levelField: ['log.level', 'level', 'severity'],
  serviceField: ['service.name', 'service', 'app'],
  hostField: ['host.name', 'hostname', 'host'],
  traceField: ['trace.id', 'trace_id', 'traceId'],
  userField: ['user.id', 'user_id', 'userId'],
};

/**
 * Session id fields by the names the tools give them (shared reference, sections 1 and 7), at the
 * top level or under a layout's attribute prefix.
 */
export const SESSION_ID_NAMES: ReadonlyArray<{ name: string; tool: string }> = [
  { name: 'session.id', tool: 'OpenTelemetry' },
  { name: 'session_id', tool: 'Grafana Faro' },
  { name: 'sessionId', tool: 'PostHog' },
  { name: '$session_id', tool: 'PostHog' },
  { name: 'highlight.session_id', tool: 'Highlight' },
  { name: 'sentry.replay_id', tool: 'Sentry' },
  { name: 'replay_id', tool: 'Sentry' },
];

/**
 * Where the layouts keep attributes, so where a session id field may be besides the top level:
 * Elastic OTel's attribute objects, ECS's free-form `labels` (ECS has no session field), Data
 * Prepper's prefixes with `@` for the dots of attribute names (`at`), ss4o's `resource`.
 */
export const SESSION_ID_PREFIXES: ReadonlyArray<{ prefix: string; at?: boolean }> = [
  { prefix: '' },
  { prefix: 'attributes.' },
  { prefix: 'resource.attributes.' },
  { prefix: 'scope.attributes.' },
  { prefix: 'labels.' },
  { prefix: 'log.attributes.', at: true },
  { prefix: 'resource.attributes.', at: true },
  { prefix: 'resource.' },
];

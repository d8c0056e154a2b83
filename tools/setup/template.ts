import type { estypes } from '@elastic/elasticsearch';
import { SESSION_HASH_FIELD, USER_HASH_FIELD } from '../../src/query/errorGroupsSummary';
import { errorFingerprintProcessors, identityHashProcessor } from './errorFingerprint';
import { MANAGED_BY, PIPELINE_MARK } from './ownership';

/** The fields the plugin reads, as the setup tool maps them. */
export interface LogFields {
  time: string;
  message: string;
  level: string;
  /** The field the pipeline copies a message tag's id into. */
  session: string;
  /**
   * Every field the data source reads session ids from, in its order (its `sessionFields`): the
   * session hash reads the first that has an id. Default: `session` alone.
   */
  sessionFields?: string[];
  service: string;
  host: string;
  /** The user id, when error groups should count affected users. */
  user?: string;
}

export const DEFAULT_FIELDS: LogFields = {
  time: '@timestamp',
  message: 'message',
  level: 'log.level',
  session: 'session.id',
  service: 'service.name',
  host: 'host.name',
};

export const TEMPLATE_NAME = 'sessionreplay-logs';
export const PIPELINE_NAME = 'sessionreplay-session-id';
export const DEFAULT_INDEX_PATTERN = 'logs-sessionreplay-*';

type Property = estypes.MappingProperty;

const SAFE_FIELD = /^[A-Za-z0-9_@-]+(\.[A-Za-z0-9_@-]+)*$/;

export function assertSafeField(name: string): string {
  if (!SAFE_FIELD.test(name)) {
    throw new Error(`"${name}" is not a field name this tool accepts (letters, digits, _ @ - separated by dots).`);
  }
  return name;
}

/** Puts a mapping at a dotted path, creating the object levels on the way. */
export function setMappingPath(root: Record<string, Property>, dotted: string, mapping: Property): void {
  const parts = assertSafeField(dotted).split('.');
  let level = root;
  for (const part of parts.slice(0, -1)) {
    const existing = level[part] as { properties?: Record<string, Property> } | undefined;
    if (!existing?.properties) {
      level[part] = { properties: {} };
    }
    level = (level[part] as { properties: Record<string, Property> }).properties;
  }
  level[parts[parts.length - 1]] = mapping;
}

/**
 * A closed mapping (`dynamic: false`) of exactly these dotted paths: what the summaries index, nothing
 * a stray field could add.
 */
export function closedMapping(fields: Array<[string, Property]>): estypes.MappingTypeMapping {
  const properties: Record<string, Property> = {};
  for (const [field, mapping] of fields) {
    setMappingPath(properties, field, mapping);
  }
  return { dynamic: false, properties };
}

/**
 * The index template: time as date, message as text (so tags are searchable as phrases), level,
 * service, host and session id as keywords; other strings as keywords; the session-id pipeline as
 * the default pipeline, so tagged text logs get a keyword session id at ingest.
 */
export function sessionLogsTemplate(
  indexPattern: string,
  fields: LogFields = DEFAULT_FIELDS,
  options: { replicas?: number } = {}
): estypes.IndicesPutIndexTemplateRequest {
  const properties: Record<string, Property> = {};
  setMappingPath(properties, fields.time, { type: 'date' });
  setMappingPath(properties, fields.message, { type: 'text' });
  for (const keyword of [
    fields.level,
    fields.session,
    fields.service,
    fields.host,
    'trace.id',
    'error.type',
    'http.request.method',
    'url.path',
    'error.fingerprint',
    'error.group_message',
  ]) {
    setMappingPath(properties, keyword, { type: 'keyword', ignore_above: 1024 });
  }
  if (fields.user) {
    setMappingPath(properties, fields.user, { type: 'keyword', ignore_above: 1024 });
  }
  setMappingPath(properties, SESSION_HASH_FIELD, { type: 'long' });
  setMappingPath(properties, USER_HASH_FIELD, { type: 'long' });
  setMappingPath(properties, 'error.message', { type: 'text' });
  setMappingPath(properties, 'error.stack_trace', { type: 'text' });
  return {
    name: TEMPLATE_NAME,
    index_patterns: [indexPattern],
    // Above Elasticsearch 8's built-in logs-*-* data stream template (priority 100).
    priority: 250,
    template: {
      settings: {
        'index.default_pipeline': PIPELINE_NAME,
        ...(options.replicas === undefined ? {} : { 'index.number_of_replicas': options.replicas }),
      },
      mappings: {
        dynamic_templates: [
          { strings_as_keywords: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } },
        ],
        properties,
      },
    },
    _meta: {
      description: 'Session Replay Errors: logs tagged with session-replay session ids',
      managed_by: MANAGED_BY,
    },
  };
}

/**
 * The ingest pipeline: when a document has no session id field, grok copies the id out of an
 * `asayer_session_id=<digits>`, `openReplaySession.id=<digits>` or Faro's logfmt
 * `session_id=<letters and digits>` message tag, bracketed or bare, into it; lines at
 * warning level or above get error.fingerprint and error.group_message (errorFingerprint.ts).
 */
export function sessionIdPipeline(fields: LogFields = DEFAULT_FIELDS): estypes.IngestPutPipelineRequest {
  const path = assertSafeField(fields.session).split('.');
  // Walks nested objects safely; also checks a literal dotted key.
  const missing = `def v = ctx; for (def p : ${JSON.stringify(path).replace(/"/g, "'")}) { if (!(v instanceof Map)) { v = null; break; } v = v[p]; } return v == null && ctx['${fields.session}'] == null;`;
  return {
    id: PIPELINE_NAME,
    description: `Session Replay Errors: copy the session id from message tags into the session id field ${PIPELINE_MARK}`,
    processors: [
      {
        grok: {
          if: missing,
          field: assertSafeField(fields.message),
          // Tags as the plugin reads them (src/session/sessionTags.ts): whole words, OpenReplay's with
          // digits, Faro's logfmt session_id with letters and digits; the first pattern that matches wins.
          patterns: [
            `(?i)%{TAG_START}%{SESSION_TAG}\\s*=\\s*%{SESSION_ID:${fields.session}}%{TAG_END}`,
            `(?i)%{TAG_START}session_id\\s*=\\s*%{FARO_SESSION_ID:${fields.session}}%{TAG_END}`,
          ],
          pattern_definitions: {
            TAG_START: '(?<![A-Za-z0-9_.])',
            TAG_END: '(?![A-Za-z0-9_])',
            SESSION_TAG: '(?:asayer_session_id|openReplaySession\\.id)',
            SESSION_ID: '[0-9]{1,20}',
            FARO_SESSION_ID: '[A-Za-z0-9]{1,128}',
          },
          ignore_missing: true,
          ignore_failure: true,
        },
      },
      // Error fingerprints for lines at warning level or above (errorFingerprint.ts).
      ...(errorFingerprintProcessors({ message: fields.message, level: fields.level }) as never[]),
      // Numeric hashes of the session and user, which error groups count (errorGroupsSummary.ts).
      identityHashProcessor(
        (fields.sessionFields?.length ? fields.sessionFields : [fields.session]).map(assertSafeField),
        SESSION_HASH_FIELD
      ) as never,
      ...(fields.user ? [identityHashProcessor([assertSafeField(fields.user)], USER_HASH_FIELD) as never] : []),
    ],
  };
}

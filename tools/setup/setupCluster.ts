import type { estypes } from '@elastic/elasticsearch';
import { FINGERPRINT_FIELD, SESSION_HASH_FIELD, USER_HASH_FIELD } from '../../src/query/errorGroupsSummary';
import { connectAdmin, SetupError, type AdminAuth, type AdminCluster, type DemoMarker } from './adminClient';
import { demoSessions, generateDemoLogs, type LogDocument } from './demoLogs';
import { warningOrAboveValues } from './errorFingerprint';
import { API_KEY_NAME, grafanaApiKeyRequest } from './grafanaAccess';
import { pipelineConflict, templateConflicts } from './ownership';
import {
  DEFAULT_FIELDS,
  PIPELINE_NAME,
  sessionIdPipeline,
  sessionLogsTemplate,
  TEMPLATE_NAME,
  type LogFields,
} from './template';

export interface SetupOptions {
  url: string;
  auth?: AdminAuth;
  /** The indices the index template applies to: name them for this data, never a whole family (`logs-*`). */
  indexPattern: string;
  /** What Grafana's API key may read; the template's pattern when not given. */
  readPattern?: string;
  /** Replace a template or pipeline this tool did not write, and take over overlapping templates' indices. */
  force?: boolean;
  fields?: LogFields;
  replicas?: number;
  demo?: { index: string; lines: number; endMs?: number; seed?: number; batchSize?: number };
  createApiKey?: boolean;
  /** How long Grafana's key lives, as Elasticsearch durations (`90d`); keys never live forever. */
  apiKeyExpiration?: string;
  /** Invalidate the setup user's earlier keys of the same name, once the new one exists. */
  invalidatePreviousKeys?: boolean;
  onProgress?: (event: SetupProgress) => void;
}

export type SetupProgress =
  | { step: 'connected'; engine: string }
  | { step: 'template' | 'pipeline' }
  | { step: 'forced'; conflicts: string[] }
  | { step: 'resuming'; index: string }
  | { step: 'loading'; done: number; total: number }
  | { step: 'loaded'; lines: number; existing: number }
  | { step: 'apiKey'; id: string; expiration: string }
  | { step: 'invalidated'; ids: string[] };

export interface SetupResult {
  engine: string;
  loaded: number;
  apiKey?: { id: string; encoded: string; expiration: string };
}

export const DEFAULT_API_KEY_EXPIRATION = '90d';
const TEMPLATE_PRIORITY = 250;

/** A document's id from the load's parameters and its position: the same documents on every resume. */
function demoId(marker: DemoMarker, i: number): string {
  return `demo-${marker.seed}-${marker.endMs}-${i}`;
}

async function loadDemo(
  admin: AdminCluster,
  demo: NonNullable<SetupOptions['demo']>,
  fields: LogFields,
  onProgress: SetupOptions['onProgress']
) {
  const wanted: DemoMarker = { endMs: demo.endMs ?? Date.now(), seed: demo.seed ?? 1, lines: demo.lines };
  // An interrupted load left its marker: resume with the same documents instead of adding more.
  const previous = await admin.demoMarker(demo.index);
  const marker =
    previous && previous.seed === wanted.seed && previous.lines === wanted.lines && demo.endMs === undefined
      ? previous
      : wanted;
  if (marker === previous) {
    onProgress?.({ step: 'resuming', index: demo.index });
  }
  await admin.markDemo(demo.index, marker);
  const options = { lines: marker.lines, endMs: marker.endMs, seed: marker.seed, fields };
  const batchSize = demo.batchSize ?? 5000;
  let batch: LogDocument[] = [];
  let ids: string[] = [];
  let done = 0;
  let existing = 0;
  const flush = async () => {
    const result = await admin.bulkIndex(demo.index, batch, ids);
    if (result.failed > 0) {
      throw new SetupError(`${result.failed} of ${batch.length} documents were rejected: ${result.firstError}`);
    }
    done += batch.length;
    existing += result.existing;
    batch = [];
    ids = [];
    onProgress?.({ step: 'loading', done, total: marker.lines });
  };
  for (const doc of generateDemoLogs(options, demoSessions(options))) {
    ids.push(demoId(marker, done + batch.length));
    batch.push(doc);
    if (batch.length >= batchSize) {
      await flush();
    }
  }
  if (batch.length) {
    await flush();
  }
  await admin.refresh(demo.index);
  onProgress?.({ step: 'loaded', lines: done - existing, existing });
  return done;
}

/** Refuses to replace what this tool did not write, unless forced; says what it forces. */
async function checkOwnership(admin: AdminCluster, options: SetupOptions): Promise<void> {
  const conflicts = templateConflicts(
    { name: TEMPLATE_NAME, patterns: [options.indexPattern], priority: TEMPLATE_PRIORITY },
    await admin.getIndexTemplates()
  );
  const pipeline = pipelineConflict(PIPELINE_NAME, await admin.getPipelineDescription(PIPELINE_NAME));
  const all = pipeline ? [...conflicts, pipeline] : conflicts;
  if (all.length === 0) {
    return;
  }
  if (!options.force) {
    throw new SetupError(
      `Nothing was changed: ${all.join('; ')}. Choose a --template-pattern named for this data (e.g. logs-sessionreplay-*), ` +
        'or pass --force to overwrite and take over those indices.'
    );
  }
  options.onProgress?.({ step: 'forced', conflicts: all });
}

/** Prepares a cluster for the plugin: template, pipeline, optional demo data, optional API key for Grafana. */
export async function setupCluster(options: SetupOptions): Promise<SetupResult> {
  const fields = options.fields ?? DEFAULT_FIELDS;
  const admin = await connectAdmin(options.url, options.auth);
  const engine = `${admin.engine.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${admin.engine.version}`;
  options.onProgress?.({ step: 'connected', engine });
  try {
    await checkOwnership(admin, options);
    // The pipeline first: the template names it as the indices' default pipeline.
    await admin.putPipeline(sessionIdPipeline(fields));
    options.onProgress?.({ step: 'pipeline' });
    await admin.putIndexTemplate(sessionLogsTemplate(options.indexPattern, fields, { replicas: options.replicas }));
    options.onProgress?.({ step: 'template' });
    const loaded = options.demo ? await loadDemo(admin, options.demo, fields, options.onProgress) : 0;
    let apiKey: SetupResult['apiKey'];
    if (options.createApiKey) {
      const expiration = options.apiKeyExpiration ?? DEFAULT_API_KEY_EXPIRATION;
      const earlier = options.invalidatePreviousKeys ? await admin.findApiKeys(API_KEY_NAME) : [];
      const created = await admin.createApiKey(
        grafanaApiKeyRequest(options.readPattern ?? options.indexPattern, expiration)
      );
      // `encoded` exists from 7.16 on; older versions return id and api_key only.
      apiKey = {
        id: created.id,
        encoded: created.encoded ?? Buffer.from(`${created.id}:${created.api_key}`).toString('base64'),
        expiration,
      };
      options.onProgress?.({ step: 'apiKey', id: created.id, expiration });
      const stale = earlier.filter((id) => id !== created.id);
      if (stale.length) {
        await admin.invalidateApiKeys(stale);
        options.onProgress?.({ step: 'invalidated', ids: stale });
      }
    }
    return { engine, loaded, apiKey };
  } finally {
    await admin.close();
  }
}

export interface BackfillOptions {
  url: string;
  auth?: AdminAuth;
  /** The indices whose lines get fingerprints (those Grafana reads). */
  indexPattern: string;
  fields?: LogFields;
  batchSize?: number;
  /** Throttle, in documents a second (none by default). */
  requestsPerSecond?: number;
  pollMs?: number;
  onProgress?: (progress: { total: number; processed: number }) => void;
  /** Aborted (Ctrl-C): the task is cancelled; a later run continues where it stopped. */
  signal?: AbortSignal;
}

/** Lines that have `field` but not its hash yet. */
/** Lines with an id in any of `fields` but without its hash. */
export function missingHash(fields: readonly string[], hashField: string): estypes.QueryDslQueryContainer {
  return {
    bool: {
      filter: [fields.length === 1 ? { exists: { field: fields[0] } } : anyExists(fields)],
      must_not: [{ exists: { field: hashField } }],
    },
  };
}

function anyExists(fields: readonly string[]): estypes.QueryDslQueryContainer {
  return { bool: { should: fields.map((field) => ({ exists: { field } })), minimum_should_match: 1 } };
}

/**
 * Lines at warning level or above without a fingerprint, or without the session (or user) hash that
 * error groups count: what a backfill still has to do. Processed lines leave this set, so an
 * interrupted backfill resumes by running again.
 */
export function backfillQuery(fields: LogFields): estypes.QueryDslQueryContainer {
  return {
    bool: {
      filter: [{ terms: { [fields.level]: warningOrAboveValues() } }],
      should: [
        { bool: { must_not: [{ exists: { field: FINGERPRINT_FIELD } }] } },
        missingHash(fields.sessionFields?.length ? fields.sessionFields : [fields.session], SESSION_HASH_FIELD),
        ...(fields.user ? [missingHash([fields.user], USER_HASH_FIELD)] : []),
      ],
      minimum_should_match: 1,
    },
  };
}

/** `setup-cluster --backfill`: fingerprints the lines already in the indices, through the pipeline. */
export async function backfillFingerprints(
  options: BackfillOptions
): Promise<{ total: number; processed: number; cancelled: boolean }> {
  const fields = options.fields ?? DEFAULT_FIELDS;
  const admin = await connectAdmin(options.url, options.auth);
  try {
    const task = await admin.startUpdateByQuery(options.indexPattern, PIPELINE_NAME, backfillQuery(fields), {
      batchSize: options.batchSize ?? 1000,
      requestsPerSecond: options.requestsPerSecond,
    });
    for (;;) {
      if (options.signal?.aborted) {
        await admin.cancelTask(task);
        const last = await admin.taskProgress(task).catch(() => ({ total: 0, processed: 0 }));
        return { total: last.total, processed: last.processed, cancelled: true };
      }
      const progress = await admin.taskProgress(task);
      options.onProgress?.({ total: progress.total, processed: progress.processed });
      if (progress.done) {
        if (progress.failures.length) {
          throw new SetupError(`The backfill stopped on ${progress.failures.length} failures: ${progress.failures[0]}`);
        }
        return { total: progress.total, processed: progress.processed, cancelled: false };
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  } finally {
    await admin.close();
  }
}

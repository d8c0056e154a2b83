import { connectAdmin, SetupError, type AdminAuth, type AdminCluster } from './adminClient';
import { demoSessions, generateDemoLogs, type LogDocument } from './demoLogs';
import { grafanaApiKeyRequest } from './grafanaAccess';
import { DEFAULT_FIELDS, sessionIdPipeline, sessionLogsTemplate, type LogFields } from './template';

export interface SetupOptions {
  url: string;
  auth?: AdminAuth;
  /** Index pattern the template applies to and the API key may read. */
  indexPattern: string;
  fields?: LogFields;
  replicas?: number;
  demo?: { index: string; lines: number; endMs?: number; seed?: number; batchSize?: number };
  createApiKey?: boolean;
  onProgress?: (event: SetupProgress) => void;
}

export type SetupProgress =
  | { step: 'connected'; engine: string }
  | { step: 'template' | 'pipeline' }
  | { step: 'loading'; done: number; total: number }
  | { step: 'loaded'; lines: number }
  | { step: 'apiKey'; id: string };

export interface SetupResult {
  engine: string;
  loaded: number;
  apiKey?: { id: string; encoded: string };
}

async function loadDemo(
  admin: AdminCluster,
  demo: NonNullable<SetupOptions['demo']>,
  fields: LogFields,
  onProgress: SetupOptions['onProgress']
) {
  const endMs = demo.endMs ?? Date.now();
  const options = { lines: demo.lines, endMs, seed: demo.seed ?? 1, fields };
  const batchSize = demo.batchSize ?? 5000;
  let batch: LogDocument[] = [];
  let done = 0;
  const flush = async () => {
    const { failed, firstError } = await admin.bulkIndex(demo.index, batch);
    if (failed > 0) {
      throw new SetupError(`${failed} of ${batch.length} documents were rejected: ${firstError}`);
    }
    done += batch.length;
    batch = [];
    onProgress?.({ step: 'loading', done, total: demo.lines });
  };
  for (const doc of generateDemoLogs(options, demoSessions(options))) {
    batch.push(doc);
    if (batch.length >= batchSize) {
      await flush();
    }
  }
  if (batch.length) {
    await flush();
  }
  await admin.refresh(demo.index);
  onProgress?.({ step: 'loaded', lines: done });
  return done;
}

/** Prepares a cluster for the plugin: template, pipeline, optional demo data, optional API key for Grafana. */
export async function setupCluster(options: SetupOptions): Promise<SetupResult> {
  const fields = options.fields ?? DEFAULT_FIELDS;
  const admin = await connectAdmin(options.url, options.auth);
  const engine = `${admin.engine.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${admin.engine.version}`;
  options.onProgress?.({ step: 'connected', engine });
  try {
    // The pipeline first: the template names it as the indices' default pipeline.
    await admin.putPipeline(sessionIdPipeline(fields));
    options.onProgress?.({ step: 'pipeline' });
    await admin.putIndexTemplate(sessionLogsTemplate(options.indexPattern, fields, { replicas: options.replicas }));
    options.onProgress?.({ step: 'template' });
    const loaded = options.demo ? await loadDemo(admin, options.demo, fields, options.onProgress) : 0;
    let apiKey: SetupResult['apiKey'];
    if (options.createApiKey) {
      const created = await admin.createApiKey(grafanaApiKeyRequest(options.indexPattern));
      // `encoded` exists from 7.16 on; older versions return id and api_key only.
      apiKey = {
        id: created.id,
        encoded: created.encoded ?? Buffer.from(`${created.id}:${created.api_key}`).toString('base64'),
      };
      options.onProgress?.({ step: 'apiKey', id: created.id });
    }
    return { engine, loaded, apiKey };
  } finally {
    await admin.close();
  }
}

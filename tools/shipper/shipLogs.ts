/**
 * Ships a service's log output into Elasticsearch or OpenSearch with each vendor's bulk helper
 * (@elastic/elasticsearch's for Elasticsearch, @opensearch-project/opensearch's for OpenSearch).
 * The helper pulls documents as it has room for them, so the input is read no faster than the
 * cluster takes it (back-pressure), and every line read is flushed before the promise settles.
 */
import { detectEngine, elasticsearchClient, openSearchClient, SetupError, type AdminAuth } from '../setup/adminClient';
import { eventsOf, linesOf, toLogDocument, type EventDefaults, type LogEventDocument } from './logEvents';

export interface ShipOptions extends EventDefaults {
  url: string;
  auth?: AdminAuth;
  index: string;
  /** Ingest pipeline for every document (the index's default pipeline applies otherwise). */
  pipeline?: string;
  /** The service's output, as byte chunks (a child's stdout, process.stdin, a file stream). */
  input: AsyncIterable<Buffer | string>;
  /** Bytes a bulk request holds at most before it is sent. */
  flushBytes?: number;
  /** A partial bulk is sent after this many ms without new lines. */
  flushIntervalMs?: number;
  /** Stop reading (what was read is still shipped). */
  signal?: AbortSignal;
  /** Refresh the index when done, so that the lines are searchable at once (tests). */
  refresh?: boolean;
}

export interface ShipResult {
  /** Events read from the input. */
  read: number;
  shipped: number;
  failed: number;
  firstError?: string;
}

/** The source's items until it ends or the signal fires, whichever comes first (a pending read is given up). */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal?.aborted) {
      resolve('aborted');
    }
    signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([it.next(), aborted]);
      if (next === 'aborted' || next.done) {
        return;
      }
      yield next.value;
    }
  } finally {
    void it.return?.();
  }
}

/** Documents from the input, until it ends or the signal stops the reading. */
async function* documentsOf(options: ShipOptions, counter: { read: number }): AsyncGenerator<LogEventDocument> {
  for await (const event of eventsOf(linesOf(untilAborted(options.input, options.signal)))) {
    const doc = toLogDocument(event, options);
    if (doc) {
      counter.read++;
      yield doc;
    }
  }
}

export async function shipLogs(options: ShipOptions): Promise<ShipResult> {
  const auth = options.auth ?? {};
  const engine = await detectEngine(options.url, auth);
  const counter = { read: 0 };
  const failures: string[] = [];
  const action = () => ({
    create: { _index: options.index, ...(options.pipeline ? { pipeline: options.pipeline } : {}) },
  });
  // Documents the cluster refused (mapping conflicts, a failing pipeline), after the helper's retries.
  const onDrop = (dropped: { error: unknown; status: number }) => {
    failures.push(`HTTP ${dropped.status}: ${JSON.stringify(dropped.error).slice(0, 300)}`);
  };
  const common = {
    datasource: documentsOf(options, counter),
    onDocument: action,
    onDrop,
    flushBytes: options.flushBytes ?? 1_000_000,
    flushInterval: options.flushIntervalMs ?? 1_000,
    concurrency: 1,
    retries: 3,
    refreshOnCompletion: options.refresh ? options.index : undefined,
  };
  // The two vendors' clients share the bulk helper's shape (OpenSearch's is a fork of Elasticsearch 7's).
  const client =
    engine.distribution === 'opensearch' ? openSearchClient(options.url, auth) : elasticsearchClient(options.url, auth);
  const helpers = client.helpers as unknown as {
    bulk(o: typeof common): Promise<{ successful: number; failed: number }>;
  };
  let stats: { successful: number; failed: number };
  try {
    stats = await helpers.bulk(common);
  } catch (e) {
    throw new SetupError(`Shipping to ${options.index} failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await client.close();
  }
  return { read: counter.read, shipped: stats.successful, failed: stats.failed, firstError: failures[0] };
}

/**
 * Ships a service's log output into Elasticsearch or OpenSearch: a reader puts the documents into a
 * bounded buffer while a single sender takes batches out and sends them with `_bulk`, retrying what
 * failed for a transient reason with exponential backoff. The reader keeps reading while the cluster
 * is away, until the buffer is full; then it blocks its input (back-pressure) or drops the newest
 * lines and counts them. Every event read ends up counted once: shipped, refused, dropped or unsent.
 */
import { randomBytes } from 'node:crypto';
import type { AdminAuth } from '../setup/adminClient';
import { BoundedBuffer, type BufferedItem } from './boundedBuffer';
import { BulkClient, type BulkAnswer, type BulkItemResult } from './bulkRequest';
import { eventsOf, linesOf, toLogDocument, type EventDefaults, type LogEventDocument } from './logEvents';
import {
  backoffDelayMs,
  DEFAULT_BACKOFF,
  isTransientItemStatus,
  isTransientStatus,
  isTransientTransportError,
  type BackoffPolicy,
} from './retryPolicy';
import { emptyCounters, type NotShippedReasons, type ShipCounters } from './statusReporter';

export type WhenFull = 'block' | 'drop';

export interface ShipOptions extends EventDefaults {
  url: string;
  auth?: AdminAuth;
  index: string;
  /** Ingest pipeline for every document (the index's default pipeline applies otherwise). */
  pipeline?: string;
  /** The service's output, as byte chunks (a child's stdout, process.stdin, a file stream). */
  input: AsyncIterable<Buffer | string>;
  /** Bytes a bulk request holds at most. */
  flushBytes?: number;
  /** A partial bulk is sent once its oldest line has waited this long. */
  flushIntervalMs?: number;
  /** Bytes read and not yet shipped that the shipper holds at most (default 32 MiB). */
  bufferBytes?: number;
  /** When the buffer is full: stop reading (back-pressure, the default) or drop the newest lines. */
  whenFull?: WhenFull;
  /** How long one batch is retried before its lines are given up (default: no limit). */
  maxRetryTimeMs?: number;
  /** A request without an answer for this long is abandoned and retried (default 30 s). */
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /**
   * Stops reading and retrying: what is buffered gets one more attempt, and what that does not ship
   * is counted as unsent (the drain deadline).
   */
  signal?: AbortSignal;
  /** Refresh the index when done, so that the lines are searchable at once (tests). */
  refresh?: boolean;
  /** Called on every change of the counters (the status reporter reads them). */
  onProgress?: (counters: Readonly<ShipCounters>, outage: string | undefined) => void;
}

export interface ShipResult extends ShipCounters, NotShippedReasons {
  /** Events the cluster refused (the same as `refused`). */
  failed: number;
  /** The first refusal. */
  firstError?: string;
}

export const DEFAULT_BUFFER_BYTES = 32 * 1024 * 1024;

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

/** A failure that ends shipping: retrying would fail the same way (credentials, a wrong URL). */
class FatalShipError extends Error {}

/** A wait that the signal cuts short. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function itemReason(item: BulkItemResult): string {
  const e = item.error;
  const cause = e?.caused_by?.reason ? `: ${e.caused_by.reason}` : '';
  return `HTTP ${item.status} ${e?.type ?? 'error'}: ${(e?.reason ?? '').slice(0, 200)}${cause.slice(0, 200)}`;
}

function answerReason(answer: Exclude<BulkAnswer, { kind: 'items' }>): string {
  return answer.kind === 'transport' ? answer.code : `HTTP ${answer.status}`;
}

function fatalMessage(answer: Exclude<BulkAnswer, { kind: 'items' }>, url: string): string {
  if (answer.kind === 'transport') {
    const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(answer.code)
      ? ': the certificate is not trusted; pass --ca-cert <file> with its CA, or --insecure for a test cluster'
      : ': is the URL right?';
    return `cannot reach ${url} (${answer.code})${tls}`;
  }
  if (answer.status === 401) {
    return `the cluster refused the credentials (HTTP 401): check --api-key, or --user and --password-file`;
  }
  if (answer.status === 403) {
    return `the cluster denied writing (HTTP 403): the user needs "create_doc" (or "write") on the index: ${answer.text.slice(0, 200)}`;
  }
  return `the cluster refused the bulk request (HTTP ${answer.status}): ${answer.text.slice(0, 200)}`;
}

export async function shipLogs(options: ShipOptions): Promise<ShipResult> {
  const counters = emptyCounters();
  const reasons: NotShippedReasons = {};
  const bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
  // Half the buffer at most: the reader fills one half while the other is in flight.
  const flushBytes = Math.min(options.flushBytes ?? 1_000_000, Math.max(1, Math.floor(bufferBytes / 2)));
  const lingerMs = options.flushIntervalMs ?? 1_000;
  const whenFull = options.whenFull ?? 'block';
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const signal = options.signal;
  const buffer = new BoundedBuffer<string>(bufferBytes);
  const client = new BulkClient({
    url: options.url,
    auth: options.auth ?? {},
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
  });
  // Document ids make a retry idempotent: a batch the cluster took but whose answer was lost is
  // answered 409 when sent again, and counted as shipped rather than written twice.
  const runId = randomBytes(6).toString('hex');
  let sequence = 0;
  let outage: string | undefined;
  const progress = () => {
    counters.buffered = counters.read - counters.shipped - counters.refused - counters.dropped - counters.unsent;
    counters.bufferedBytes = buffer.bytes;
    options.onProgress?.(counters, outage);
  };
  const giveUp = (count: number, reason: string) => {
    counters.unsent += count;
    reasons.unsentReason ??= reason;
  };

  // Reading stops at the drain deadline, or when the sender stops for good.
  const stopReading = new AbortController();
  signal?.addEventListener('abort', () => stopReading.abort(), { once: true });
  if (signal?.aborted) {
    stopReading.abort();
  }

  async function read() {
    for await (const event of eventsOf(linesOf(untilAborted(options.input, stopReading.signal)))) {
      const doc: LogEventDocument | undefined = toLogDocument(event, options);
      if (!doc) {
        continue;
      }
      counters.read++;
      const action = {
        create: {
          _index: options.index,
          _id: `${runId}-${sequence++}`,
          ...(options.pipeline ? { pipeline: options.pipeline } : {}),
        },
      };
      const line = `${JSON.stringify(action)}\n${JSON.stringify(doc)}\n`;
      const bytes = Buffer.byteLength(line);
      if (!buffer.fits(bytes)) {
        if (whenFull === 'drop') {
          counters.dropped++;
          progress();
          continue;
        }
        await buffer.waitForRoom(bytes);
      }
      if (buffer.isEnded) {
        // The sender stopped for good: this event is counted unsent with the rest.
        break;
      }
      buffer.push(line, bytes);
      progress();
    }
    if (!buffer.isEnded) {
      buffer.end();
    }
  }

  const drainReason = (reason: string) => `the drain timeout ran out while the cluster was failing (${reason})`;

  /** Sends one batch until every line is settled: shipped, refused, or given up. */
  async function ship(batch: Array<BufferedItem<string>>) {
    let pending = batch.map((b) => b.item);
    let retry = 0;
    let failingSince: number | undefined;
    for (;;) {
      // A retry is abandoned at the drain deadline; a first attempt may finish.
      const answer = await client.send(pending.join(''), retry > 0 ? signal : undefined);
      let again: string[] = [];
      let reason = '';
      if (answer.kind === 'items') {
        if (answer.items.length !== pending.length) {
          throw new FatalShipError(`the cluster answered ${answer.items.length} items for ${pending.length} documents`);
        }
        answer.items.forEach((item, i) => {
          // 409 on a retry: an earlier attempt whose answer was lost had written it.
          if ((item.status >= 200 && item.status < 300) || (item.status === 409 && retry > 0)) {
            counters.shipped++;
          } else if (isTransientItemStatus(item.status)) {
            again.push(pending[i]);
            reason ||= itemReason(item);
          } else {
            counters.refused++;
            reasons.firstRefusal ??= itemReason(item);
          }
        });
      } else if (
        (answer.kind === 'transport' && (isTransientTransportError(answer.code) || answer.code === 'ABORT_ERR')) ||
        (answer.kind === 'status' && isTransientStatus(answer.status))
      ) {
        again = pending;
        reason =
          answer.kind === 'transport' && answer.code === 'ABORT_ERR' ? (outage ?? 'aborted') : answerReason(answer);
      } else {
        throw new FatalShipError(fatalMessage(answer, options.url));
      }
      if (!again.length) {
        outage = undefined;
        progress();
        return;
      }
      outage = reason;
      failingSince ??= Date.now();
      const retriedForMs = Date.now() - failingSince;
      if (signal?.aborted) {
        giveUp(again.length, drainReason(reason));
        progress();
        return;
      }
      if (options.maxRetryTimeMs !== undefined && retriedForMs >= options.maxRetryTimeMs) {
        giveUp(again.length, `retried for ${Math.round(retriedForMs / 1000)} s (--max-retry-time): ${reason}`);
        progress();
        return;
      }
      pending = again;
      counters.retries++;
      progress();
      const waitMs = backoffDelayMs(retry++, backoff);
      await pause(
        options.maxRetryTimeMs === undefined ? waitMs : Math.min(waitMs, options.maxRetryTimeMs - retriedForMs),
        signal
      );
      if (signal?.aborted) {
        giveUp(pending.length, drainReason(reason));
        progress();
        return;
      }
    }
  }

  async function send() {
    try {
      for (;;) {
        const batch = await buffer.nextBatch(flushBytes, lingerMs);
        if (!batch) {
          return;
        }
        const bytes = batch.reduce((n, b) => n + b.bytes, 0);
        if (signal?.aborted && outage) {
          // After the deadline, a cluster that failed gets no more attempts.
          giveUp(batch.length, drainReason(outage));
        } else {
          await ship(batch);
        }
        buffer.release(bytes);
        progress();
      }
    } catch (e) {
      if (!(e instanceof FatalShipError)) {
        throw e;
      }
      // Counted below with everything else unsettled.
      reasons.unsentReason = e.message;
      stopReading.abort();
      buffer.end();
      buffer.drainAll();
    }
  }

  try {
    await Promise.all([read(), send()]);
  } finally {
    client.close();
  }
  // Whatever is neither shipped, refused nor dropped: read after the sender stopped for good.
  const unsettled = counters.read - counters.shipped - counters.refused - counters.dropped - counters.unsent;
  if (unsettled > 0) {
    giveUp(unsettled, 'shipping stopped');
  }
  progress();
  if (options.refresh && counters.shipped) {
    await refreshIndex(options);
  }
  return { ...counters, ...reasons, failed: counters.refused, firstError: reasons.firstRefusal };
}

/** `POST /<index>/_refresh`, so that what was shipped is searchable at once. */
async function refreshIndex(options: ShipOptions): Promise<void> {
  const client = new BulkClient({ url: options.url, auth: options.auth ?? {}, requestTimeoutMs: 30_000 });
  try {
    await client.refresh(options.index);
  } finally {
    client.close();
  }
}

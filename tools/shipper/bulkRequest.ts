/**
 * One `_bulk` request over Node's HTTP client: the same for Elasticsearch and OpenSearch (both take
 * NDJSON at `POST /_bulk`). The vendors' clients are not used here: their own retries and dead-node
 * bookkeeping would stack on the shipper's, and their bulk helpers lose a batch when the flush timer
 * and the reader wait for the same request slot (one waiter is kept, the other forgotten).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AdminAuth } from '../setup/adminClient';

export interface BulkItemResult {
  status: number;
  error?: { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } };
}

export type BulkAnswer =
  /** The cluster answered the request as a whole. */
  | { kind: 'items'; items: BulkItemResult[] }
  /** It answered with an error status for the whole request. */
  | { kind: 'status'; status: number; text: string }
  /** No answer: refused, reset, timed out. */
  | { kind: 'transport'; code: string; message: string };

export interface BulkTarget {
  url: string;
  auth: AdminAuth;
  requestTimeoutMs: number;
}

function authorization(auth: AdminAuth): Record<string, string> {
  if (auth.apiKey) {
    return { Authorization: `ApiKey ${auth.apiKey}` };
  }
  if (auth.username) {
    return { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password ?? ''}`).toString('base64')}` };
  }
  return {};
}

export class BulkClient {
  private readonly agent: HttpAgent;
  private readonly base: URL;
  private readonly endpoint: URL;

  constructor(private readonly target: BulkTarget) {
    // The URL's path prefix kept (a cluster behind a reverse proxy at /es/).
    this.base = new URL(target.url.endsWith('/') ? target.url : `${target.url}/`);
    // Only what the shipper reads of each item: keeps a large batch's answer small.
    this.endpoint = new URL('_bulk?filter_path=errors,items.*.status,items.*.error', this.base);
    this.agent =
      this.endpoint.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: !target.auth.insecure, ca: target.auth.caCert })
        : new HttpAgent({ keepAlive: true });
  }

  /** Sends NDJSON; never throws: every outcome is a BulkAnswer. `signal` abandons the request. */
  send(ndjson: string, signal?: AbortSignal): Promise<BulkAnswer> {
    const send = this.endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = send(this.endpoint, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'Content-Type': 'application/x-ndjson',
          'Content-Length': Buffer.byteLength(ndjson),
          ...authorization(this.target.auth),
        },
        timeout: this.target.requestTimeoutMs,
        signal,
      });
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error(`no answer in ${this.target.requestTimeoutMs} ms`), { code: 'ETIMEDOUT' }))
      );
      req.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ kind: 'transport', code: e.code ?? e.name, message: e.message })
      );
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', (e: NodeJS.ErrnoException) =>
          resolve({ kind: 'transport', code: e.code ?? 'ECONNRESET', message: e.message })
        );
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            resolve({ kind: 'status', status, text: text.slice(0, 500) });
            return;
          }
          try {
            const body = JSON.parse(text) as { items?: Array<Record<string, BulkItemResult>> };
            resolve({ kind: 'items', items: (body.items ?? []).map((item) => Object.values(item)[0]) });
          } catch {
            resolve({ kind: 'status', status, text: `not a bulk answer: ${text.slice(0, 200)}` });
          }
        });
      });
      req.end(ndjson);
    });
  }

  /** `POST /<index>/_refresh`: what was shipped becomes searchable at once (tests, the preview). */
  refresh(index: string): Promise<number> {
    const send = this.endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(new URL(`${encodeURIComponent(index)}/_refresh`, this.base), {
        method: 'POST',
        agent: this.agent,
        headers: authorization(this.target.auth),
        timeout: this.target.requestTimeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error('refresh timed out')));
      req.on('error', reject);
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import apiKey710 from '../../tests/fixtures/elasticsearch/api-key-created-7.10.json';
import apiKey8 from '../../tests/fixtures/elasticsearch/api-key-created-8.json';
import bulkCreated from '../../tests/fixtures/elasticsearch/bulk-created.json';
import privilegeError from '../../tests/fixtures/elasticsearch/error-403-apikey-privilege.json';
import info710 from '../../tests/fixtures/elasticsearch/info-7.17.6.json';
import info8 from '../../tests/fixtures/elasticsearch/info-8.14.1.json';
import taskCompleted from '../../tests/fixtures/elasticsearch/task-update-by-query-completed.json';
import taskRunning from '../../tests/fixtures/elasticsearch/task-update-by-query-running.json';
import taskStarted from '../../tests/fixtures/elasticsearch/update-by-query-task-started.json';
import { freePort } from '../engine/embeddedEngine';
import { connectAdmin, detectEngine } from './adminClient';
import { backfillFingerprints, backfillQuery, setupCluster } from './setupCluster';
import { DEFAULT_FIELDS, PIPELINE_NAME, sessionIdPipeline } from './template';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A self-signed certificate for 127.0.0.1, as an Elasticsearch 8 makes for itself by default. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' }
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

/**
 * Replays recorded Elasticsearch responses, with the product header Elasticsearch sends; optionally
 * over TLS and below a path prefix (a cluster behind a reverse proxy at https://proxy/es/).
 */
async function recordedElasticsearch(
  routes: Record<string, { status?: number; body?: unknown; bodies?: unknown[] }>,
  productHeader = true,
  options: { tls?: { key: string; cert: string }; prefix?: string } = {}
) {
  const seen: Seen[] = [];
  const prefix = options.prefix ?? '';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const full = new URL(req.url!, 'http://x').pathname;
      const routed = full.startsWith(prefix) ? full.slice(prefix.length) || '/' : undefined;
      // `*` stands for any method: the client picks PUT or POST, GET or POST by version.
      const route = routed === undefined ? undefined : (routes[`${req.method} ${routed}`] ?? routes[`* ${routed}`]);
      res.writeHead(route?.status ?? (route ? 200 : 404), {
        'Content-Type': 'application/json',
        ...(productHeader ? { 'X-Elastic-Product': 'Elasticsearch' } : {}),
      });
      // `bodies`: one recorded answer per call, the last one repeated (a task polled until done).
      const answer = route?.bodies ? (route.bodies.length > 1 ? route.bodies.shift() : route.bodies[0]) : route?.body;
      res.end(
        JSON.stringify(
          answer ?? { error: { type: 'not_found', reason: `no route ${req.method} ${full}` }, status: 404 }
        )
      );
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}${prefix ? `${prefix}/` : ''}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const ACK = { body: { acknowledged: true } };

describe('the setup tool on Elasticsearch (recorded responses)', () => {
  it('uses the Elasticsearch client with the API key header, and creates a least-privilege key', async () => {
    const es = await recordedElasticsearch({
      'GET /': { body: info8 },
      'PUT /_ingest/pipeline/sessionreplay-session-id': ACK,
      'PUT /_index_template/sessionreplay-logs': ACK,
      'POST /_bulk': { body: bulkCreated },
      'PUT /logs-demo': ACK,
      '* /logs-demo/_mapping': ACK,
      '* /logs-demo/_refresh': { body: { _shards: { total: 1, successful: 1, failed: 0 } } },
      '* /_security/api_key': { body: apiKey8 },
    });
    try {
      const result = await setupCluster({
        url: es.url,
        auth: { apiKey: 'c2V0dXA6a2V5' },
        indexPattern: 'logs-*',
        demo: { index: 'logs-demo', lines: 1, endMs: Date.UTC(2026, 0, 1) },
        createApiKey: true,
      });
      expect(result).toEqual({
        engine: 'Elasticsearch 8.14.1',
        loaded: 1,
        apiKey: { id: 'VuaCfGcBCdbkQm-e5aOx', encoded: apiKey8.encoded, expiration: '90d' },
      });
      expect(es.seen.every((r) => r.headers.authorization === 'ApiKey c2V0dXA6a2V5')).toBe(true);
      // The Elasticsearch client's compatibility header: this request went through @elastic/elasticsearch.
      expect(es.seen.find((r) => r.url.startsWith('/_security'))?.headers.accept).toMatch(/compatible-with=8/);
      const keyRequest = JSON.parse(es.seen.find((r) => r.url.startsWith('/_security/api_key'))!.body);
      expect(keyRequest.role_descriptors.session_replay_errors_reader).toEqual({
        cluster: ['monitor'],
        indices: [{ names: ['logs-*', 'sessionreplay-error-groups'], privileges: ['read', 'view_index_metadata'] }],
      });
    } finally {
      await es.close();
    }
  });

  it('builds the encoded key itself on Elasticsearch before 7.16, which returns no "encoded"', async () => {
    const es = await recordedElasticsearch({
      'GET /': { body: info710 },
      'PUT /_ingest/pipeline/sessionreplay-session-id': ACK,
      'PUT /_index_template/sessionreplay-logs': ACK,
      '* /_security/api_key': { body: apiKey710 },
    });
    try {
      const result = await setupCluster({ url: es.url, indexPattern: 'logs-*', createApiKey: true });
      expect(result.apiKey?.encoded).toBe(
        Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64')
      );
    } finally {
      await es.close();
    }
  });

  it('names the missing privilege when Elasticsearch refuses', async () => {
    const es = await recordedElasticsearch({
      'GET /': { body: info8 },
      'PUT /_ingest/pipeline/sessionreplay-session-id': { status: 403, body: privilegeError },
    });
    try {
      await expect(setupCluster({ url: es.url, indexPattern: 'logs-*' })).rejects.toThrow(
        /^Could not create the ingest pipeline: the setup user lacks a privilege \(action \[cluster:admin\/repository\/put\] is unauthorized for API key id .*\)\. It needs the "manage_pipeline" cluster privilege\.$/
      );
    } finally {
      await es.close();
    }
  });

  it('is why the engine is detected first: the Elasticsearch client refuses a server without the product header', async () => {
    const fake = await recordedElasticsearch({ 'GET /': { body: info8 } }, false);
    try {
      await expect(new ElasticsearchClient({ node: fake.url }).info()).rejects.toThrow(
        /not Elasticsearch|unknown product/i
      );
      expect((await detectEngine(fake.url, {})).distribution).toBe('elasticsearch');
    } finally {
      await fake.close();
    }
  });
});

/**
 * The painless methods the pipeline's scripts call, each checked in Elasticsearch's painless allow-list
 * (modules/lang-painless/src/main/resources/org/elasticsearch/painless/java.lang.txt: String,
 * Character, Double, Integer, Number, and the splitOnToken augmentation) and run by the embedded
 * OpenSearch in tests/engine/setupTool.test.ts. A script that calls anything else needs checking again.
 */
const PAINLESS_METHODS_IN_BOTH = [
  'charAt',
  'contains',
  'doubleValue',
  'indexOf',
  'isDigit',
  'isEmpty',
  'lastIndexOf',
  'length',
  'parseDouble',
  'splitOnToken',
  'startsWith',
  'substring',
  'toHexString',
  'toLowerCase',
  'toString',
  'trim',
  'valueOf',
];

describe('error fingerprints on Elasticsearch (recorded responses)', () => {
  const scripts = () =>
    sessionIdPipeline()
      .processors!.flatMap((p) => [p.script?.source, p.script?.if, p.grok?.if])
      .filter((s): s is string => typeof s === 'string');

  it('sends Elasticsearch the very pipeline the embedded OpenSearch runs', async () => {
    const es = await recordedElasticsearch({
      'GET /': { body: info8 },
      'PUT /_ingest/pipeline/sessionreplay-session-id': ACK,
      'PUT /_index_template/sessionreplay-logs': ACK,
    });
    try {
      await setupCluster({ url: es.url, indexPattern: 'logs-*' });
      const sent = JSON.parse(
        es.seen.find((r) => r.method === 'PUT' && r.url === `/_ingest/pipeline/${PIPELINE_NAME}`)!.body
      );
      const { id: _id, ...expected } = sessionIdPipeline();
      expect(sent).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(sent.processors.filter((p: { gsub?: unknown }) => p.gsub).length).toBeGreaterThan(5);
      expect(JSON.stringify(sent)).toContain('ctx.error.fingerprint = Integer.toHexString(h1)');
    } finally {
      await es.close();
    }
  });

  it('calls only painless methods that both engines allow, and no regex (limited by default on Elasticsearch)', () => {
    const source = scripts().join('\n');
    const called = new Set([...source.matchAll(/\.([a-zA-Z_]\w*)\s*\(/g)].map((m) => m[1]));
    expect([...called].sort()).toEqual(PAINLESS_METHODS_IN_BOTH);
    // Painless regex: `=~`, `==~` or a /pattern/ literal; Elasticsearch limits them unless enabled.
    expect(source).not.toMatch(/=~|==~|[=(,]\s*\/[^/\n]+\/[a-z]*/);
  });

  it('backfills through the pipeline as an Elasticsearch task, reporting its progress to the end', async () => {
    const es = await recordedElasticsearch({
      'GET /': { body: info8 },
      'POST /logs-*/_update_by_query': { body: taskStarted },
      [`GET /_tasks/${encodeURIComponent(taskStarted.task)}`]: { bodies: [taskRunning, taskCompleted] },
    });
    try {
      const progress: Array<{ total: number; processed: number }> = [];
      const result = await backfillFingerprints({
        url: es.url,
        indexPattern: 'logs-*',
        pollMs: 1,
        onProgress: (p) => progress.push(p),
      });
      expect(progress).toEqual([
        { total: 38920133, processed: 240000 },
        { total: 38920133, processed: 38920133 },
      ]);
      expect(result).toEqual({ total: 38920133, processed: 38920133, cancelled: false });
      const start = es.seen.find((r) => r.url.includes('_update_by_query'))!;
      const params = new URL(start.url, 'http://x').searchParams;
      expect(params.get('pipeline')).toBe(PIPELINE_NAME);
      expect(params.get('wait_for_completion')).toBe('false');
      // The 8.x client sends `conflicts` in the body, which Elasticsearch reads as the parameter.
      expect(JSON.parse(start.body)).toEqual({ conflicts: 'proceed', query: backfillQuery(DEFAULT_FIELDS) });
      // Through @elastic/elasticsearch, with its compatibility header.
      expect(start.headers.accept).toMatch(/compatible-with=8/);
    } finally {
      await es.close();
    }
  });
});

describe('detectEngine errors', () => {
  it.each([
    [{ 'GET /': { status: 401, body: { error: 'x' } } }, /refused the credentials \(HTTP 401\)/],
    [{ 'GET /': { status: 403, body: privilegeError } }, /denied GET \/ .*needs the "monitor" cluster privilege/],
    [{ 'GET /': { status: 200, body: 'not json' } }, /^$|answered HTTP 200/],
  ])('%#', async (routes, message) => {
    const es = await recordedElasticsearch(routes as never);
    try {
      await expect(detectEngine(es.url, {})).rejects.toThrow(message);
    } finally {
      await es.close();
    }
  });

  it('says when nothing listens at the URL', async () => {
    const port = await freePort();
    await expect(connectAdmin(`http://127.0.0.1:${port}`, {})).rejects.toThrow(
      new RegExp(`^Cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): is the cluster running`)
    );
  });
});

describe('the setup tool’s hardening (recorded responses)', () => {
  const BUILTIN_LOGS = {
    index_templates: [
      { name: 'logs', index_template: { index_patterns: ['logs-*-*'], priority: 100, _meta: { managed: true } } },
    ],
  };
  const writes = (seen: Seen[]) => seen.filter((r) => r.method === 'PUT' || r.method === 'DELETE');

  it('honours --insecure on its first request too: a self-signed Elasticsearch 8 can be set up', async () => {
    const es = await recordedElasticsearch(
      {
        'GET /': { body: info8 },
        'PUT /_ingest/pipeline/sessionreplay-session-id': ACK,
        'PUT /_index_template/sessionreplay-logs': ACK,
      },
      true,
      { tls: selfSignedCertificate() }
    );
    try {
      await expect(setupCluster({ url: es.url, indexPattern: 'logs-s-*' })).rejects.toThrow(
        /^Cannot reach https:\/\/127\.0\.0\.1:\d+ \(DEPTH_ZERO_SELF_SIGNED_CERT\): the certificate is not trusted; pass --ca-cert/
      );
      expect(es.seen).toEqual([]);
      await setupCluster({ url: es.url, indexPattern: 'logs-s-*', auth: { insecure: true } });
      expect(es.seen.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual(
        expect.arrayContaining(['GET /', 'PUT /_index_template/sessionreplay-logs'])
      );
    } finally {
      await es.close();
    }
  });

  it('trusts the certificate authority given with --ca-cert, on every request', async () => {
    const tls = selfSignedCertificate();
    const es = await recordedElasticsearch(
      {
        'GET /': { body: info8 },
        'PUT /_ingest/pipeline/sessionreplay-session-id': ACK,
        'PUT /_index_template/sessionreplay-logs': ACK,
      },
      true,
      { tls }
    );
    try {
      await setupCluster({ url: es.url, indexPattern: 'logs-s-*', auth: { caCert: tls.cert } });
      expect(writes(es.seen)).toHaveLength(2);
    } finally {
      await es.close();
    }
  });

  it('keeps a path prefix in the URL, for a cluster behind a proxy', async () => {
    const es = await recordedElasticsearch(
      {
        'GET /': { body: info8 },
        'PUT /_ingest/pipeline/sessionreplay-session-id': ACK,
        'PUT /_index_template/sessionreplay-logs': ACK,
      },
      true,
      { prefix: '/es' }
    );
    try {
      await setupCluster({ url: es.url, indexPattern: 'logs-s-*' });
      expect(es.seen.map((r) => r.url.split('?')[0])).toEqual(
        expect.arrayContaining(['/es/', '/es/_index_template/sessionreplay-logs'])
      );
      expect(es.seen.every((r) => r.url.startsWith('/es/'))).toBe(true);
    } finally {
      await es.close();
    }
  });

  it('never shows credentials from the URL in a message', async () => {
    const port = await freePort();
    await expect(connectAdmin(`http://elastic:s3cret@127.0.0.1:${port}/`, {})).rejects.toThrow(
      new RegExp(`^Cannot reach http://\\*\\*\\*:\\*\\*\\*@127\\.0\\.0\\.1:${port} `)
    );
    await expect(connectAdmin(`http://elastic:s3cret@127.0.0.1:${port}/`, {})).rejects.not.toThrow(/s3cret/);
  });

  it('refuses a template pattern that would take over Elasticsearch’s logs template, and changes nothing', async () => {
    const es = await recordedElasticsearch({
      'GET /': { body: info8 },
      'GET /_index_template': { body: BUILTIN_LOGS },
    });
    try {
      await expect(setupCluster({ url: es.url, indexPattern: 'logs-*' })).rejects.toThrow(
        /^Nothing was changed: "logs-\*" would take over indices of the index template "logs" \(logs-\*-\*, priority 100\)\. .*--force/
      );
      expect(writes(es.seen)).toEqual([]);
    } finally {
      await es.close();
    }
  });

  it('refuses to overwrite a pipeline it did not write, and does with --force, saying so', async () => {
    const es = await recordedElasticsearch({
      'GET /': { body: info8 },
      'GET /_ingest/pipeline/sessionreplay-session-id': {
        body: { 'sessionreplay-session-id': { description: 'our own nginx parser' } },
      },
      'PUT /_ingest/pipeline/sessionreplay-session-id': ACK,
      'PUT /_index_template/sessionreplay-logs': ACK,
    });
    try {
      await expect(setupCluster({ url: es.url, indexPattern: 'logs-s-*' })).rejects.toThrow(
        /ingest pipeline named "sessionreplay-session-id" exists and was not written by this tool/
      );
      expect(writes(es.seen)).toEqual([]);
      const events: unknown[] = [];
      await setupCluster({ url: es.url, indexPattern: 'logs-s-*', force: true, onProgress: (e) => events.push(e) });
      expect(events).toContainEqual({ step: 'forced', conflicts: [expect.stringMatching(/ingest pipeline/)] });
      expect(writes(es.seen)).toHaveLength(2);
    } finally {
      await es.close();
    }
  });

  it('grants the key the read pattern, not the template pattern, with an expiry, and invalidates earlier keys by name', async () => {
    const es = await recordedElasticsearch({
      'GET /': { body: info8 },
      'PUT /_ingest/pipeline/sessionreplay-session-id': ACK,
      'PUT /_index_template/sessionreplay-logs': ACK,
      'GET /_security/api_key': {
        body: {
          api_keys: [
            { id: 'old-1', name: 'grafana-session-replay-errors', invalidated: false },
            { id: 'old-2', name: 'grafana-session-replay-errors', invalidated: true },
          ],
        },
      },
      '* /_security/api_key': { body: apiKey8 },
      'DELETE /_security/api_key': { body: { invalidated_api_keys: ['old-1'] } },
    });
    try {
      const result = await setupCluster({
        url: es.url,
        indexPattern: 'logs-sessionreplay-*',
        readPattern: 'logs-*',
        createApiKey: true,
        apiKeyExpiration: '30d',
        invalidatePreviousKeys: true,
      });
      expect(result.apiKey?.expiration).toBe('30d');
      const created = JSON.parse(
        es.seen.find((r) => r.method !== 'GET' && r.url.startsWith('/_security/api_key') && r.method !== 'DELETE')!.body
      );
      expect(created).toMatchObject({ expiration: '30d' });
      expect(created.role_descriptors.session_replay_errors_reader.indices[0].names).toEqual([
        'logs-*',
        'sessionreplay-error-groups',
      ]);
      const template = JSON.parse(es.seen.find((r) => r.url.startsWith('/_index_template/'))!.body);
      expect(template.index_patterns).toEqual(['logs-sessionreplay-*']);
      const lookup = es.seen.find((r) => r.method === 'GET' && r.url.startsWith('/_security/api_key'))!;
      expect(lookup.url).toMatch(/name=grafana-session-replay-errors/);
      expect(lookup.url).toMatch(/owner=true/);
      const invalidation = es.seen.find((r) => r.method === 'DELETE');
      expect(JSON.parse(invalidation!.body)).toMatchObject({ ids: ['old-1'] });
    } finally {
      await es.close();
    }
  });
});

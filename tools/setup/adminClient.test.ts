import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import apiKey710 from '../../tests/fixtures/elasticsearch/api-key-created-7.10.json';
import apiKey8 from '../../tests/fixtures/elasticsearch/api-key-created-8.json';
import bulkCreated from '../../tests/fixtures/elasticsearch/bulk-created.json';
import privilegeError from '../../tests/fixtures/elasticsearch/error-403-apikey-privilege.json';
import info710 from '../../tests/fixtures/elasticsearch/info-7.17.6.json';
import info8 from '../../tests/fixtures/elasticsearch/info-8.14.1.json';
import { freePort } from '../engine/embeddedEngine';
import { connectAdmin, detectEngine } from './adminClient';
import { setupCluster } from './setupCluster';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Replays recorded Elasticsearch responses, with the product header Elasticsearch sends. */
async function recordedElasticsearch(routes: Record<string, { status?: number; body: unknown }>, productHeader = true) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = new URL(req.url!, 'http://x').pathname;
      // `*` stands for any method: the client picks PUT or POST, GET or POST by version.
      const route = routes[`${req.method} ${path}`] ?? routes[`* ${path}`];
      res.writeHead(route?.status ?? (route ? 200 : 404), {
        'Content-Type': 'application/json',
        ...(productHeader ? { 'X-Elastic-Product': 'Elasticsearch' } : {}),
      });
      res.end(
        JSON.stringify(
          route?.body ?? { error: { type: 'not_found', reason: `no route ${req.method} ${path}` }, status: 404 }
        )
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
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
        apiKey: { id: 'VuaCfGcBCdbkQm-e5aOx', encoded: apiKey8.encoded },
      });
      expect(es.seen.every((r) => r.headers.authorization === 'ApiKey c2V0dXA6a2V5')).toBe(true);
      // The Elasticsearch client's compatibility header: this request went through @elastic/elasticsearch.
      expect(es.seen.find((r) => r.url.startsWith('/_security'))?.headers.accept).toMatch(/compatible-with=8/);
      const keyRequest = JSON.parse(es.seen.find((r) => r.url.startsWith('/_security/api_key'))!.body);
      expect(keyRequest.role_descriptors.session_replay_errors_reader).toEqual({
        cluster: ['monitor'],
        indices: [{ names: ['logs-*'], privileges: ['read', 'view_index_metadata'] }],
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

import { dateTime, type DataQueryRequest } from '@grafana/data';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom } from 'rxjs';
import type { SessionErrorsQuery } from '../../src/types';
import { freePort, startEngine, engineVersionPattern } from '../../tools/engine/embeddedEngine';
import { FIXTURE_COUNTS, SESSIONS, writeFixture, type Fixture } from './fixtures';
import { closeServer, engineUrl as engineUrlOf, openHarness } from './harness';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await writeFixture('health');
});

function sessionQuery(ds: Awaited<ReturnType<typeof openHarness>>['ds'], sessionId: string) {
  const from = dateTime(Date.now() - 2 * 3600_000);
  const to = dateTime(Date.now());
  return lastValueFrom(
    ds.query({
      targets: [{ refId: 'A', sessionId }],
      range: { from, to, raw: { from, to } },
      scopedVars: {},
    } as unknown as DataQueryRequest<SessionErrorsQuery>)
  );
}

describe('Save & test against the engine', () => {
  it.each([
    [
      'a good configuration',
      () => ({ indexPattern: fixture.pattern }),
      'success',
      new RegExp(
        `^Connected to OpenSearch ${engineVersionPattern()}\\. 8 session-tagged lines in "logs-health-\\*" in the last 24 hours\\.$`
      ),
    ],
    [
      'a missing index',
      () => ({ indexPattern: 'no-such-index' }),
      'error',
      new RegExp(`^Connected to OpenSearch ${engineVersionPattern()}, but: No index matches "no-such-index"`),
    ],
    [
      'a pattern matching nothing',
      () => ({ indexPattern: 'nothing-*' }),
      'error',
      /No index matches "nothing-\*": check the index pattern/,
    ],
    [
      'a time field that is not a date',
      () => ({ indexPattern: fixture.pattern, timeField: 'service.name' }),
      'error',
      /time field "service\.name" is mapped as keyword, not as a date/,
    ],
    [
      'a time field that does not exist',
      () => ({ indexPattern: fixture.pattern, timeField: 'ts' }),
      'error',
      /has the time field "ts"/,
    ],
    [
      'no tagged data',
      () => ({ indexPattern: fixture.noiseIndex }),
      'warning',
      /No session-tagged lines in "noise-health" in the last 24 hours/,
    ],
  ])('%s', async (_label, jsonData, status, message) => {
    const h = await openHarness({ sessionField: 'session.id', ...jsonData() });
    try {
      const result = await h.ds.testDatasource();
      expect(result.status).toBe(status);
      expect(result.message).toMatch(message);
    } finally {
      await h.close();
    }
  });

  it('reports an engine that is down', async () => {
    const port = await freePort();
    const h = await openHarness({ indexPattern: fixture.pattern }, { url: `http://127.0.0.1:${port}` });
    try {
      const result = await h.ds.testDatasource();
      expect(result).toEqual({
        status: 'error',
        message: expect.stringMatching(/^Grafana could not reach the cluster \(HTTP 502\)/),
      });
    } finally {
      await h.close();
    }
  });
});

describe('engine failures during use', () => {
  it('reports an engine stopped mid-run as unreachable, not as an empty result', async () => {
    const engine = await startEngine({ heapMb: 512 });
    const h = await openHarness({ indexPattern: 'logs-*' }, { url: engine.url });
    try {
      const before = await sessionQuery(h.ds, SESSIONS.asayer);
      expect(before.errors).toBeUndefined();
      await engine.stop();
      const after = await sessionQuery(h.ds, SESSIONS.asayer);
      expect(after.data).toEqual([]);
      expect(after.errors?.[0].message).toMatch(
        /^Grafana could not reach the cluster \(HTTP 502\).*check the URL, that the cluster is running/
      );
    } finally {
      await h.close();
      await engine.stop();
    }
  });
});

describe('API-key authentication through the proxy route', () => {
  it.each([
    ['basic', { basicAuthCredentials: 'cmVhZGVyOnB3' }],
    ['none', {}],
  ] as const)('reaches the real engine through the %s routes too', async (authType, secrets) => {
    const h = await openHarness(
      { indexPattern: fixture.pattern, authType, sessionField: 'session.id' },
      { secureJsonData: { ...secrets } }
    );
    try {
      const response = await sessionQuery(h.ds, SESSIONS.field);
      expect(response.data[0].length).toBe(FIXTURE_COUNTS.field);
      expect((await h.ds.testDatasource()).status).not.toBe('error');
    } finally {
      await h.close();
    }
  });

  it('basic mode: the credentials go with the routes only, never with a request outside them', async () => {
    const cluster = await recordingCluster();
    const credentials = 'cmVhZGVyOnB3';
    const h = await openHarness(
      { authType: 'basic', indexPattern: 'logs-*' },
      { url: cluster.url, basicAuthUser: 'reader', secureJsonData: { basicAuthCredentials: credentials } }
    );
    try {
      await h.ds.testDatasource();
      expect(cluster.seen[0].authorization).toBe(`Basic ${credentials}`);
      // What a Viewer could send through Grafana's proxy by hand: it reaches the cluster bare.
      await fetch(`${h.proxyUrl}/api/datasources/proxy/uid/sre/logs-x`, { method: 'DELETE' });
      expect(cluster.paths.at(-1)).toBe('/logs-x');
      expect(cluster.seen.at(-1)?.authorization).toBeUndefined();
    } finally {
      await h.close();
      await cluster.close();
    }
  });

  it('reaches the real engine through the -apikey route, with the prefix trimmed', async () => {
    const h = await openHarness(
      { indexPattern: fixture.pattern, authType: 'apiKey', sessionField: 'session.id' },
      { secureJsonData: { apiKey: 'aWQ6c2VjcmV0' } }
    );
    try {
      const response = await sessionQuery(h.ds, SESSIONS.field);
      expect(response.data[0].length).toBe(FIXTURE_COUNTS.field);
      expect(h.proxy.sentBodies.join('\n')).not.toContain('aWQ6c2VjcmV0');
    } finally {
      await h.close();
    }
  });

  /** A stand-in cluster that records what reaches it and refuses every key but one, like Elasticsearch. */
  async function recordingCluster() {
    const seen: IncomingHttpHeaders[] = [];
    const paths: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      paths.push(req.url ?? '');
      if (req.headers.authorization !== 'ApiKey aWQ6c2VjcmV0') {
        res.writeHead(401, { 'WWW-Authenticate': 'ApiKey', 'Set-Cookie': 'x=1', 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { type: 'security_exception', reason: 'unable to authenticate with provided credentials' },
            status: 401,
          })
        );
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch' });
      res.end(JSON.stringify({ version: { number: '8.14.1' }, tagline: 'You Know, for Search' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      seen,
      paths,
      close: () => closeServer(server),
    };
  }

  it('sends Authorization: ApiKey <encoded> from secure settings, and nothing else', async () => {
    const cluster = await recordingCluster();
    const h = await openHarness(
      { authType: 'apiKey', indexPattern: 'logs-*' },
      { url: cluster.url, secureJsonData: { apiKey: 'aWQ6c2VjcmV0' } }
    );
    try {
      await h.ds.testDatasource();
      expect(cluster.seen[0].authorization).toBe('ApiKey aWQ6c2VjcmV0');
      expect(cluster.paths[0]).toBe('/');
    } finally {
      await h.close();
      await cluster.close();
    }
  });

  it('turns a refused key into a clear message (Grafana answers 400 for the upstream 401)', async () => {
    const cluster = await recordingCluster();
    const h = await openHarness(
      { authType: 'apiKey', indexPattern: 'logs-*' },
      { url: cluster.url, secureJsonData: { apiKey: 'd3Jvbmc6a2V5' } }
    );
    try {
      const result = await h.ds.testDatasource();
      expect(result.status).toBe('error');
      expect(result.message).toMatch(/^The cluster refused the API key \(HTTP 401\)/);
    } finally {
      await h.close();
      await cluster.close();
    }
  });

  it('with no key saved, the route sends "ApiKey <no value>", which the cluster refuses', async () => {
    const cluster = await recordingCluster();
    const h = await openHarness({ authType: 'apiKey', indexPattern: 'logs-*' }, { url: cluster.url });
    try {
      const result = await h.ds.testDatasource();
      expect(cluster.seen[0].authorization).toBe('ApiKey <no value>');
      expect(result.message).toMatch(/refused the API key/);
    } finally {
      await h.close();
      await cluster.close();
    }
  });

  it('with the index pattern not saved, sends nothing and names the fix', async () => {
    const cluster = await recordingCluster();
    const h = await openHarness(
      { authType: 'apiKey', indexPattern: '' },
      { url: cluster.url, secureJsonData: { apiKey: 'aWQ6c2VjcmV0' } }
    );
    try {
      const result = await h.ds.testDatasource();
      expect(result.status).toBe('error');
      expect(result.message).toMatch(/index pattern must be saved in the data source settings: save "logs-\*"/);
      expect(cluster.seen).toEqual([]);
    } finally {
      await h.close();
      await cluster.close();
    }
  });
});

describe('partial results against the engine', () => {
  it('reports failed shards as a notice and still shows the other shards’ lines', async () => {
    const engine = engineUrlOf();
    const put = (path: string, body: unknown) =>
      fetch(`${engine}/${path}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Same pattern, but here the level is a number: a level filter with words fails on this shard only.
    await put('partial-numeric', {
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          message: { type: 'text' },
          log: { properties: { level: { type: 'long' } } },
        },
      },
    });
    await put('partial-numeric/_doc/1?refresh=true', {
      '@timestamp': new Date().toISOString(),
      message: `[asayer_session_id=${SESSIONS.asayer}] numeric level`,
      log: { level: 50 },
    });
    await put('partial-keyword', {
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          message: { type: 'text' },
          log: { properties: { level: { type: 'keyword' } } },
        },
      },
    });
    await put('partial-keyword/_doc/1?refresh=true', {
      '@timestamp': new Date().toISOString(),
      message: `[asayer_session_id=${SESSIONS.asayer}] keyword level`,
      log: { level: 'ERROR' },
    });
    const h = await openHarness({ indexPattern: 'partial-*' });
    try {
      const from = dateTime(Date.now() - 3600_000);
      const to = dateTime(Date.now() + 60_000);
      const response = await lastValueFrom(
        h.ds.query({
          targets: [{ refId: 'A', mode: 'range', levels: ['error'] }],
          range: { from, to, raw: { from, to } },
          scopedVars: {},
        } as unknown as DataQueryRequest<SessionErrorsQuery>)
      );
      expect(response.errors).toBeUndefined();
      const frame = response.data[0];
      expect(frame.fields.find((f: { name: string }) => f.name === 'body').values).toEqual(['keyword level']);
      expect(frame.meta.notices[0]).toEqual({
        severity: 'warning',
        text: expect.stringMatching(/^1 of 2 shards failed: results are partial\. Reason: .+/),
      });
    } finally {
      await h.close();
    }
  });
});

import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { dateTime, type DataFrame, type DataQueryRequest } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { extractSessionTag } from '../../src/session/sessionTags';
import type { SessionErrorsQuery } from '../../src/types';
import { demoSessions, generateDemoLogs, type LogDocument } from '../../tools/setup/demoLogs';
import { backfillFingerprints, setupCluster } from '../../tools/setup/setupCluster';
import { errorFingerprint } from '../../tools/setup/errorFingerprint';
import { FINGERPRINT_CASES } from '../../tools/setup/errorFingerprintCases';
import { PIPELINE_NAME, sessionIdPipeline } from '../../tools/setup/template';
import { engineUrl, openHarness } from './harness';
import { engineVersionPattern } from '../../tools/engine/embeddedEngine';

const END = Date.now();
const DEMO = { index: 'logs-sessionreplay-setuptest', lines: 3000, endMs: END, seed: 11 };

type Doc = LogDocument & { message: string; session?: { id: string } };
const sessionOf = (d: Doc) => d.session?.id ?? extractSessionTag(d.message)?.sessionId;

describe('the setup tool against the engine', () => {
  let progress: string[] = [];
  let loaded = 0;

  beforeAll(async () => {
    const result = await setupCluster({
      url: engineUrl(),
      indexPattern: 'logs-sessionreplay-*',
      replicas: 0,
      demo: DEMO,
      onProgress: (e) => progress.push(e.step === 'loading' ? `loading ${e.done}/${e.total}` : e.step),
    });
    loaded = result.loaded;
    expect(result.engine).toMatch(new RegExp(`^OpenSearch ${engineVersionPattern()}$`));
  });

  it('loads the demo data in batches, reporting progress', () => {
    expect(loaded).toBe(DEMO.lines);
    expect(progress).toEqual(['connected', 'pipeline', 'template', 'loading 3000/3000', 'loaded']);
    progress = [];
  });

  it('makes every demo session findable through the plugin, whatever its tagging style', async () => {
    const options = { lines: DEMO.lines, endMs: END, seed: DEMO.seed };
    const docs = [...generateDemoLogs(options, demoSessions(options))] as Doc[];
    const bySession = new Map<string, { count: number; style: string }>();
    for (const doc of docs) {
      const id = sessionOf(doc);
      if (id) {
        const style = doc.session ? 'field' : doc.message.startsWith('[asayer') ? 'asayer' : 'openreplay';
        bySession.set(id, { count: (bySession.get(id)?.count ?? 0) + 1, style });
      }
    }
    const h = await openHarness({ indexPattern: 'logs-sessionreplay-*', sessionField: 'session.id' });
    try {
      for (const style of ['asayer', 'openreplay', 'field']) {
        const [id, { count }] = [...bySession].find(([, v]) => v.style === style)!;
        const from = dateTime(END - 25 * 3600_000);
        const to = dateTime(END);
        const response = await lastValueFrom(
          h.ds.query({
            targets: [{ refId: 'A', sessionId: id }],
            range: { from, to, raw: { from, to } },
            scopedVars: {},
          } as unknown as DataQueryRequest<SessionErrorsQuery>)
        );
        expect((response.data[0] as DataFrame).length).toBe(count);
      }
    } finally {
      await h.close();
    }
  });

  it.each([
    ['an asayer tag', { message: '[asayer_session_id=123] x' }, '123'],
    ['an openReplaySession.id tag in any case', { message: 'boom [OPENREPLAYSESSION.ID=456]' }, '456'],
    ['spaces around =', { message: 'asayer_session_id = 789 x' }, '789'],
    ['no tag', { message: 'plain line' }, undefined],
    ['a token, not an id', { message: 'openReplaySessionToken=abc.def' }, undefined],
    ['an id already in the field (kept)', { message: '[asayer_session_id=1] x', session: { id: 'kept' } }, 'kept'],
    [
      'an id already under a dotted key (left alone)',
      { message: '[asayer_session_id=1] x', 'session.id': 'dotted' },
      undefined,
    ],
    ['no message', { other: 1 }, undefined],
  ])('the ingest pipeline handles %s', async (_label, source, expected) => {
    const response = await fetch(`${engineUrl()}/_ingest/pipeline/${PIPELINE_NAME}/_simulate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ docs: [{ _source: source }] }),
    });
    const result = (await response.json()) as { docs: Array<{ doc: { _source: { session?: { id?: string } } } }> };
    expect(result.docs[0].doc._source.session?.id).toBe(expected);
  });

  it('refuses to create an API key on OpenSearch, with the reason', async () => {
    await expect(
      setupCluster({ url: engineUrl(), indexPattern: 'logs-sessionreplay-*', createApiKey: true })
    ).rejects.toThrow(/API keys are an Elasticsearch feature: OpenSearch has none/);
  });

  it('needs the detection: the Elasticsearch client refuses OpenSearch', async () => {
    await expect(new ElasticsearchClient({ node: engineUrl() }).info()).rejects.toThrow(
      /not Elasticsearch|unknown product|Accept/i
    );
  });
});

describe('the setup tool never clobbers, and resumes', () => {
  const put = (path: string, body: unknown) =>
    fetch(`${engineUrl()}/${path}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  const get = (path: string) => fetch(`${engineUrl()}/${path}`).then((r) => r.json());

  it('resumes an interrupted demo load with the same documents: no duplicates, nothing missing', async () => {
    const demo = { index: 'logs-sessionreplay-resume', lines: 2500, seed: 5, batchSize: 1000 };
    const interrupt = new Error('interrupted');
    await expect(
      setupCluster({
        url: engineUrl(),
        indexPattern: 'logs-sessionreplay-*',
        replicas: 0,
        demo,
        onProgress: (e) => {
          // As Ctrl-C after the first batch.
          if (e.step === 'loading' && e.done === 1000) {
            throw interrupt;
          }
        },
      })
    ).rejects.toBe(interrupt);
    await fetch(`${engineUrl()}/${demo.index}/_refresh`, { method: 'POST' });
    expect((await get(`${demo.index}/_count`)).count).toBe(1000);
    const events: string[] = [];
    const result = await setupCluster({
      url: engineUrl(),
      indexPattern: 'logs-sessionreplay-*',
      replicas: 0,
      demo,
      onProgress: (e) => events.push(e.step === 'loaded' ? `loaded ${e.lines} new, ${e.existing} there` : e.step),
    });
    expect(result.loaded).toBe(2500);
    expect(events).toContain('resuming');
    expect(events).toContain('loaded 1500 new, 1000 there');
    expect((await get(`${demo.index}/_count`)).count).toBe(2500);
    // A third run adds nothing.
    await setupCluster({ url: engineUrl(), indexPattern: 'logs-sessionreplay-*', replicas: 0, demo });
    expect((await get(`${demo.index}/_count`)).count).toBe(2500);
  });

  it('refuses a template pattern that would take over another template’s indices, and writes nothing', async () => {
    await put('_index_template/acme-app-logs', { index_patterns: ['app-*-*'], priority: 100 });
    await expect(setupCluster({ url: engineUrl(), indexPattern: 'app-*' })).rejects.toThrow(
      /^Nothing was changed: "app-\*" would take over indices of the index template "acme-app-logs"/
    );
    const ours = await get('_index_template/sessionreplay-logs');
    expect(ours.index_templates[0].index_template.index_patterns).toEqual(['logs-sessionreplay-*']);
    // A pattern named for this data inside theirs is fine.
    await setupCluster({ url: engineUrl(), indexPattern: 'app-sessionreplay-*', replicas: 0 });
    expect((await get('_index_template/sessionreplay-logs')).index_templates[0].index_template.index_patterns).toEqual([
      'app-sessionreplay-*',
    ]);
    await setupCluster({ url: engineUrl(), indexPattern: 'logs-sessionreplay-*', replicas: 0 });
  });

  it('keeps a pipeline it did not write unless forced', async () => {
    const foreign = { description: 'the ops team’s parser', processors: [{ set: { field: 'x', value: 1 } }] };
    await put(`_ingest/pipeline/${PIPELINE_NAME}`, foreign);
    await expect(setupCluster({ url: engineUrl(), indexPattern: 'logs-sessionreplay-*' })).rejects.toThrow(
      /ingest pipeline named "sessionreplay-session-id" exists and was not written by this tool/
    );
    expect((await get(`_ingest/pipeline/${PIPELINE_NAME}`))[PIPELINE_NAME].description).toBe(foreign.description);
    await setupCluster({ url: engineUrl(), indexPattern: 'logs-sessionreplay-*', replicas: 0, force: true });
    expect((await get(`_ingest/pipeline/${PIPELINE_NAME}`))[PIPELINE_NAME].description).toMatch(/managed by/);
  });
});

describe('the setup command line', () => {
  const cli = (args: string[]) =>
    spawnSync('npx', ['tsx', 'tools/setup/cli.ts', ...args], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
    });

  it('writes the provisioning file readable by its owner only, for the read pattern', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'prov-')), 'sre.yaml');
    const run = cli(['--url', engineUrl(), '--read-pattern', 'logs-*', '--replicas', '0', '--provisioning', file]);
    expect(run.status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const provisioned = parse(readFileSync(file, 'utf8')).datasources[0];
    expect(provisioned.jsonData.indexPattern).toBe('logs-*');
    expect(run.stdout).toMatch(/Index template sessionreplay-logs covers logs-sessionreplay-\*/);
  });

  it('--backfill fingerprints existing lines of the read pattern and says how many', async () => {
    const index = 'logs-cli-backfill';
    const body = [0, 1, 2]
      .map((i) => `{"index":{}}\n${JSON.stringify({ message: `Timeout after ${i}s`, log: { level: 'ERROR' } })}\n`)
      .join('');
    await fetch(`${engineUrl()}/${index}/_bulk?refresh=true&pipeline=_none`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body,
    });
    const run = cli(['--url', engineUrl(), '--read-pattern', index, '--replicas', '0', '--backfill']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Fingerprinted 3 existing lines in logs-cli-backfill\./);
  });

  it('never prints credentials given inside --url', () => {
    const run = cli(['--url', 'http://elastic:s3cret@127.0.0.1:9/']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Cannot reach http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:9 /);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/s3cret/);
  });
});

describe('error fingerprints at ingest, on the engine', () => {
  it('the pipeline gives every case the fingerprint and group message the TypeScript twin gives, and leaves lower levels alone', async () => {
    const { id: _id, ...pipeline } = sessionIdPipeline();
    const docs = [
      ...FINGERPRINT_CASES.map((c) => ({
        _source: {
          message: c.message,
          log: { level: c.level },
          error: { ...(c.type ? { type: c.type } : {}), ...(c.stack ? { stack_trace: c.stack } : {}) },
        },
      })),
      { _source: { message: 'KeyError 17 as info', log: { level: 'INFO' }, error: { type: 'KeyError' } } },
      { _source: { message: 'debug 30', log: { level: 20 } } },
    ];
    const response = await fetch(`${engineUrl()}/_ingest/pipeline/_simulate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pipeline, docs }),
    });
    const result = (await response.json()) as {
      docs: Array<{ doc: { _source: { error?: { fingerprint?: string; group_message?: string } } } }>;
    };
    const expected = FINGERPRINT_CASES.map((c) => {
      const { fingerprint, groupMessage } = errorFingerprint({ type: c.type, message: c.message, stack: c.stack });
      return { fingerprint, group_message: groupMessage };
    });
    const actual = result.docs.map((d) => d.doc._source.error);
    expect(
      actual
        .slice(0, FINGERPRINT_CASES.length)
        .map((e) => ({ fingerprint: e?.fingerprint, group_message: e?.group_message }))
    ).toEqual(expected);
    expect(actual.slice(0, FINGERPRINT_CASES.length).map((e) => e?.group_message)).toEqual(
      FINGERPRINT_CASES.map((c) => c.groupMessage)
    );
    expect(actual[FINGERPRINT_CASES.length]).toEqual({ type: 'KeyError' });
    expect(actual[FINGERPRINT_CASES.length + 1]).toBeUndefined();
  });
});

describe('setup-cluster --backfill on the engine', () => {
  const count = (index: string, query: unknown) =>
    fetch(`${engineUrl()}/${index}/_count`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query }),
    })
      .then((r) => r.json())
      .then((r: { count: number }) => r.count);
  const fingerprinted = { exists: { field: 'error.fingerprint' } };

  /** Lines written without the pipeline, as logs shipped before the setup tool ran. */
  async function writeUnprocessed(index: string, errors: number, infos: number) {
    const lines = [
      ...Array.from({ length: errors }, (_, i) => ({
        '@timestamp': new Date(Date.now() - i * 1000).toISOString(),
        message: `KeyError: 'variant_${i}' for product ${1000 + i}`,
        log: { level: i % 2 ? 'ERROR' : 'warn' },
        error: { type: 'KeyError' },
      })),
      ...Array.from({ length: infos }, (_, i) => ({
        '@timestamp': new Date().toISOString(),
        message: `served ${i}`,
        log: { level: 'INFO' },
      })),
    ];
    const body = lines.map((doc) => `{"index":{}}\n${JSON.stringify(doc)}\n`).join('');
    await fetch(`${engineUrl()}/${index}/_bulk?refresh=true&pipeline=_none`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body,
    });
  }

  it('fingerprints every warning-or-above line already in the index, with progress; a rerun has nothing to do', async () => {
    const index = 'logs-sessionreplay-backfill';
    await writeUnprocessed(index, 120, 30);
    expect(await count(index, fingerprinted)).toBe(0);
    const progress: number[] = [];
    const result = await backfillFingerprints({
      url: engineUrl(),
      indexPattern: index,
      batchSize: 25,
      pollMs: 50,
      onProgress: (p) => progress.push(p.processed),
    });
    expect(result).toEqual({ total: 120, processed: 120, cancelled: false });
    expect(progress[progress.length - 1]).toBe(120);
    await fetch(`${engineUrl()}/${index}/_refresh`, { method: 'POST' });
    expect(await count(index, fingerprinted)).toBe(120);
    // One group: the same error with other variable parts.
    const groups = await fetch(`${engineUrl()}/${index}/_search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ size: 0, aggs: { g: { terms: { field: 'error.fingerprint' } } } }),
    }).then((r) => r.json());
    expect(groups.aggregations.g.buckets).toEqual([{ key: expect.any(String), doc_count: 120 }]);
    expect((await backfillFingerprints({ url: engineUrl(), indexPattern: index, pollMs: 50 })).total).toBe(0);
  });

  it('hashes the sessions of lines fingerprinted before the pipeline hashed them (1.2)', async () => {
    const index = 'logs-sessionreplay-backfill-hash';
    const body = [0, 1, 2]
      .map((i) =>
        JSON.stringify({
          '@timestamp': new Date(Date.now() - i * 1000).toISOString(),
          message: 'Timeout calling payments',
          log: { level: 'ERROR' },
          session: { id: `412461290318369494${i}` },
          error: { fingerprint: 'fp-1-2', group_message: 'Timeout calling payments' },
        })
      )
      .map((doc) => `{"index":{}}\n${doc}\n`)
      .join('');
    await fetch(`${engineUrl()}/${index}/_bulk?refresh=true&pipeline=_none`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body,
    });
    const hashed = { exists: { field: 'error.session_hash' } };
    expect(await count(index, hashed)).toBe(0);
    const result = await backfillFingerprints({ url: engineUrl(), indexPattern: index, pollMs: 50 });
    expect(result).toMatchObject({ total: 3, processed: 3 });
    await fetch(`${engineUrl()}/${index}/_refresh`, { method: 'POST' });
    expect(await count(index, hashed)).toBe(3);
    expect((await backfillFingerprints({ url: engineUrl(), indexPattern: index, pollMs: 50 })).total).toBe(0);
  });

  it('an interrupted backfill is cancelled on the engine and resumes where it stopped', async () => {
    const index = 'logs-sessionreplay-backfill-resume';
    await writeUnprocessed(index, 300, 0);
    const controller = new AbortController();
    const first = await backfillFingerprints({
      url: engineUrl(),
      indexPattern: index,
      batchSize: 10,
      requestsPerSecond: 100,
      pollMs: 50,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.processed > 0) {
          controller.abort();
        }
      },
    });
    expect(first.cancelled).toBe(true);
    await fetch(`${engineUrl()}/${index}/_refresh`, { method: 'POST' });
    const done = await count(index, fingerprinted);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(300);
    const second = await backfillFingerprints({ url: engineUrl(), indexPattern: index, batchSize: 100, pollMs: 50 });
    expect(second.total).toBe(300 - done);
    await fetch(`${engineUrl()}/${index}/_refresh`, { method: 'POST' });
    expect(await count(index, fingerprinted)).toBe(300);
  });
});

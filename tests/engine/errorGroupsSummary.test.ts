import type { DataFrame } from '@grafana/data';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import info8 from '../fixtures/elasticsearch/info-8.14.1.json';
import { DAY_MS } from '../../src/durations';
import { HOUR_MS } from '../../src/query/errorGroupsSummary';
import { resolveSettings } from '../../src/settings';
import { connectAdmin } from '../../tools/setup/adminClient';
import { generateDemoLogs } from '../../tools/setup/demoLogs';
import { identityHash, javaStringHash } from '../../tools/setup/errorFingerprint';
import { DEFAULT_FIELDS, sessionIdPipeline } from '../../tools/setup/template';
import { summarizeErrorGroups } from '../../tools/summarizer/summarizeErrorGroups';
import {
  closeServer,
  createLogsIndex,
  engineUrl,
  fieldValues,
  openHarness,
  replaySettings,
  runQueries,
  writeRawDocuments,
} from './harness';

/**
 * Error groups from the hourly summary and the lines of the partial hours must say what the lines
 * alone say: same groups, lines, sessions, users, first and last seen, newness, trend totals and
 * latest replay, for a range whose edges fall inside hours.
 */
const INDEX = 'logs-summary-a';
const SUMMARY = 'sre-summary-a';
const PIPELINE = 'sessionreplay-summary-test';
const FIELDS = { ...DEFAULT_FIELDS, user: 'user.id' };
// Whole hours from a fixed point, so that the data's hours and the checkpoint are predictable.
const END = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS + 17 * 60_000;
const LINES = 3000;

const lineSettings = replaySettings('logs-summary-*', { userField: 'user.id' });
const summarySettings = { ...lineSettings, groupsSummaryIndex: SUMMARY };
const summarizerSettings = resolveSettings(lineSettings);

async function summarize(nowMs: number, url = engineUrl(), summaryIndex = SUMMARY) {
  return summarizeErrorGroups({
    url,
    settings: summarizerSettings,
    summaryIndex,
    sinceMs: 3 * 24 * HOUR_MS,
    latenessMs: 5 * 60_000,
    // Longer than the data: every run asks to delete, and nothing goes.
    keepMs: 2 * DAY_MS,
    nowMs,
    replicas: 0,
  });
}

/** The Error groups table as rows keyed by fingerprint, with the trend reduced to its total. */
function rowsOf(frame: DataFrame) {
  const fps = fieldValues(frame, 'fingerprint') as string[];
  const column = (name: string) => fieldValues(frame, name);
  return new Map(
    fps.map((fp, i) => [
      fp,
      {
        lines: column('lines')[i],
        sessions: column('sessions')[i],
        users: column('users')[i],
        first: column('first_seen')[i],
        last: column('last_seen')[i],
        isNew: column('new')[i],
        error: column('error')[i],
        sample: column('sample')[i],
        services: String(column('services')[i]).split(', ').sort().join(', '),
        trendTotal: ((column('trend')[i] as DataFrame).fields[1].values as number[]).reduce((a, b) => a + b, 0),
        replay: (frame.fields.find((f) => f.name === 'replay_url')?.values ?? [])[i],
      },
    ])
  );
}

async function groups(settings: typeof lineSettings, window: { fromMs: number; toMs: number }, query = {}) {
  const harness = await openHarness(settings);
  try {
    const response = await runQueries(
      harness.ds,
      [{ queryType: 'errorGroups', newLookback: '6h', limit: 500, ...query }],
      window
    );
    expect(response.errors).toBeUndefined();
    return response.data[0] as DataFrame;
  } finally {
    await harness.close();
  }
}

/**
 * The embedded engine dressed as Elasticsearch 8, for @elastic/elasticsearch: GET / answers a
 * recorded Elasticsearch banner, every answer carries the product header, and the client's
 * compatibility media types become plain JSON for OpenSearch.
 */
async function elasticsearchInFrontOf(target: string) {
  const seen: Array<{ method: string; path: string; accept: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      seen.push({
        method: req.method!,
        path: decodeURIComponent(req.url!.split('?')[0]),
        accept: String(req.headers.accept),
      });
      const headers = { 'Content-Type': 'application/json', 'X-Elastic-Product': 'Elasticsearch' };
      if (req.url === '/') {
        res.writeHead(200, headers).end(JSON.stringify(info8));
        return;
      }
      const ndjson = String(req.headers['content-type']).includes('ndjson');
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers: { 'Content-Type': ndjson ? 'application/x-ndjson' : 'application/json' },
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      res.writeHead(answer.status, headers).end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => closeServer(server),
  };
}

beforeAll(async () => {
  const admin = await connectAdmin(engineUrl());
  try {
    await admin.putPipeline({ ...sessionIdPipeline(FIELDS), id: PIPELINE });
  } finally {
    await admin.close();
  }
  await fetch(`${engineUrl()}/${SUMMARY}`, { method: 'DELETE' });
  await createLogsIndex(INDEX);
  await fetch(`${engineUrl()}/${INDEX}/_mapping`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ properties: { user: { properties: { id: { type: 'keyword' } } } } }),
  });
  const docs = [...generateDemoLogs({ lines: LINES, endMs: END, spanMs: 30 * HOUR_MS, seed: 7 })].map((doc) => {
    // A user per few sessions, so that users and sessions differ.
    const session = String((doc.session as { id?: unknown } | undefined)?.id ?? doc.message);
    return JSON.stringify({ ...doc, user: { id: `u${Math.abs(javaStringHash(session)) % 40}` } });
  });
  await writeRawDocuments(INDEX, docs, PIPELINE);
});

describe('error groups from the hourly summary', () => {
  // Edges inside hours: 13 and 23 minutes past.
  const window = { fromMs: END - 20 * HOUR_MS - 4 * 60_000, toMs: END + 6 * 60_000 };

  it('match the lines alone, for every column, over a range whose edges fall inside hours', async () => {
    const run = await summarizeErrorGroups({
      url: engineUrl(),
      settings: summarizerSettings,
      summaryIndex: SUMMARY,
      sinceMs: 3 * 24 * HOUR_MS,
      latenessMs: 5 * 60_000,
      nowMs: END + 10 * 60_000,
      replicas: 0,
      // Small pages, so that every hour pages through groups and hashes.
      pageSizes: { groups: 3, hashes: 7 },
    });
    expect(run.documents).toBeGreaterThan(20);
    expect(run.unhashedLines).toBe(0);
    expect(run.throughMs).toBe(Math.floor(END / HOUR_MS) * HOUR_MS);

    const fromLines = await groups(lineSettings, window);
    const fromSummary = await groups(summarySettings, window);
    expect(fromSummary.meta?.notices ?? []).toEqual([]);
    const expected = rowsOf(fromLines);
    expect(expected.size).toBeGreaterThan(5);
    expect(rowsOf(fromSummary)).toEqual(expected);
    // The same order: most affected sessions first.
    expect(fieldValues(fromSummary, 'sessions')).toEqual(fieldValues(fromLines, 'sessions'));
    // Trend points of the summary are whole hours.
    const points = (fieldValues(fromSummary, 'trend')[0] as DataFrame).fields[0].values as number[];
    expect(points.every((t) => t % HOUR_MS === 0)).toBe(true);
  });

  it('hashes sessions and users in the pipeline as identityHash does', async () => {
    const response = await fetch(`${engineUrl()}/${INDEX}/_search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ size: 50, query: { exists: { field: 'error.session_hash' } } }),
    });
    type Doc = { session: { id: string }; user: { id: string }; error: { session_hash: number; user_hash: number } };
    const hits = ((await response.json()) as { hits: { hits: Array<{ _source: Doc }> } }).hits.hits;
    expect(hits).toHaveLength(50);
    for (const { _source: doc } of hits) {
      expect(doc.error.session_hash).toBe(identityHash(doc.session.id));
      expect(doc.error.user_hash).toBe(identityHash(doc.user.id));
    }
  });

  it('are the same written through the Elasticsearch client', async () => {
    const es = await elasticsearchInFrontOf(engineUrl());
    try {
      const nowMs = END + 10 * 60_000;
      await summarize(nowMs, es.url, `${SUMMARY}-es`);
      // Every request went through @elastic/elasticsearch, which insists on Elasticsearch's product header.
      expect(es.seen.some((r) => r.accept.includes('compatible-with=8'))).toBe(true);
      expect(es.seen.map((r) => r.method + ' ' + r.path)).toEqual(
        expect.arrayContaining([
          `PUT /${SUMMARY}-es`,
          'POST /_bulk',
          'POST /logs-summary-*/_search',
          `POST /${SUMMARY}-es/_delete_by_query`,
        ])
      );
    } finally {
      await es.close();
    }
    await summarize(END + 10 * 60_000);
    const documents = async (index: string) => {
      const response = await fetch(`${engineUrl()}/${index}/_search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ size: 1000, sort: [{ _id: 'asc' }] }),
      });
      const hits = ((await response.json()) as { hits: { hits: Array<{ _id: string; _source: unknown }> } }).hits.hits;
      return hits.map((h) => [h._id, h._source]);
    };
    const viaElasticsearch = await documents(`${SUMMARY}-es`);
    expect(viaElasticsearch.length).toBeGreaterThan(20);
    expect(viaElasticsearch).toEqual(await documents(SUMMARY));
  });

  it('deletes summary hours older than it keeps, and only those', async () => {
    const index = `${SUMMARY}-keep`;
    const nowMs = END + 10 * 60_000;
    const first = await summarize(nowMs, engineUrl(), index);
    expect(first.deleted).toBe(0);
    const hoursOf = async () => {
      const response = await fetch(`${engineUrl()}/${index}/_search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ size: 0, aggs: { oldest: { min: { field: '@timestamp' } } }, track_total_hits: true }),
      });
      const body = (await response.json()) as {
        hits: { total: { value: number } };
        aggregations: { oldest: { value: number } };
      };
      return { documents: body.hits.total.value, oldest: body.aggregations.oldest.value };
    };
    const before = await hoursOf();
    const kept = await summarizeErrorGroups({
      url: engineUrl(),
      settings: summarizerSettings,
      summaryIndex: index,
      sinceMs: 3 * DAY_MS,
      latenessMs: 5 * 60_000,
      keepMs: 10 * HOUR_MS,
      nowMs,
      replicas: 0,
    });
    const after = await hoursOf();
    expect(kept.deleted).toBeGreaterThan(0);
    expect(after.documents).toBe(before.documents - kept.deleted);
    // The checkpoint document stays: it has no hour.
    expect((await fetch(`${engineUrl()}/${index}/_doc/checkpoint`)).status).toBe(200);
    expect(after.oldest).toBe(Math.floor((nowMs - 10 * HOUR_MS) / HOUR_MS) * HOUR_MS);
  });

  it('counts the hours after a stale checkpoint from lines, and says the summarizer is behind', async () => {
    await summarize(END + 10 * 60_000);
    // Rewind the checkpoint by six hours, as if the summarizer had stopped.
    await fetch(`${engineUrl()}/${SUMMARY}/_doc/checkpoint?refresh=true`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ summary: { through: Math.floor(END / HOUR_MS) * HOUR_MS - 6 * HOUR_MS } }),
    });
    const fromSummary = await groups(summarySettings, window);
    expect(fromSummary.meta?.notices?.map((n) => n.severity)).toEqual(['warning']);
    expect(fromSummary.meta?.notices?.[0].text).toMatch(/reaches only .* Is the summarizer running\?/);
    expect(rowsOf(fromSummary)).toEqual(rowsOf(await groups(lineSettings, window)));
  });

  it('a rerun resumes from its checkpoint and picks up lines that arrived late in the hour before it', async () => {
    const first = await summarize(END + 10 * 60_000);
    const hourBefore = Math.floor(END / HOUR_MS) * HOUR_MS - HOUR_MS;
    await writeRawDocuments(
      INDEX,
      [
        JSON.stringify({
          '@timestamp': new Date(hourBefore + 30 * 60_000).toISOString(),
          message: 'Late arrival: connection reset by peer 10.0.0.7',
          log: { level: 'ERROR' },
          service: { name: 'late' },
          session: { id: '7000000000000000001' },
          user: { id: 'u-late' },
        }),
      ],
      PIPELINE
    );
    const second = await summarize(END + 20 * 60_000);
    // Only the hour before the checkpoint again (nothing new has ended since).
    expect(second.hours).toBe(1);
    expect(second.throughMs).toBe(first.throughMs);
    const fromSummary = rowsOf(await groups(summarySettings, window));
    expect([...fromSummary.values()].some((r) => r.services === 'late')).toBe(true);
    expect(fromSummary).toEqual(rowsOf(await groups(lineSettings, window)));
  });

  it('counts from lines, saying why, when the query filters or the summary index is missing', async () => {
    const filtered = await groups(summarySettings, window, { levels: ['error'] });
    expect(filtered.meta?.notices?.[0]).toMatchObject({
      severity: 'info',
      text: expect.stringMatching(/no filter, level/),
    });
    const missing = await groups({ ...lineSettings, groupsSummaryIndex: 'sre-summary-none' }, window);
    expect(missing.meta?.notices?.[0]).toMatchObject({
      severity: 'info',
      text: expect.stringMatching(/sre-summary-none has no summarized hour yet.*npm run summarize/),
    });
    expect(rowsOf(missing)).toEqual(rowsOf(await groups(lineSettings, window)));
  });

  it('shows no session count, and says to backfill, for lines without hashes', async () => {
    const index = 'logs-unhashed-a';
    await createLogsIndex(index);
    await writeRawDocuments(
      index,
      [1, 2].map((i) =>
        JSON.stringify({
          '@timestamp': new Date(END - i * HOUR_MS).toISOString(),
          message: 'Timeout calling payments',
          log: { level: 'ERROR' },
          session: { id: `700000000000000000${i}` },
          error: { fingerprint: 'fp-1-2', group_message: 'Timeout calling payments' },
        })
      ),
      '_none'
    );
    const settings = replaySettings('logs-unhashed-*', { groupsSummaryIndex: 'sre-summary-unhashed' });
    const run = await summarizeErrorGroups({
      url: engineUrl(),
      settings: resolveSettings(settings),
      summaryIndex: 'sre-summary-unhashed',
      sinceMs: DAY_MS,
      latenessMs: 0,
      nowMs: END,
      replicas: 0,
    });
    expect(run.unhashedLines).toBe(2);
    const frame = await groups(settings, { fromMs: END - 5 * HOUR_MS, toMs: END });
    expect(fieldValues(frame, 'lines')).toEqual([2]);
    expect(fieldValues(frame, 'sessions')).toEqual([null]);
    expect(frame.meta?.notices?.[0]).toMatchObject({ severity: 'warning', text: expect.stringMatching(/--backfill/) });
  });

  describe('npm run summarize', () => {
    const cli = (args: string[], env: Record<string, string> = {}) =>
      spawnSync('npx', ['tsx', 'tools/summarizer/cli.ts', ...args], {
        cwd: path.resolve(__dirname, '../..'),
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });

    it('summarizes the lines it is pointed at and says up to when', () => {
      const run = cli([
        '--url',
        engineUrl(),
        '--index-pattern',
        'logs-summary-*',
        '--summary-index',
        'sre-summary-cli',
        '--user-field',
        'user.id',
        '--since',
        '3d',
        '--replicas',
        '0',
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/: \d+ hours summarized into sre-summary-cli \(\d+ group-hours\); complete through /);
    });

    it.each([
      [['--since', '7 days'], /--since.*expected a duration such as 7d/s],
      [['--url', 'http://127.0.0.1:9'], /127\.0\.0\.1:9/],
    ])('refuses %j with a message, not a stack trace', (args, message) => {
      const run = cli(['--url', engineUrl(), '--index-pattern', 'logs-summary-*', ...args]);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  });
});

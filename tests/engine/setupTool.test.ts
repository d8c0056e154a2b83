import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { dateTime, type DataFrame, type DataQueryRequest } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { extractSessionTag } from '../../src/session/sessionTags';
import type { SessionErrorsQuery } from '../../src/types';
import { demoSessions, generateDemoLogs, type LogDocument } from '../../tools/setup/demoLogs';
import { setupCluster } from '../../tools/setup/setupCluster';
import { PIPELINE_NAME } from '../../tools/setup/template';
import { engineUrl, openHarness } from './harness';

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
    expect(result.engine).toMatch(/^OpenSearch 2\.19/);
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

import type { estypes } from '@elastic/elasticsearch';
import { buildSessionsQuery, buildTermsValuesQuery, MAX_TERMS_VALUES } from '../../src/query/buildAggregationQueries';
import { HOUR_MS } from '../../src/query/errorGroupsSummary';
import { sessionKeySource } from '../../src/query/sessionKey';
import { resolveSettings } from '../../src/settings';
import type { ResolvedSettings } from '../../src/types';
import {
  buildSummarySessionsQuery,
  buildSummarySessionsVariableQuery,
  summarizeSessions,
} from '../../tools/summarizer/summarizeSessions';
import { createLogsIndex, engineCall, engineUrl, replaySettings, writeRawDocuments } from './harness';

/**
 * The per-session summary the bench measures (#20) must answer what the lines answer, over whole
 * hours: the same sessions in the same order, with their lines, first and last time. Sessions run
 * across hour edges, some lines are untagged, and (for the two-field case) OTel lines carry the id
 * under another field.
 */
const END = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS;
const START = END - 5 * HOUR_MS;
const SESSIONS = 240;

const sessionId = (i: number) => `sess-${(i * 7919) % 1009}`;
function lines(otelEvery: number): Array<Record<string, unknown>> {
  const docs: Array<Record<string, unknown>> = [];
  for (let i = 0; i < SESSIONS; i++) {
    // Each session's lines a few minutes apart, starting anywhere in the five hours, so that many
    // cross an hour edge.
    const first = START + ((i * 104_729) % (5 * HOUR_MS - 40 * 60_000));
    for (let k = 0; k < 1 + (i % 5); k++) {
      const otel = otelEvery > 0 && i % otelEvery === 0;
      docs.push({
        '@timestamp': new Date(first + k * 9 * 60_000 + (i % 7) * 1000).toISOString(),
        message: `payment failed ${i}-${k}`,
        log: { level: 'ERROR' },
        service: { name: ['checkout', 'auth', 'search'][(i + k) % 3] },
        ...(otel ? { attributes: { session: { id: sessionId(i) } } } : { session: { id: sessionId(i) } }),
      });
    }
  }
  docs.push({ '@timestamp': new Date(END - 60_000).toISOString(), message: 'untagged', log: { level: 'ERROR' } });
  return docs;
}

async function search<A>(index: string, body: unknown): Promise<estypes.SearchResponse<unknown, A>> {
  return engineCall('POST', `/${index}/_search`, body);
}

type Buckets = { buckets: Array<{ key: string; doc_count: number } & Record<string, { value: number }>> };

async function compare(index: string, summary: string, settings: ResolvedSettings) {
  const result = await summarizeSessions({
    url: engineUrl(),
    settings,
    summaryIndex: summary,
    sinceMs: 6 * HOUR_MS,
    nowMs: END,
    replicas: 0,
  });
  const window = { fromMs: START, toMs: END - 1 };
  const built = buildSessionsQuery(settings, { window, limit: 100 });
  if (!built.ok) {
    throw new Error(built.error);
  }
  const fromLines = (await search<{ sessions: Buckets }>(index, built.body)).aggregations!.sessions.buckets;
  const fromSummary = (await search<{ sessions: Buckets }>(summary, buildSummarySessionsQuery(settings, window, 100)))
    .aggregations!.sessions.buckets;
  expect(fromLines).toHaveLength(100);
  expect(fromSummary.map((b) => [b.key, b.lines.value, b.first_seen.value, b.last_seen.value])).toEqual(
    fromLines.map((b) => [b.key, b.doc_count, b.first_seen.value, b.last_seen.value])
  );

  const valuesBody = buildTermsValuesQuery(settings, sessionKeySource(settings.sessionFields)!, { window }, 'latest');
  if (!valuesBody.ok) {
    throw new Error(valuesBody.error);
  }
  const variableFromLines = (await search<{ values: Buckets }>(index, valuesBody.body)).aggregations!.values.buckets;
  const variableFromSummary = (
    await search<{ values: Buckets }>(summary, buildSummarySessionsVariableQuery(window, MAX_TERMS_VALUES))
  ).aggregations!.values.buckets;
  expect(variableFromLines).toHaveLength(SESSIONS);
  expect(variableFromSummary.map((b) => b.key)).toEqual(variableFromLines.map((b) => b.key));
  return result;
}

describe('the per-session summary', () => {
  it('lists the sessions, lines, first and last times the lines do, and a rerun replaces its hours', async () => {
    const index = 'logs-sessions-summary-a';
    const summary = 'sre-sessions-summary-a';
    await createLogsIndex(index, 'keyword', {}, { number_of_shards: 3 });
    await writeRawDocuments(
      index,
      lines(0).map((d) => JSON.stringify(d))
    );
    const settings = resolveSettings(replaySettings(index));
    const first = await compare(index, summary, settings);
    expect(first.hours).toBe(6);
    // More documents than sessions: sessions that cross an hour edge have one per hour.
    expect(first.documents).toBeGreaterThan(SESSIONS);
    const again = await compare(index, summary, settings);
    expect(again.documents).toBe(first.documents);
    const count = await engineCall<{ count: number }>('GET', `/${summary}/_count`);
    expect(count.count).toBe(first.documents);
  });

  it('reads the session from the first of several session fields, as the plugin does', async () => {
    const index = 'logs-sessions-summary-b';
    const summary = 'sre-sessions-summary-b';
    await createLogsIndex(index, 'keyword', {
      attributes: { properties: { session: { properties: { id: { type: 'keyword' } } } } },
    });
    await writeRawDocuments(
      index,
      lines(4).map((d) => JSON.stringify(d))
    );
    const settings = resolveSettings(
      replaySettings(index, { sessionField: undefined, sessionFields: ['session.id', 'attributes.session.id'] })
    );
    expect(settings.sessionFields).toEqual(['session.id', 'attributes.session.id']);
    await compare(index, summary, settings);
  });

  it('refuses settings without a session field, by name', async () => {
    await expect(
      summarizeSessions({
        url: engineUrl(),
        settings: resolveSettings({ indexPattern: 'logs-sessions-summary-a' }),
        summaryIndex: 'sre-sessions-summary-c',
        sinceMs: HOUR_MS,
        nowMs: END,
        replicas: 0,
      })
    ).rejects.toThrow(/session id field/);
  });
});

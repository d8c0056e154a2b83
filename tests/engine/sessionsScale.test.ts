import type { estypes } from '@elastic/elasticsearch';
import { dateTime, type DataFrame } from '@grafana/data';
import { buildSessionsQuery, buildTermsValuesQuery, MAX_TERMS_VALUES } from '../../src/query/buildAggregationQueries';
import type { SearchBody } from '../../src/query/buildSessionErrorsQuery';
import { collapsedLatestKeys, searchSessions, type SendSearch } from '../../src/query/latestSessions';
import { toSessionsFrame, type SessionsAggregations } from '../../src/response/toSessionsFrame';
import { resolveSettings } from '../../src/settings';
import type { ResolvedSettings } from '../../src/types';
import { createLogsIndex, engineUrl, openHarness, replaySettings, runQueries, writeRawDocuments } from './harness';

/**
 * Sessions by collapse (latestSessions.ts) against the aggregation they replace, on many sessions
 * with ties: the latest line of three sessions at a time is the same instant, so the order rests on
 * the tie-break (id ascending, as the terms aggregation breaks ties on its key), and the ids are
 * spread so that their text order is not the order they were written in.
 */
const NOW = Date.now();
const FROM = NOW - 2 * 3600_000;
const SESSION_COUNT = 1300;
const LEVELS = ['ERROR', 'WARN', 'fatal', 'error'];
const SERVICES = ['checkout', 'auth', 'search'];

const sessionId = (i: number) => `s${(i * 7919) % 10007}`;
/**
 * Session i's lines: 1 to 4 of them, its last at a second shared with two other sessions, the
 * newest 50 s before the range's end: the shortest span searched (latestSpans: 1/512 of the range,
 * 14 s) holds 15 sessions, the next (113 s) 312, the next (907 s) all of them.
 */
function sessionLines(i: number): Array<Record<string, unknown>> {
  const last = NOW + 50_000 - Math.floor(i / 3) * 1000;
  return Array.from({ length: 1 + (i % 4) }, (_, k) => ({
    '@timestamp': new Date(last - k * 7_000).toISOString(),
    message: `checkout failed for order ${i}-${k}`,
    log: { level: LEVELS[(i + k) % LEVELS.length] },
    service: { name: SERVICES[(i * 5 + k) % SERVICES.length] },
    host: { name: 'web-1' },
    session: { id: sessionId(i) },
  }));
}

function documents(): Array<Record<string, unknown>> {
  const docs = Array.from({ length: SESSION_COUNT }, (_, i) => sessionLines(i)).flat();
  // Newest of all, a line tagged only in its message: the aggregation has no key for it, nor may
  // the collapse make it a session. And an empty id, which names no session in either (its line is
  // newer than all but the 153 newest sessions).
  docs.push({
    '@timestamp': new Date(NOW).toISOString(),
    message: '[asayer_session_id=3864047860558056943] tagged in the message only',
    log: { level: 'ERROR' },
    service: { name: 'checkout' },
  });
  docs.push({ ...sessionLines(0)[0], '@timestamp': new Date(NOW - 1000).toISOString(), session: { id: '' } });
  return docs;
}

async function createIndex(index: string, shards: number): Promise<void> {
  await createLogsIndex(index, 'keyword', {}, { number_of_shards: shards });
  await writeRawDocuments(
    index,
    documents().map((doc) => JSON.stringify(doc))
  );
}

const ONE_SHARD = 'logs-sessions-scale-1';
const THREE_SHARDS = 'logs-sessions-scale-3';
const window = { fromMs: FROM, toMs: NOW + 60_000 };

function settingsFor(index: string, patch = {}): ResolvedSettings {
  return resolveSettings(replaySettings(index, patch));
}

/** Sends a search straight to the engine, counting the requests. */
function engineSearch(index: string) {
  const sent: SearchBody[] = [];
  const send: SendSearch = async <A>(body: SearchBody) => {
    sent.push(body);
    const response = await fetch(`${engineUrl()}/${index}/_search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`search failed: HTTP ${response.status} ${await response.text()}`);
    }
    return (await response.json()) as estypes.SearchResponse<unknown, A>;
  };
  return { send, sent };
}

const frameOf = (settings: ResolvedSettings, response: estypes.SearchResponse<unknown, SessionsAggregations>) =>
  toSessionsFrame(response, {
    refId: 'S',
    replay: settings.replay,
    indexPattern: settings.indexPattern,
    sessionFields: settings.sessionFields,
  });
const columns = (frame: DataFrame) => frame.fields.map((f) => [f.name, f.values]);

/** The frame the terms aggregation alone gives (the plugin's query before the collapse). */
async function aggregationFrame(index: string, settings: ResolvedSettings, limit: number): Promise<DataFrame> {
  const built = buildSessionsQuery(settings, { window, limit });
  if (!built.ok) {
    throw new Error(built.error);
  }
  const { send } = engineSearch(index);
  return frameOf(settings, await send<SessionsAggregations>(built.body));
}

/** Each session's lines as the fixture wrote them: the truth to check a multi-shard answer against. */
function expectedSessions(limit: number) {
  return Array.from({ length: SESSION_COUNT }, (_, i) => {
    const lines = sessionLines(i);
    return { id: sessionId(i), lines: lines.length, last: Date.parse(lines[0]['@timestamp'] as string) };
  })
    .sort((a, b) => b.last - a.last || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

beforeAll(async () => {
  await createIndex(ONE_SHARD, 1);
  await createIndex(THREE_SHARDS, 3);
});

describe('sessions by collapse against the aggregation', () => {
  it.each([2, 100, 1000])('gives the aggregation’s frame, value for value, for a limit of %i', async (limit) => {
    const settings = settingsFor(ONE_SHARD);
    const { send, sent } = engineSearch(ONE_SHARD);
    const answer = await searchSessions(send, settings, { window, limit });
    expect(answer.ok && answer.variant).toBe('collapse');
    // Collapses over spans at the end of the range until one holds the page, then one aggregation.
    const kinds = sent.map((body) => ('collapse' in body ? 'collapse' : 'aggregation'));
    expect(kinds.at(-1)).toBe('aggregation');
    expect(kinds.slice(0, -1)).toEqual(kinds.slice(0, -1).map(() => 'collapse'));
    expect(kinds.length).toBe(limit === 2 ? 2 : limit === 100 ? 3 : 4);
    const collapsed = frameOf(settings, answer.ok ? answer.response : ({} as never));
    const whole = await aggregationFrame(ONE_SHARD, settings, limit);
    // The fixture has more sessions than any limit: the frames are full but for the empty id, which
    // takes a place in the page (after the 153 newest sessions) and names no session.
    expect(whole.length).toBe(limit > 153 ? limit - 1 : limit);
    expect(columns(collapsed)).toEqual(columns(whole));
    // Ties are real: at least one run of three equal last-seen times inside the page.
    const last = collapsed.fields.find((f) => f.name === 'last_seen')!.values as number[];
    if (limit >= 100) {
      expect(new Set(last).size).toBeLessThan(last.length);
    }
  });

  it('lists the latest sessions correctly across three shards, with exact counts', async () => {
    const settings = settingsFor(THREE_SHARDS);
    const { send } = engineSearch(THREE_SHARDS);
    const answer = await searchSessions(send, settings, { window, limit: 200 });
    expect(answer.ok && answer.variant).toBe('collapse');
    const frame = frameOf(settings, answer.ok ? answer.response : ({} as never));
    // The empty id takes one of the 200 places.
    const expected = expectedSessions(199);
    expect(frame.fields.find((f) => f.name === 'session_id')!.values).toEqual(expected.map((s) => s.id));
    expect(frame.fields.find((f) => f.name === 'lines')!.values).toEqual(expected.map((s) => s.lines));
    expect(frame.fields.find((f) => f.name === 'last_seen')!.values).toEqual(expected.map((s) => s.last));
  });

  it('gives the sessions variable the aggregation’s values in the aggregation’s order', async () => {
    const settings = settingsFor(ONE_SHARD);
    const { send, sent } = engineSearch(ONE_SHARD);
    const terms = buildTermsValuesQuery(settings, { field: 'session.id' }, { window }, 'latest');
    if (!terms.ok) {
      throw new Error(terms.error);
    }
    const keys = await collapsedLatestKeys(send, settings, 'session.id', { window }, MAX_TERMS_VALUES);
    // 15 sessions in the shortest span, 312 in the next, the 500 in the third.
    expect(sent).toHaveLength(3);
    const buckets = (await send<{ values: estypes.AggregationsStringTermsAggregate }>(terms.body)).aggregations!.values
      .buckets as estypes.AggregationsStringTermsBucket[];
    expect(keys).toHaveLength(MAX_TERMS_VALUES);
    expect(keys).toEqual(buckets.map((b) => b.key));
  });

  it('serves the panel and the variable through the data source by collapse, as the aggregation would', async () => {
    const harness = await openHarness(replaySettings(ONE_SHARD));
    try {
      const response = await runQueries(harness.ds, [{ queryType: 'sessions', limit: 100 }], window);
      expect(response.errors).toBeUndefined();
      const [frame] = response.data as DataFrame[];
      const whole = await aggregationFrame(ONE_SHARD, settingsFor(ONE_SHARD), 100);
      expect(columns(frame)).toEqual(columns(whole));
      const [from, to] = [dateTime(window.fromMs), dateTime(window.toMs)];
      const values = await harness.ds.metricFindQuery('sessions', { range: { from, to, raw: { from, to } } });
      expect(values).toHaveLength(MAX_TERMS_VALUES - 1);
      expect(values.slice(0, whole.length).map((v) => v.text)).toEqual(whole.fields[0].values);
    } finally {
      await harness.close();
    }
  });

  it('keeps the aggregation for several session fields, which collapse cannot group by', async () => {
    const settings = resolveSettings(
      replaySettings(ONE_SHARD, { sessionField: undefined, sessionFields: ['session.id', 'attributes.session.id'] })
    );
    const { send, sent } = engineSearch(ONE_SHARD);
    const answer = await searchSessions(send, settings, { window, limit: 50 });
    expect(answer.ok && answer.variant).toBe('aggregation');
    expect(sent).toHaveLength(1);
    const frame = frameOf(settings, answer.ok ? answer.response : ({} as never));
    expect(frame.fields[0].values).toEqual(expectedSessions(50).map((s) => s.id));
  });
});

import type { DataFrame, LogRowModel } from '@grafana/data';
import { LogRowContextQueryDirection } from '@grafana/data';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import type { SessionErrorsQuery } from '../../src/types';
import { createLogsIndex, openHarness, replaySettings, runQueries, writeRawDocuments, type Harness } from './harness';

/**
 * Log context on the engine: the lines before and after a line, of the same session at every level,
 * paged by time and, within an instant, by index and id. Many lines share a timestamp: pages must
 * neither repeat nor lose any (tests/engine/multiShard.test.ts does the same on 3 shards).
 */
const INDEX = 'logs-context-a';
const NOW = Date.now();
const START = NOW - 30 * 60_000;
const SESSION = openReplaySessionIdAt(START, 0x4242);
const OTHER = openReplaySessionIdAt(START, 0x4343);
const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG'];
// 5 instants, 5 lines of the session at each, and lines of another session at the same instants.
const LINES = Array.from({ length: 25 }, (_, i) => ({
  '@timestamp': new Date(START + 60_000 * (1 + Math.floor(i / 5))).toISOString(),
  message: `step ${i}`,
  log: { level: LEVELS[i % LEVELS.length] },
  service: { name: i % 2 ? 'checkout' : 'payments' },
  session: { id: SESSION },
}));
const NOISE = Array.from({ length: 10 }, (_, i) => ({
  '@timestamp': new Date(START + 60_000 * (1 + (i % 5))).toISOString(),
  message: `other ${i}`,
  log: { level: 'ERROR' },
  service: { name: 'payments' },
  session: { id: OTHER },
}));

let harness: Harness;
let frame: DataFrame;

beforeAll(async () => {
  await createLogsIndex(INDEX);
  await writeRawDocuments(
    INDEX,
    [...LINES, ...NOISE].map((doc) => JSON.stringify(doc))
  );
  harness = await openHarness(replaySettings('logs-context-*'));
  const response = await runQueries(harness.ds, [{ queryType: 'logs', mode: 'session', sessionId: SESSION }], {
    fromMs: NOW - 3600_000,
    toMs: NOW,
  });
  frame = response.data[0] as DataFrame;
});
afterAll(() => harness.close());

const bodies = (f: DataFrame) => f.fields.find((x) => x.name === 'body')!.values as string[];
const times = (f: DataFrame) => f.fields.find((x) => x.name === 'timestamp')!.values as number[];
const newestFirst = (values: number[]) => values.every((t, i) => i === 0 || t <= values[i - 1]);
const row = (f: DataFrame, rowIndex: number) => ({ dataFrame: f, rowIndex, uid: `r${rowIndex}` }) as LogRowModel;

async function page(anchor: LogRowModel, direction: LogRowContextQueryDirection, query?: SessionErrorsQuery) {
  const response = await harness.ds.getLogRowContext(anchor, { direction, limit: 4 }, query);
  expect(response.error).toBeUndefined();
  return response.data[0] as DataFrame;
}

describe('log context against the engine', () => {
  it('the session query shows all 25 lines of the session, every level, newest first', () => {
    expect(frame.length).toBe(25);
    expect(new Set(bodies(frame))).toEqual(new Set(LINES.map((l) => l.message)));
  });

  /** Every line on one side of a row, page after page, as "load more" asks; each page newest first. */
  async function allContext(anchorIndex: number, direction: LogRowContextQueryDirection) {
    const lines: string[] = [];
    const lineTimes: number[] = [];
    let anchor = row(frame, anchorIndex);
    for (let guard = 0; guard < 10; guard++) {
      const next = await page(anchor, direction);
      if (next.length === 0) {
        break;
      }
      expect(newestFirst(times(next))).toBe(true);
      const backward = direction === LogRowContextQueryDirection.Backward;
      lines.splice(backward ? lines.length : 0, 0, ...bodies(next));
      lineTimes.splice(backward ? lineTimes.length : 0, 0, ...times(next));
      anchor = row(next, backward ? next.length - 1 : 0);
    }
    return { lines, lineTimes };
  }

  // Within an instant the context orders lines by index and id (lineKeys.ts), which need not be the
  // order of the query's page (`_doc`): which lines of the anchor's own instant come before it is that
  // order's; every other line is on the side its time says.
  it.each([0, 7, 12, 24])(
    'pages backward and forward from line %i with equal-timestamp neighbours: every line once, in time order',
    async (anchorIndex) => {
      const anchorTime = times(frame)[anchorIndex];
      const older = await allContext(anchorIndex, LogRowContextQueryDirection.Backward);
      const newer = await allContext(anchorIndex, LogRowContextQueryDirection.Forward);
      expect(newestFirst([...newer.lineTimes, anchorTime, ...older.lineTimes])).toBe(true);
      const all = [...newer.lines, bodies(frame)[anchorIndex], ...older.lines];
      expect([...all].sort()).toEqual(LINES.map((l) => l.message).sort());
    }
  );

  it('pages the same way again: the order within an instant is one order', async () => {
    const first = await allContext(12, LogRowContextQueryDirection.Backward);
    const again = await allContext(12, LogRowContextQueryDirection.Backward);
    expect(again.lines).toEqual(first.lines);
  });

  it('can show the same service instead of the same session', async () => {
    const anchor = row(frame, 0);
    const service = (frame.fields.find((f) => f.name === 'labels')!.values[0] as { service: string }).service;
    const older = await page(anchor, LogRowContextQueryDirection.Backward, {
      refId: 'A',
      contextScope: 'service',
    });
    const labels = older.fields.find((f) => f.name === 'labels')!.values as Array<{ service: string }>;
    expect(older.length).toBe(4);
    expect(labels.every((l) => l.service === service)).toBe(true);
  });

  it('says so when a line has no trace to show context of', async () => {
    const response = await harness.ds.getLogRowContext(
      row(frame, 0),
      { direction: LogRowContextQueryDirection.Backward, limit: 4 },
      { refId: 'A', contextScope: 'trace' }
    );
    expect(response.error?.message).toBe('This line has no trace.id, so there is no context of that kind to show.');
  });
});

describe('older lines in Explore (infinite scrolling) against the engine', () => {
  /** As Explore asks: the same `from`, and `to` set to the oldest line shown, until a page is empty. */
  async function scrollAll(query: Partial<SessionErrorsQuery>, window: { fromMs: number; toMs: number }) {
    const pages: string[][] = [];
    let toMs = window.toMs;
    for (let guard = 0; guard < 20; guard++) {
      const response = await runQueries(harness.ds, [{ ...query, limit: 7 }], { fromMs: window.fromMs, toMs });
      expect(response.errors).toBeUndefined();
      const page = response.data[0] as DataFrame;
      if (page.length === 0) {
        break;
      }
      pages.push(bodies(page));
      const times = page.fields.find((f) => f.name === 'timestamp')!.values as number[];
      toMs = times[times.length - 1];
    }
    return pages;
  }

  it.each([
    ['a session', { queryType: 'logs', mode: 'session', sessionId: SESSION }, { fromMs: NOW - 3600_000, toMs: NOW }],
    ['a time range', { queryType: 'logs', mode: 'range' }, { fromMs: NOW - 3600_000, toMs: NOW }],
    // Whole session: the dashboard range holds none of the lines; the session window does.
    [
      'a whole session',
      { queryType: 'logs', mode: 'session', sessionId: SESSION, wholeSession: true },
      { fromMs: NOW - 60_000, toMs: NOW },
    ],
  ] as const)(
    'pages through %s: every line once, in order, across instants of 5 equal timestamps',
    async (_label, query, window) => {
      const all = (await runQueries(harness.ds, [{ ...query, limit: 1000 }], window)).data[0] as DataFrame;
      const pages = await scrollAll(query, window);
      expect(pages.flat()).toEqual(bodies(all));
      expect(new Set(pages.flat()).size).toBe(all.length);
      // Pages hold whole instants: 7 lines asked for, 5 shown, the cut instant comes whole next.
      expect(pages.every((p) => p.length <= 7)).toBe(true);
      expect(pages.length).toBeGreaterThan(1);
    }
  );
});

describe('newer lines in Explore (infinite scrolling) against the engine', () => {
  it('pages from the newest line shown up to now: every newer line once, none skipped', async () => {
    const query = { queryType: 'logs', mode: 'session', sessionId: SESSION, limit: 7 } as const;
    // The first view ends after the first instant: 20 newer lines remain, more than a page.
    const first = (await runQueries(harness.ds, [query], { fromMs: NOW - 3600_000, toMs: START + 60_000 + 1 }))
      .data[0] as DataFrame;
    expect(first.length).toBe(5);
    const shown = [...bodies(first)];
    let newest = Math.max(...(first.fields[0].values as number[]));
    for (let guard = 0; guard < 20; guard++) {
      // infiniteScrollUtils.ts getNextRange: { from: newest shown, to: now }, no direction.
      const response = await runQueries(harness.ds, [query], { fromMs: newest, toMs: NOW });
      expect(response.errors).toBeUndefined();
      const page = response.data[0] as DataFrame;
      if (page.length === 0) {
        break;
      }
      shown.unshift(...bodies(page));
      newest = Math.max(...(page.fields[0].values as number[]));
    }
    const all = (await runQueries(harness.ds, [{ ...query, limit: 1000 }], { fromMs: NOW - 3600_000, toMs: NOW }))
      .data[0] as DataFrame;
    expect(shown).toEqual(bodies(all));
  });
});

describe('log context as Grafana asks for it', () => {
  it('loads more with the scope the context opened with, from a row whose refId Grafana rewrote', async () => {
    const query: SessionErrorsQuery = {
      refId: 'A',
      queryType: 'logs',
      mode: 'session',
      sessionId: SESSION,
      contextScope: 'service',
    };
    const shown = (await runQueries(harness.ds, [query], { fromMs: NOW - 3600_000, toMs: NOW })).data[0] as DataFrame;
    const service = (shown.fields.find((f) => f.name === 'labels')!.values[0] as { service: string }).service;
    const first = await page(row(shown, 0), LogRowContextQueryDirection.Backward, query);
    // LogRowContextModal.tsx: "load more" passes a row of the context frame, refId context_<n>_<m>,
    // and the query Explore finds for that refId is none.
    const rewritten = { ...first, refId: 'context_0_1' };
    const more = await page(row(rewritten, first.length - 1), LogRowContextQueryDirection.Backward, undefined);
    const labels = more.fields.find((f) => f.name === 'labels')!.values as Array<{ service: string }>;
    expect(more.length).toBeGreaterThan(0);
    expect(labels.every((l) => l.service === service)).toBe(true);
  });
});

import type { DataFrame, Field } from '@grafana/data';
import {
  addContextRows,
  CONTEXT_PAGE_SIZE,
  contextRequestRow,
  contextViewOf,
  loadMoreDirection,
  runContextView,
  type GetRowContext,
} from './logContext';
import { toLogRows, type LogRow } from './logRows';

// After grafana/grafana public/app/features/logs/components/log-context/LogRowContextModal.test.tsx
// ("should call getRowContext on open", refIds of load-more rows) and panel/LogLineContext.test.tsx.
// Epoch milliseconds of today's length: Grafana compares timeEpochNs as strings.
const T = 1_700_000_000_000;

function frame(refId: string, rows: Array<{ ms: number; line: string; nanos?: number }>): DataFrame {
  const withNanos = rows.some((r) => r.nanos !== undefined);
  return {
    refId,
    length: rows.length,
    meta: { type: 'log-lines' as NonNullable<DataFrame['meta']>['type'] },
    fields: [
      {
        name: 'timestamp',
        type: 'time',
        config: {},
        values: rows.map((r) => T + r.ms),
        ...(withNanos ? { nanos: rows.map((r) => r.nanos ?? 0) } : {}),
      },
      { name: 'body', type: 'string', config: {}, values: rows.map((r) => r.line) },
      { name: 'id', type: 'string', config: {}, values: rows.map((_, i) => `${refId}-${i}`) },
    ] as Field[],
  };
}

describe("Grafana's log context requests", () => {
  it('asks 100 lines a side, newer above and older below in descending order', () => {
    expect(CONTEXT_PAGE_SIZE).toBe(100);
    expect(loadMoreDirection('above')).toBe('FORWARD');
    expect(loadMoreDirection('below')).toBe('BACKWARD');
    expect(loadMoreDirection('above', 'Ascending')).toBe('BACKWARD');
  });

  it('rewrites the refId of the row it passes, per view', () => {
    const [row] = toLogRows([frame('A', [{ ms: 1, line: 'x' }])]);
    expect(contextRequestRow(row, 'LogRowContextModal', { above: 1, below: 0 }).dataFrame.refId).toBe('context_1_0');
    expect(contextRequestRow(row, 'LogLineContext').dataFrame.refId).toBe('context_A_A-0');
    expect(row.dataFrame.refId).toBe('A');
    expect(contextViewOf('11.0')).toBe('LogRowContextModal');
    expect(contextViewOf('13.2')).toBe('LogLineContext');
  });
});

describe('where context rows go', () => {
  const chosenFrame = frame('A', [{ ms: 100, line: 'TimeoutError' }]);
  const [chosen] = toLogRows([chosenFrame]);

  it('drops a new row equal to a shown one in entry and timeEpochNs: identical lines of one ms collapse', () => {
    const response = frame('c', [
      { ms: 100, line: 'TimeoutError' },
      { ms: 99, line: 'other' },
    ]);
    const { state } = addContextRows({ chosen, above: [], below: [] }, [response]);
    expect(state.below.map((r) => r.entry)).toEqual(['other']);
  });

  it('keeps them apart when nanos tell them apart, and puts the chosen instant below', () => {
    const [chosenNs] = toLogRows([frame('A', [{ ms: 100, line: 'TimeoutError', nanos: 2 }])]);
    const response = frame('c', [
      { ms: 100, line: 'TimeoutError', nanos: 1 },
      { ms: 100, line: 'TimeoutError', nanos: 3 },
    ]);
    const { state } = addContextRows({ chosen: chosenNs, above: [], below: [] }, [response]);
    expect(state.above.map((r) => r.timeEpochNs)).toEqual([`${T + 100}000003`]);
    expect(state.below.map((r) => r.timeEpochNs)).toEqual([`${T + 100}000001`]);
  });

  it('runs the opening requests and load-more from the rows at each end', async () => {
    const seen: Array<{ refId?: string; uid: string; direction: string }> = [];
    let page = 0;
    const getRowContext: GetRowContext = async (row: LogRow, options) => {
      seen.push({ refId: row.dataFrame.refId, uid: row.uid, direction: options.direction });
      page++;
      const ms = options.direction === 'FORWARD' ? 100 + page : 100 - page;
      return { data: [frame(`ctx${page}`, [{ ms, line: `line ${page}` }])] };
    };
    const { state, requests } = await runContextView(chosen, getRowContext, {
      view: 'LogRowContextModal',
      loadsPerSide: 1,
    });
    expect(requests.map((r) => r.refId)).toEqual(['context_1_0', 'context_1_1', 'context_2_1', 'context_2_2']);
    // The load-more requests start from the newest and the oldest context rows, not the chosen one.
    expect(seen.map((s) => s.uid)).toEqual(['A_A-0', 'A_A-0', 'ctx1_ctx1-0', 'ctx2_ctx2-0']);
    expect(state.above.map((r) => r.timeEpochMs - T)).toEqual([103, 101]);
    expect(state.below.map((r) => r.timeEpochMs - T)).toEqual([98, 96]);
  });
});

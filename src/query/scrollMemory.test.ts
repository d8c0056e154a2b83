import { DataFrameType, FieldType, type DataFrame } from '@grafana/data';
import { PAGES_REMEMBERED, QUERIES_REMEMBERED, ScrollMemory } from './scrollMemory';

/** A logs page as toLogsFrame makes it: newest first, each row's id and sort values. */
function page(rows: Array<[number, string]>, type: DataFrameType = DataFrameType.LogLines): DataFrame {
  return {
    length: rows.length,
    meta: { type },
    fields: [
      { name: 'timestamp', type: FieldType.time, config: {}, values: rows.map(([t]) => t) },
      { name: 'id', type: FieldType.string, config: {}, values: rows.map(([, id]) => `logs-a:${id}`) },
      { name: 'sort', type: FieldType.string, config: {}, values: rows.map(([t]) => JSON.stringify([t, 'logs-a', 0])) },
    ],
  };
}

const excluding = (...ids: string[]) => ({
  bool: { must_not: [{ bool: { filter: [{ term: { _index: 'logs-a' } }, { ids: { values: ids } }] } }] },
});

describe('ScrollMemory', () => {
  it('plans a query it has not seen as it is', () => {
    const memory = new ScrollMemory();
    expect(memory.plan('q', { fromMs: 0, toMs: 100 })).toEqual({ newerLines: false, range: { fromMs: 0, toMs: 100 } });
  });

  it('older lines: a range ending at the oldest instant shown takes it in again, less the lines shown there', () => {
    const memory = new ScrollMemory();
    memory.remember('q', [
      page([
        [90, 'a'],
        [50, 'b'],
        [50, 'c'],
      ]),
    ]);
    const plan = memory.plan('q', { fromMs: 0, toMs: 50 });
    expect(plan).toEqual({
      newerLines: false,
      range: { fromMs: 0, toMs: 51 },
      exclude: excluding('b', 'c'),
      continuing: {
        timeMs: 50,
        shown: [
          { index: 'logs-a', id: 'b' },
          { index: 'logs-a', id: 'c' },
        ],
      },
    });
  });

  it('newer lines: a range starting at the newest line shown, oldest first, from that instant less its lines', () => {
    const memory = new ScrollMemory();
    memory.remember('q', [
      page([
        [90, 'a'],
        [90, 'd'],
        [50, 'b'],
      ]),
    ]);
    expect(memory.plan('q', { fromMs: 90, toMs: 200 })).toEqual({
      newerLines: true,
      range: { fromMs: 89, toMs: 200 },
      exclude: excluding('a', 'd'),
      continuing: {
        timeMs: 90,
        shown: [
          { index: 'logs-a', id: 'a' },
          { index: 'logs-a', id: 'd' },
        ],
      },
    });
  });

  it('a range at no instant shown is run as it is, and another query’s pages do not count', () => {
    const memory = new ScrollMemory();
    memory.remember('q', [
      page([
        [90, 'a'],
        [50, 'b'],
      ]),
    ]);
    expect(memory.plan('q', { fromMs: 0, toMs: 70 })).toEqual({ newerLines: false, range: { fromMs: 0, toMs: 70 } });
    expect(memory.plan('other', { fromMs: 0, toMs: 50 })).toEqual({
      newerLines: false,
      range: { fromMs: 0, toMs: 50 },
    });
  });

  it('an instant over several pages: each page going on with it adds its lines to those shown', () => {
    const memory = new ScrollMemory();
    memory.remember('q', [
      page([
        [50, 'a'],
        [50, 'b'],
      ]),
    ]);
    const second = memory.plan('q', { fromMs: 0, toMs: 50 });
    memory.remember(
      'q',
      [
        page([
          [50, 'c'],
          [50, 'd'],
        ]),
      ],
      second
    );
    const third = memory.plan('q', { fromMs: 0, toMs: 50 });
    expect(third.exclude).toEqual(excluding('a', 'b', 'c', 'd'));
    // The same lines again (a repeated request) are counted once.
    memory.remember(
      'q',
      [
        page([
          [50, 'c'],
          [40, 'e'],
        ]),
      ],
      third
    );
    expect(memory.plan('q', { fromMs: 0, toMs: 50 }).exclude).toEqual(excluding('a', 'b', 'c', 'd'));
    expect(memory.plan('q', { fromMs: 0, toMs: 40 }).exclude).toEqual(excluding('e'));
  });

  it('a page that does not go on with an instant replaces what an earlier run showed there', () => {
    const memory = new ScrollMemory();
    memory.remember('q', [
      page([
        [50, 'a'],
        [50, 'b'],
      ]),
    ]);
    // A new run of the query (no plan going on with instant 50) showing other lines of it.
    memory.remember(
      'q',
      [
        page([
          [60, 'x'],
          [50, 'c'],
        ]),
      ],
      memory.plan('q', { fromMs: 0, toMs: 60 })
    );
    expect(memory.plan('q', { fromMs: 0, toMs: 50 }).exclude).toEqual(excluding('c'));
  });

  it('remembers logs pages only, and only pages with lines', () => {
    const memory = new ScrollMemory();
    const withoutMeta = { ...page([[50, 'a']]), meta: undefined };
    memory.remember('q', [page([[50, 'a']], DataFrameType.TimeSeriesMulti), page([]), withoutMeta]);
    expect(memory.plan('q', { fromMs: 50, toMs: 50 })).toEqual({ newerLines: false, range: { fromMs: 50, toMs: 50 } });
  });

  it('a query whose page had no line is not used again by it: it is forgotten first', () => {
    const memory = new ScrollMemory();
    memory.remember('old', [page([[7, 'x']])]);
    for (let i = 1; i < QUERIES_REMEMBERED; i++) {
      memory.remember(`other-${i}`, [page([[7, 'x']])]);
    }
    memory.remember('old', [page([])]);
    memory.remember('new', [page([[7, 'x']])]);
    expect(memory.plan('old', { fromMs: 7, toMs: 9 }).newerLines).toBe(false);
    expect(memory.plan('other-1', { fromMs: 7, toMs: 9 }).newerLines).toBe(true);
  });

  it('keeps the newest times of exactly the last pages', () => {
    const memory = new ScrollMemory();
    for (let i = 0; i < PAGES_REMEMBERED; i++) {
      memory.remember('q', [page([[1000 + i, `p${i}`]])]);
    }
    expect(memory.plan('q', { fromMs: 1000, toMs: 5000 }).newerLines).toBe(true);
  });

  it('keeps the newest times of the last pages, and forgets the least recently used query', () => {
    const memory = new ScrollMemory();
    for (let i = 0; i <= PAGES_REMEMBERED; i++) {
      memory.remember('q', [page([[1000 + i, `p${i}`]])]);
    }
    expect(memory.plan('q', { fromMs: 1000, toMs: 5000 }).newerLines).toBe(false);
    expect(memory.plan('q', { fromMs: 1001, toMs: 5000 }).newerLines).toBe(true);
    for (let i = 0; i < QUERIES_REMEMBERED; i++) {
      memory.remember(`other-${i}`, [page([[7, 'x']])]);
      // Using q again keeps it among the remembered.
      if (i === 0) {
        memory.remember('q', [page([[2000, 'z']])]);
      }
    }
    expect(memory.plan('q', { fromMs: 2000, toMs: 5000 }).newerLines).toBe(true);
    expect(memory.plan('other-0', { fromMs: 7, toMs: 9 }).newerLines).toBe(false);
    expect(memory.plan('other-1', { fromMs: 7, toMs: 9 }).newerLines).toBe(true);
  });

  it('keeps the lines of the last instants only', () => {
    const memory = new ScrollMemory();
    for (let i = 0; i <= 2 * PAGES_REMEMBERED; i++) {
      memory.remember('q', [page([[100 + i, `p${i}`]])]);
    }
    expect(memory.plan('q', { fromMs: 0, toMs: 100 }).exclude).toBeUndefined();
    expect(memory.plan('q', { fromMs: 0, toMs: 101 }).exclude).toEqual(excluding('p1'));
  });
});

import { compareLineKeys, excludeLines, hitKey, inLineOrder, isBeyond } from './lineKeys';

const hit = (time: number, index: string, id: string) => ({ _index: index, _id: id, sort: [time, index, 0] });
const names = (hits: Array<{ _index: string; _id: string }>) => hits.map((h) => `${h._index}/${h._id}`);

describe('hitKey', () => {
  it('is the hit’s index and id', () => {
    expect(hitKey({ _index: 'logs-a', _id: 'x' })).toEqual({ index: 'logs-a', id: 'x' });
  });

  it('has an empty id for a hit without one', () => {
    expect(hitKey({ _index: 'logs-a' })).toEqual({ index: 'logs-a', id: '' });
  });
});

describe('compareLineKeys', () => {
  it.each([
    [{ index: 'a', id: '2' }, { index: 'b', id: '1' }, -1],
    [{ index: 'b', id: '1' }, { index: 'a', id: '2' }, 1],
    [{ index: 'a', id: '1' }, { index: 'a', id: '2' }, -1],
    [{ index: 'a', id: '2' }, { index: 'a', id: '1' }, 1],
    [{ index: 'a', id: '1' }, { index: 'a', id: '1' }, 0],
    // Code units, not the locale: upper case before lower case.
    [{ index: 'a', id: 'Z' }, { index: 'a', id: 'a' }, -1],
    [{ index: 'B', id: '1' }, { index: 'a', id: '1' }, -1],
  ])('%j against %j is %p', (a, b, expected) => {
    expect(compareLineKeys(a, b)).toBe(expected);
  });
});

describe('inLineOrder', () => {
  const hits = [hit(2, 'a', 'y'), hit(1, 'b', 'x'), hit(2, 'a', 'x'), hit(1, 'a', 'z'), hit(2, 'b', 'a')];

  it('newest first, then the greatest key first', () => {
    expect(names(inLineOrder(hits, 'desc'))).toEqual(['b/a', 'a/y', 'a/x', 'b/x', 'a/z']);
  });

  it('oldest first, then the least key first', () => {
    expect(names(inLineOrder(hits, 'asc'))).toEqual(['a/z', 'b/x', 'a/x', 'a/y', 'b/a']);
  });

  it('gives a new array and leaves the hits as they were', () => {
    const before = [...hits];
    expect(inLineOrder(hits, 'asc')).not.toBe(hits);
    expect(hits).toEqual(before);
  });

  it('puts a hit without an id first among its index’s at its instant, oldest first', () => {
    expect(names(inLineOrder([hit(1, 'a', 'b'), { _index: 'a', _id: '', sort: [1] }], 'asc'))).toEqual(['a/', 'a/b']);
  });

  it('orders by time before the key whatever the key', () => {
    expect(names(inLineOrder([hit(1, 'z', 'z'), hit(3, 'a', 'a'), hit(2, 'm', 'm')], 'desc'))).toEqual([
      'a/a',
      'm/m',
      'z/z',
    ]);
  });
});

describe('isBeyond', () => {
  const anchor = { index: 'a', id: 'm' };

  it.each([
    [{ index: 'a', id: 'n' }, 'asc', true],
    [{ index: 'a', id: 'n' }, 'desc', false],
    [{ index: 'a', id: 'l' }, 'asc', false],
    [{ index: 'a', id: 'l' }, 'desc', true],
    [{ index: 'a', id: 'm' }, 'asc', false],
    [{ index: 'a', id: 'm' }, 'desc', false],
  ] as const)('%j in %s order: %p', (key, order, expected) => {
    expect(isBeyond(key, anchor, order)).toBe(expected);
  });
});

describe('excludeLines', () => {
  it('is nothing for no lines', () => {
    expect(excludeLines([])).toBeUndefined();
  });

  it('leaves out each index’s ids, in the order the indices come', () => {
    expect(
      excludeLines([
        { index: 'b', id: '1' },
        { index: 'a', id: '2' },
        { index: 'b', id: '3' },
      ])
    ).toEqual({
      bool: {
        must_not: [
          { bool: { filter: [{ term: { _index: 'b' } }, { ids: { values: ['1', '3'] } }] } },
          { bool: { filter: [{ term: { _index: 'a' } }, { ids: { values: ['2'] } }] } },
        ],
      },
    });
  });
});

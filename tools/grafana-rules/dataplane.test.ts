import type { DataFrame } from '@grafana/data';
import { dataplaneProblems } from './dataplane';

const meta = (type: string) => ({ type, typeVersion: [0, 1] }) as unknown as DataFrame['meta'];
const numeric = (value: number | null, labels: Record<string, string>, rows = 1): DataFrame =>
  ({
    length: rows,
    meta: meta('numeric-multi'),
    fields: [{ name: 'sessions', type: 'number', config: {}, labels, values: Array(rows).fill(value) }],
  }) as unknown as DataFrame;
const series = (times: Array<number | null>, labels: Record<string, string> = {}): DataFrame =>
  ({
    length: times.length,
    meta: meta('timeseries-multi'),
    fields: [
      { name: 'time', type: 'time', config: {}, values: times },
      { name: 'count', type: 'number', config: {}, labels, values: times.map(() => 1) },
    ],
  }) as unknown as DataFrame;

// Cases after the contract's own examples and invalid cases (grafana/dataplane docs/contract).
describe('the data plane checks', () => {
  it.each([
    ['two numeric items', [numeric(1, { host: 'a' }), numeric(6, { host: 'b' })]],
    ['the "no data" frame', [{ length: 0, meta: meta('numeric-multi'), fields: [] } as unknown as DataFrame]],
    ['two series', [series([1, 2], { level: 'error' }), series([1, 3], { level: 'warning' })]],
  ])('accepts %s', (_label, frames) => {
    expect(dataplaneProblems(frames)).toEqual([]);
  });

  it.each([
    ['a numeric frame with two rows', [numeric(1, {}, 2)], /no rows or one/],
    ['duplicate items', [numeric(1, { host: 'a' }), numeric(2, { host: 'a' })], /duplicate item/],
    [
      'no data beside data',
      [numeric(1, {}), { length: 0, meta: meta('numeric-multi'), fields: [] } as unknown as DataFrame],
      /"no data" frame/,
    ],
    ['unsorted time', [series([2, 1])], /not ascending/],
    ['a null time', [series([1, null])], /nulls/],
    ['mixed types', [numeric(1, {}), series([1])], /one data plane type/],
  ])('names %s', (_label, frames, problem) => {
    expect(dataplaneProblems(frames as DataFrame[]).join('\n')).toMatch(problem);
  });
});

import { bucketKeysText, bucketsOf } from './aggregationBuckets';

describe('bucketsOf', () => {
  it.each([
    ['a list', { buckets: [{ key: 'a' }, { key: 'b' }] }, ['a', 'b']],
    ['keyed', { buckets: { a: { key: 'a' }, b: { key: 'b' } } }, ['a', 'b']],
    ['no buckets', {}, []],
    ['no aggregation', undefined, []],
    ['null', { buckets: null }, []],
    ['a string', { buckets: 'ab' }, []],
  ])('reads buckets answered as %s', (_, agg, keys) => {
    expect(bucketsOf<{ key: string }>(agg).map((b) => b.key)).toStrictEqual(keys);
  });
});

describe('bucketKeysText', () => {
  it.each([
    [{ buckets: [{ key: 'checkout' }, { key: 42 }] }, 'checkout, 42'],
    [{ buckets: [] }, ''],
    [undefined, ''],
  ])('joins the keys of %j', (agg, text) => {
    expect(bucketKeysText(agg)).toBe(text);
  });
});

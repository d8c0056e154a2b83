import { interleavedMedians, median, percentile } from './stats';

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[10, 1, 5], 50, 5],
    [[7], 95, 7],
  ])('%p p%p = %p', (samples, p, expected) => {
    expect(percentile(samples, p)).toBe(expected);
  });
  it('is NaN without samples', () => expect(median([])).toBeNaN());
});

describe('interleavedMedians', () => {
  it('runs each function the given number of times, alternating', () => {
    const calls: string[] = [];
    const medians = interleavedMedians([() => calls.push('a'), () => calls.push('b')], 3);
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(medians).toHaveLength(2);
    medians.forEach((m) => expect(m).toBeGreaterThanOrEqual(0));
  });
});

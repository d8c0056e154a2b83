import { newerLinesRange, olderLinesRange, visibleRange } from './infiniteScroll';

// After grafana/grafana public/app/features/logs/components/InfiniteScroll.test.tsx and
// infiniteScrollUtils: the ranges asked at the bottom (older) and the top (newer) of a descending list.
describe('infinite scrolling ranges', () => {
  const rows = [{ timeEpochMs: 9_000 }, { timeEpochMs: 5_000 }];
  const current = { from: 1_000, to: 20_000 };

  it('finds the visible range in either order', () => {
    expect(visibleRange(rows)).toEqual({ from: 5_000, to: 9_000 });
    expect(visibleRange([...rows].reverse())).toEqual({ from: 5_000, to: 9_000 });
  });

  it('asks older lines from the range start to the oldest shown', () => {
    expect(olderLinesRange(visibleRange(rows), current)).toEqual({ from: 1_000, to: 5_000 });
  });

  it('asks newer lines from the newest shown to the range end', () => {
    expect(newerLinesRange(visibleRange(rows), current)).toEqual({ from: 9_000, to: 20_000 });
  });

  it('does not scroll within a second of the range ends', () => {
    expect(olderLinesRange({ from: 1_500, to: 9_000 }, current)).toBeUndefined();
    expect(newerLinesRange({ from: 5_000, to: 19_500 }, current)).toBeUndefined();
  });
});

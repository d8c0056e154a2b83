import {
  ceilHour,
  DEFAULT_SUMMARY_INDEX,
  floorHour,
  HOUR_MS,
  hoursToSummarize,
  summaryPlan,
} from './errorGroupsSummary';

const H = HOUR_MS;
const M = 60_000;
const DAY0 = Date.UTC(2026, 10, 1);
const at = (hours: number, minutes = 0) => DAY0 + hours * H + minutes * M;

describe('summaryPlan', () => {
  it.each([
    {
      name: 'edges inside hours: the whole hours between them, and the look-back’s whole hours',
      window: { fromMs: at(10, 13), toMs: at(20, 23) },
      lookbackMs: 3 * H,
      checkpoint: at(22),
      summarized: [
        [at(8), at(10)],
        [at(11), at(20)],
      ],
    },
    {
      name: 'edges on the hour: `to` itself is in the range, so its hour is read as lines',
      window: { fromMs: at(10), toMs: at(20) },
      lookbackMs: 2 * H,
      checkpoint: at(22),
      summarized: [
        [at(8), at(10)],
        [at(10), at(20)],
      ],
    },
    {
      name: 'a checkpoint inside the range: the hours after it are lines',
      window: { fromMs: at(10, 30), toMs: at(20, 30) },
      lookbackMs: H,
      checkpoint: at(15),
      summarized: [[at(11), at(15)]],
    },
    {
      name: 'a checkpoint inside the look-back: only its summarized hours',
      window: { fromMs: at(10, 30), toMs: at(20, 30) },
      lookbackMs: 6 * H,
      checkpoint: at(7),
      summarized: [[at(5), at(7)]],
    },
    {
      name: 'a checkpoint not on the hour counts up to the hour before it',
      window: { fromMs: at(10), toMs: at(20) },
      lookbackMs: 0,
      checkpoint: at(14, 59),
      summarized: [[at(10), at(14)]],
    },
    {
      name: 'a range inside one hour: lines only',
      window: { fromMs: at(10, 5), toMs: at(10, 50) },
      lookbackMs: 30 * M,
      checkpoint: at(22),
      summarized: [],
    },
    {
      name: 'no summarized hour yet',
      window: { fromMs: at(10), toMs: at(20) },
      lookbackMs: 7 * 24 * H,
      checkpoint: 0,
      summarized: [],
    },
  ])('$name', ({ window, lookbackMs, checkpoint, summarized }) => {
    expect(summaryPlan(window, lookbackMs, checkpoint).summarized).toEqual(
      summarized.map(([fromMs, toMs]) => ({ fromMs, toMs }))
    );
  });

  it('never summarizes a moment outside the look-back and the range, nor one twice', () => {
    for (let i = 0; i < 300; i++) {
      const fromMs = at(0) + ((i * 7919) % (48 * 60)) * M;
      const toMs = fromMs + ((i * 104729) % (30 * 60)) * M;
      const lookbackMs = ((i * 31) % 600) * M;
      const checkpoint = at(0) + ((i * 613) % (80 * 60)) * M;
      const spans = summaryPlan({ fromMs, toMs }, lookbackMs, checkpoint).summarized;
      for (const [k, span] of spans.entries()) {
        expect(span.fromMs % H).toBe(0);
        expect(span.toMs % H).toBe(0);
        expect(span.fromMs).toBeGreaterThanOrEqual(fromMs - lookbackMs);
        expect(span.toMs).toBeLessThanOrEqual(Math.min(toMs, checkpoint));
        expect(span.toMs).toBeGreaterThan(span.fromMs);
        if (k > 0) {
          expect(span.fromMs).toBeGreaterThanOrEqual(spans[k - 1].toMs);
        }
        // No summarized hour straddles `from`: the before/in-range split stays exact.
        expect(span.toMs <= fromMs || span.fromMs >= fromMs).toBe(true);
      }
    }
  });
});

describe('hoursToSummarize', () => {
  it.each([
    { since: at(10, 20), now: at(13, 10), lateness: 5 * M, hours: [at(10), at(11), at(12)] },
    { since: at(10, 20), now: at(13, 3), lateness: 5 * M, hours: [at(10), at(11)] },
    { since: at(12), now: at(12, 59), lateness: 0, hours: [] },
    { since: at(12), now: at(13), lateness: 0, hours: [at(12)] },
  ])('from $since to $now with $lateness ms lateness', ({ since, now, lateness, hours }) => {
    expect(hoursToSummarize(since, now, lateness)).toEqual(hours);
  });
});

describe('floorHour and ceilHour', () => {
  it.each([
    [at(10), at(10), at(10)],
    [at(10, 1), at(10), at(11)],
    [at(10, 59), at(10), at(11)],
    [at(10) + 1, at(10), at(11)],
    [at(10) - 1, at(9), at(10)],
    [0, 0, 0],
    [1, 0, H],
  ])('%p: the hour holding it starts at %p, the next whole hour at %p', (ms, floor, ceil) => {
    expect(floorHour(ms)).toBe(floor);
    expect(ceilHour(ms)).toBe(ceil);
  });
});

describe('summaryPlan, edges', () => {
  it.each([
    {
      name: 'a look-back ending exactly on the hour holding `from`: no empty span',
      window: { fromMs: at(10, 30), toMs: at(14) },
      lookbackMs: 30 * M,
      checkpoint: at(22),
      summarized: [[at(11), at(14)]],
    },
    {
      name: 'a checkpoint exactly at `from`’s hour: the look-back only',
      window: { fromMs: at(10), toMs: at(14) },
      lookbackMs: 2 * H,
      checkpoint: at(10),
      summarized: [[at(8), at(10)]],
    },
    {
      name: 'a checkpoint one hour into the range',
      window: { fromMs: at(10), toMs: at(14) },
      lookbackMs: 0,
      checkpoint: at(11),
      summarized: [[at(10), at(11)]],
    },
    {
      name: 'a checkpoint after the range: up to the hour holding `to`',
      window: { fromMs: at(10), toMs: at(14, 1) },
      lookbackMs: 0,
      checkpoint: at(30),
      summarized: [[at(10), at(14)]],
    },
  ])('$name', ({ window, lookbackMs, checkpoint, summarized }) => {
    expect(summaryPlan(window, lookbackMs, checkpoint).summarized).toEqual(
      summarized.map(([fromMs, toMs]) => ({ fromMs, toMs }))
    );
  });
});

describe('hoursToSummarize, edges', () => {
  it.each([
    { since: at(12), now: at(13) + 1, lateness: 1, hours: [at(12)] },
    { since: at(12), now: at(13), lateness: 1, hours: [] },
    { since: at(12, 59), now: at(14), lateness: 0, hours: [at(12), at(13)] },
    { since: at(12), now: at(11), lateness: 0, hours: [] },
  ])('from $since to $now with $lateness ms lateness', ({ since, now, lateness, hours }) => {
    expect(hoursToSummarize(since, now, lateness)).toEqual(hours);
  });
});

describe('the summary index', () => {
  it('keeps the default name that existing setups created and the summarizer writes', () => {
    expect(DEFAULT_SUMMARY_INDEX).toBe('sessionreplay-error-groups');
  });
});

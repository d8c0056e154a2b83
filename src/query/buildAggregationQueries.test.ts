import { resolveSettings } from '../settings';
import {
  buildErrorGroupsQuery,
  buildErrorsOverTimeQuery,
  buildSessionsQuery,
  buildSummaryCheckpointQuery,
  buildTermsValuesQuery,
  histogramIntervalMs,
  MAX_GROUPS,
  MAX_HISTOGRAM_BUCKETS,
} from './buildAggregationQueries';
import { summaryPlan } from './errorGroupsSummary';

const window = { fromMs: 1_700_000_000_000, toMs: 1_700_003_600_000 }; // one hour
const settings = resolveSettings({ sessionField: 'session.id' });

describe('histogramIntervalMs', () => {
  it.each([
    [60_000, 60_000],
    [1500, 4000], // an hour in at most 1000 buckets: 3.6 s, rounded up to whole seconds
    [undefined, 4000],
    [0, 4000],
    [10, 4000],
  ])('requested %p ms -> %p ms', (requested, expected) => {
    expect(histogramIntervalMs(window, requested)).toBe(expected);
  });

  it('never gives more than the maximum number of buckets', () => {
    const week = { fromMs: 0, toMs: 7 * 24 * 3600_000 };
    expect(week.toMs / histogramIntervalMs(week, 1000)).toBeLessThanOrEqual(MAX_HISTOGRAM_BUCKETS);
  });
});

describe('buildErrorsOverTimeQuery', () => {
  it('counts in a zero-filled date histogram over the window, without fetching hits', () => {
    const built = buildErrorsOverTimeQuery(settings, { window, intervalMs: 60_000 });
    expect(built.ok && built.body).toMatchObject({
      size: 0,
      aggs: {
        over_time: {
          date_histogram: {
            field: '@timestamp',
            fixed_interval: '60000ms',
            min_doc_count: 0,
            extended_bounds: { min: window.fromMs, max: window.toMs },
          },
        },
      },
    });
  });

  it.each([
    ['level', 'log.level'],
    ['service', 'service.name'],
  ] as const)('splits by %s into at most 10 series', (splitBy, field) => {
    const built = buildErrorsOverTimeQuery(settings, { window, splitBy });
    expect(built.ok && built.body.aggs?.split).toMatchObject({
      terms: { field, size: 10, missing: '(none)' },
      aggs: { over_time: { date_histogram: expect.objectContaining({ field: '@timestamp' }) } },
    });
  });

  it('can count one session, and applies extra filters', () => {
    const built = buildErrorsOverTimeQuery(settings, {
      window,
      sessionId: '42',
      extraFilters: [{ term: { 'host.name': 'a' } }],
    });
    const filters = JSON.stringify(built.ok && built.body.query);
    expect(filters).toContain('"session.id":"42"');
    expect(filters).toContain('{"term":{"host.name":"a"}}');
  });
});

describe('buildSessionsQuery', () => {
  it('groups tagged lines by session, latest first, with first and last times, services and levels', () => {
    const built = buildSessionsQuery(settings, { window, limit: 50, levels: ['error'] });
    expect(built.ok && built.body).toMatchObject({
      size: 0,
      aggs: {
        sessions: {
          terms: { field: 'session.id', size: 50, order: { last_seen: 'desc' } },
          aggs: {
            first_seen: { min: { field: '@timestamp' } },
            last_seen: { max: { field: '@timestamp' } },
            services: { terms: { field: 'service.name', size: 5 } },
            levels: { terms: { field: 'log.level', size: 5 } },
          },
        },
      },
    });
    expect(JSON.stringify(built.ok && built.body.query)).toContain('"ERROR"');
  });

  it.each([
    [undefined, 100],
    [5000, 1000],
    [0, 100],
  ])('limit %p -> %p sessions', (limit, size) => {
    const built = buildSessionsQuery(settings, { window, limit });
    expect(built.ok && (built.body.aggs?.sessions.terms as { size: number }).size).toBe(size);
  });

  it('needs a session field', () => {
    const built = buildSessionsQuery(resolveSettings({}), { window });
    expect(!built.ok && built.error).toMatch(/needs a session id field/);
  });
});

describe('buildTermsValuesQuery', () => {
  it('orders by count, or by latest time', () => {
    const byCount = buildTermsValuesQuery(settings, 'service.name', { window });
    expect(byCount.ok && byCount.body.aggs?.values).toEqual({ terms: { field: 'service.name', size: 500 } });
    const latest = buildTermsValuesQuery(settings, 'session.id', { window }, 'latest');
    expect(latest.ok && latest.body.aggs?.values).toEqual({
      terms: { field: 'session.id', size: 500, order: { latest: 'desc' } },
      aggs: { latest: { max: { field: '@timestamp' } } },
    });
  });
});

describe('buildErrorGroupsQuery', () => {
  const withSession = resolveSettings({ sessionField: 'session.id', userField: 'user.id' });

  it('groups by fingerprint, most affected sessions in the range first, reaching back for newness', () => {
    const built = buildErrorGroupsQuery(withSession, { window, lookbackMs: 86_400_000, limit: 20 });
    expect(built.ok).toBe(true);
    const body = built.ok ? built.body : undefined;
    expect(body?.size).toBe(0);
    const groups = (body?.aggs as Record<string, { terms: unknown; aggs: Record<string, unknown> }>).groups;
    expect(groups.terms).toEqual({ field: 'error.fingerprint', size: 20, order: { 'in_range>sessions': 'desc' } });
    expect(groups.aggs.before).toEqual({
      filter: { range: { '@timestamp': { lt: window.fromMs, format: 'epoch_millis' } } },
    });
    const inRange = groups.aggs.in_range as { filter: unknown; aggs: Record<string, unknown> };
    expect(inRange.filter).toEqual({
      range: { '@timestamp': { gte: window.fromMs, lte: window.toMs, format: 'epoch_millis' } },
    });
    // A bounded counter per group: every group's is held at once, as they are ordered by it.
    expect(inRange.aggs.sessions).toEqual({ cardinality: { field: 'session.id', precision_threshold: 200 } });
    expect(inRange.aggs.users).toEqual({ cardinality: { field: 'user.id', precision_threshold: 200 } });
    // The whole search reaches a day before the range.
    expect(JSON.stringify(body?.query)).toContain(`"gte":${window.fromMs - 86_400_000}`);
  });

  it('never fetches lines and bounds the groups', () => {
    const built = buildErrorGroupsQuery(withSession, { window, lookbackMs: 0, limit: 100_000 });
    expect(built.ok && built.body.size).toBe(0);
    expect(JSON.stringify(built.ok && built.body.aggs)).toContain(`"size":${MAX_GROUPS}`);
  });

  describe('with the hourly summary', () => {
    const H = 3_600_000;
    const from = 1_700_000_000_000 - (1_700_000_000_000 % H) + 13 * 60_000; // 13 minutes past an hour
    const wide = { fromMs: from, toMs: from + 20 * H };
    const plan = summaryPlan(wide, 2 * H, wide.toMs);
    const built = buildErrorGroupsQuery(withSession, { window: wide, lookbackMs: 2 * H, summaryPlan: plan });
    const body = built.ok ? built.body : undefined;
    type Aggs = Record<string, { filter?: unknown; aggs: Record<string, unknown> } & Record<string, unknown>>;
    const groups = (body?.aggs as Aggs).groups;
    const inRange = groups.aggs.in_range as Aggs[string];

    it('reads summary documents of the whole hours and lines outside them, in one search', () => {
      const hours = plan.summarized.map((s) => ({
        range: { '@timestamp': { gte: s.fromMs, lt: s.toMs, format: 'epoch_millis' } },
      }));
      expect(hours).toHaveLength(2);
      const [lines, summaries] = (body?.query as { bool: { should: Array<{ bool: Record<string, unknown[]> }> } }).bool
        .should;
      expect(lines.bool.must_not).toEqual([{ exists: { field: 'error.lines' } }, ...hours]);
      // The lines' own filter reaches back the whole look-back.
      expect(JSON.stringify(lines.bool.filter)).toContain(`"gte":${from - 2 * H}`);
      expect(summaries.bool.filter).toEqual([
        { exists: { field: 'error.lines' } },
        { bool: { should: hours, minimum_should_match: 1 } },
      ]);
    });

    it('counts sessions and users by their hashes, lines as sums, and first and last from both kinds', () => {
      expect(inRange.aggs.sessions).toEqual({ cardinality: { field: 'error.session_hash', precision_threshold: 200 } });
      expect(inRange.aggs.users).toEqual({ cardinality: { field: 'error.user_hash', precision_threshold: 200 } });
      expect(inRange.aggs.lines).toEqual({ sum: { field: 'error.lines', missing: 1 } });
      expect(inRange.aggs.last_summary).toEqual({ max: { field: 'error.last_seen' } });
      expect(groups.aggs.first_summary).toEqual({ min: { field: 'error.first_seen' } });
      expect(groups.aggs.first_line).toEqual({
        filter: { bool: { must_not: [{ exists: { field: 'error.lines' } }] } },
        aggs: { first: { min: { field: '@timestamp' } } },
      });
      expect(groups.aggs.first_ever).toBeUndefined();
    });

    it('draws the trend in whole hours, as sums of lines', () => {
      const trend = inRange.aggs.trend as { date_histogram: { fixed_interval: string }; aggs: unknown };
      expect(trend.date_histogram.fixed_interval).toBe(`${H}ms`);
      expect(trend.aggs).toEqual({ lines: { sum: { field: 'error.lines', missing: 1 } } });
      const week = { fromMs: from, toMs: from + 7 * 24 * H };
      const weekly = buildErrorGroupsQuery(withSession, {
        window: week,
        lookbackMs: 0,
        summaryPlan: summaryPlan(week, 0, week.toMs),
      });
      // 60 points over a week: 2.8 hours each, rounded up to whole hours.
      expect(JSON.stringify(weekly.ok && weekly.body.aggs)).toContain(`"fixed_interval":"${3 * H}ms"`);
    });

    it('has the latest line’s summary in the top hit', () => {
      expect((inRange.aggs.latest as { top_hits: { _source: string[] } }).top_hits._source).toContain('error.latest');
    });

    it('asks for the checkpoint by id, with nothing but its time', () => {
      expect(buildSummaryCheckpointQuery()).toMatchObject({
        size: 0,
        query: { ids: { values: ['checkpoint'] } },
        aggs: { through: { max: { field: 'summary.through' } } },
      });
    });
  });

  it('needs the session field', () => {
    expect(buildErrorGroupsQuery(resolveSettings({}), { window, lookbackMs: 0 })).toEqual({
      ok: false,
      error: expect.stringMatching(/session id field/),
    });
  });
});

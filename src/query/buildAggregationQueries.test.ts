import { resolveSettings } from '../settings';
import {
  buildErrorGroupsQuery,
  buildErrorsOverTimeQuery,
  buildSessionsCountQuery,
  buildSessionsQuery,
  buildSummaryCheckpointQuery,
  buildTermsValuesQuery,
  histogramIntervalMs,
  MAX_GROUPS,
  MAX_HISTOGRAM_BUCKETS,
  MAX_SPLIT_SERIES,
  SESSION_COUNT_PRECISION,
} from './buildAggregationQueries';
import { summaryPlan } from './errorGroupsSummary';
import { sessionKeySource } from './sessionKey';

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

describe('aggregations over several session fields', () => {
  const several = resolveSettings({ sessionFields: ['session.id', 'attributes.session.id'], userField: 'user.id' });
  const key = sessionKeySource(several.sessionFields);

  it('lists sessions by the first field a line has, and counts the lines of each field', () => {
    const built = buildSessionsQuery(several, { window });
    expect(built.ok && built.body.aggs?.sessions).toMatchObject({
      terms: { ...key, size: 100, order: { last_seen: 'desc' } },
      aggs: {
        id_sources: {
          filters: { filters: [{ exists: { field: 'session.id' } }, { exists: { field: 'attributes.session.id' } }] },
        },
      },
    });
  });

  it('counts, lists for variables and counts per group by the same key', () => {
    const count = buildSessionsCountQuery(several, { window });
    expect(count.ok && count.body.aggs?.sessions).toEqual({
      cardinality: { ...key, precision_threshold: SESSION_COUNT_PRECISION },
    });
    const groups = buildErrorGroupsQuery(several, { window, lookbackMs: 0 });
    const inRange = groups.ok && (groups.body.aggs?.groups.aggs?.in_range.aggs as Record<string, unknown>);
    expect(inRange && inRange.sessions).toEqual({ cardinality: { ...key, precision_threshold: 200 } });
  });

  it('with one field, reads the field and asks for no sources', () => {
    const built = buildSessionsQuery(settings, { window });
    expect(built.ok && built.body.aggs?.sessions.aggs).not.toHaveProperty('id_sources');
    expect(built.ok && built.body.aggs?.sessions.terms).toMatchObject({ field: 'session.id' });
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

describe('buildSessionsCountQuery', () => {
  it('counts distinct sessions of the matching lines, exactly up to the precision threshold', () => {
    const built = buildSessionsCountQuery(settings, { window, levels: ['error'], sessionId: '42' });
    expect(built.ok && built.body).toMatchObject({
      size: 0,
      track_total_hits: false,
      aggs: { sessions: { cardinality: { field: 'session.id', precision_threshold: SESSION_COUNT_PRECISION } } },
    });
    const query = JSON.stringify(built.ok && built.body.query);
    expect(query).toContain('"ERROR"');
    // Every session of the range counts, whatever session the query's box names.
    expect(query).not.toContain('"42"');
  });

  it.each([
    ['service', 'service.name'],
    ['level', 'log.level'],
  ] as const)('counts them per %s, missing values as (none)', (splitBy, field) => {
    const built = buildSessionsCountQuery(settings, { window, splitBy });
    expect(built.ok && built.body.aggs).toEqual({
      split: {
        terms: { field, size: MAX_SPLIT_SERIES, missing: '(none)' },
        aggs: { sessions: { cardinality: { field: 'session.id', precision_threshold: SESSION_COUNT_PRECISION } } },
      },
    });
  });

  it('needs a session field', () => {
    const built = buildSessionsCountQuery(resolveSettings({}), { window });
    expect(!built.ok && built.error).toMatch(/needs a session id field/);
  });
});

describe('buildTermsValuesQuery', () => {
  it('orders by count, or by latest time', () => {
    const byCount = buildTermsValuesQuery(settings, { field: 'service.name' }, { window });
    expect(byCount.ok && byCount.body.aggs?.values).toEqual({ terms: { field: 'service.name', size: 500 } });
    const latest = buildTermsValuesQuery(settings, { field: 'session.id' }, { window }, 'latest');
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
    type Aggs = Record<string, { filter?: unknown; aggs: Record<string, unknown> } & Record<string, unknown>>;
    // Built in each test, so that each mutant of the builder is tried against the tests that see it.
    const summarized = () => {
      const plan = summaryPlan(wide, 2 * H, wide.toMs);
      const built = buildErrorGroupsQuery(withSession, { window: wide, lookbackMs: 2 * H, summaryPlan: plan });
      const body = built.ok ? built.body : undefined;
      const groups = (body?.aggs as Aggs).groups;
      const inRange = groups.aggs.in_range as Aggs[string];
      return { plan, body, groups, inRange };
    };

    it('reads summary documents of the whole hours and lines outside them, in one search', () => {
      const { plan, body } = summarized();
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
      const { groups, inRange } = summarized();
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
      const { inRange } = summarized();
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
      const { inRange } = summarized();
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

describe('histogramIntervalMs, bounds', () => {
  it.each([
    ['a short window: one second at least', { fromMs: 0, toMs: 60_000 }, undefined, 1000],
    ['a short window, a fractional request: whole seconds', { fromMs: 0, toMs: 60_000 }, 1500, 2000],
    ['a short window, a request of whole seconds', { fromMs: 0, toMs: 60_000 }, 3000, 3000],
    ['a reversed window', { fromMs: 60_000, toMs: 0 }, undefined, 1000],
    ['an empty window', { fromMs: 5, toMs: 5 }, 2500, 3000],
    ['a negative request', { fromMs: 0, toMs: 60_000 }, -10_000, 1000],
    ['an infinite request', { fromMs: 0, toMs: 60_000 }, Number.POSITIVE_INFINITY, 1000],
    ['a NaN request', { fromMs: 0, toMs: 60_000 }, Number.NaN, 1000],
    ['exactly the maximum of buckets', { fromMs: 0, toMs: 2_000_000 }, undefined, 2000],
    ['one millisecond past it', { fromMs: 0, toMs: 2_000_001 }, undefined, 3000],
  ])('%s', (_label, win, requested, expected) => {
    expect(histogramIntervalMs(win, requested)).toBe(expected);
  });
});

describe('aggregation searches, whole bodies', () => {
  const plain = resolveSettings({});

  it('over time: the whole search, without hits, on the configured time field', () => {
    const custom = resolveSettings({ timeField: 'ts', messageTags: ['asayer_session_id'] });
    const built = buildErrorsOverTimeQuery(custom, {
      window: { fromMs: 1000.5, toMs: 61_000.2 },
      intervalMs: 5000,
      splitBy: 'none',
    });
    expect(built).toEqual({
      ok: true,
      body: {
        size: 0,
        timeout: '20s',
        track_total_hits: false,
        query: {
          bool: {
            filter: [
              { range: { ts: { gte: 1000, lte: 61_001, format: 'epoch_millis' } } },
              { match_phrase: { message: 'asayer_session_id' } },
            ],
          },
        },
        aggs: {
          over_time: {
            date_histogram: {
              field: 'ts',
              fixed_interval: '5000ms',
              min_doc_count: 0,
              extended_bounds: { min: 1000, max: 61_001 },
            },
          },
        },
      },
    });
  });

  it.each([
    ['level', 'severity'],
    ['service', 'app'],
  ] as const)('splits by %s on its configured field', (splitBy, field) => {
    const custom = resolveSettings({ levelField: 'severity', serviceField: 'app' });
    const built = buildErrorsOverTimeQuery(custom, { window, splitBy });
    expect(built.ok && (built.body.aggs?.split.terms as { field: string }).field).toBe(field);
  });

  it.each([
    ['over time', () => buildErrorsOverTimeQuery(settings, { window, levels: ['nope'] })],
    ['sessions', () => buildSessionsQuery(settings, { window, levels: ['nope'] })],
    ['terms values', () => buildTermsValuesQuery(settings, { field: 'host.name' }, { window, levels: ['nope'] })],
    ['error groups', () => buildErrorGroupsQuery(settings, { window, lookbackMs: 0, levels: ['nope'] })],
    [
      'error groups with the summary',
      () =>
        buildErrorGroupsQuery(settings, {
          window,
          lookbackMs: 0,
          levels: ['nope'],
          summaryPlan: { summarized: [{ fromMs: window.fromMs, toMs: window.toMs }] },
        }),
    ],
  ])('%s: a refused filter sends no search and says why', (_label, build) => {
    const built = build();
    expect(built.ok).toBe(false);
    expect(built).not.toHaveProperty('body');
    expect(!built.ok && built.error).toMatch(/^"nope" is not a log level/);
  });

  it('sessions: every tagged line, never one session, and the exact refusal without a field', () => {
    const built = buildSessionsQuery(settings, { window, sessionId: '42' });
    expect(JSON.stringify(built.ok && built.body.query)).not.toContain('42');
    expect(built.ok && (built.body.query?.bool?.filter as unknown[])[1]).toEqual({
      bool: {
        should: [
          { exists: { field: 'session.id' } },
          { match_phrase: { message: 'asayer_session_id' } },
          { match_phrase: { message: 'openReplaySession.id' } },
        ],
        minimum_should_match: 1,
      },
    });
    expect(built.ok && built.body).toMatchObject({ size: 0, timeout: '20s', track_total_hits: false });
    expect(buildSessionsQuery(plain, { window })).toEqual({
      ok: false,
      error:
        'Listing sessions needs a session id field (a keyword, e.g. session.id): set it in the data source settings. The setup tool’s ingest pipeline fills it from message tags.',
    });
  });

  it.each([
    [-5, 1],
    [1, 1],
    [2.7, 2],
    ['30' as unknown as number, 30],
    [1000, 1000],
    [1001, 1000],
  ])('sessions: limit %p -> %p', (limit, size) => {
    const built = buildSessionsQuery(settings, { window, limit });
    expect(built.ok && (built.body.aggs?.sessions.terms as { size: number }).size).toBe(size);
  });

  it('terms values: over tagged lines in the window, latest by the configured time field', () => {
    const custom = resolveSettings({ timeField: 'ts' });
    const built = buildTermsValuesQuery(custom, { field: 'host.name' }, { window }, 'latest');
    expect(built.ok && built.body).toMatchObject({ size: 0, timeout: '20s', track_total_hits: false });
    expect(built.ok && built.body.aggs?.values.aggs).toEqual({ latest: { max: { field: 'ts' } } });
    expect(built.ok && (built.body.query?.bool?.filter as unknown[])[0]).toEqual({
      range: { ts: { gte: window.fromMs, lte: window.toMs, format: 'epoch_millis' } },
    });
  });

  it('the checkpoint search, whole', () => {
    expect(buildSummaryCheckpointQuery()).toEqual({
      size: 0,
      timeout: '20s',
      track_total_hits: false,
      query: { ids: { values: ['checkpoint'] } },
      aggs: { through: { max: { field: 'summary.through' } } },
    });
  });
});

describe('buildErrorGroupsQuery, whole bodies', () => {
  const withSession = resolveSettings({ sessionField: 'session.id', userField: 'user.id' });
  const H = 3_600_000;
  const latest = (extra: string[] = []) => ({
    top_hits: {
      size: 1,
      sort: [{ '@timestamp': { order: 'desc' } }],
      _source: ['message', 'error.group_message', 'error.type', 'session.id', '@timestamp', ...extra],
      docvalue_fields: [{ field: '@timestamp', format: 'epoch_millis' }],
      fields: ['session.id'],
    },
  });

  it('from lines only: every aggregation', () => {
    const built = buildErrorGroupsQuery(withSession, { window, lookbackMs: H, limit: 20, intervalMs: 60_000 });
    expect(built).toEqual({
      ok: true,
      body: {
        size: 0,
        timeout: '20s',
        track_total_hits: false,
        query: {
          bool: {
            filter: [
              { range: { '@timestamp': { gte: window.fromMs - H, lte: window.toMs, format: 'epoch_millis' } } },
              expect.objectContaining({ bool: expect.anything() }),
            ],
          },
        },
        aggs: {
          groups: {
            terms: { field: 'error.fingerprint', size: 20, order: { 'in_range>sessions': 'desc' } },
            aggs: {
              first_ever: { min: { field: '@timestamp' } },
              before: { filter: { range: { '@timestamp': { lt: window.fromMs, format: 'epoch_millis' } } } },
              in_range: {
                filter: {
                  range: { '@timestamp': { gte: window.fromMs, lte: window.toMs, format: 'epoch_millis' } },
                },
                aggs: {
                  sessions: { cardinality: { field: 'session.id', precision_threshold: 200 } },
                  users: { cardinality: { field: 'user.id', precision_threshold: 200 } },
                  last_seen: { max: { field: '@timestamp' } },
                  services: { terms: { field: 'service.name', size: 5 } },
                  trend: {
                    date_histogram: {
                      field: '@timestamp',
                      fixed_interval: '60000ms',
                      min_doc_count: 0,
                      extended_bounds: { min: window.fromMs, max: window.toMs },
                    },
                  },
                  latest: latest(),
                },
              },
            },
          },
        },
      },
    });
  });

  it('with the summary: every aggregation, and the hybrid query', () => {
    const span = { fromMs: window.fromMs - (window.fromMs % H) + H, toMs: window.fromMs - (window.fromMs % H) + 2 * H };
    const wide = { fromMs: window.fromMs, toMs: window.fromMs + 3 * H };
    const built = buildErrorGroupsQuery(withSession, {
      window: wide,
      lookbackMs: 0,
      summaryPlan: { summarized: [span] },
    });
    const hour = { range: { '@timestamp': { gte: span.fromMs, lt: span.toMs, format: 'epoch_millis' } } };
    const lines = { sum: { field: 'error.lines', missing: 1 } };
    expect(built.ok && built.body.query).toEqual({
      bool: {
        should: [
          {
            bool: {
              filter: [expect.objectContaining({ bool: expect.anything() })],
              must_not: [{ exists: { field: 'error.lines' } }, hour],
            },
          },
          { bool: { filter: [{ exists: { field: 'error.lines' } }, hour] } },
        ],
        minimum_should_match: 1,
      },
    });
    expect(built.ok && built.body.aggs?.groups.aggs).toEqual({
      first_line: {
        filter: { bool: { must_not: [{ exists: { field: 'error.lines' } }] } },
        aggs: { first: { min: { field: '@timestamp' } } },
      },
      first_summary: { min: { field: 'error.first_seen' } },
      before: { filter: { range: { '@timestamp': { lt: wide.fromMs, format: 'epoch_millis' } } } },
      in_range: {
        filter: { range: { '@timestamp': { gte: wide.fromMs, lte: wide.toMs, format: 'epoch_millis' } } },
        aggs: {
          lines,
          session_hashes: { value_count: { field: 'error.session_hash' } },
          user_hashes: { value_count: { field: 'error.user_hash' } },
          sessions: { cardinality: { field: 'error.session_hash', precision_threshold: 200 } },
          users: { cardinality: { field: 'error.user_hash', precision_threshold: 200 } },
          last_seen: { max: { field: '@timestamp' } },
          last_summary: { max: { field: 'error.last_seen' } },
          services: { terms: { field: 'service.name', size: 5 } },
          trend: {
            date_histogram: {
              field: '@timestamp',
              fixed_interval: `${H}ms`,
              min_doc_count: 0,
              extended_bounds: { min: wide.fromMs, max: wide.toMs },
            },
            aggs: { lines },
          },
          latest: latest(['error.latest']),
        },
      },
    });
  });

  it('with a summary plan of no whole hour: the lines alone, no summary documents', () => {
    const built = buildErrorGroupsQuery(withSession, { window, lookbackMs: 0, summaryPlan: { summarized: [] } });
    expect(built.ok && built.body.query).toEqual({
      bool: {
        filter: [expect.objectContaining({ bool: expect.anything() })],
        must_not: [{ exists: { field: 'error.lines' } }],
      },
    });
  });

  it.each([
    ['lines only', undefined],
    ['with the summary', { summarized: [] }],
  ])('without a user field, %s: no user counts', (_label, plan) => {
    const built = buildErrorGroupsQuery(settings, { window, lookbackMs: 0, summaryPlan: plan });
    const inRange = (built.ok && built.body.aggs?.groups.aggs?.in_range.aggs) as Record<string, unknown>;
    expect(inRange.sessions).toBeDefined();
    expect(inRange).not.toHaveProperty('users');
    expect(inRange).not.toHaveProperty('user_hashes');
  });

  it.each([
    [undefined, 50],
    [0, 50],
    [-3, 1],
    [2.9, 2],
    [500, 500],
    [501, 500],
  ])('limit %p -> %p groups', (limit, size) => {
    const built = buildErrorGroupsQuery(settings, { window, lookbackMs: 0, limit });
    expect(built.ok && built.body.aggs?.groups.terms).toMatchObject({ size });
  });

  it.each([
    // An hour in 60 points is a minute each, coarser than the panel's interval.
    ['an hour, no interval', window, undefined, '60000ms'],
    ['an hour, a coarser interval', window, 120_000, '120000ms'],
    ['an hour and a millisecond: whole seconds', { fromMs: 0, toMs: H + 1 }, undefined, '61000ms'],
    ['a minute: no finer than the histogram', { fromMs: 0, toMs: 60_000 }, undefined, '1000ms'],
  ])('the trend over %s is drawn in %p', (_label, win, intervalMs, interval) => {
    const built = buildErrorGroupsQuery(settings, { window: win, lookbackMs: 0, intervalMs });
    const trend = built.ok && (built.body.aggs?.groups.aggs?.in_range.aggs?.trend as { date_histogram: unknown });
    expect(trend && trend.date_histogram).toMatchObject({ fixed_interval: interval });
  });

  it('needs the session field, and says exactly so', () => {
    expect(buildErrorGroupsQuery(resolveSettings({}), { window, lookbackMs: 0 })).toEqual({
      ok: false,
      error:
        'Error groups count affected sessions with the session id field (a keyword, e.g. session.id): set it in the data source settings.',
    });
  });
});

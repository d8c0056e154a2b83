import type { DataFrame, DataQueryResponse } from '@grafana/data';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../src/types';
import { FIXTURE_COUNTS, NOW, PREFIX_SESSION, SESSION_START, SESSIONS, writeFixture, type Fixture } from './fixtures';
import { fieldValues, openHarness, replaySettings, runQueries, type Harness } from './harness';

const HOUR = 3600_000;
let fixture: Fixture;
let harness: Harness;

const options = (patch: SessionErrorsOptions = {}) => replaySettings(fixture.pattern, patch);

function run(
  ds: Harness['ds'],
  query: Partial<SessionErrorsQuery>,
  range = { from: NOW - 2 * HOUR, to: NOW + 60_000 }
): Promise<DataQueryResponse> {
  return runQueries(ds, [query], { fromMs: range.from, toMs: range.to });
}

beforeAll(async () => {
  fixture = await writeFixture('logsquery');
  harness = await openHarness(options());
});
afterAll(() => harness.close());

describe('session mode against the engine', () => {
  it.each([
    ['the asayer_session_id prefix', 'asayer', FIXTURE_COUNTS.asayer],
    ['the openReplaySession.id prefix', 'openreplay', FIXTURE_COUNTS.openreplay],
    ['the session.id field', 'field', FIXTURE_COUNTS.field],
  ] as const)('finds a session tagged with %s', async (_label, style, count) => {
    const response = await run(harness.ds, { sessionId: SESSIONS[style] });
    expect(response.errors).toBeUndefined();
    const frame = response.data[0] as DataFrame;
    expect(frame.length).toBe(count);
    expect(fieldValues(frame, 'session_id')).toEqual(new Array(count).fill(SESSIONS[style]));
    expect(fieldValues(frame, 'id').every((id: string) => id.startsWith(`${fixture.index}:`))).toBe(true);
    const times = fieldValues(frame, 'timestamp') as number[];
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('returns clean bodies, mapped levels, labels and replay links', async () => {
    const frame = (await run(harness.ds, { sessionId: SESSIONS.asayer })).data[0] as DataFrame;
    expect(fieldValues(frame, 'body')).toEqual([
      'Retrying charge',
      'PSP latency above 2s',
      'PaymentDeclined: card expired',
    ]);
    expect(fieldValues(frame, 'severity')).toEqual(['info', 'warning', 'error']);
    // Labels are what Grafana's log details list for log-lines frames: the clock and details too.
    expect(fieldValues(frame, 'labels')[2]).toEqual({
      session_id: SESSIONS.asayer,
      service: 'payments',
      host: 'payments-1',
      session_time: '1:00',
      'error.type': 'PaymentDeclined',
      'error.stack_trace': expect.stringContaining('at charge (Pay.java:10)'),
    });
    expect(fieldValues(frame, 'error.stack_trace')[2]).toContain('at charge (Pay.java:10)');
    const errorAt = SESSION_START.asayer + 60_000;
    expect(fieldValues(frame, 'replay_url')[2]).toBe(
      `https://replay.test/9/session/${SESSIONS.asayer}?jumpto=${errorAt - 5000}`
    );
  });

  it('never matches a session whose id is a prefix of another, nor the other way round', async () => {
    const prefix = (await run(harness.ds, { sessionId: PREFIX_SESSION })).data[0] as DataFrame;
    expect(prefix.length).toBe(FIXTURE_COUNTS.prefix);
    expect(fieldValues(prefix, 'body')).toEqual(['a different session whose id is a prefix']);
    const full = (await run(harness.ds, { sessionId: SESSIONS.asayer })).data[0] as DataFrame;
    expect(fieldValues(full, 'body')).not.toContain('a different session whose id is a prefix');
  });

  it('ignores indices outside the pattern', async () => {
    const frame = (await run(harness.ds, { sessionId: SESSIONS.asayer })).data[0] as DataFrame;
    expect(fieldValues(frame, 'body')).not.toContain('from another index');
  });

  it('is bounded by the dashboard range', async () => {
    const frame = (await run(harness.ds, { sessionId: SESSIONS.asayer }, { from: NOW - 5 * 60_000, to: NOW }))
      .data[0] as DataFrame;
    expect(frame.length).toBe(0);
  });

  it('searches the whole session from the start decoded from its id, whatever the range', async () => {
    const response = await run(
      harness.ds,
      { sessionId: SESSIONS.asayer, wholeSession: true, sessionWindow: '30m' },
      { from: NOW - 5 * 60_000, to: NOW }
    );
    expect((response.data[0] as DataFrame).length).toBe(FIXTURE_COUNTS.asayer);
  });

  it('whole-session mode reaches no further than its window', async () => {
    const response = await run(harness.ds, { sessionId: SESSIONS.asayer, wholeSession: true, sessionWindow: '90s' });
    expect(fieldValues(response.data[0] as DataFrame, 'body')).toEqual(['PaymentDeclined: card expired']);
  });

  it('resolves dashboard variables', async () => {
    const h = await openHarness(options(), {}, { session: SESSIONS.openreplay });
    try {
      const frame = (await run(h.ds, { sessionId: '$session' })).data[0] as DataFrame;
      expect(frame.length).toBe(FIXTURE_COUNTS.openreplay);
    } finally {
      await h.close();
    }
  });

  it('rejects a variable that expands to something that is not a session id', async () => {
    const h = await openHarness(options(), {}, { session: ['1', '2'] });
    try {
      const response = await run(h.ds, { sessionId: '$session' });
      expect(response.errors?.[0].message).toMatch(/"\{1,2\}" is not a valid session id/);
      expect(h.proxy.sentBodies).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});

describe('the ingest pipeline', () => {
  it('copied the id from message tags into session.id, so the keyword field alone finds tagged text logs', async () => {
    const h = await openHarness(options({ messageTags: [] }));
    try {
      for (const style of ['asayer', 'openreplay', 'field'] as const) {
        const frame = (await run(h.ds, { sessionId: SESSIONS[style] })).data[0] as DataFrame;
        expect(frame.length).toBe(FIXTURE_COUNTS[style]);
      }
    } finally {
      await h.close();
    }
  });

  it('finds tagged lines by message tags alone, without a session field', async () => {
    const h = await openHarness(options({ sessionField: '' }));
    try {
      expect(((await run(h.ds, { sessionId: SESSIONS.asayer })).data[0] as DataFrame).length).toBe(
        FIXTURE_COUNTS.asayer
      );
      expect(((await run(h.ds, { sessionId: SESSIONS.field })).data[0] as DataFrame).length).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('time-range mode against the engine', () => {
  it('returns every tagged line in the range and no untagged noise', async () => {
    const frame = (await run(harness.ds, { mode: 'range' })).data[0] as DataFrame;
    expect(frame.length).toBe(FIXTURE_COUNTS.tagged);
    expect(fieldValues(frame, 'body')).not.toContain('GET /healthz 200');
    expect(new Set(fieldValues(frame, 'session_id'))).toEqual(
      new Set([SESSIONS.asayer, SESSIONS.openreplay, SESSIONS.field, PREFIX_SESSION])
    );
  });

  it('filters by Lucene query and by level', async () => {
    const payments = (await run(harness.ds, { mode: 'range', filter: 'service.name:payments' })).data[0] as DataFrame;
    expect(payments.length).toBe(3);
    const errors = (await run(harness.ds, { mode: 'range', levels: ['error'] })).data[0] as DataFrame;
    expect(fieldValues(errors, 'severity').every((s: string) => s === 'error')).toBe(true);
    expect(errors.length).toBe(4);
    const critical = (await run(harness.ds, { mode: 'range', levels: ['critical'] })).data[0] as DataFrame;
    expect(fieldValues(critical, 'body')).toEqual(['token is expired']);
    const words = (await run(harness.ds, { mode: 'range', filter: 'expired' })).data[0] as DataFrame;
    expect(fieldValues(words, 'body').sort()).toEqual(['PaymentDeclined: card expired', 'token is expired']);
  });

  it('keeps to the line limit, newest first, and says so', async () => {
    const frame = (await run(harness.ds, { mode: 'range', limit: 2 })).data[0] as DataFrame;
    expect(frame.length).toBe(2);
    expect(fieldValues(frame, 'body')).toEqual(['token is expired', 'TypeError: shippingAddress undefined']);
    expect(frame.meta?.notices?.[0].text).toMatch(/newest 2 lines/);
  });

  it('reports a bad Lucene filter with the engine’s reason', async () => {
    const response = await run(harness.ds, { mode: 'range', filter: 'service.name:(payments' });
    expect(response.data).toEqual([]);
    expect(response.errors?.[0].message).toMatch(
      /^The cluster rejected the query \(HTTP 400\): Failed to parse query \[service\.name:\(payments\]/
    );
  });

  it('warns when the index pattern matches nothing', async () => {
    const h = await openHarness(options({ indexPattern: 'nothing-here-*' }));
    try {
      const frame = (await run(h.ds, { mode: 'range' })).data[0] as DataFrame;
      expect(frame.length).toBe(0);
      expect(frame.meta?.notices?.[0].text).toMatch(/No index matches the pattern "nothing-here-\*"/);
    } finally {
      await h.close();
    }
  });

  it.each(['none', 'service'] as const)(
    'says why errors over time split by %s are empty when the index pattern matches nothing',
    async (splitBy) => {
      const h = await openHarness(options({ indexPattern: 'nothing-here-*' }));
      try {
        const frames = (await run(h.ds, { queryType: 'errorsOverTime', mode: 'range', splitBy })).data as DataFrame[];
        expect(frames).toHaveLength(1);
        expect(frames[0].meta?.notices?.[0].text).toMatch(/No index matches the pattern "nothing-here-\*"/);
      } finally {
        await h.close();
      }
    }
  );

  it('reports a missing concrete index as an error', async () => {
    const h = await openHarness(options({ indexPattern: 'no-such-index' }));
    try {
      const response = await run(h.ds, { mode: 'range' });
      expect(response.errors?.[0].message).toMatch(/^No index matches "no-such-index"/);
    } finally {
      await h.close();
    }
  });
});

describe('reading a session against its replay', () => {
  it('each line carries its place on the replay’s clock, and the searched words are highlighted', async () => {
    const response = await run(harness.ds, {
      queryType: 'logs',
      mode: 'session',
      sessionId: SESSIONS.openreplay,
      filter: '(KeyError OR "Slow query") AND NOT nothing',
    });
    const frame = response.data[0] as DataFrame;
    // Lines at one and two minutes after the session start encoded in the id; newest first.
    expect(fieldValues(frame, 'session_time')).toEqual(['2:00', '1:00']);
    // As Grafana reads them: case-insensitive, literal (searchWordPattern).
    expect(frame.meta?.custom?.searchWords).toEqual([`(?i)${SESSIONS.openreplay}`, '(?i)KeyError', '(?i)Slow query']);
  });
});

describe('configured data links against the engine', () => {
  it('puts the links on the fields they name, with the field’s value for the target', async () => {
    const linked = await openHarness(
      options({
        dataLinks: [
          { field: 'error.type', title: 'Known errors', url: 'https://errors.example/?q=${__value.raw}' },
          { field: '/^error\\.stack/', url: '${__value.raw}', datasourceUid: 'code-search' },
        ],
      })
    );
    try {
      const frame = (await run(linked.ds, { queryType: 'logs', mode: 'session', sessionId: SESSIONS.asayer }))
        .data[0] as DataFrame;
      const field = (name: string) => frame.fields.find((f) => f.name === name)!;
      expect(fieldValues(frame, 'error.type')).toContain('PaymentDeclined');
      expect(field('error.type').config.links).toEqual([
        { title: 'Known errors', url: 'https://errors.example/?q=${__value.raw:uriencode}', targetBlank: true },
      ]);
      expect(field('error.stack_trace').config.links?.[0].internal?.datasourceUid).toBe('code-search');
    } finally {
      await linked.close();
    }
  });
});

describe('the line limit’s ceiling against the engine', () => {
  it('a query at 10,000 lines stays within the engine’s result window', async () => {
    const wide = await openHarness(options({ maxLines: 10_000 }));
    try {
      const response = await run(wide.ds, { queryType: 'logs', mode: 'range', limit: 10_000 });
      expect(response.errors).toBeUndefined();
      expect((response.data[0] as DataFrame).length).toBe(FIXTURE_COUNTS.tagged);
    } finally {
      await wide.close();
    }
  });
});

import {
  dateTime,
  FieldType,
  SupplementaryQueryType,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
} from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import type { SessionErrorsVariableSupport } from '../../src/query/variableSupport';
import type { SessionErrorsQuery } from '../../src/types';
import { FIXTURE_COUNTS, NOW, PREFIX_SESSION, SESSIONS, writeFixture, type Fixture } from './fixtures';
import { openHarness, runQueries, type Harness } from './harness';

let fixture: Fixture;
let harness: Harness;
const range = { from: NOW - 2 * 3600_000, to: NOW + 60_000 };

function run(
  query: Partial<SessionErrorsQuery>,
  extra: Partial<DataQueryRequest<SessionErrorsQuery>> = {}
): Promise<DataQueryResponse> {
  return runQueries(harness.ds, [query], { fromMs: range.from, toMs: range.to }, extra);
}
const total = (frames: DataFrame[]) =>
  frames.reduce((sum, f) => sum + (f.fields[1].values as number[]).reduce((a, b) => a + b, 0), 0);
const column = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name)!.values;

beforeAll(async () => {
  fixture = await writeFixture('aggs');
  harness = await openHarness({
    indexPattern: fixture.pattern,
    sessionField: 'session.id',
    replayLink: 'openreplay',
    openReplayUrl: 'https://or.test',
    openReplayProjectId: '3',
  });
});
afterAll(() => harness.close());

describe('errors over time against the engine', () => {
  it('counts every tagged line in one-minute buckets, zero-filled over the range', async () => {
    const response = await run({ queryType: 'errorsOverTime', mode: 'range' });
    expect(response.errors).toBeUndefined();
    const [frame] = response.data as DataFrame[];
    expect(frame.fields.map((f) => f.type)).toEqual([FieldType.time, FieldType.number]);
    expect(total(response.data)).toBe(FIXTURE_COUNTS.tagged);
    expect(frame.length).toBeGreaterThanOrEqual(120);
    const times = column(frame, 'time') as number[];
    expect(times[1] - times[0]).toBe(60_000);
  });

  it('splits by level into one series per level value', async () => {
    const response = await run({ queryType: 'errorsOverTime', mode: 'range', splitBy: 'level' });
    const byName = Object.fromEntries((response.data as DataFrame[]).map((f) => [f.name, total([f])]));
    expect(byName).toEqual({ ERROR: 2, WARN: 1, INFO: 1, error: 1, warning: 1, Error: 1, fatal: 1 });
  });

  it('draws one session’s timeline', async () => {
    const response = await run({ queryType: 'errorsOverTime', sessionId: SESSIONS.asayer, splitBy: 'service' });
    const byName = Object.fromEntries((response.data as DataFrame[]).map((f) => [f.name, total([f])]));
    expect(byName).toEqual({ payments: 2, checkout: 1 });
  });
});

describe('dashboard variables with their own editor, against the engine', () => {
  it('answers the saved query, and text saved by older dashboards, alike', async () => {
    const variables = harness.ds.variables as SessionErrorsVariableSupport;
    const ask = (query: unknown): Promise<DataQueryResponse> =>
      lastValueFrom(
        variables.query({
          targets: [query],
          range: { from: dateTime(range.from), to: dateTime(range.to), raw: { from: 'now-2h', to: 'now' } },
        } as never)
      );
    const parts = await ask({ refId: 'v', kind: 'sessions', filter: 'service.name:auth' });
    const text = await ask('sessions | service.name:auth');
    expect(parts.data).toEqual(text.data);
    expect(parts.data.map((v: { text: string }) => v.text)).toEqual([SESSIONS.field]);
  });
});

describe('Explore’s logs volume against the engine', () => {
  it('counts every tagged line in the range by Grafana level, spellings merged, labelled for Grafana', async () => {
    const logs: SessionErrorsQuery = { refId: 'A', queryType: 'logs', mode: 'range' };
    const request = harness.ds.getSupplementaryRequest(SupplementaryQueryType.LogsVolume, {
      targets: [logs],
    } as DataQueryRequest<SessionErrorsQuery>)!;
    expect(request.targets).toEqual([{ ...logs, refId: 'log-volume-A', queryType: 'logsVolume' }]);
    const response = await run(request.targets[0], { hideFromInspector: true });
    const frames = response.data as DataFrame[];
    const byLevel: Record<string, number> = Object.fromEntries(
      frames.map((f) => [f.fields[1].labels?.level, total([f])])
    );
    expect(byLevel).toEqual({ error: 4, warning: 2, info: 1, critical: 1 });
    expect(Object.values(byLevel).reduce((a, b) => a + b, 0)).toBe(FIXTURE_COUNTS.tagged);
  });

  it('for one session, the session’s lines only', async () => {
    const response = await run({ refId: 'V', queryType: 'logsVolume', mode: 'session', sessionId: SESSIONS.asayer });
    const byLevel = Object.fromEntries((response.data as DataFrame[]).map((f) => [f.name, total([f])]));
    expect(byLevel).toEqual({ error: 1, warning: 1, info: 1 });
  });
});

describe('sessions with errors against the engine', () => {
  it('lists each session once, latest first, with counts, first and last times and services', async () => {
    const response = await run({ queryType: 'sessions' });
    const [frame] = response.data as DataFrame[];
    expect(column(frame, 'session_id')).toEqual([SESSIONS.field, SESSIONS.openreplay, PREFIX_SESSION, SESSIONS.asayer]);
    expect(column(frame, 'lines')).toEqual([
      FIXTURE_COUNTS.field,
      FIXTURE_COUNTS.openreplay,
      FIXTURE_COUNTS.prefix,
      FIXTURE_COUNTS.asayer,
    ]);
    expect(column(frame, 'services')[3]).toBe('payments, checkout');
    const first = column(frame, 'first_seen') as number[];
    const last = column(frame, 'last_seen') as number[];
    first.forEach((t, i) => expect(t).toBeLessThanOrEqual(last[i]));
    expect(column(frame, 'replay_url')[3]).toBe(
      `https://or.test/3/session/${SESSIONS.asayer}?jumpto=${first[3] - 5000}`
    );
  });

  it('honours levels and the session limit', async () => {
    const errorsOnly = (await run({ queryType: 'sessions', levels: ['critical'] })).data[0] as DataFrame;
    expect(column(errorsOnly, 'session_id')).toEqual([SESSIONS.field]);
    const limited = (await run({ queryType: 'sessions', limit: 2 })).data[0] as DataFrame;
    expect(limited.length).toBe(2);
  });

  it('counts the sessions for alerting: the table’s number of rows, and per service the sessions each one saw', async () => {
    const table = (await run({ queryType: 'sessions' })).data[0] as DataFrame;
    const [count] = (await run({ queryType: 'sessions', sessionsResult: 'count' })).data as DataFrame[];
    expect(count.meta?.type).toBe('numeric-multi');
    expect(count.fields[0].values).toEqual([table.length]);
    const byService = (await run({ queryType: 'sessions', sessionsResult: 'count', splitBy: 'service' }))
      .data as DataFrame[];
    const services = column(table, 'services') as string[];
    const expected = Object.fromEntries(
      [...new Set(services.flatMap((s) => s.split(', ')))].map((name) => [
        name,
        services.filter((s) => s.split(', ').includes(name)).length,
      ])
    );
    expect(Object.fromEntries(byService.map((f) => [f.fields[0].labels?.service, f.fields[0].values[0]]))).toEqual(
      expected
    );
    const critical = (await run({ queryType: 'sessions', sessionsResult: 'count', levels: ['critical'] }))
      .data as DataFrame[];
    expect(critical[0].fields[0].values).toEqual([1]);
  });
});

describe('variables, ad hoc filters and annotations against the engine', () => {
  it('lists sessions, services and levels for dashboard variables', async () => {
    const timeRange = { from: dateTime(range.from), to: dateTime(range.to), raw: { from: '', to: '' } };
    expect((await harness.ds.metricFindQuery('sessions', { range: timeRange })).map((v) => v.text)).toEqual([
      SESSIONS.field,
      SESSIONS.openreplay,
      PREFIX_SESSION,
      SESSIONS.asayer,
    ]);
    expect((await harness.ds.metricFindQuery('services', { range: timeRange })).map((v) => v.text).sort()).toEqual([
      'auth',
      'catalog',
      'checkout',
      'payments',
    ]);
    expect(
      (await harness.ds.metricFindQuery('sessions | service.name:auth', { range: timeRange })).map((v) => v.text)
    ).toEqual([SESSIONS.field]);
  });

  it('offers keyword fields as ad hoc keys and their values', async () => {
    const keys = (await harness.ds.getTagKeys()).map((k) => k.text);
    expect(keys).toEqual(expect.arrayContaining(['service.name', 'session.id', 'host.name', 'log.level']));
    expect(keys).not.toContain('message');
    const values = await harness.ds.getTagValues({
      key: 'service.name',
      filters: [],
      timeRange: { from: dateTime(range.from), to: dateTime(range.to), raw: { from: '', to: '' } },
    });
    expect(values.map((v) => v.text).sort()).toEqual(['auth', 'catalog', 'checkout', 'payments']);
  });

  it('applies ad hoc filters to every query type', async () => {
    const filters = [{ key: 'service.name', operator: '=', value: 'payments' }];
    const logs = (await run({ mode: 'range' }, { filters })).data[0] as DataFrame;
    expect(new Set((column(logs, 'labels') as Array<{ service: string }>).map((l) => l.service))).toEqual(
      new Set(['payments'])
    );
    expect(total((await run({ queryType: 'errorsOverTime', mode: 'range' }, { filters })).data)).toBe(3);
    expect(((await run({ queryType: 'sessions' }, { filters })).data[0] as DataFrame).length).toBe(2);
  });

  it('turns error lines into annotations with replay links', async () => {
    const query = harness.ds.annotations.prepareQuery!({
      target: { refId: 'Anno', mode: 'range', levels: ['error'] },
    } as never)!;
    const response = await run(query);
    const events = await lastValueFrom(harness.ds.annotations.processEvents!({} as never, response.data));
    expect(events).toHaveLength(4);
    expect(events!.every((e) => e.tags?.includes('error'))).toBe(true);
    expect(events![0].text).toMatch(/<a href="https:\/\/or\.test\/3\/session\/\d{19}\?jumpto=\d+"/);
  });
});

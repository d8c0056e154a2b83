import { FieldType } from '@grafana/data';
import { openReplaySessionIdAt } from '../session/sessionId';
import { DRILLDOWN_DASHBOARD_UID, FIRST_ERROR_REPLAY_TITLE, toSessionsFrame } from './toSessionsFrame';

const START = Date.UTC(2026, 10, 1, 8);
const ID = openReplaySessionIdAt(START, 5);
const response = {
  aggregations: {
    sessions: {
      buckets: [
        {
          key: ID,
          doc_count: 7,
          first_seen: { value: START + 60_000 },
          last_seen: { value: START + 600_000 },
          services: {
            buckets: [
              { key: 'payments', doc_count: 5 },
              { key: 'auth', doc_count: 2 },
            ],
          },
          levels: { buckets: [{ key: 'ERROR', doc_count: 7 }] },
        },
      ],
    },
  },
};
const replay = {
  kind: 'openreplay' as const,
  baseUrl: 'https://or',
  projectId: '2',
  jumpMode: 'absolute' as const,
  leadInMs: 0,
};

describe('toSessionsFrame', () => {
  const frame = toSessionsFrame(response as never, { refId: 'A', replay, indexPattern: 'x' });

  it('has one row a session with counts, times, services and levels', () => {
    expect(frame.length).toBe(1);
    expect(frame.fields.map((f) => [f.name, f.type, f.values[0]])).toEqual([
      ['session_id', FieldType.string, ID],
      ['lines', FieldType.number, 7],
      ['first_seen', FieldType.time, START + 60_000],
      ['last_seen', FieldType.time, START + 600_000],
      ['services', FieldType.string, 'payments, auth'],
      ['levels', FieldType.string, 'ERROR'],
      ['replay_url', FieldType.string, `https://or/2/session/${ID}?jumpto=${START + 60_000}`],
    ]);
  });

  it('links each session to the drill-down dashboard and its replay at the first error', () => {
    expect(frame.fields[0].config.links?.[0].url).toBe(
      `/d/${DRILLDOWN_DASHBOARD_UID}/session-drill-down?var-session=\${__value.raw}&\${__url_time_range}`
    );
    expect(frame.fields[6].config.links).toEqual([
      { title: FIRST_ERROR_REPLAY_TITLE, url: '${__value.raw:raw}', targetBlank: true },
    ]);
  });

  it('has no replay column without replay links, and survives malformed responses', () => {
    expect(
      toSessionsFrame(response as never, { refId: 'A', replay: { kind: 'none' }, indexPattern: 'x' }).fields.map(
        (f) => f.name
      )
    ).not.toContain('replay_url');
    for (const bad of [{}, null, { aggregations: { sessions: {} } }]) {
      expect(toSessionsFrame(bad as never, { refId: 'A', replay, indexPattern: 'x' }).length).toBe(0);
    }
  });

  it('leaves out sessions whose numeric keys arrive rounded, and says why', () => {
    // A long-mapped session field: the engine's key is exact, JSON.parse rounds it.
    const parsed = JSON.parse(
      `{"aggregations":{"sessions":{"buckets":[{"key":7301928374659648775,"doc_count":2},{"key":"${ID}","doc_count":1}]}}}`
    );
    const rounded = toSessionsFrame(parsed, { refId: 'A', replay, indexPattern: 'x', sessionField: 'session.id' });
    expect(rounded.fields.find((f) => f.name === 'session_id')?.values).toEqual([ID]);
    expect(rounded.meta?.notices).toEqual([
      expect.objectContaining({ severity: 'warning', text: expect.stringMatching(/^1 session id in session.id/) }),
    ]);
  });
});

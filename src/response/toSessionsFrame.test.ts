import { FieldType } from '@grafana/data';
import { openReplaySessionIdAt } from '../session/sessionId';
import type { ReplayTool } from '../types';
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
const replay: ReplayTool[] = [
  { kind: 'openreplay', sessionsUrl: 'https://or/2/session/', jumpMode: 'absolute', leadInMs: 0, sources: [] },
];

describe('toSessionsFrame', () => {
  const build = () => toSessionsFrame(response as never, { refId: 'A', replay, indexPattern: 'x', sessionFields: [] });

  it('has one row a session with counts, times, services and levels', () => {
    const frame = build();
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
    const frame = build();
    expect(frame.fields[0].config.links?.[0].url).toBe(
      `/d/${DRILLDOWN_DASHBOARD_UID}/session-drill-down?var-session=\${__value.raw}&\${__url_time_range}`
    );
    expect(frame.fields[6].config.links).toEqual([
      { title: FIRST_ERROR_REPLAY_TITLE, url: '${__value.raw:raw}', targetBlank: true },
    ]);
  });

  it('is a table named for what it lists, with the titles a user reads', () => {
    const frame = build();
    expect(frame).toMatchObject({ refId: 'A', name: 'Sessions with errors' });
    expect(frame.meta).toEqual({ preferredVisualisationType: 'table', notices: undefined });
    expect(frame.fields.map((f) => f.config.displayName)).toEqual([
      'Session',
      'Errors',
      'First error',
      'Last error',
      'Services',
      'Levels',
      'Replay',
    ]);
    expect(frame.fields[0].config.links).toEqual([
      {
        title: 'Session drill-down',
        url: '/d/sre-session-drilldown/session-drill-down?var-session=${__value.raw}&${__url_time_range}',
      },
    ]);
    expect(frame.fields[6].config.links?.[0].title).toBe('Open replay at first error');
  });

  it('shows a session without times, services or levels, and without a replay link', () => {
    const frame = toSessionsFrame({ aggregations: { sessions: { buckets: [{ key: ID, doc_count: 2 }] } } } as never, {
      refId: 'A',
      replay,
      indexPattern: 'x',
      sessionFields: [],
    });
    expect(frame.fields.map((f) => [f.name, f.values])).toEqual([
      ['session_id', [ID]],
      ['lines', [2]],
      ['first_seen', [NaN]],
      ['last_seen', [NaN]],
      ['services', ['']],
      ['levels', ['']],
    ]);
  });

  it('carries partial-result notices', () => {
    const frame = toSessionsFrame({ ...response, timed_out: true } as never, {
      refId: 'A',
      replay,
      indexPattern: 'x',
      sessionFields: [],
    });
    expect(frame.meta?.notices).toEqual([
      expect.objectContaining({ severity: 'warning', text: expect.stringMatching(/timed out/) }),
    ]);
  });

  it('has no replay column without replay links, and survives malformed responses', () => {
    expect(
      toSessionsFrame(response as never, { refId: 'A', replay: [], indexPattern: 'x', sessionFields: [] }).fields.map(
        (f) => f.name
      )
    ).not.toContain('replay_url');
    for (const bad of [{}, null, { aggregations: { sessions: {} } }]) {
      expect(toSessionsFrame(bad as never, { refId: 'A', replay, indexPattern: 'x', sessionFields: [] }).length).toBe(
        0
      );
    }
  });

  it('leaves out sessions whose numeric keys arrive rounded, and says why', () => {
    // A long-mapped session field: the engine's key is exact, JSON.parse rounds it.
    const parsed = JSON.parse(
      `{"aggregations":{"sessions":{"buckets":[{"key":7301928374659648775,"doc_count":2},{"key":"${ID}","doc_count":1}]}}}`
    );
    const rounded = toSessionsFrame(parsed, { refId: 'A', replay, indexPattern: 'x', sessionFields: ['session.id'] });
    expect(rounded.fields.find((f) => f.name === 'session_id')?.values).toEqual([ID]);
    expect(rounded.meta?.notices).toEqual([
      expect.objectContaining({ severity: 'warning', text: expect.stringMatching(/^1 session id in session.id/) }),
    ]);
  });

  it('counts each rounded key, and names the session field generically when not told it', () => {
    const parsed = JSON.parse(
      `{"aggregations":{"sessions":{"buckets":[{"key":7301928374659648775,"doc_count":2},{"key":9301928374659648775,"doc_count":1}]}}}`
    );
    const rounded = toSessionsFrame(parsed, { refId: 'A', replay, indexPattern: 'x', sessionFields: [] });
    expect(rounded.length).toBe(0);
    expect(rounded.meta?.notices?.map((n) => n.text)).toEqual([
      expect.stringMatching(/^2 session ids in the session field are stored as a number/),
    ]);
  });

  it('names every session field in the notice of rounded keys', () => {
    const parsed = JSON.parse(`{"aggregations":{"sessions":{"buckets":[{"key":7301928374659648775,"doc_count":2}]}}}`);
    const frame = toSessionsFrame(parsed, { refId: 'A', replay, indexPattern: 'x', sessionFields: ['a.id', 'b.id'] });
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([expect.stringMatching(/^1 session id in a\.id, b\.id /)]);
  });

  it('leaves out an empty session key without calling it a rounded number', () => {
    const frame = toSessionsFrame(
      {
        aggregations: {
          sessions: {
            buckets: [
              { key: '', doc_count: 3 },
              { key: ID, doc_count: 1 },
            ],
          },
        },
      } as never,
      { refId: 'A', replay, indexPattern: 'x', sessionFields: ['session.id'] }
    );
    expect(frame.fields[0].values).toEqual([ID]);
    expect(frame.meta?.notices).toBeUndefined();
  });
});

describe('toSessionsFrame replay links by session field', () => {
  const urls = (tools: ReplayTool[], sessionField?: string, sample = response) =>
    toSessionsFrame(sample as never, {
      refId: 'A',
      replay: tools,
      indexPattern: 'x',
      sessionFields: sessionField ? sessionField.split(',') : [],
    }).fields.find((f) => f.name === 'replay_url')?.values;
  const forField = (sources: string[]): ReplayTool[] => [
    { kind: 'openreplay', sessionsUrl: 'https://or/2/session/', jumpMode: 'absolute', leadInMs: 0, sources },
  ];

  it('links the ids of the session field by the tool chosen for it', () => {
    expect(urls(forField(['sid']), 'sid')).toEqual([`https://or/2/session/${ID}?jumpto=${START + 60_000}`]);
  });

  it('links no session by a tool chosen for other fields and tags', () => {
    expect(urls(forField(['openReplaySession.id']), 'sid')).toBeUndefined();
  });

  // Several session fields: the key script reads the first that has a value, and id_sources counts
  // each field's lines in the bucket, in the fields' order.
  const withSources = (counts: number[]) => ({
    aggregations: {
      sessions: {
        buckets: [
          {
            ...response.aggregations.sessions.buckets[0],
            id_sources: { buckets: counts.map((doc_count) => ({ doc_count })) },
          },
        ],
      },
    },
  });

  it.each([
    ['the first field', [3, 0], 'a', true],
    ['the second field, where the first has no line', [0, 2], 'b', true],
    ['the second field, not the tool of the first', [0, 2], 'a', false],
    ['the first field when both have lines', [1, 2], 'a', true],
    // A bucket always has a line with some field; were none counted, the source is unknown: any tool.
    ['an unknown field', [0, 0], 'b', true],
  ])('links a session whose id came from %s', (_name, counts, toolField, linked) => {
    const values = urls(forField([toolField as string]), 'a,b', withSources(counts as number[]));
    expect(values).toEqual(linked ? [`https://or/2/session/${ID}?jumpto=${START + 60_000}`] : undefined);
  });

  it('with several fields and no sources counted, links by a tool for any field', () => {
    expect(urls(forField([]), 'a,b', withSources([0, 0]))).toEqual([
      `https://or/2/session/${ID}?jumpto=${START + 60_000}`,
    ]);
  });
});

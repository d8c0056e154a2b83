import { FieldType, type DataFrame } from '@grafana/data';
import { openReplaySessionIdAt } from '../session/sessionId';
import { resolveSettings } from '../settings';
import { GROUP_LINK_TITLE, LATEST_REPLAY_TITLE, toErrorGroupsFrame } from './toErrorGroupsFrame';

const AT = Date.UTC(2026, 10, 20, 10);
const SESSION = openReplaySessionIdAt(AT - 600_000, 3);
const settings = resolveSettings({
  sessionField: 'session.id',
  userField: 'user.id',
  openReplayUrl: 'https://or',
  openReplayProjectId: '2',
  leadInSeconds: 0,
});

const bucket = (key: string, inRange: number, before: number, sessions: number) => ({
  key,
  doc_count: inRange + before,
  first_ever: { value: AT - 86_400_000 },
  before: { doc_count: before },
  in_range: {
    doc_count: inRange,
    sessions: { value: sessions },
    users: { value: 1 },
    last_seen: { value: AT },
    services: { buckets: [{ key: 'shop' }, { key: 'pay' }] },
    trend: {
      buckets: [
        { key: AT - 60_000, doc_count: 1 },
        { key: AT, doc_count: inRange - 1 },
      ],
    },
    latest: {
      hits: {
        hits: [
          {
            _source: { message: 'KeyError: x 7', error: { group_message: 'KeyError: x <n>', type: 'KeyError' } },
            fields: { '@timestamp': [AT], 'session.id': [SESSION] },
          },
        ],
      },
    },
  },
});

const valuesOf = (frame: DataFrame) => (name: string) => frame.fields.find((f) => f.name === name)?.values;

describe('toErrorGroupsFrame', () => {
  const response = {
    aggregations: { groups: { buckets: [bucket('a1', 5, 0, 3), bucket('b2', 2, 4, 1), bucket('old', 0, 3, 0)] } },
  };
  const build = () => toErrorGroupsFrame(response as never, settings, { refId: 'G', fromMs: AT - 3_600_000 });

  it('has one row a group in the range, with its counts and newness', () => {
    const frame = build();
    const values = valuesOf(frame);
    expect(frame.length).toBe(2);
    expect(values('fingerprint')).toEqual(['a1', 'b2']);
    expect(values('error')).toEqual(['KeyError: x <n>', 'KeyError: x <n>']);
    expect(values('sample')).toEqual(['KeyError: x 7', 'KeyError: x 7']);
    expect(values('lines')).toEqual([5, 2]);
    expect(values('sessions')).toEqual([3, 1]);
    expect(values('users')).toEqual([1, 1]);
    expect(values('services')).toEqual(['shop, pay', 'shop, pay']);
    expect(values('new')).toEqual([true, false]);
    expect(frame.meta?.preferredVisualisationType).toBe('table');
  });

  it('carries each group’s trend as a sparkline-ready frame', () => {
    const frame = build();
    const trend = frame.fields.find((f) => f.name === 'trend')!;
    expect(trend.type).toBe(FieldType.frame);
    expect((trend.values[0] as DataFrame).fields[1].values).toEqual([1, 4]);
  });

  it('links each group to the provisioned Error groups dashboard, filtered to it', () => {
    const frame = build();
    expect(frame.fields[0].config.links).toEqual([
      {
        title: GROUP_LINK_TITLE,
        url: '/d/sre-error-groups/error-groups?var-group=${__value.raw}&${__url_time_range}',
      },
    ]);
  });

  it('links to the replay of the latest affected session at that error', () => {
    const frame = build();
    const values = valuesOf(frame);
    expect(values('replay_url')).toEqual([
      `https://or/2/session/${SESSION}?jumpto=${AT}`,
      `https://or/2/session/${SESSION}?jumpto=${AT}`,
    ]);
    expect(frame.fields.find((f) => f.name === 'replay_url')?.config.links?.[0].title).toBe(LATEST_REPLAY_TITLE);
  });

  it('has no users column without a user field', () => {
    const plain = toErrorGroupsFrame(response as never, resolveSettings({ sessionField: 'session.id' }), {
      refId: 'G',
      fromMs: 0,
    });
    expect(plain.fields.map((f) => f.name)).not.toContain('users');
    expect(plain.fields.map((f) => f.name)).toEqual([
      'fingerprint',
      'error',
      'sample',
      'type',
      'lines',
      'sessions',
      'services',
      'first_seen',
      'last_seen',
      'new',
      'trend',
    ]);
  });

  it('is a table named for what it lists, with the titles a user reads', () => {
    const frame = build();
    const values = valuesOf(frame);
    expect(frame).toMatchObject({ refId: 'G', name: 'Error groups', length: 2 });
    expect(frame.meta).toEqual({ preferredVisualisationType: 'table', notices: undefined });
    expect(frame.fields.map((f) => [f.name, f.type, f.config.displayName])).toEqual([
      ['fingerprint', FieldType.string, 'Group'],
      ['error', FieldType.string, 'Error'],
      ['sample', FieldType.string, 'Latest line'],
      ['type', FieldType.string, 'Type'],
      ['lines', FieldType.number, 'Lines'],
      ['sessions', FieldType.number, 'Sessions'],
      ['users', FieldType.number, 'Users'],
      ['services', FieldType.string, 'Services'],
      ['first_seen', FieldType.time, 'First seen'],
      ['last_seen', FieldType.time, 'Last seen'],
      ['new', FieldType.boolean, 'New'],
      ['trend', FieldType.frame, 'Trend'],
      ['replay_url', FieldType.string, 'Replay'],
    ]);
    expect(values('type')).toEqual(['KeyError', 'KeyError']);
    expect(values('first_seen')).toEqual([AT - 86_400_000, AT - 86_400_000]);
    expect(values('last_seen')).toEqual([AT, AT]);
    expect(frame.fields[0].config.links?.[0].title).toBe('Error group drill-down');
    expect(frame.fields[12].config.links?.[0].title).toBe('Open replay of the latest affected session');
    expect(frame.fields[11].config.custom).toEqual({ cellOptions: { type: 'sparkline' } });
    expect((frame.fields[11].values[1] as DataFrame).fields).toEqual([
      { name: 'time', type: FieldType.time, config: {}, values: [AT - 60_000, AT] },
      { name: 'lines', type: FieldType.number, config: {}, values: [1, 1] },
    ]);
    expect((frame.fields[11].values[1] as DataFrame).length).toBe(2);
  });

  it('carries partial-result notices', () => {
    const frame = toErrorGroupsFrame({ ...response, timed_out: true } as never, settings, { refId: 'G', fromMs: 0 });
    expect(frame.meta?.notices).toEqual([
      expect.objectContaining({ severity: 'warning', text: expect.stringMatching(/timed out/) }),
    ]);
  });
});

describe('toErrorGroupsFrame with incomplete groups and latest lines', () => {
  const group = (key: string, latest?: unknown) => ({ key, doc_count: 1, in_range: { doc_count: 1, latest } });
  const withHit = (hit: unknown) => group('g', { hits: { hits: [hit] } });
  const frameOf = (buckets: unknown[], options = settings) =>
    toErrorGroupsFrame({ aggregations: { groups: { buckets } } } as never, options, { refId: 'G', fromMs: 0 });

  it('is empty for an empty or malformed response', () => {
    for (const response of [null, {}, { aggregations: {} }, { aggregations: { groups: {} } }]) {
      const frame = toErrorGroupsFrame(response as never, settings, { refId: 'G', fromMs: 0 });
      expect(frame.length).toBe(0);
      expect(frame.meta?.notices).toBeUndefined();
    }
  });

  it('shows a group without metrics as no sessions, no users, new, and never seen', () => {
    const frame = frameOf([{ key: 'x', doc_count: 3 }, group('g')]);
    const values = valuesOf(frame);
    expect(frame.length).toBe(1);
    expect(values('fingerprint')).toEqual(['g']);
    expect(values('lines')).toEqual([1]);
    expect(values('sessions')).toEqual([0]);
    expect(values('users')).toEqual([0]);
    expect(values('services')).toEqual(['']);
    expect(values('new')).toEqual([true]);
    expect(values('first_seen')).toEqual([NaN]);
    expect(values('last_seen')).toEqual([NaN]);
    expect(values('error')).toEqual(['']);
    expect(values('sample')).toEqual(['']);
    expect((values('trend')?.[0] as DataFrame).length).toBe(0);
    expect(frame.fields.map((f) => f.name)).not.toContain('replay_url');
  });

  it('shows groups whose latest line is missing with empty text', () => {
    const frame = frameOf([group('a', {}), group('b', { hits: {} }), group('c', { hits: { hits: [] } })]);
    const values = valuesOf(frame);
    expect(values('fingerprint')).toEqual(['a', 'b', 'c']);
    expect(values('error')).toEqual(['', '', '']);
    expect(values('type')).toEqual(['', '', '']);
  });

  it.each([
    [
      'the session from _source',
      { _source: { session: { id: SESSION } }, fields: { '@timestamp': [AT] } },
      `https://or/2/session/${SESSION}?jumpto=${AT}`,
    ],
    ['no time: no fields', { _source: { session: { id: SESSION } } }, ''],
    ['no time in the fields', { fields: { 'session.id': [SESSION] } }, ''],
    ['no session anywhere', { _source: { message: 'x' }, fields: { '@timestamp': [AT] } }, ''],
    ['a session id rounded beyond 2^53', { fields: { '@timestamp': [AT], 'session.id': [2 ** 60] } }, ''],
    [
      'a summary latest line without a valid time: the line’s own time',
      {
        _source: { error: { latest: { time: 'soon', session: SESSION } } },
        fields: { '@timestamp': [AT], 'session.id': [SESSION] },
      },
      `https://or/2/session/${SESSION}?jumpto=${AT}`,
    ],
  ])('links the replay of a latest line with %s', (_, hit, url) => {
    const withReplay = withHit({ fields: { '@timestamp': [AT - 5_000], 'session.id': [SESSION] } });
    const frame = frameOf([withReplay, withHit(hit)]);
    expect(valuesOf(frame)('replay_url')).toEqual([`https://or/2/session/${SESSION}?jumpto=${AT - 5_000}`, url]);
  });

  it('reads the latest line’s session from the first session field that has one', () => {
    const options = resolveSettings({
      sessionFields: ['session.id', 'attributes.session.id', 'sid'],
      openReplayUrl: 'https://or',
      openReplayProjectId: '2',
      leadInSeconds: 0,
    });
    const other = openReplaySessionIdAt(AT - 600_000, 4);
    const frame = frameOf(
      [
        // In the second field's _source, the third field's fields API value comes after it.
        withHit({
          _source: { attributes: { session: { id: SESSION } } },
          fields: { '@timestamp': [AT], sid: [other] },
        }),
        // The fields API before _source, for one field.
        withHit({ _source: { sid: SESSION }, fields: { '@timestamp': [AT], sid: [other] } }),
      ],
      options
    );
    expect(valuesOf(frame)('replay_url')).toEqual([
      `https://or/2/session/${SESSION}?jumpto=${AT}`,
      `https://or/2/session/${other}?jumpto=${AT}`,
    ]);
  });

  it('reads no session without a session field', () => {
    const replay = { openReplayUrl: 'https://or', openReplayProjectId: '2', leadInSeconds: 0 };
    const hit = withHit({
      _source: { session: { id: SESSION } },
      fields: { '@timestamp': [AT], 'session.id': [SESSION] },
    });
    const links = (options: ReturnType<typeof resolveSettings>) =>
      (valuesOf(frameOf([hit], options))('replay_url') ?? []).filter(Boolean);
    expect(links(resolveSettings({ ...replay, sessionFields: ['session.id'] }))).toHaveLength(1);
    expect(links(resolveSettings(replay))).toEqual([]);
  });

  it('takes the sample from the line, not from a summary latest line without a valid time', () => {
    const values = valuesOf(
      frameOf([
        withHit({ _source: { message: 'real', error: { latest: { message: 'stale' } } } }),
        withHit({ _source: { message: 'kept', error: { latest: 'stale' } } }),
        withHit({ _source: { message: 'also kept', error: { latest: null } } }),
      ])
    );
    expect(values('sample')).toEqual(['real', 'kept', 'also kept']);
  });

  it('keeps each line of a multi-valued message on its own line', () => {
    const frame = frameOf([withHit({ _source: { message: ['Traceback:', '  at f'] } })]);
    expect(valuesOf(frame)('sample')).toEqual(['Traceback:\n  at f']);
  });
});

describe('toErrorGroupsFrame from the hourly summary and lines', () => {
  // A group whose latest line is in a summary document, and one whose latest line is a line.
  const HOUR = 3_600_000;
  const summaryHit = {
    _source: {
      '@timestamp': new Date(AT - HOUR).toISOString(),
      error: {
        group_message: 'Timeout after <n>s',
        lines: 7,
        latest: { time: AT - 1_000, message: 'Timeout after 3s', session: SESSION },
      },
    },
    fields: { '@timestamp': [AT - HOUR] },
  };
  const response = {
    aggregations: {
      groups: {
        buckets: [
          {
            key: 's1',
            doc_count: 3,
            first_line: { first: { value: null } },
            first_summary: { value: AT - 5 * HOUR + 60_000 },
            before: { doc_count: 1 },
            in_range: {
              doc_count: 2,
              lines: { value: 9 },
              sessions: { value: 4 },
              last_seen: { value: AT - HOUR },
              last_summary: { value: AT - 1_000 },
              services: { buckets: [{ key: 'api' }] },
              trend: { buckets: [{ key: AT - HOUR, doc_count: 2, lines: { value: 9 } }] },
              latest: { hits: { hits: [summaryHit] } },
            },
          },
          {
            key: 'l2',
            doc_count: 2,
            first_line: { first: { value: AT - 2 * HOUR } },
            first_summary: { value: AT - 3 * HOUR },
            before: { doc_count: 0 },
            in_range: {
              doc_count: 2,
              lines: { value: 2 },
              sessions: { value: 1 },
              last_seen: { value: AT },
              last_summary: { value: null },
              services: { buckets: [] },
              trend: { buckets: [] },
              latest: {
                hits: {
                  hits: [
                    {
                      _source: { message: 'Disk full', error: { group_message: 'Disk full' } },
                      fields: { '@timestamp': [AT], 'session.id': [SESSION] },
                    },
                  ],
                },
              },
            },
          },
        ],
      },
    },
  };
  const build = () =>
    toErrorGroupsFrame(response as never, settings, {
      refId: 'G',
      fromMs: AT - 4 * HOUR,
      notices: [{ severity: 'info', text: 'from lines' }],
    });

  it('counts a summary document’s lines, and takes first and last seen from whichever kind has them', () => {
    const frame = build();
    const values = valuesOf(frame);
    expect(values('lines')).toEqual([9, 2]);
    expect(values('first_seen')).toEqual([AT - 5 * HOUR + 60_000, AT - 3 * HOUR]);
    expect(values('last_seen')).toEqual([AT - 1_000, AT]);
    expect(values('new')).toEqual([false, true]);
  });

  it('reads the latest line of a summary document from its summary, not the hour it stands for', () => {
    const frame = build();
    const values = valuesOf(frame);
    expect(values('sample')).toEqual(['Timeout after 3s', 'Disk full']);
    expect(values('replay_url')?.[0]).toBe(`https://or/2/session/${SESSION}?jumpto=${AT - 1_000}`);
  });

  it('draws the trend with the lines each point stands for', () => {
    const frame = build();
    const values = valuesOf(frame);
    const trend = (values('trend') as DataFrame[])[0];
    expect(trend.fields[1].values).toEqual([9]);
  });

  it('keeps the notices it is given, first', () => {
    const frame = build();
    expect(frame.meta?.notices).toEqual([{ severity: 'info', text: 'from lines' }]);
  });
});

describe('toErrorGroupsFrame with lines that have no hashes', () => {
  const group = (key: string, sessionHashes: number, userHashes: number) => ({
    key,
    doc_count: 2,
    before: { doc_count: 0 },
    in_range: {
      doc_count: 2,
      lines: { value: 2 },
      session_hashes: { value: sessionHashes },
      user_hashes: { value: userHashes },
      sessions: { value: 0 },
      users: { value: 0 },
      last_seen: { value: AT },
    },
  });
  const build = () =>
    toErrorGroupsFrame(
      { aggregations: { groups: { buckets: [group('a', 0, 0), group('b', 2, 0)] } } } as never,
      settings,
      { refId: 'G', fromMs: AT - 3_600_000 }
    );

  it('shows no count rather than a wrong zero, and says how to add the hashes', () => {
    const frame = build();
    const values = valuesOf(frame);
    expect(values('sessions')).toEqual([null, 0]);
    expect(values('users')).toEqual([null, null]);
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([
      expect.stringMatching(/Sessions are not counted for 1 group.*setup-cluster --backfill/),
      expect.stringMatching(/Users are not counted for 2 group.*--user-field user\.id and --backfill/),
    ]);
    expect(frame.meta?.notices?.map((n) => n.severity)).toEqual(['warning', 'warning']);
  });
});

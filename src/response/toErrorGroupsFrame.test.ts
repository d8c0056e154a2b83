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

describe('toErrorGroupsFrame', () => {
  const response = {
    aggregations: { groups: { buckets: [bucket('a1', 5, 0, 3), bucket('b2', 2, 4, 1), bucket('old', 0, 3, 0)] } },
  };
  const frame = toErrorGroupsFrame(response as never, settings, { refId: 'G', fromMs: AT - 3_600_000 });
  const values = (name: string) => frame.fields.find((f) => f.name === name)?.values;

  it('has one row a group in the range, with its counts and newness', () => {
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
    const trend = frame.fields.find((f) => f.name === 'trend')!;
    expect(trend.type).toBe(FieldType.frame);
    expect((trend.values[0] as DataFrame).fields[1].values).toEqual([1, 4]);
  });

  it('links each group to the provisioned Error groups dashboard, filtered to it', () => {
    expect(frame.fields[0].config.links).toEqual([
      {
        title: GROUP_LINK_TITLE,
        url: '/d/sre-error-groups/error-groups?var-group=${__value.raw}&${__url_time_range}',
      },
    ]);
  });

  it('links to the replay of the latest affected session at that error', () => {
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
  const frame = toErrorGroupsFrame(response as never, settings, {
    refId: 'G',
    fromMs: AT - 4 * HOUR,
    notices: [{ severity: 'info', text: 'from lines' }],
  });
  const values = (name: string) => frame.fields.find((f) => f.name === name)?.values;

  it('counts a summary document’s lines, and takes first and last seen from whichever kind has them', () => {
    expect(values('lines')).toEqual([9, 2]);
    expect(values('first_seen')).toEqual([AT - 5 * HOUR + 60_000, AT - 3 * HOUR]);
    expect(values('last_seen')).toEqual([AT - 1_000, AT]);
    expect(values('new')).toEqual([false, true]);
  });

  it('reads the latest line of a summary document from its summary, not the hour it stands for', () => {
    expect(values('sample')).toEqual(['Timeout after 3s', 'Disk full']);
    expect(values('replay_url')?.[0]).toBe(`https://or/2/session/${SESSION}?jumpto=${AT - 1_000}`);
  });

  it('draws the trend with the lines each point stands for', () => {
    const trend = (values('trend') as DataFrame[])[0];
    expect(trend.fields[1].values).toEqual([9]);
  });

  it('keeps the notices it is given, first', () => {
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
  const frame = toErrorGroupsFrame(
    { aggregations: { groups: { buckets: [group('a', 0, 0), group('b', 2, 0)] } } } as never,
    settings,
    { refId: 'G', fromMs: AT - 3_600_000 }
  );
  const values = (name: string) => frame.fields.find((f) => f.name === name)?.values;

  it('shows no count rather than a wrong zero, and says how to add the hashes', () => {
    expect(values('sessions')).toEqual([null, 0]);
    expect(values('users')).toEqual([null, null]);
    expect(frame.meta?.notices?.map((n) => n.text)).toEqual([
      expect.stringMatching(/Sessions are not counted for 1 group.*setup-cluster --backfill/),
      expect.stringMatching(/Users are not counted for 2 group.*--user-field user\.id and --backfill/),
    ]);
  });
});

import type { DataFrame, Field } from '@grafana/data';
import { logDetails, detailCandidates, type GetFieldLinks } from './logDetails';
import { toLogRows } from './logRows';

// Cases after grafana/grafana public/app/features/logs/components/logParser.test.ts (getAllFields)
// and the LogLines rule of LogDetails.tsx / LogLineDetailsComponent.tsx.
const time = { name: 'timestamp', type: 'time', config: {}, values: [1] } as Field;
const body = { name: 'body', type: 'string', config: {}, values: ['line1'] } as Field;
const text = { name: 'test_field_string', type: 'string', config: {}, values: ['abc'] } as Field;
const link = { title: 'link1', url: 'https://example.com' };

function row(fields: Field[], logLines: boolean) {
  const frame: DataFrame = { refId: 'A', length: fields[0].values.length, fields };
  if (logLines) {
    frame.meta = { type: 'log-lines' as NonNullable<DataFrame['meta']>['type'] };
  }
  return toLogRows([frame])[0];
}

// Every configured link comes back as one link, as a view whose variables are all found.
const allLinks: GetFieldLinks = (field) => (field.config.links ?? []).map((l) => ({ title: l.title, href: l.url }));

describe.each([
  ['a legacy frame', false],
  ['a LogLines frame', true],
])('getAllFields on %s', (_name, logLines) => {
  it('should filter out fields with data links that have a nullish value', () => {
    const scenario = (value: unknown) =>
      detailCandidates(
        row(
          [time, body, { name: 'link', type: 'string', config: { links: [link] }, values: [value] } as Field],
          logLines
        )
      );
    expect(scenario(null)).toHaveLength(0);
    expect(scenario(undefined)).toHaveLength(0);
    expect(scenario('')).toHaveLength(1);
    expect(scenario('test')).toHaveLength(1);
    expect(scenario(false)).toHaveLength(1);
    expect(scenario(0)).toHaveLength(1);
  });

  it('should filter out config-hidden fields', () => {
    expect(
      detailCandidates(row([time, body, { ...text, config: { custom: { hidden: true } } }], logLines))
    ).toHaveLength(0);
  });

  it('should filter out field with id name', () => {
    const id = { name: 'id', type: 'string', config: {}, values: ['1659620138401000000_8b1f7688_'] } as Field;
    expect(detailCandidates(row([time, body, text, id], logLines)).map((f) => f.key)).toEqual(['test_field_string']);
  });
});

describe('getAllFields on a legacy frame', () => {
  it('should not filter out field with labels name in not-old-loki-style frame', () => {
    const labels = { name: 'labels', type: 'string', config: {}, values: ['{"place":"luna"}'] } as Field;
    expect(detailCandidates(row([time, body, text, labels], false)).map((f) => f.key)).toEqual([
      'test_field_string',
      'labels',
    ]);
  });
});

describe('getAllFields on a LogLines frame', () => {
  it('should filter out system-fields without data-links, but should keep severity', () => {
    const fields = [
      time,
      body,
      { name: 'id', type: 'string', config: {}, values: ['id1'] },
      { name: 'labels', type: 'other', config: {}, values: [{ a: '1' }] },
      { name: 'severity', type: 'string', config: {}, values: ['info'] },
      text,
    ] as Field[];
    expect(detailCandidates(row(fields, true)).map((f) => f.key)).toEqual(['severity', 'test_field_string']);
  });

  it('should keep system fields with data-links', () => {
    const withLink = (f: Field) => ({ ...f, config: { links: [link] } });
    const fields = [
      withLink(time),
      withLink(body),
      withLink({ name: 'id', type: 'string', config: {}, values: ['id1'] } as Field),
      withLink({ name: 'severity', type: 'string', config: {}, values: ['info'] } as Field),
    ];
    expect(detailCandidates(row(fields, true)).map((f) => f.key)).toEqual(['timestamp', 'body', 'id', 'severity']);
  });
});

describe('what log details list', () => {
  const fields = [
    time,
    body,
    { name: 'labels', type: 'other', config: {}, values: [{ session_id: '42', service: 'checkout' }] },
    { name: 'session_time', type: 'string', config: { displayName: 'Session time' }, values: ['12:04'] },
    { name: 'replay_url', type: 'string', config: { displayName: 'Replay', links: [link] }, values: ['https://r'] },
  ] as Field[];

  it('for a LogLines frame: labels and fields with links only, keyed by field name', () => {
    const details = logDetails(row(fields, true), allLinks);
    expect(details.labels).toEqual([
      { key: 'service', value: 'checkout' },
      { key: 'session_id', value: '42' },
    ]);
    expect(details.fields).toEqual([]);
    expect(details.links.map((l) => [l.key, l.value])).toEqual([['replay_url', 'https://r']]);
  });

  it('for another frame: fields without links too', () => {
    const details = logDetails(row(fields, false), allLinks);
    expect(details.fields.map((f) => [f.key, f.value])).toEqual([['session_time', '12:04']]);
    expect(details.links.map((l) => l.key)).toEqual(['replay_url']);
  });

  it('a field whose links all drop out is listed under Fields, or nowhere for LogLines', () => {
    expect(logDetails(row(fields, true), () => []).links).toEqual([]);
    expect(logDetails(row(fields, false), () => []).fields.map((f) => f.key)).toEqual(['session_time', 'replay_url']);
  });
});

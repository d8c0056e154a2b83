import { detectLayout, type LayoutDetection } from './detectLayout';
import type { FieldCapsAnswer } from './fieldCatalog';
import type { SampleDoc } from './sampleDocs';

/**
 * The layout table, name by name: each field a layout or a common name offers is proposed when the
 * cluster maps it (and the better ones are not), each mark recognizes its layout, and each index
 * naming places an index. Written out, not read from the table, so that a changed name fails.
 */
function detect(fields: Record<string, string>, indices = ['i'], sample: SampleDoc[] = []): LayoutDetection {
  const fieldCaps = {
    indices,
    fields: Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, { [type]: { type } }])),
  } as FieldCapsAnswer;
  return detectLayout({ fieldCaps, sample, indexPattern: 'p' });
}
const value = (d: LayoutDetection, setting: string) => d.proposals.find((p) => p.setting === setting)?.value;
const layoutIds = (d: LayoutDetection) => d.layouts.map((l) => l.id);

const OTEL = { 'body.text': 'match_only_text', severity_text: 'keyword' };
const ECS = { message: 'text', 'log.level': 'keyword' };
const DATA_PREPPER = { body: 'text', severityText: 'keyword', serviceName: 'keyword' };
const SS4O = { body: 'text', 'severity.text': 'keyword' };

describe('the layouts recognized by their marks', () => {
  it.each([
    ['otel-native', { body_text: 'match_only_text', severity_text: 'keyword' }],
    ['otel-native', { 'body.text': 'match_only_text', severity_number: 'byte' }],
    ['otel-native', { 'body.text': 'match_only_text', 'resource.attributes.service.name': 'keyword' }],
    ['ecs', { message: 'text', 'ecs.version': 'keyword' }],
    ['ecs', { message: 'text', 'log.level': 'keyword' }],
    ['data-prepper', { severityText: 'keyword', time: 'date' }],
    ['data-prepper', { severityText: 'keyword', serviceName: 'keyword' }],
    ['data-prepper', { severityText: 'keyword', observedTime: 'date' }],
    ['ss4o', { body: 'text', 'severity.text': 'keyword' }],
    ['ss4o', { body: 'text', 'severity.number': 'long' }],
  ])('%s by %j', (id, fields) => {
    expect(layoutIds(detect(fields))).toEqual([id]);
  });

  it.each([
    ['half the OTel marks', { 'body.text': 'match_only_text' }],
    ['half the ECS marks', { 'log.level': 'keyword', 'ecs.version': 'keyword' }],
    ['half the Data Prepper marks', { time: 'date', serviceName: 'keyword' }],
    ['half the ss4o marks', { 'severity.text': 'keyword' }],
  ])('none by %s', (_label, fields) => {
    expect(layoutIds(detect(fields))).toEqual([]);
  });
});

describe('the layouts place indices by their names where fields cannot tell', () => {
  it('places OTel-native streams, Data Prepper and ss4o indices by their shippers’ names', () => {
    const detection = detect(
      { ...OTEL, severityText: 'keyword', time: 'date', body: 'text', 'severity.text': 'keyword' },
      [
        '.ds-logs-checkout.otel-default-2026.11.27-000001',
        'logs-nginx.otel-default',
        'archive-logs-c.otel-x',
        'logs-otel-v1-000001',
        'ss4o_logs-x',
        'old-ss4o_logs-y',
        'plain',
      ]
    );
    expect(detection.layouts.map((l) => [l.id, l.indices])).toEqual([
      ['otel-native', ['.ds-logs-checkout.otel-default-2026.11.27-000001', 'logs-nginx.otel-default']],
      ['data-prepper', ['logs-otel-v1-000001']],
      ['ss4o', ['ss4o_logs-x']],
    ]);
    expect(detection.unplaced).toEqual(['archive-logs-c.otel-x', 'old-ss4o_logs-y', 'plain']);
    expect(detection.proposals[0].reason).toMatch(
      /^"p" also holds OpenSearch Data Prepper logs \(logs-otel-v1-000001\) and ss4o logs \(ss4o_logs-x\), which settings for Elastic OTel-native logs cannot read/
    );
    expect(detection.notes).toContain(
      '3 indices show no known layout in their fields or sampled lines: archive-logs-c.otel-x, old-ss4o_logs-y, plain.'
    );
  });
});

describe("each layout's fields", () => {
  it.each([
    ['otel-native body_text', { body_text: 'match_only_text', severity_text: 'keyword' }, 'messageField', 'body_text'],
    ['otel-native user', { ...OTEL, 'attributes.user.id': 'keyword' }, 'userField', 'attributes.user.id'],
    ['otel-native end user', { ...OTEL, 'attributes.enduser.id': 'keyword' }, 'userField', 'attributes.enduser.id'],
    [
      'otel-native resource user',
      { ...OTEL, 'resource.attributes.user.id': 'keyword' },
      'userField',
      'resource.attributes.user.id',
    ],
    ['ECS user name', { ...ECS, 'user.name': 'keyword' }, 'userField', 'user.name'],
    ['ECS numeric level (pino)', { message: 'text', 'log.level': 'long' }, 'levelField', 'log.level'],
    ['Data Prepper @timestamp', DATA_PREPPER, 'timeField', undefined],
    ['Data Prepper @timestamp', { ...DATA_PREPPER, '@timestamp': 'date' }, 'timeField', '@timestamp'],
    ['Data Prepper observedTime', { ...DATA_PREPPER, observedTime: 'date_nanos' }, 'timeField', 'observedTime'],
    ['Data Prepper time first', { ...DATA_PREPPER, time: 'date_nanos', '@timestamp': 'date' }, 'timeField', 'time'],
    [
      'Data Prepper resource service',
      { body: 'text', severityText: 'keyword', time: 'date', 'resource.attributes.service@name': 'keyword' },
      'serviceField',
      'resource.attributes.service@name',
    ],
    [
      'Data Prepper user',
      { ...DATA_PREPPER, 'log.attributes.user@id': 'keyword' },
      'userField',
      'log.attributes.user@id',
    ],
    [
      'Data Prepper end user',
      { ...DATA_PREPPER, 'log.attributes.enduser@id': 'keyword' },
      'userField',
      'log.attributes.enduser@id',
    ],
    ['ss4o observedTimestamp', { ...SS4O, observedTimestamp: 'date' }, 'timeField', 'observedTimestamp'],
    ['ss4o serviceName', { ...SS4O, serviceName: 'keyword' }, 'serviceField', 'serviceName'],
    // Data Prepper's ss4o template keeps resource attributes under resource.attributes.
    [
      'ss4o resource attributes service',
      { ...SS4O, 'resource.attributes.service.name': 'keyword' },
      'serviceField',
      'resource.attributes.service.name',
    ],
    [
      'ss4o resource attributes host',
      { ...SS4O, 'resource.attributes.host.name': 'keyword' },
      'hostField',
      'resource.attributes.host.name',
    ],
    ['ss4o end user', { ...SS4O, 'attributes.enduser.id': 'keyword' }, 'userField', 'attributes.enduser.id'],
  ])('%s', (_label, fields, setting, expected) => {
    const proposal = detect(fields).proposals.find((p) => p.setting === setting);
    // The layout's own field: the surest proposal.
    expect(proposal && { value: proposal.value, confidence: proposal.confidence }).toEqual(
      expected && { value: expected, confidence: 'high' }
    );
  });

  it.each([
    [
      'otel-native',
      OTEL,
      [
        'attributes.exception.type',
        'attributes.exception.message',
        'attributes.exception.stacktrace',
        'attributes.http.request.method',
        'attributes.url.path',
        'span_id',
      ],
    ],
    ['ecs', ECS, ['error.type', 'error.message', 'error.stack_trace', 'trace.id', 'http.request.method', 'url.path']],
    [
      'data-prepper',
      DATA_PREPPER,
      [
        'log.attributes.exception@type',
        'log.attributes.exception@message',
        'log.attributes.exception@stacktrace',
        'log.attributes.http@request@method',
        'log.attributes.url@path',
        'spanId',
      ],
    ],
    [
      'ss4o',
      SS4O,
      [
        'attributes.exception.type',
        'attributes.exception.message',
        'attributes.exception.stacktrace',
        'attributes.http.request.method',
        'attributes.url.path',
        'spanId',
      ],
    ],
  ])('%s: every detail field, in order', (id, marks, details) => {
    const detection = detect({ ...marks, ...Object.fromEntries([...details].reverse().map((f) => [f, 'keyword'])) });
    expect(layoutIds(detection)).toEqual([id]);
    expect(value(detection, 'detailFields')).toEqual(details);
  });
});

describe('the common names, where no layout is known', () => {
  it.each([
    ['timeField', '@timestamp', 'date'],
    ['timeField', 'time', 'date'],
    ['messageField', 'message', 'text'],
    ['messageField', 'log', 'text'],
    ['messageField', 'body', 'text'],
    ['levelField', 'log.level', 'keyword'],
    ['levelField', 'severity', 'keyword'],
    ['serviceField', 'service.name', 'keyword'],
    ['serviceField', 'service', 'keyword'],
    ['serviceField', 'app', 'keyword'],
    ['hostField', 'host.name', 'keyword'],
    ['hostField', 'hostname', 'keyword'],
    ['traceField', 'trace.id', 'keyword'],
    ['traceField', 'trace_id', 'keyword'],
    ['traceField', 'traceId', 'keyword'],
    ['userField', 'user.id', 'keyword'],
    ['userField', 'user_id', 'keyword'],
    ['userField', 'userId', 'long'],
  ])('%s: %s', (setting, field, type) => {
    const detection = detect({ [field]: type });
    expect(layoutIds(detection)).toEqual([]);
    expect(detection.proposals.find((p) => p.setting === setting)).toMatchObject({
      value: field,
      confidence: 'medium',
    });
  });

  it.each([
    ['the service field', 'service.name', 'text', 'serviceField', 'keyword'],
    ['the host field', 'host.name', 'long', 'hostField', 'keyword'],
    ['the trace field', 'trace.id', 'text', 'traceField', 'keyword'],
    ['the user field', 'user.id', 'text', 'userField', 'keyword or number'],
    ['the time field', 'timestamp', 'keyword', 'timeField', 'date'],
  ])('%s of the wrong type is least sure', (label, field, type, setting, families) => {
    expect(detect({ [field]: type }).proposals.find((p) => p.setting === setting)).toEqual({
      setting,
      value: field,
      reason: `"${field}" (${type}) is mapped: a common name for ${label}; it is not mapped as ${families}`,
      confidence: 'low',
    });
  });
});

describe('session id fields under each attribute prefix', () => {
  it.each([
    ['resource.attributes.session.id'],
    ['scope.attributes.session.id'],
    ['resource.attributes.session@id'],
    ['log.attributes.session@id'],
    ['resource.session.id'],
    ['attributes.session_id'],
    ['labels.sessionId'],
  ])('%s', (field) => {
    expect(value(detect({ ...ECS, [field]: 'keyword' }), 'sessionFields')).toEqual([field]);
  });

  it('tries the top level, then each prefix, each with every tool name', () => {
    const fields = [
      'resource.session.id',
      'resource.attributes.session@id',
      'log.attributes.session@id',
      'labels.session_id',
      'scope.attributes.session.id',
      'resource.attributes.session.id',
      'attributes.session.id',
      'replay_id',
      'session.id',
    ];
    const detection = detect({ ...ECS, ...Object.fromEntries(fields.map((f) => [f, 'keyword'])) });
    expect(value(detection, 'sessionFields')).toEqual([...fields].reverse());
  });

  it.each([
    ['time field', { 'attributes.timestamp': 'date', timestamp: 'date' }, 'timeField', 'timestamp'],
    ['trace field', { 'trace.id': 'keyword' }, 'traceField', 'trace.id'],
    ['user field', { 'scope.attributes.user.id': 'keyword', 'user.id': 'keyword' }, 'userField', 'user.id'],
    ['level field', { 'log.level': 'keyword' }, 'levelField', 'log.level'],
    ['host field', { 'scope.attributes.host.name': 'keyword', 'host.name': 'keyword' }, 'hostField', 'host.name'],
  ])(
    'proposes an alias or passthrough leaf for the %s, which is not read from _source',
    (_label, fields, setting, field) => {
      // Elastic OTel's own field for the setting is missing: its ECS alias is what the cluster offers.
      const detection = detect({ 'body.text': 'match_only_text', severity_number: 'byte', ...fields });
      expect(layoutIds(detection)).toEqual(['otel-native']);
      expect(value(detection, setting)).toBe(field);
    }
  );

  it('takes the leaf names of scope attributes for passthrough aliases too', () => {
    const detection = detect({ ...OTEL, 'scope.attributes.sessionId': 'keyword', sessionId: 'keyword' });
    expect(detection.proposals.find((p) => p.setting === 'sessionFields')).toMatchObject({
      value: ['scope.attributes.sessionId'],
      reason:
        '"scope.attributes.sessionId" (keyword, PostHog\'s name, also queried as "sessionId" through the passthrough): 0 of 0 sampled lines',
    });
  });
});

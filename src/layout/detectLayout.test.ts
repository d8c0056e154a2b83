import { detectLayout, proposedSettings, type LayoutDetection, type LayoutEvidence } from './detectLayout';
import type { FieldCapsAnswer } from './fieldCatalog';
import type { SampleDoc } from './sampleDocs';

/**
 * Field caps answers as Elasticsearch and OpenSearch give them for fields=*: one entry a type, the
 * index lists only where a field differs between indices. `[type, indices]` writes such a list.
 */
function caps(indices: string[], fields: Record<string, string | [string, string[]]>): FieldCapsAnswer {
  return {
    indices,
    fields: Object.fromEntries(
      Object.entries(fields).map(([name, spec]) => {
        const [type, where] = Array.isArray(spec) ? spec : [spec, undefined];
        return [
          name,
          { [type]: { type, searchable: true, aggregatable: type !== 'text', ...(where ? { indices: where } : {}) } },
        ];
      })
    ),
  } as FieldCapsAnswer;
}

const doc = (index: string, source: unknown): SampleDoc => ({ index, source });
const valueOf = (detection: LayoutDetection, setting: string) =>
  detection.proposals.find((p) => p.setting === setting)?.value;

const ID = '7326283475902461';
const OTEL_INDEX = '.ds-logs-generic.otel-default-2026.11.27-000001';
const ECS_INDEX = '.ds-logs-app-default-2026.11.27-000001';

/** Elastic's OTel-native stream (logs-otel@mappings, otel@mappings): aliases and passthrough leaves included. */
const OTEL_FIELDS = {
  '@timestamp': 'date',
  'body.text': 'match_only_text',
  message: 'match_only_text',
  severity_text: 'keyword',
  severity_number: 'byte',
  'log.level': 'keyword',
  trace_id: 'keyword',
  'trace.id': 'keyword',
  span_id: 'keyword',
  'span.id': 'keyword',
  attributes: 'object',
  'attributes.session.id': 'keyword',
  'session.id': 'keyword',
  'attributes.exception.type': 'keyword',
  'exception.type': 'keyword',
  'resource.attributes.service.name': 'keyword',
  'service.name': 'keyword',
  'resource.attributes.host.name': 'keyword',
  'host.name': 'keyword',
} as const;
const otelLine = (text: string, extra: object = {}) =>
  doc(OTEL_INDEX, { body: { text }, severity_text: 'ERROR', attributes: { 'session.id': ID }, ...extra });

const ECS_FIELDS = {
  '@timestamp': 'date',
  message: 'match_only_text',
  'log.level': 'keyword',
  'ecs.version': 'keyword',
  'service.name': 'keyword',
  'host.name': 'keyword',
  'trace.id': 'keyword',
  'session.id': 'keyword',
  'user.id': 'keyword',
  'error.type': 'keyword',
  'error.message': 'match_only_text',
  'error.stack_trace': 'wildcard',
} as const;
const ecsLine = (message: string, index = 'logs-app') =>
  doc(index, { message, log: { level: 'error' }, ecs: { version: '8.11.0' }, session: { id: ID } });

function evidence(fieldCaps: FieldCapsAnswer, sample: SampleDoc[], indexPattern = 'logs-*'): LayoutEvidence {
  return { fieldCaps, sample, indexPattern };
}

describe('detectLayout, one layout a pattern', () => {
  it('recognizes Elastic OTel-native logs and proposes their fields, not the aliases _source lacks', () => {
    const detection = detectLayout(
      evidence(caps([OTEL_INDEX], OTEL_FIELDS), [otelLine('card declined'), otelLine('retrying')])
    );
    expect(detection.layouts).toEqual([
      {
        id: 'otel-native',
        name: 'Elastic OTel-native logs',
        indices: [OTEL_INDEX],
        evidence:
          '"body.text" (match_only_text) and "severity_text" (keyword) in the field caps; 2 of 2 sampled lines carry them',
      },
    ]);
    expect(detection.proposals).toEqual([
      {
        setting: 'indexPattern',
        value: 'logs-*',
        reason:
          'every index detection could place (1 of 1) holds Elastic OTel-native logs. Detection sees only the indices "logs-*" matches: the data source\'s routes reach no others.',
        confidence: 'high',
      },
      {
        setting: 'timeField',
        value: '@timestamp',
        reason: '"@timestamp" (date) is mapped: Elastic OTel-native logs\' time field',
        confidence: 'high',
      },
      {
        setting: 'messageField',
        value: 'body.text',
        reason:
          '"body.text" (match_only_text) is mapped: Elastic OTel-native logs\' message field; 2 of 2 sampled lines carry it',
        confidence: 'high',
      },
      {
        setting: 'levelField',
        value: 'severity_text',
        reason: '"severity_text" (keyword) is mapped: Elastic OTel-native logs\' level field',
        confidence: 'high',
      },
      {
        setting: 'serviceField',
        value: 'resource.attributes.service.name',
        reason: '"resource.attributes.service.name" (keyword) is mapped: Elastic OTel-native logs\' service field',
        confidence: 'high',
      },
      {
        setting: 'hostField',
        value: 'resource.attributes.host.name',
        reason: '"resource.attributes.host.name" (keyword) is mapped: Elastic OTel-native logs\' host field',
        confidence: 'high',
      },
      {
        setting: 'traceField',
        value: 'trace_id',
        reason: '"trace_id" (keyword) is mapped: Elastic OTel-native logs\' trace field',
        confidence: 'high',
      },
      {
        setting: 'sessionFields',
        value: ['attributes.session.id'],
        reason:
          '"attributes.session.id" (keyword, OpenTelemetry\'s name, also queried as "session.id" through the passthrough): 2 of 2 sampled lines',
        confidence: 'high',
      },
      {
        setting: 'messageTags',
        value: [],
        reason:
          'none of the 2 sampled lines (lines with a tag\'s name come first) carries asayer_session_id=, openReplaySession.id=, session_id= in "body.text"; the session fields carry the ids',
        confidence: 'medium',
      },
      {
        setting: 'detailFields',
        value: ['attributes.exception.type', 'span_id'],
        reason: 'mapped: "attributes.exception.type", "span_id", Elastic OTel-native logs\' error and request fields',
        confidence: 'high',
      },
    ]);
    expect(detection.unresolved).toEqual([
      {
        setting: 'userField',
        reason:
          'none of "attributes.user.id", "attributes.enduser.id", "resource.attributes.user.id", "user.id", "user_id", "userId" is mapped',
      },
    ]);
    expect(detection.notes).toEqual([]);
    expect(detection.unplaced).toEqual([]);
  });

  it.each([
    [
      'ECS (Filebeat, Elastic Agent, the setup tool)',
      caps(['logs-app'], ECS_FIELDS),
      [ecsLine(`[asayer_session_id=${ID}] card declined`)],
      {
        layout: 'ecs',
        indexPattern: 'logs-*',
        timeField: '@timestamp',
        messageField: 'message',
        levelField: 'log.level',
        serviceField: 'service.name',
        hostField: 'host.name',
        traceField: 'trace.id',
        userField: 'user.id',
        sessionFields: ['session.id'],
        messageTags: ['asayer_session_id'],
        detailFields: ['error.type', 'error.message', 'error.stack_trace', 'trace.id'],
      },
    ],
    [
      "OpenSearch Data Prepper's otel_logs_source",
      caps(['logs-otel-v1-000001'], {
        time: 'date',
        observedTime: 'date',
        body: 'text',
        severityText: 'keyword',
        severityNumber: 'integer',
        serviceName: 'keyword',
        traceId: 'keyword',
        spanId: 'keyword',
        'log.attributes.session@id': 'keyword',
        'log.attributes.exception@type': 'keyword',
        'resource.attributes.service@name': 'keyword',
        'resource.attributes.host@name': 'keyword',
        'log.attributes.enduser@id': 'keyword',
      }),
      [doc('logs-otel-v1-000001', { body: 'timeout', severityText: 'ERROR', 'log.attributes.session@id': ID })],
      {
        layout: 'data-prepper',
        indexPattern: 'logs-*',
        timeField: 'time',
        messageField: 'body',
        levelField: 'severityText',
        serviceField: 'serviceName',
        hostField: 'resource.attributes.host@name',
        traceField: 'traceId',
        userField: 'log.attributes.enduser@id',
        sessionFields: ['log.attributes.session@id'],
        messageTags: [],
        detailFields: ['log.attributes.exception@type', 'spanId'],
      },
    ],
    [
      'the ss4o schema (the OpenTelemetry Collector opensearch exporter)',
      caps(['ss4o_logs-default-namespace'], {
        '@timestamp': 'date',
        observedTimestamp: 'date',
        body: 'text',
        'severity.text': 'keyword',
        'severity.number': 'long',
        traceId: 'keyword',
        spanId: 'keyword',
        'attributes.session.id': 'keyword',
        'attributes.exception.type': 'keyword',
        'attributes.user.id': 'keyword',
        'resource.service.name': 'keyword',
        'resource.host.name': 'keyword',
      }),
      [
        doc('ss4o_logs-default-namespace', {
          body: 'oops',
          severity: { text: 'ERROR' },
          attributes: { 'session.id': ID },
        }),
      ],
      {
        layout: 'ss4o',
        indexPattern: 'logs-*',
        timeField: '@timestamp',
        messageField: 'body',
        levelField: 'severity.text',
        serviceField: 'resource.service.name',
        hostField: 'resource.host.name',
        traceField: 'traceId',
        userField: 'attributes.user.id',
        sessionFields: ['attributes.session.id'],
        messageTags: [],
        detailFields: ['attributes.exception.type', 'spanId'],
      },
    ],
    [
      "ids as key=value text: OpenReplay's Go logger (bare, at the end) and Faro's logfmt",
      caps(['logs-app'], { '@timestamp': 'date', message: 'text', 'log.level': 'keyword', 'service.name': 'keyword' }),
      [
        doc('logs-app', { message: `upstream timeout openReplaySession.id=${ID}` }),
        doc('logs-app', { message: 'level=error msg="fetch failed" session_id=k3Jh7mNp2Q' }),
        doc('logs-app', { message: 'healthy' }),
      ],
      {
        layout: 'ecs',
        indexPattern: 'logs-*',
        timeField: '@timestamp',
        messageField: 'message',
        levelField: 'log.level',
        serviceField: 'service.name',
        messageTags: ['openReplaySession.id', 'session_id'],
      },
    ],
  ])('recognizes %s', (_label, fieldCaps, sample, expected) => {
    const { layout, ...settings } = expected;
    const detection = detectLayout(evidence(fieldCaps, sample));
    expect(detection.layouts.map((l) => l.id)).toEqual([layout]);
    expect(proposedSettings(detection)).toEqual(settings);
    expect(detection.proposals.filter((p) => p.confidence !== 'high').map((p) => p.setting)).toEqual(
      settings.messageTags.length ? [] : ['messageTags']
    );
  });

  it('names the tools whose session id fields it finds, the most sampled first', () => {
    const detection = detectLayout(
      evidence(
        caps(['logs-app'], {
          ...ECS_FIELDS,
          'session.id': 'keyword',
          session_id: 'keyword',
          sessionId: 'keyword',
          $session_id: 'keyword',
          'highlight.session_id': 'keyword',
          'sentry.replay_id': 'keyword',
          replay_id: 'long',
          'labels.session_id': 'keyword',
        }),
        [
          doc('logs-app', { message: 'a', sessionId: 'p1' }),
          doc('logs-app', { message: 'b', sessionId: 'p2', highlight: { session_id: 'h1' } }),
          doc('logs-app', { message: 'c', 'sentry.replay_id': 's1' }),
        ]
      )
    );
    const sessionFields = detection.proposals.find((p) => p.setting === 'sessionFields')!;
    expect(sessionFields.value).toEqual([
      'sessionId',
      'highlight.session_id',
      'sentry.replay_id',
      'session.id',
      'session_id',
      '$session_id',
      'replay_id',
      'labels.session_id',
    ]);
    expect(sessionFields.reason).toBe(
      [
        '"sessionId" (keyword, PostHog\'s name): 2 of 3 sampled lines',
        '"highlight.session_id" (keyword, Highlight\'s name): 1 of 3 sampled lines',
        '"sentry.replay_id" (keyword, Sentry\'s name): 1 of 3 sampled lines',
        '"session.id" (keyword, OpenTelemetry\'s name): 0 of 3 sampled lines',
        '"session_id" (keyword, Grafana Faro\'s name): 0 of 3 sampled lines',
        '"$session_id" (keyword, PostHog\'s name): 0 of 3 sampled lines',
        '"replay_id" (long, Sentry\'s name): 0 of 3 sampled lines',
        '"labels.session_id" (keyword, Grafana Faro\'s name): 0 of 3 sampled lines',
      ].join('; ')
    );
    expect(sessionFields.confidence).toBe('high');
    expect(detection.notes).toEqual([]);
  });

  it('is less sure of session fields no sampled line carries, and says why a text one is left out', () => {
    const detection = detectLayout(
      evidence(caps(['logs-app'], { ...ECS_FIELDS, 'session.id': 'text', 'attributes.session.id': 'keyword' }), [
        ecsLine('x'),
      ])
    );
    expect(detection.proposals.find((p) => p.setting === 'sessionFields')).toMatchObject({
      value: ['attributes.session.id'],
      confidence: 'medium',
    });
    expect(detection.notes).toEqual([
      '"session.id" may hold session ids but is mapped as text: map it as keyword to search sessions in it.',
    ]);
  });

  it('proposes from the mappings alone when no line was sampled, and says so', () => {
    const detection = detectLayout(evidence(caps(['logs-app'], ECS_FIELDS), []));
    expect(detection.layouts).toEqual([
      {
        id: 'ecs',
        name: 'ECS logs',
        indices: ['logs-app'],
        evidence: '"message" (match_only_text) and "log.level" (keyword) in the field caps',
      },
    ]);
    expect(detection.proposals.find((p) => p.setting === 'messageField')).toEqual({
      setting: 'messageField',
      value: 'message',
      reason: '"message" (match_only_text) is mapped: ECS logs\' message field',
      confidence: 'high',
    });
    expect(detection.proposals.find((p) => p.setting === 'sessionFields')?.confidence).toBe('medium');
    expect(detection.unresolved).toEqual([{ setting: 'messageTags', reason: 'no line was sampled' }]);
    expect(detection.notes).toEqual(['No line was sampled: the proposals come from the mappings alone.']);
  });

  it('is less sure of a message field no sampled line carries', () => {
    const detection = detectLayout(evidence(caps(['logs-app'], ECS_FIELDS), [doc('logs-app', { other: 1 })]));
    expect(detection.proposals.find((p) => p.setting === 'messageField')).toEqual({
      setting: 'messageField',
      value: 'message',
      reason: '"message" (match_only_text) is mapped: ECS logs\' message field; 0 of 1 sampled lines carry it',
      confidence: 'medium',
    });
  });

  it('falls back to common names, less sure, and least sure of a field of the wrong type', () => {
    const detection = detectLayout(
      evidence(caps(['app'], { timestamp: 'date', msg: 'keyword', level: 'text', host: 'keyword' }), [
        doc('app', { msg: 'hello' }),
      ])
    );
    expect(detection.layouts).toEqual([]);
    expect(detection.proposals).toEqual([
      {
        setting: 'timeField',
        value: 'timestamp',
        reason: '"timestamp" (date) is mapped: a common name for the time field',
        confidence: 'medium',
      },
      {
        setting: 'messageField',
        value: 'msg',
        reason:
          '"msg" (keyword) is mapped: a common name for the message field; it is not mapped as text; 1 of 1 sampled lines carry it',
        confidence: 'low',
      },
      {
        setting: 'levelField',
        value: 'level',
        reason: '"level" (text) is mapped: a common name for the level field; it is not mapped as keyword or number',
        confidence: 'low',
      },
      {
        setting: 'hostField',
        value: 'host',
        reason: '"host" (keyword) is mapped: a common name for the host field',
        confidence: 'medium',
      },
    ]);
    expect(detection.unresolved.map((u) => u.setting)).toEqual([
      'indexPattern',
      'serviceField',
      'traceField',
      'userField',
      'sessionFields',
      'messageTags',
      'detailFields',
    ]);
    expect(detection.unresolved[0].reason).toBe(
      'no known layout found. Detection sees only the indices "logs-*" matches: the data source\'s routes reach no others.'
    );
    expect(detection.unresolved.find((u) => u.setting === 'messageTags')?.reason).toBe(
      'no sampled line carries a tag, and no session field was found'
    );
    expect(detection.unresolved.find((u) => u.setting === 'serviceField')?.reason).toBe(
      'none of "service.name", "service", "app" is mapped'
    );
    expect(detection.unresolved.find((u) => u.setting === 'detailFields')?.reason).toBe(
      'none of "error.type", "error.message", "error.stack_trace", "trace.id", "http.request.method", "url.path" is mapped'
    );
    expect(detection.unresolved.find((u) => u.setting === 'sessionFields')?.reason).toBe(
      'no index maps a session id field by the tools\' names ("session.id", "session_id", "sessionId", "$session_id", "highlight.session_id", "sentry.replay_id", "replay_id", also under attribute prefixes) as a keyword'
    );
  });

  it('proposes the default detail fields the cluster maps when no layout is known', () => {
    const detection = detectLayout(evidence(caps(['app'], { 'error.type': 'keyword', 'url.path': 'keyword' }), []));
    expect(detection.proposals.find((p) => p.setting === 'detailFields')).toEqual({
      setting: 'detailFields',
      value: ['error.type', 'url.path'],
      reason: 'mapped: "error.type", "url.path"',
      confidence: 'medium',
    });
  });
});

describe('detectLayout, details of the proposals', () => {
  it('says which lines showed each tag', () => {
    const detection = detectLayout(
      evidence(caps(['logs-app'], ECS_FIELDS), [
        ecsLine(`upstream timeout openReplaySession.id=${ID}`),
        ecsLine('level=error msg="fetch failed" session_id=k3Jh7mNp2Q'),
        ecsLine('level=error msg="fetch failed again" session_id=k3Jh7mNp2Q'),
      ])
    );
    expect(detection.proposals.find((p) => p.setting === 'messageTags')).toEqual({
      setting: 'messageTags',
      value: ['openReplaySession.id', 'session_id'],
      reason: `"openReplaySession.id=<id>" on 1 of 3 sampled lines, e.g. "upstream timeout openReplaySession.id=${ID}"; "session_id=<id>" on 2 of 3 sampled lines, e.g. "level=error msg=\"fetch failed\" session_id=k3Jh7mNp2Q"`,
      confidence: 'high',
    });
  });

  it('proposes no tags where no message field is mapped', () => {
    const detection = detectLayout(evidence(caps(['app'], { timestamp: 'date' }), [doc('app', { x: 1 })]));
    expect(detection.unresolved.find((u) => u.setting === 'messageTags')).toEqual({
      setting: 'messageTags',
      reason: 'no sampled line carries a tag, and no session field was found',
    });
  });

  it('stays least sure of a message field of the wrong type that no sampled line carries', () => {
    const detection = detectLayout(evidence(caps(['app'], { msg: 'keyword' }), [doc('app', { x: 1 })]));
    expect(detection.proposals.find((p) => p.setting === 'messageField')?.confidence).toBe('low');
  });

  it('orders session fields by their sampled lines when no layout is known', () => {
    const detection = detectLayout(
      evidence(caps(['app'], { 'session.id': 'keyword', sessionId: 'keyword' }), [
        doc('app', { sessionId: 'a' }),
        doc('app', { sessionId: 'b', session: { id: 'c' } }),
        doc('app', {}),
      ])
    );
    expect(valueOf(detection, 'sessionFields')).toEqual(['sessionId', 'session.id']);
    const reversed = detectLayout(
      evidence(caps(['app'], { 'session.id': 'keyword', sessionId: 'keyword' }), [
        doc('app', { session: { id: 'a' } }),
        doc('app', { sessionId: 'b', session: { id: 'c' } }),
      ])
    );
    expect(valueOf(reversed, 'sessionFields')).toEqual(['session.id', 'sessionId']);
  });

  it('names the passthrough leaf only where the cluster maps it', () => {
    const { 'session.id': _leaf, ...withoutLeaf } = OTEL_FIELDS;
    const detection = detectLayout(evidence(caps([OTEL_INDEX], withoutLeaf), [otelLine('a')]));
    expect(detection.proposals.find((p) => p.setting === 'sessionFields')?.reason).toBe(
      '"attributes.session.id" (keyword, OpenTelemetry\'s name): 1 of 1 sampled lines'
    );
  });

  it('lists every type of a field mapped differently in two indices', () => {
    const fieldCaps = caps(['a', 'b'], ECS_FIELDS);
    fieldCaps.fields!['user.id'] = {
      keyword: { type: 'keyword', indices: ['a'] },
      long: { type: 'long', indices: ['b'] },
    } as never;
    const detection = detectLayout(evidence(fieldCaps, []));
    expect(detection.proposals.find((p) => p.setting === 'userField')?.reason).toBe(
      '"user.id" (keyword, long) is mapped: ECS logs\' user field'
    );
  });

  it('proposes the keyword sub-field of a text field that dynamic mapping made', () => {
    // Data Prepper's sink writing to a plain index: strings as text with a keyword sub-field.
    const detection = detectLayout(
      evidence(
        caps(['logs-otel-v1-000001'], {
          time: 'date',
          body: 'text',
          'body.keyword': 'keyword',
          severityText: 'text',
          'severityText.keyword': 'keyword',
          serviceName: 'text',
          'serviceName.keyword': 'keyword',
          'log.attributes.session@id': 'text',
          'log.attributes.session@id.keyword': 'keyword',
          'log.attributes.user@id': 'text',
        }),
        [doc('logs-otel-v1-000001', { body: 'x', severityText: 'ERROR', 'log.attributes.session@id': 's1' })]
      )
    );
    expect(detection.proposals.find((p) => p.setting === 'levelField')).toEqual({
      setting: 'levelField',
      value: 'severityText.keyword',
      reason:
        '"severityText.keyword" (keyword) is mapped: the keyword sub-field of "severityText" (text), OpenSearch Data Prepper logs\' level field',
      confidence: 'high',
    });
    expect(valueOf(detection, 'messageField')).toBe('body');
    expect(valueOf(detection, 'serviceField')).toBe('serviceName.keyword');
    expect(detection.proposals.find((p) => p.setting === 'sessionFields')).toEqual({
      setting: 'sessionFields',
      value: ['log.attributes.session@id.keyword'],
      reason: '"log.attributes.session@id.keyword" (keyword, OpenTelemetry\'s name): 1 of 1 sampled lines',
      confidence: 'high',
    });
    // A text field without a keyword sub-field stays the least sure proposal.
    expect(detection.proposals.find((p) => p.setting === 'userField')?.confidence).toBe('low');
  });

  it('takes a half-mapped OTel layout for no layout: its aliases do not hide ECS logs', () => {
    const detection = detectLayout(
      evidence(caps(['logs-app'], { message: 'text', 'log.level': 'keyword', 'body.text': 'text' }), [])
    );
    expect(detection.layouts.map((l) => l.id)).toEqual(['ecs']);
  });
});

describe('detectLayout, layouts mixed under one pattern', () => {
  const mixedCaps = caps([ECS_INDEX, OTEL_INDEX], { ...OTEL_FIELDS, ...ECS_FIELDS, message: 'match_only_text' });

  it('places indices by their sampled lines and proposes the layout most lines show, narrowing the pattern', () => {
    const detection = detectLayout(
      evidence(mixedCaps, [
        otelLine('a'),
        otelLine('b'),
        otelLine(`c openReplaySession.id=${ID}`),
        ecsLine(`[asayer_session_id=${ID}] d`, ECS_INDEX),
      ])
    );
    expect(detection.layouts).toEqual([
      {
        id: 'otel-native',
        name: 'Elastic OTel-native logs',
        indices: [OTEL_INDEX],
        evidence:
          '"body.text" (match_only_text) and "severity_text" (keyword) in the field caps; 3 of 4 sampled lines carry them',
      },
      {
        id: 'ecs',
        name: 'ECS logs',
        indices: [ECS_INDEX],
        evidence:
          '"message" (match_only_text) and "log.level" (keyword) in the field caps; 1 of 4 sampled lines carry them',
      },
    ]);
    expect(detection.proposals[0]).toEqual({
      setting: 'indexPattern',
      value: 'logs-*.otel-*',
      reason: `"logs-*" also holds ECS logs (${ECS_INDEX}), which settings for Elastic OTel-native logs cannot read; this pattern keeps Elastic OTel-native logs only. Detection sees only the indices "logs-*" matches: the data source's routes reach no others.`,
      confidence: 'medium',
    });
    expect(detection.notes).toEqual([
      `ECS logs in ${ECS_INDEX}: add a second data source with the index pattern "logs-app-default" and run detection there.`,
    ]);
    // The id lives in both layouts' fields: a real `session.id` in the ECS lines, the passthrough in OTel's.
    expect(valueOf(detection, 'sessionFields')).toEqual(['attributes.session.id', 'session.id']);
    expect(valueOf(detection, 'messageField')).toBe('body.text');
    expect(valueOf(detection, 'messageTags')).toEqual(['openReplaySession.id']);
  });

  it('proposes ECS where most lines are ECS', () => {
    const detection = detectLayout(
      evidence(mixedCaps, [otelLine('a'), ecsLine('b', ECS_INDEX), ecsLine('c', ECS_INDEX)])
    );
    expect(detection.layouts.map((l) => l.id)).toEqual(['ecs', 'otel-native']);
    expect(valueOf(detection, 'indexPattern')).toBe('logs-app-default');
    expect(valueOf(detection, 'messageField')).toBe('message');
    expect(valueOf(detection, 'levelField')).toBe('log.level');
    expect(valueOf(detection, 'serviceField')).toBe('service.name');
    // ECS's own error fields, though Elastic's OTel template makes aliases of these names.
    expect(valueOf(detection, 'detailFields')).toEqual([
      'error.type',
      'error.message',
      'error.stack_trace',
      'trace.id',
    ]);
  });

  it("proposes none of OTel's ECS-named aliases as detail fields: _source lacks them", () => {
    const detection = detectLayout(
      evidence(
        caps([OTEL_INDEX], {
          ...OTEL_FIELDS,
          'attributes.exception.stacktrace': 'wildcard',
          'error.stack_trace': 'wildcard',
          'error.exception.type': 'keyword',
        }),
        [otelLine('a')]
      )
    );
    expect(valueOf(detection, 'detailFields')).toEqual([
      'attributes.exception.type',
      'attributes.exception.stacktrace',
      'span_id',
    ]);
  });

  it("puts first the session field of the main layout's lines, which the aggregations use", () => {
    const ecsWithout = doc(ECS_INDEX, { message: 'no id', log: { level: 'info' } });
    const detection = detectLayout(
      evidence(mixedCaps, [otelLine('a'), otelLine('b'), ecsLine('c', ECS_INDEX), ecsWithout, ecsWithout])
    );
    expect(detection.layouts.map((l) => l.id)).toEqual(['ecs', 'otel-native']);
    expect(valueOf(detection, 'sessionFields')).toEqual(['session.id', 'attributes.session.id']);
  });

  it("orders session fields no main layout's line carries by their lines elsewhere", () => {
    const ecsWithout = doc(ECS_INDEX, { message: 'no id', log: { level: 'info' } });
    const withMore = caps([ECS_INDEX, OTEL_INDEX], {
      ...OTEL_FIELDS,
      ...ECS_FIELDS,
      sessionId: 'keyword',
      'labels.session_id': 'keyword',
    });
    const detection = detectLayout(
      evidence(withMore, [otelLine('a', { sessionId: 'p' }), otelLine('b'), ecsWithout, ecsWithout, ecsWithout])
    );
    expect(detection.layouts.map((l) => l.id)).toEqual(['ecs', 'otel-native']);
    // ECS's `session.id` is no ECS line's: only the passthrough leaf here, left out.
    expect(valueOf(detection, 'sessionFields')).toEqual(['attributes.session.id', 'sessionId', 'labels.session_id']);
    expect(detection.proposals.find((p) => p.setting === 'sessionFields')?.reason).toMatch(
      /^"attributes\.session\.id" \(keyword, OpenTelemetry's name, also queried as "session\.id" through the passthrough\)/
    );
  });

  it('places indices by the field caps lists and the index names when no line was sampled', () => {
    const detection = detectLayout(
      evidence(
        caps(['logs-app', 'logs-otel-v1-000001', 'logs-summary'], {
          '@timestamp': 'date',
          message: ['text', ['logs-app']],
          body: ['text', ['logs-otel-v1-000001']],
          'log.level': 'keyword',
          severityText: 'keyword',
          time: 'date',
        }),
        []
      )
    );
    expect(detection.layouts.map((l) => [l.id, l.indices])).toEqual([
      ['ecs', ['logs-app']],
      ['data-prepper', ['logs-otel-v1-000001']],
    ]);
    expect(detection.unplaced).toEqual(['logs-summary']);
    expect(detection.notes).toContain('1 index shows no known layout in their fields or sampled lines: logs-summary.');
    expect(valueOf(detection, 'indexPattern')).toBe('logs-app');
  });

  it('ranks by index count when no line was sampled, and names at most three indices', () => {
    const ecsIndices = ['logs-a', 'logs-b', 'logs-c', 'logs-d'];
    const detection = detectLayout(
      evidence(
        caps([...ecsIndices, 'ss4o_logs-x'], {
          '@timestamp': 'date',
          message: ['text', ecsIndices],
          'log.level': ['keyword', ecsIndices],
          body: ['text', ['ss4o_logs-x']],
          'severity.text': 'keyword',
        }),
        []
      )
    );
    expect(detection.layouts.map((l) => l.id)).toEqual(['ecs', 'ss4o']);
    expect(valueOf(detection, 'indexPattern')).toBe('logs-a,logs-b,logs-c,logs-d');
    const reversed = detectLayout(
      evidence(
        caps(['ss4o_logs-x', 'ss4o_logs-y', 'ss4o_logs-z', 'ss4o_logs-w', 'logs-a'], {
          '@timestamp': 'date',
          message: ['text', ['logs-a']],
          'log.level': ['keyword', ['logs-a']],
          body: 'text',
          'severity.text': 'keyword',
        }),
        []
      )
    );
    expect(reversed.layouts.map((l) => l.id)).toEqual(['ss4o', 'ecs']);
    expect(valueOf(reversed, 'indexPattern')).toBe('ss4o_logs-x,ss4o_logs-y,ss4o_logs-z,ss4o_logs-w');
    expect(reversed.proposals[0].reason).toMatch(
      /^"logs-\*" also holds ECS logs \(logs-a\), which settings for ss4o logs/
    );
    const many = detectLayout(
      evidence(
        caps(['ss4o_logs-x', 'logs-a', 'logs-b', 'logs-c', 'logs-d'], {
          '@timestamp': 'date',
          message: ['text', ecsIndices],
          'log.level': ['keyword', ecsIndices],
          body: ['text', ['ss4o_logs-x']],
          'severity.text': 'keyword',
        }),
        [doc('ss4o_logs-x', { body: 'x', severity: { text: 'INFO' } })]
      )
    );
    expect(many.layouts.map((l) => l.id)).toEqual(['ss4o', 'ecs']);
    expect(many.notes).toEqual([
      'ECS logs in logs-a, logs-b, logs-c, …: add a second data source with the index pattern "logs-a,logs-b,logs-c,logs-d" and run detection there.',
    ]);
  });

  it('does not take the OTel aliases for ECS logs', () => {
    // `message` and `log.level` are aliases in Elastic's OTel template: without lines carrying them, no ECS.
    const detection = detectLayout(evidence(caps([OTEL_INDEX], { ...OTEL_FIELDS, 'ecs.version': 'keyword' }), []));
    expect(detection.layouts.map((l) => l.id)).toEqual(['otel-native']);
    expect(valueOf(detection, 'messageField')).toBe('body.text');
  });

  it('keeps a layout that recognized only alongside another when the other layout does not alias its marks', () => {
    const detection = detectLayout(
      evidence(
        caps(['logs-otel-v1-000001', 'ss4o_logs-x'], {
          time: 'date',
          '@timestamp': 'date',
          body: 'text',
          severityText: ['keyword', ['logs-otel-v1-000001']],
          'severity.text': ['keyword', ['ss4o_logs-x']],
        }),
        []
      )
    );
    expect(detection.layouts.map((l) => [l.id, l.indices])).toEqual([
      ['data-prepper', ['logs-otel-v1-000001']],
      ['ss4o', ['ss4o_logs-x']],
    ]);
    expect(detection.unplaced).toEqual([]);
  });

  it('proposes the saved pattern, less sure, when nothing tells which index holds which layout', () => {
    const detection = detectLayout(
      evidence(
        caps(['app-a', 'app-b'], {
          time: 'date',
          message: 'text',
          'log.level': 'keyword',
          body: 'text',
          severityText: 'keyword',
        }),
        []
      )
    );
    expect(detection.layouts.map((l) => [l.id, l.indices])).toEqual([
      ['ecs', []],
      ['data-prepper', []],
    ]);
    expect(detection.unplaced).toEqual(['app-a', 'app-b']);
    expect(detection.proposals[0]).toMatchObject({ value: 'logs-*', confidence: 'medium' });
    expect(detection.proposals[0].reason).toMatch(/^every index detection could place \(0 of 2\) holds ECS logs/);
  });

  it('places an index in the layout whose every mark its lines show', () => {
    // "y" holds Data Prepper lines that also carry a `message`: Data Prepper shows both its marks there.
    const detection = detectLayout(
      evidence(caps(['x', 'y'], { message: 'text', 'log.level': 'keyword', severityText: 'keyword', time: 'date' }), [
        doc('x', { message: 'a', log: { level: 'info' } }),
        doc('y', { severityText: 'ERROR', time: '2026-11-27T10:00:00Z', message: 'b' }),
      ])
    );
    expect(detection.layouts.map((l) => [l.id, l.indices])).toEqual([
      ['ecs', ['x']],
      ['data-prepper', ['y']],
    ]);
  });

  it('keeps the saved pattern when the other layout found has no index of its own', () => {
    const detection = detectLayout(
      evidence(
        caps(['a', 'b'], {
          '@timestamp': 'date',
          message: ['text', ['a']],
          'log.level': ['keyword', ['a']],
          severityText: 'keyword',
          time: 'date',
        }),
        []
      )
    );
    expect(detection.layouts.map((l) => [l.id, l.indices])).toEqual([
      ['ecs', ['a']],
      ['data-prepper', []],
    ]);
    expect(detection.unplaced).toEqual(['b']);
    expect(detection.proposals[0]).toMatchObject({ value: 'logs-*', confidence: 'medium' });
    expect(detection.notes).toEqual([
      '1 index shows no known layout in their fields or sampled lines: b.',
      'No line was sampled: the proposals come from the mappings alone.',
    ]);
  });

  it('names three indices of another layout without an ellipsis', () => {
    const indices = ['logs-a', 'logs-b', 'logs-c'];
    const detection = detectLayout(
      evidence(
        caps([...indices, 'ss4o_logs-x'], {
          message: ['text', indices],
          'log.level': ['keyword', indices],
          body: ['text', ['ss4o_logs-x']],
          'severity.text': 'keyword',
        }),
        [doc('ss4o_logs-x', { body: 'x', severity: { text: 'INFO' } })]
      )
    );
    expect(detection.notes[0]).toBe(
      'ECS logs in logs-a, logs-b, logs-c: add a second data source with the index pattern "logs-a,logs-b,logs-c" and run detection there.'
    );
  });

  it('places every index in the one layout found, even with marks of another in its mappings', () => {
    const detection = detectLayout(evidence(mixedCaps, [otelLine('a')]));
    expect(detection.layouts.map((l) => [l.id, l.indices])).toEqual([['otel-native', [ECS_INDEX, OTEL_INDEX]]]);
  });
});

describe('proposedSettings', () => {
  it('gives each proposal as the setting it would save', () => {
    expect(
      proposedSettings({
        proposals: [
          { setting: 'messageField', value: 'body', reason: '', confidence: 'high' },
          { setting: 'sessionFields', value: ['a', 'b'], reason: '', confidence: 'medium' },
        ],
      })
    ).toEqual({ messageField: 'body', sessionFields: ['a', 'b'] });
  });
});

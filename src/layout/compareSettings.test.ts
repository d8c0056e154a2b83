import { resolveSettings } from '../settings';
import {
  changedProposals,
  currentValue,
  describeLayouts,
  layoutAdvice,
  proposalMatches,
  settingsMismatches,
} from './compareSettings';
import { detectLayout, type LayoutEvidence, type SettingProposal } from './detectLayout';
import type { FieldCapsAnswer } from './fieldCatalog';

function caps(indices: string[], fields: Record<string, string>): FieldCapsAnswer {
  return {
    indices,
    fields: Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, { [type]: { type } }])),
  } as FieldCapsAnswer;
}

const OTEL_INDEX = '.ds-logs-generic.otel-default-2026.11.27-000001';
/** Elastic's OTel-native stream, its aliases and passthrough leaves included (logs-otel@mappings, otel@mappings). */
const otel: LayoutEvidence = {
  indexPattern: 'logs-*',
  fieldCaps: caps([OTEL_INDEX], {
    '@timestamp': 'date',
    'body.text': 'match_only_text',
    message: 'match_only_text',
    severity_text: 'keyword',
    'log.level': 'keyword',
    trace_id: 'keyword',
    'trace.id': 'keyword',
    'attributes.session.id': 'keyword',
    'session.id': 'keyword',
    'resource.attributes.service.name': 'keyword',
    'service.name': 'keyword',
  }),
  sample: [
    {
      index: OTEL_INDEX,
      source: { body: { text: 'declined session_id=k3Jh7mNp2Q' }, attributes: { 'session.id': '1' } },
    },
  ],
};

const proposal = (setting: SettingProposal['setting'], value: string | string[]) =>
  ({ setting, value, reason: '', confidence: 'high' }) as SettingProposal;

describe('proposalMatches', () => {
  it.each([
    [proposal('messageField', 'body'), 'body', true],
    [proposal('messageField', 'body'), 'message', false],
    [proposal('sessionFields', ['a', 'b']), ['a', 'b'], true],
    [proposal('sessionFields', ['a', 'b']), ['b', 'a'], false],
    [proposal('sessionFields', ['a']), ['a', 'b'], false],
    [proposal('sessionFields', ['ab']), ['a', 'b'], false],
    [proposal('messageTags', ['session_id', 'asayer_session_id']), ['asayer_session_id', 'session_id'], true],
    [proposal('messageTags', ['session_id']), ['session_id', 'asayer_session_id'], false],
    [proposal('detailFields', ['a', 'b']), ['a', 'c'], false],
    [proposal('detailFields', []), undefined, true],
    [proposal('detailFields', ['a']), undefined, false],
    [proposal('detailFields', ['a']), 'a', false],
  ])('%#: %j against %j', (p, current, same) => {
    expect(proposalMatches(p, current)).toBe(same);
  });
});

describe('changedProposals', () => {
  it('keeps the proposals that change the settings as the plugin resolves them (defaults applied)', () => {
    const settings = resolveSettings({ indexPattern: 'logs-*', messageField: 'body.text' });
    expect(currentValue(settings, 'timeField')).toBe('@timestamp');
    expect(currentValue(settings, 'sessionFields')).toEqual([]);
    const changed = changedProposals(detectLayout(otel), settings).map((p) => p.setting);
    expect(changed).toEqual(['levelField', 'serviceField', 'traceField', 'sessionFields', 'messageTags']);
  });
});

describe('settingsMismatches', () => {
  it("names a message field that is only OTel's alias, the missing session field and the tag left out", () => {
    const detection = detectLayout(otel);
    // The level, service and trace fields are read through the fields API, which answers for
    // OTel's aliases and passthrough leaves: the defaults work there, whatever is proposed.
    expect(settingsMismatches(otel, detection, resolveSettings({ indexPattern: 'logs-*' }))).toEqual([
      'the message field "message" is only an alias here, absent from the lines ("body.text" is there)',
      'no session field is set, but "attributes.session.id" holds session ids',
      '1 sampled line carries "session_id=<id>", which the saved message tags leave out',
    ]);
  });

  it('names saved session fields no index has, and fields in no index', () => {
    const dataPrepper: LayoutEvidence = {
      indexPattern: 'logs-otel-v1-*',
      fieldCaps: caps(['logs-otel-v1-000001'], {
        time: 'date',
        body: 'text',
        severityText: 'keyword',
        'log.attributes.session@id': 'keyword',
      }),
      sample: [],
    };
    const settings = resolveSettings({
      indexPattern: 'logs-otel-v1-*',
      sessionFields: ['session.id', 'sid'],
      messageTags: [],
    });
    expect(settingsMismatches(dataPrepper, detectLayout(dataPrepper), settings)).toEqual([
      'the time field "@timestamp" is in no index ("time" is there)',
      'the message field "message" is in no index ("body" is there)',
      'the level field "log.level" is in no index ("severityText" is there)',
      'no index has the session fields "session.id", "sid", but "log.attributes.session@id" holds session ids',
    ]);
  });

  it('finds nothing to say when the saved settings fit, or a saved field has nothing better', () => {
    const fittingOptions = {
      indexPattern: 'logs-*',
      messageField: 'body.text',
      levelField: 'severity_text',
      serviceField: 'resource.attributes.service.name',
      traceField: 'trace_id',
      hostField: 'nowhere.host',
      userField: 'nowhere.user',
      sessionFields: ['attributes.session.id'],
      messageTags: ['session_id' as const],
    };
    expect(settingsMismatches(otel, detectLayout(otel), resolveSettings(fittingOptions))).toEqual([]);
    // No user field saved: nothing to contradict, though one is proposed.
    const withUser: LayoutEvidence = {
      ...otel,
      fieldCaps: {
        ...otel.fieldCaps,
        fields: { ...otel.fieldCaps.fields, 'attributes.user.id': { keyword: { type: 'keyword' } } },
      } as unknown as FieldCapsAnswer,
    };
    const { userField: _user, ...withoutUser } = fittingOptions;
    const withUserDetection = detectLayout(withUser);
    expect(withUserDetection.proposals.find((p) => p.setting === 'userField')?.value).toBe('attributes.user.id');
    expect(settingsMismatches(withUser, withUserDetection, resolveSettings(withoutUser))).toEqual([]);
    // A readable saved session field is enough, wherever the others are.
    const oneOfTwo = resolveSettings({ ...fittingOptions, sessionFields: ['nowhere', 'attributes.session.id'] });
    expect(settingsMismatches(otel, detectLayout(otel), oneOfTwo)).toEqual([]);
  });
});

describe('settingsMismatches in a mix and with several findings', () => {
  const ECS_INDEX = 'logs-app';
  const mixed: LayoutEvidence = {
    indexPattern: 'logs-*',
    fieldCaps: caps([ECS_INDEX, OTEL_INDEX], {
      ...Object.fromEntries(
        Object.entries(otel.fieldCaps.fields!).map(([name, entry]) => [name, Object.keys(entry)[0]])
      ),
      'attributes.user.id': 'keyword',
    }),
    sample: [
      ...otel.sample,
      { index: ECS_INDEX, source: { message: 'a', log: { level: 'error' }, session: { id: '1' } } },
      { index: ECS_INDEX, source: { message: 'b', log: { level: 'error' }, session: { id: '2' } } },
    ],
  };

  it("takes ECS's own fields for real beside OTel's aliases of the same names, and leaves an unset user field alone", () => {
    const detection = detectLayout(mixed);
    expect(detection.layouts.map((l) => l.id)).toEqual(['ecs', 'otel-native']);
    expect(detection.proposals.find((p) => p.setting === 'serviceField')?.value).toBe('service.name');
    const ecsDefaults = resolveSettings({ indexPattern: 'logs-*', sessionFields: ['session.id'] });
    expect(ecsDefaults.userField).toBeUndefined();
    expect(settingsMismatches(mixed, detection, ecsDefaults)).toEqual([]);
  });

  it('names several session fields and lines in the plural', () => {
    const evidence: LayoutEvidence = {
      ...otel,
      fieldCaps: caps([OTEL_INDEX], {
        ...Object.fromEntries(
          Object.entries(otel.fieldCaps.fields!).map(([name, entry]) => [name, Object.keys(entry)[0]])
        ),
        'resource.attributes.session.id': 'keyword',
      }),
      sample: [...otel.sample, ...otel.sample],
    };
    const settings = resolveSettings({
      indexPattern: 'logs-*',
      messageField: 'body.text',
      levelField: 'severity_text',
      serviceField: 'resource.attributes.service.name',
      traceField: 'trace_id',
    });
    expect(settingsMismatches(evidence, detectLayout(evidence), settings)).toEqual([
      'no session field is set, but "attributes.session.id", "resource.attributes.session.id" hold session ids',
      '2 sampled lines carry "session_id=<id>", which the saved message tags leave out',
    ]);
  });
});

describe('describeLayouts and layoutAdvice', () => {
  const layout = (name: string, indices: string[]) => ({ id: 'ecs' as const, name, indices, evidence: '' });

  it.each([
    [[], undefined],
    [[layout('Elastic OTel-native logs', [])], 'Elastic OTel-native logs'],
    [[layout('ECS logs', ['a']), layout('ss4o logs', [])], 'ECS logs'],
    [
      [layout('ECS logs', ['a']), layout('ss4o logs', ['b']), layout('OpenSearch Data Prepper logs', ['c'])],
      'ECS logs (with ss4o logs and OpenSearch Data Prepper logs in other indices)',
    ],
  ])('%#: describes the layouts found', (layouts, text) => {
    expect(describeLayouts({ layouts })).toBe(text);
  });

  it('advises applying the proposal in the editor, or says nothing when all fits', () => {
    expect(layoutAdvice('logs-*', { layouts: [layout('Elastic OTel-native logs', ['a'])] }, ['a', 'b'])).toBe(
      'The saved settings do not match what "logs-*" holds: a; b. This looks like Elastic OTel-native logs: apply the proposed settings in the editor (Detect layout).'
    );
    expect(layoutAdvice('x', { layouts: [] }, ['a'])).toBe(
      'The saved settings do not match what "x" holds: a. Detect layout in the editor proposes settings.'
    );
    expect(layoutAdvice('x', { layouts: [layout('ECS logs', ['a'])] }, [])).toBeUndefined();
  });
});

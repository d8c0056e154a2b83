import {
  alertingFileProblems,
  annotationReads,
  isValidUid,
  prometheusDurationMs,
  type AlertingFileV1,
  type AlertRuleV1,
} from './alertingProvisioning';
import { checkAnnotationTemplate, checkNotificationTemplate, parseGoTemplate } from './alertingTemplates';

/** A small file Grafana takes: one query, a reduce and a threshold, as the alerting UI writes them. */
function validFile(): AlertingFileV1 {
  return {
    apiVersion: 1,
    groups: [
      {
        orgId: 1,
        name: 'g',
        folder: 'f',
        interval: '1m',
        rules: [
          {
            uid: 'rule-1',
            title: 'Rule one',
            condition: 'C',
            data: [
              {
                refId: 'A',
                queryType: 'x',
                relativeTimeRange: { from: 600, to: 0 },
                datasourceUid: 'ds',
                model: { refId: 'A', queryType: 'x' },
              },
              {
                refId: 'B',
                datasourceUid: '__expr__',
                model: { refId: 'B', type: 'reduce', reducer: 'last', expression: 'A', settings: { mode: 'dropNN' } },
              },
              {
                refId: 'C',
                datasourceUid: '__expr__',
                model: {
                  refId: 'C',
                  type: 'threshold',
                  expression: 'B',
                  conditions: [{ evaluator: { type: 'gt', params: [2] } }],
                },
              },
            ],
            noDataState: 'OK',
            execErrState: 'Error',
            for: '0s',
            annotations: { summary: '{{ $labels.host }} at {{ $values.B }}' },
          },
        ],
      },
    ],
    templates: [
      { name: 't', template: '{{ define "t.message" }}{{ range .Alerts }}{{ .Labels.host }}{{ end }}{{ end }}' },
    ],
  };
}

type Mutation = (file: AlertingFileV1) => void;
const rule = (file: AlertingFileV1): AlertRuleV1 => file.groups![0].rules[0];

function problemsAfter(mutate: Mutation): string[] {
  const file = validFile();
  mutate(file);
  return alertingFileProblems(JSON.parse(JSON.stringify(file)));
}

describe('alertingFileProblems: Grafana file provisioning, version 1', () => {
  it('takes a file Grafana takes', () => {
    expect(alertingFileProblems(validFile())).toEqual([]);
  });

  it.each<[string, Mutation, RegExp]>([
    // file.go, file_v1.go
    ['another format version', (f) => Object.assign(f, { apiVersion: 2 }), /apiVersion 2/],
    // rules_types.go AlertRuleGroupV1.MapToModel
    ['a group without a name', (f) => (f.groups![0].name = ' '), /rule group has no name set/],
    ['a group without a folder', (f) => (f.groups![0].folder = ''), /rule group has no folder set/],
    ['an interval that is no duration', (f) => (f.groups![0].interval = '1 minute'), /is not a duration/],
    // alert_rule.go ValidateRuleGroupInterval: a multiple of the 10 s base interval
    [
      'an interval off the scheduler tick',
      (f) => (f.groups![0].interval = '45s'),
      /divided exactly by scheduler interval: 10/,
    ],
    ['a zero interval', (f) => (f.groups![0].interval = '0'), /non-zero/],
    // rules_types.go AlertRuleV1.mapToModel
    ['a rule without a title', (f) => (rule(f).title = ''), /rule has no title set/],
    ['a rule without a uid', (f) => (rule(f).uid = ''), /no UID set/],
    ['a "for" that is no duration', (f) => (rule(f).for = '5 minutes'), /for "5 minutes" is not a duration/],
    ['a keepFiringFor that is no duration', (f) => (rule(f).keepFiringFor = '1.5m'), /keepFiringFor/],
    ['a rule without data', (f) => (rule(f).data = []), /no data set/],
    ['a rule without a condition', (f) => (rule(f).condition = ''), /no condition set/],
    // alert_rule.go NoDataStateFromString, ErrStateFromString: exact spellings
    ['a NoData state spelled otherwise', (f) => (rule(f).noDataState = 'Ok'), /unknown NoData state option Ok/],
    ['an error state it does not know', (f) => (rule(f).execErrState = 'NoData'), /unknown Error state option NoData/],
    // pkg/util ValidateUID; api_ruler_validation.go: uids unique
    ['a uid over 40 characters', (f) => (rule(f).uid = 'u'.repeat(41)), /longer than 40/],
    ['a uid with a dot', (f) => (rule(f).uid = 'rule.1'), /characters other than/],
    [
      'two rules with one uid',
      (f) => f.groups![0].rules.push({ ...rule(f), title: 'Rule two' }),
      /UID rule-1 is already assigned to another rule/,
    ],
    // api_ruler_validation.go validateCondition
    [
      'a query without refId',
      (f) => (rule(f).data[0].refId = ''),
      /refID is not specified for data query\/expression at index 0/,
    ],
    ['two queries with one refId', (f) => (rule(f).data[1].refId = 'A'), /refID 'A' is already used/],
    [
      'a condition naming no query',
      (f) => (rule(f).condition = 'D'),
      /condition D does not exist, must be one of \[A,B,C\]/,
    ],
    // alert_query.go: relativeTimeRange in whole seconds, from > to for a data source query
    [
      'a time range written as a duration',
      (f) => (rule(f).data[0].relativeTimeRange = { from: '10m', to: 0 } as unknown as { from: number; to: number }),
      /whole seconds/,
    ],
    [
      'a query without a time range',
      (f) => delete rule(f).data[0].relativeTimeRange,
      /from \(0\) must be greater than to \(0\)/,
    ],
    [
      'a model whose queryType is no string',
      (f) => (rule(f).data[0].model.queryType = 3),
      /queryType must be a string/,
    ],
    ['a query without data source', (f) => (rule(f).data[0].datasourceUid = ''), /no datasourceUid/],
    // pkg/expr reader.go, commands.go, mathexp/reduce.go, threshold.go, graph.go
    [
      'an expression type it does not know',
      (f) => (rule(f).data[1].model.type = 'reducer'),
      /expression type "reducer"/,
    ],
    ['a reducer it does not know', (f) => (rule(f).data[1].model.reducer = 'avg'), /reducer "avg" is not one of/],
    [
      'a reduce mode it does not know',
      (f) => (rule(f).data[1].model.settings = { mode: 'drop' }),
      /reducer mode "drop" is not one of dropNN, replaceNN/,
    ],
    [
      'replaceNN without its value',
      (f) => (rule(f).data[1].model.settings = { mode: 'replaceNN' }),
      /replaceNN needs a number in replaceWithValue/,
    ],
    [
      'a reduce of a refId that is not there',
      (f) => (rule(f).data[1].model.expression = '$Z'),
      /reads Z, which no query/,
    ],
    [
      'a threshold with two conditions',
      (f) => {
        const model = rule(f).data[2].model;
        model.conditions = [...(model.conditions as unknown[]), ...(model.conditions as unknown[])];
      },
      /exactly one condition/,
    ],
    [
      'a threshold function it does not know',
      (f) => (rule(f).data[2].model.conditions = [{ evaluator: { type: 'above', params: [2] } }]),
      /threshold function "above"/,
    ],
    [
      'a range threshold with one bound',
      (f) => (rule(f).data[2].model.conditions = [{ evaluator: { type: 'within_range', params: [2] } }]),
      /within_range needs 2 numeric params/,
    ],
    [
      'a math expression reading a refId that is not there',
      (f) => Object.assign(rule(f).data[1].model, { type: 'math', expression: '$A + ${Z}' }),
      /reads Z/,
    ],
    [
      'expressions that read each other',
      (f) => (rule(f).data[1].model.expression = 'C'),
      /cycle: B → C → B|cycle: C → B → C/,
    ],
    // values.go: strings outside the model and the annotations are expanded like os.ExpandEnv
    ['a label with a $', (f) => (rule(f).labels = { team: '$TEAM' }), /label team has a "\$"/],
    ['a title with a $', (f) => (rule(f).title = 'Costs in $'), /title has a "\$"/],
    ['an annotation with ${', (f) => (rule(f).annotations = { summary: '${HOST}' }), /annotation summary has "\$\{"/],
    [
      'labels that are not strings',
      (f) => (rule(f).labels = { n: 1 } as unknown as Record<string, string>),
      /labels must map strings/,
    ],
    // state/template/template.go: annotations are templates with $labels, $values, $value
    [
      'an annotation with an undefined variable',
      (f) => (rule(f).annotations = { summary: '{{ $label.host }}' }),
      /annotation summary: undefined variable "\$label"/,
    ],
    // definitions NotificationTemplate.Validate
    ['a template without a name', (f) => (f.templates![0].name = ''), /template must have a name/],
    ['a template without content', (f) => (f.templates![0].template = ''), /template must have content/],
    ['a template provisioned twice', (f) => f.templates!.push({ ...f.templates![0] }), /provisioned twice/],
    ['a template that does not parse', (f) => (f.templates![0].template = '{{ if .Status }}'), /has no \{\{end\}\}/],
  ])('refuses %s', (_, mutate, expected) => {
    const problems = problemsAfter(mutate);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('keeps a literal $$ in a label (values.go: $$ is a dollar)', () => {
    expect(problemsAfter((f) => (rule(f).labels = { price: 'in $$' }))).toEqual([]);
  });

  it('reads what annotations read', () => {
    const reads = annotationReads(rule(validFile()));
    expect([...reads.labels]).toEqual(['host']);
    expect([...reads.values]).toEqual(['B']);
  });
});

describe('prometheusDurationMs: prometheus/common model.ParseDuration', () => {
  it.each([
    ['1m', 60_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['1w', 604_800_000],
    ['1d', 86_400_000],
    ['250ms', 250],
    ['0', 0],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(prometheusDurationMs(text)).toBe(ms);
  });

  it.each(['', '1.5m', '5m1h', '1 m', '-1m', '1M', 'm5'])('refuses %p', (text) => {
    expect(prometheusDurationMs(text)).toBeUndefined();
  });
});

describe('isValidUid: pkg/util ValidateUID', () => {
  it('takes letters, digits, - and _ up to 40', () => {
    expect(isValidUid('sre-new_error-group-1')).toBe(true);
    expect(isValidUid('x'.repeat(40))).toBe(true);
    expect(isValidUid('x'.repeat(41))).toBe(false);
    expect(isValidUid('a/b')).toBe(false);
  });
});

describe('Go template checks (text/template parse, exec)', () => {
  it('wraps content without define in a template of its name (NotificationTemplate.Validate)', () => {
    const check = checkNotificationTemplate('plain', '{{ .Status }} {{ len .Alerts.Firing }}');
    expect(check).toEqual({ defined: ['plain'], reads: expect.anything(), problems: [] });
  });

  it('walks range with dot set to each alert, and with to its value', () => {
    const check = checkNotificationTemplate(
      't',
      `{{ define "m" }}{{ range .Alerts.Firing }}{{ with .Labels.group }}{{ urlquery . }}{{ end }}` +
        `{{ index .Annotations "summary" }}{{ end }}{{ .CommonLabels.alertname }}{{ end }}`
    );
    expect(check.problems).toEqual([]);
    expect([...check.reads.labels].sort()).toEqual(['alertname', 'group']);
    expect([...check.reads.annotations]).toEqual(['summary']);
  });

  it('follows {{template}} with the dot it is given', () => {
    const check = checkNotificationTemplate(
      't',
      '{{ define "m" }}{{ range .Alerts }}{{ template "one" . }}{{ end }}{{ end }}{{ define "one" }}{{ .Labels.x }}{{ end }}'
    );
    expect(check.problems).toEqual([]);
    expect(check.defined).toEqual(['m', 'one']);
    expect([...check.reads.labels]).toEqual(['x']);
  });

  it.each([
    [
      'a field the data does not have',
      '{{ define "m" }}{{ .Labels.x }}{{ end }}',
      /can't evaluate field Labels in type ExtendedData/,
    ],
    [
      'a field an alert does not have',
      '{{ define "m" }}{{ range .Alerts }}{{ .Label }}{{ end }}{{ end }}',
      /field Label in type ExtendedAlert/,
    ],
    ['a field of a string', '{{ define "m" }}{{ .Status.Code }}{{ end }}', /field Code in type string/],
    ['a function Go does not have', '{{ define "m" }}{{ toUpper .Status }}{{ end }}', /function "toUpper" not defined/],
    ['an undefined variable', '{{ define "m" }}{{ $x }}{{ end }}', /undefined variable "\$x"/],
    ['an if without end', '{{ define "m" }}{{ if .Status }}x{{ end }}', /has no \{\{end\}\}/],
    ['an end too many', '{{ define "m" }}x{{ end }}{{ end }}', /unexpected \{\{end\}\}/],
    ['an else outside if', '{{ define "m" }}{{ else }}{{ end }}', /unexpected \{\{else\}\}/],
    ['a define inside a define', '{{ define "m" }}{{ define "n" }}{{ end }}{{ end }}', /not at the top level/],
    [
      'one name defined twice',
      '{{ define "m" }}a{{ end }}{{ define "m" }}b{{ end }}',
      /multiple definition of template "m"/,
    ],
    [
      'a template that is not there',
      '{{ define "m" }}{{ template "nope" . }}{{ end }}',
      /template "nope" is not defined/,
    ],
    ['break outside range', '{{ define "m" }}{{ break }}{{ end }}', /outside \{\{range\}\}/],
    ['an unclosed action', '{{ define "m" }}{{ .Status {{ end }}', /unexpected|unclosed/],
  ])('finds %s', (_, text, expected) => {
    expect(checkNotificationTemplate('t', text).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(expected)])
    );
  });

  it('keeps variables to their control structure (parse.go popVars at end)', () => {
    const inside = checkNotificationTemplate(
      't',
      '{{ define "m" }}{{ range $i, $a := .Alerts }}{{ $a.Status }}{{ end }}{{ end }}'
    );
    expect(inside.problems).toEqual([]);
    const after = checkNotificationTemplate('t', '{{ define "m" }}{{ range $a := .Alerts }}{{ end }}{{ $a }}{{ end }}');
    expect(after.problems).toEqual(['undefined variable "$a"']);
  });

  it('lexes comments, trim markers and strings holding braces', () => {
    const parsed = parseGoTemplate('{{/* a }} comment */}}{{- "}}" -}}{{- /* trimmed */ -}}{{ `{{` }}');
    expect(parsed.problems).toEqual([]);
    expect(parsed.main).toHaveLength(2);
  });

  it('reads annotation templates with $labels, $values and $value (state/template/template.go)', () => {
    const check = checkAnnotationTemplate(
      '{{ $labels.service }}: {{ $values.B }} ({{ $values.B.Value }}) {{ $value }}'
    );
    expect(check.problems).toEqual([]);
    expect([...check.reads.labels]).toEqual(['service']);
    expect([...check.reads.values]).toEqual(['B']);
    expect(checkAnnotationTemplate('{{ $values.B.Valeu }}').problems).toEqual([
      "can't evaluate field Valeu in type Value",
    ]);
  });
});

import '../node/browserGlobals';
import type { DataFrame } from '@grafana/data';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { ClusterClient, type ClusterTransport } from '../../src/cluster/clusterClient';
import { resolveLevels } from '../../src/query/levels';
import { lookbackToMs, resolveQuery } from '../../src/query/resolveQuery';
import { resolveTarget, runQuery } from '../../src/query/runQuery';
import { resolveSettings } from '../../src/settings';
import type { SessionErrorsQuery } from '../../src/types';
import {
  alertingFileProblems,
  annotationReads,
  isExpressionQuery,
  type AlertingFileV1,
  type AlertRuleV1,
} from '../grafana-rules/alertingProvisioning';
import { checkNotificationTemplate } from '../grafana-rules/alertingTemplates';
import { dataplaneProblems } from '../grafana-rules/dataplane';
import {
  alertingProvisioning,
  alertingProvisioningYaml,
  DEFAULT_ALERTING_OPTIONS,
  ERROR_GROUPS_DASHBOARD_UID,
  MESSAGE_TEMPLATE,
  NEW_GROUPS_PANEL_ID,
  TITLE_TEMPLATE,
  TOP_GROUPS_PANEL_ID,
} from './alertingRules';

const ROOT = path.resolve(__dirname, '../..');
const CHECKED_IN = 'provisioning/alerting/session-replay-errors.yaml';
const checkedInText = readFileSync(path.join(ROOT, CHECKED_IN), 'utf8');
const checkedIn = parse(checkedInText) as AlertingFileV1;
const rules = checkedIn.groups!.flatMap((g) => g.rules);
const dataSources = parse(readFileSync(path.join(ROOT, 'provisioning/datasources/session-replay-errors.yaml'), 'utf8'));
const errorGroupsDashboard = JSON.parse(
  readFileSync(path.join(ROOT, 'provisioning/dashboards/error-groups.json'), 'utf8')
);

function pluginQueryOf(rule: AlertRuleV1): SessionErrorsQuery {
  const query = rule.data.find((q) => !isExpressionQuery(q))!;
  return query.model as unknown as SessionErrorsQuery;
}

describe('provisioning/alerting: the checked-in file', () => {
  it("is the builder's default output, so that the setup tool writes what is tested here", () => {
    expect(checkedInText).toBe(alertingProvisioningYaml(DEFAULT_ALERTING_OPTIONS));
  });

  it('is a file Grafana provisions', () => {
    expect(alertingFileProblems(checkedIn)).toEqual([]);
  });

  it('queries the provisioned data source and links to the Error groups dashboard panels', () => {
    const uid = dataSources.datasources[0].uid;
    for (const rule of rules) {
      expect(rule.data.filter((q) => !isExpressionQuery(q)).map((q) => q.datasourceUid)).toEqual([uid]);
      expect(rule.dashboardUid).toBe(errorGroupsDashboard.uid);
    }
    expect(ERROR_GROUPS_DASHBOARD_UID).toBe(errorGroupsDashboard.uid);
    const panelTitle = (id: number) => errorGroupsDashboard.panels.find((p: { id: number }) => p.id === id)?.title;
    expect(panelTitle(NEW_GROUPS_PANEL_ID)).toMatch(/^New error groups/);
    expect(panelTitle(TOP_GROUPS_PANEL_ID)).toMatch(/^Top error groups/);
    expect(rules.map((r) => r.panelId)).toEqual([NEW_GROUPS_PANEL_ID, TOP_GROUPS_PANEL_ID]);
    // The template's link sets var-group: the dashboard's variable of that name.
    expect(errorGroupsDashboard.templating.list.map((v: { name: string }) => v.name)).toContain('group');
  });

  it('alerts on a new group from 3 sessions in 15 minutes, and on more than 20 errors of a service in 5', () => {
    const [newGroups, errors] = rules;
    const thresholdOf = (rule: AlertRuleV1) => {
      const condition = rule.data.find((q) => q.refId === rule.condition)!.model;
      return (condition.conditions as Array<{ evaluator: { type: string; params: number[] } }>)[0].evaluator;
    };
    expect(newGroups.data[0].relativeTimeRange).toEqual({ from: 900, to: 0 });
    expect(thresholdOf(newGroups)).toEqual({ type: 'gt', params: [2] });
    expect(errors.data[0].relativeTimeRange).toEqual({ from: 300, to: 0 });
    expect(thresholdOf(errors)).toEqual({ type: 'gt', params: [20] });
    expect(errors.data.find((q) => q.refId === 'B')!.model.reducer).toBe('sum');
    // Why each state was chosen is written beside it.
    expect(checkedInText.match(/# .*\n\s+noDataState: OK/g)).toHaveLength(2);
    expect(checkedInText.match(/# .*\n\s+execErrState: Error/g)).toHaveLength(2);
  });
});

/**
 * The plugin's query type, read from src/types.ts by the TypeScript checker: each property and the
 * values its type allows. Grafana adds intervalMs and maxDataPoints to every rule query's model
 * (ngalert/models/alert_query.go), which the SDK reads.
 */
type PropertyRule = {
  literals?: Array<string | boolean>;
  primitive?: 'string' | 'number' | 'boolean' | 'string[]' | 'object';
};

function sessionErrorsQueryProperties(): Map<string, PropertyRule> {
  const file = path.join(ROOT, 'src/types.ts');
  const program = ts.createProgram([file], {
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'SessionErrorsQuery')!;
  const properties = new Map<string, PropertyRule>();
  for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
    const type = checker.getNonNullableType(checker.getTypeOfSymbol(property));
    const parts = type.isUnion() ? type.types : [type];
    let rule: PropertyRule;
    if (parts.every((t) => t.isStringLiteral())) {
      rule = { literals: parts.map((t) => (t as ts.StringLiteralType).value) };
    } else if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLike)) {
      rule = { primitive: 'boolean' };
    } else if (type.flags & ts.TypeFlags.String) {
      rule = { primitive: 'string' };
    } else if (type.flags & ts.TypeFlags.Number) {
      rule = { primitive: 'number' };
    } else if (
      checker.isArrayType(type) &&
      checker.getTypeArguments(type as ts.TypeReference)[0].flags & ts.TypeFlags.String
    ) {
      rule = { primitive: 'string[]' };
    } else {
      rule = { primitive: 'object' };
    }
    properties.set(property.name, rule);
  }
  properties.set('intervalMs', { primitive: 'number' });
  properties.set('maxDataPoints', { primitive: 'number' });
  return properties;
}

function matches(rule: PropertyRule, value: unknown): boolean {
  if (rule.literals) {
    return rule.literals.includes(value as string);
  }
  switch (rule.primitive) {
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'object':
      return typeof value === 'object' && value !== null;
    default:
      return typeof value === rule.primitive;
  }
}

const NOW = Date.parse('2026-11-20T10:00:00Z');

/**
 * A rule query's model as the plugin reads it: every key one of SessionErrorsQuery's (so a typo
 * fails), of its type; resolved by resolveQuery to a range search the runner accepts, with levels
 * and look-back it understands; and an answer alerting reads (numbers or time series).
 */
function modelProblems(model: Record<string, unknown>, properties: Map<string, PropertyRule>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(model)) {
    const rule = properties.get(key);
    if (!rule) {
      problems.push(`${key} is not a property of SessionErrorsQuery`);
    } else if (!matches(rule, value)) {
      problems.push(`${key}: ${JSON.stringify(value)} is not a ${rule.literals?.join(' | ') ?? rule.primitive}`);
    }
  }
  const resolved = resolveQuery(model as unknown as SessionErrorsQuery);
  const target = resolveTarget(resolved, { fromMs: NOW - 900_000, toMs: NOW }, NOW);
  if (!target.ok || resolved.mode !== 'range') {
    problems.push('not a range query: an alert has no session to search');
  }
  const levels = resolveLevels(resolved.levels);
  if (!levels.ok) {
    problems.push(levels.error);
  }
  if (lookbackToMs(resolved.newLookback) === undefined) {
    problems.push(`newLookback ${resolved.newLookback} is not a duration`);
  }
  const alertable =
    resolved.queryType === 'errorsOverTime' ||
    (resolved.queryType === 'errorGroups' && resolved.groupsResult === 'values') ||
    (resolved.queryType === 'sessions' && resolved.sessionsResult === 'count');
  if (!alertable) {
    problems.push(`${resolved.queryType} as configured answers a table or logs, which alerting cannot read`);
  }
  return problems;
}

describe("the rules' queries, as the plugin reads them", () => {
  let properties: Map<string, PropertyRule>;
  beforeAll(() => {
    properties = sessionErrorsQueryProperties();
  });

  it("are models of the plugin's query type, resolved to alertable range searches", () => {
    for (const rule of rules) {
      expect([
        rule.title,
        modelProblems(pluginQueryOf(rule) as unknown as Record<string, unknown>, properties),
      ]).toEqual([rule.title, []]);
    }
  });

  it('would fail on a typo, a wrong value or a table answer', () => {
    const model = pluginQueryOf(rules[0]) as unknown as Record<string, unknown>;
    expect(modelProblems({ ...model, groupResult: 'values' }, properties)).toContain(
      'groupResult is not a property of SessionErrorsQuery'
    );
    expect(modelProblems({ ...model, groupsValue: 'session' }, properties)).toEqual([
      'groupsValue: "session" is not a sessions | lines',
    ]);
    expect(modelProblems({ ...model, groupsResult: 'table' }, properties)).toEqual([
      'errorGroups as configured answers a table or logs, which alerting cannot read',
    ]);
    expect(modelProblems({ ...model, levels: ['errors'] }, properties)).toEqual([
      expect.stringMatching(/"errors" is not a log level/),
    ]);
    expect(modelProblems({ ...model, mode: 'session' }, properties)).toContain(
      'not a range query: an alert has no session to search'
    );
  });
});

/** Runs a rule's query model through the plugin's runQuery against a cluster answering `answer`. */
async function framesOf(rule: AlertRuleV1, answer: unknown): Promise<DataFrame[]> {
  const settings = resolveSettings({
    indexPattern: 'logs-x',
    sessionField: 'session.id',
    replayLink: 'openreplay',
    openReplayUrl: 'https://openreplay.example',
    openReplayProjectId: '1',
  });
  const transport: ClusterTransport = async <T>() => answer as T;
  const client = new ClusterClient('/proxy', 'none', transport, settings.indexPattern, undefined, undefined);
  const query = rule.data.find((q) => !isExpressionQuery(q))!;
  const outcome = await runQuery(pluginQueryOf(rule), {
    client,
    settings,
    authType: 'none',
    range: { fromMs: NOW - query.relativeTimeRange!.from * 1000, toMs: NOW },
    nowMs: NOW,
    intervalMs: Number(query.model.intervalMs),
  });
  if (!outcome.ok) {
    throw new Error(outcome.error);
  }
  return outcome.frames;
}

const SESSION = '3864047860558056943';
/** One group, new (no line before the range), with every field its labels come from. */
const NEW_GROUP_ANSWER = {
  took: 1,
  timed_out: false,
  aggregations: {
    groups: {
      buckets: [
        {
          key: 'a1b2c3d4',
          doc_count: 4,
          before: { doc_count: 0 },
          in_range: {
            doc_count: 4,
            sessions: { value: 3 },
            latest: {
              hits: {
                hits: [
                  {
                    _source: {
                      session: { id: SESSION },
                      message: "TypeError: Cannot read properties of undefined (reading 'x')",
                      error: {
                        type: 'TypeError',
                        group_message: 'Cannot read properties of undefined (reading <str>)',
                      },
                    },
                    fields: { '@timestamp': [NOW - 60_000] },
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
const ERRORS_ANSWER = {
  took: 1,
  timed_out: false,
  aggregations: {
    split: {
      buckets: [{ key: 'checkout', doc_count: 25, over_time: { buckets: [{ key: NOW - 300_000, doc_count: 25 }] } }],
    },
  },
};

/** Labels Grafana adds to every alert instance (grafana/alerting templates/template_data.go). */
const GRAFANA_LABELS = ['alertname', 'grafana_folder'];

describe('the labels the rules and the template use are the ones the queries produce', () => {
  let labelsOfRule: Map<string, Set<string>>;
  beforeAll(async () => {
    labelsOfRule = new Map();
    for (const [rule, answer] of [
      [rules[0], NEW_GROUP_ANSWER],
      [rules[1], ERRORS_ANSWER],
    ] as const) {
      const frames = await framesOf(rule, answer);
      expect(dataplaneProblems(frames)).toEqual([]);
      labelsOfRule.set(
        rule.uid,
        new Set(frames.flatMap((f) => f.fields.flatMap((field) => Object.keys(field.labels ?? {}))))
      );
    }
  });

  it('the queries label their series as the README says', () => {
    expect([...labelsOfRule.get(rules[0].uid)!].sort()).toEqual(['error', 'group', 'replay', 'type']);
    expect([...labelsOfRule.get(rules[1].uid)!]).toEqual(['service']);
  });

  it("each rule's annotations read its own query's labels and its own expressions' values", () => {
    for (const rule of rules) {
      const reads = annotationReads(rule);
      const expressions = rule.data.filter(isExpressionQuery).map((q) => q.refId);
      for (const label of reads.labels) {
        expect([rule.title, label, labelsOfRule.get(rule.uid)!.has(label)]).toEqual([rule.title, label, true]);
      }
      for (const value of reads.values) {
        expect(expressions).toContain(value);
      }
      expect(reads.labels.size).toBeGreaterThan(0);
    }
  });

  it('the notification template parses, defines what the README names, and reads only labels and annotations there are', () => {
    const [template] = checkedIn.templates!;
    const check = checkNotificationTemplate(template.name, template.template);
    expect(check.problems).toEqual([]);
    expect(check.defined).toEqual(expect.arrayContaining([TITLE_TEMPLATE, MESSAGE_TEMPLATE]));
    const produced = new Set([...GRAFANA_LABELS, ...[...labelsOfRule.values()].flatMap((s) => [...s])]);
    expect([...check.reads.labels].filter((l) => !produced.has(l))).toEqual([]);
    // The group, its dashboard link and the latest session's replay: what the message is for.
    expect([...check.reads.labels]).toEqual(expect.arrayContaining(['group', 'replay']));
    expect(template.template).toMatch(/\.DashboardURL \}\}.*var-group=\{\{ urlquery \. \}\}/);
    for (const rule of rules) {
      expect(Object.keys(rule.annotations ?? {})).toEqual(expect.arrayContaining([...check.reads.annotations]));
    }
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    // The README tells how a contact point uses it.
    expect(readme.includes(`{{ template "${MESSAGE_TEMPLATE}" . }}`)).toBe(true);
  });
});

describe('the builder, for a cluster set up with other flags', () => {
  const options = { dataSourceUid: 'my-errors', sessionsThreshold: 5, errorsThreshold: 100 };
  const file = alertingProvisioning(options);
  const [newGroups, errors] = file.groups![0].rules;

  it('uses the data source and thresholds it is given, and stays a file Grafana provisions', () => {
    expect(alertingFileProblems(parse(alertingProvisioningYaml(options)))).toEqual([]);
    expect(newGroups.title).toBe('New error group affecting 5 or more sessions');
    for (const rule of [newGroups, errors]) {
      const query = rule.data[0];
      expect([query.datasourceUid, (query.model.datasource as { uid: string }).uid]).toEqual([
        'my-errors',
        'my-errors',
      ]);
    }
    const params = (rule: AlertRuleV1) =>
      (rule.data[2].model.conditions as Array<{ evaluator: { params: number[] } }>)[0].evaluator.params;
    expect(params(newGroups)).toEqual([4]);
    expect(params(errors)).toEqual([100]);
    expect(errors.annotations?.description).toContain('threshold of 100');
  });
});

describe('setup-cluster flags', () => {
  it('offers --alerting with --alert-sessions (default 3) and --alert-errors (default 20)', () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tools/setup/cli.ts'), '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(help.status).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/--alerting <file>/);
    expect(text).toMatch(/--alert-sessions <n> .*\(default: 3\)/);
    expect(text).toMatch(/--alert-errors <n> .*\(default: 20\)/);
  });
});

import { checkAnnotationTemplate, checkNotificationTemplate, type TemplateReads } from './alertingTemplates';

/**
 * Grafana's file provisioning of alerting resources (version 1 of the format), read in grafana/grafana:
 * - pkg/services/provisioning/alerting/file_v1.go (AlertingFileV1: groups, templates, …) and
 *   rules_types.go (AlertRuleGroupV1, AlertRuleV1, QueryV1 and their mapToModel checks);
 * - text_templates_types.go (TemplateV1 = orgId + definitions.MessageTemplate: name, template);
 * - pkg/services/provisioning/values/values.go: strings are expanded with os.ExpandEnv (`$$` is a
 *   literal `$`), except the query model, read raw, and annotations (read raw; newer versions
 *   expand `${VAR}` only, so that `{{ $labels.x }}` survives);
 * - pkg/services/ngalert/models/alert_rule.go (ValidateAlertRule, states, the group interval a
 *   multiple of the scheduler's 10 s base interval), alert_query.go (relativeTimeRange in whole
 *   seconds, from > to for a data source query; the model's queryType a string),
 *   pkg/util/shortid_generator.go (ValidateUID), pkg/services/ngalert/api/api_ruler_validation.go
 *   (refIds set and unique, the condition one of them, uids unique);
 * - the expressions' models as pkg/expr reads them (reader.go, models.go, commands.go,
 *   threshold.go, mathexp/reduce.go), their references resolved as graph.go does.
 */

export interface RelativeTimeRange {
  /** Seconds before the evaluation time. */
  from: number;
  to: number;
}

export interface AlertQueryV1 {
  refId: string;
  queryType?: string;
  relativeTimeRange?: RelativeTimeRange;
  datasourceUid: string;
  model: Record<string, unknown>;
}

export interface AlertRuleV1 {
  uid: string;
  title: string;
  condition: string;
  data: AlertQueryV1[];
  dashboardUid?: string;
  panelId?: number;
  noDataState?: string;
  execErrState?: string;
  for?: string;
  keepFiringFor?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  isPaused?: boolean;
}

export interface AlertRuleGroupV1 {
  orgId?: number;
  name: string;
  folder: string;
  interval: string;
  rules: AlertRuleV1[];
}

export interface TemplateV1 {
  orgId?: number;
  name: string;
  template: string;
}

export interface AlertingFileV1 {
  apiVersion: 1;
  groups?: AlertRuleGroupV1[];
  templates?: TemplateV1[];
}

/** pkg/expr: the data source uid of server-side expressions (IsDataSource also takes the old "-100"). */
export const EXPRESSION_DATASOURCE_UID = '__expr__';
const OLD_EXPRESSION_DATASOURCE_UID = '-100';

/** pkg/setting: the scheduler's default base interval; a group's interval must be a multiple of it. */
export const BASE_INTERVAL_SECONDS = 10;

/** alert_rule.go NoDataStateFromString and ErrStateFromString (KeepLast since Grafana 11). */
export const NO_DATA_STATES = ['NoData', 'Alerting', 'OK', 'KeepLast'];
export const EXEC_ERR_STATES = ['Error', 'Alerting', 'OK', 'KeepLast'];

/** reader.go and models.go: the expression types (sql needs a feature toggle). */
export const EXPRESSION_TYPES = ['math', 'reduce', 'resample', 'classic_conditions', 'threshold', 'sql'];
/** mathexp/reduce.go GetReduceFunc. */
export const REDUCERS = ['sum', 'mean', 'min', 'max', 'count', 'last'];
/** commands.go UnmarshalReduceCommand: the modes of non-numbers; none is strict. */
export const REDUCE_MODES = ['dropNN', 'replaceNN'];
/** threshold.go: evaluator types and how many params each needs. */
export const THRESHOLD_PARAMS: Record<string, number> = {
  gt: 1,
  lt: 1,
  eq: 1,
  ne: 1,
  gte: 1,
  lte: 1,
  within_range: 2,
  outside_range: 2,
  within_range_included: 2,
  outside_range_included: 2,
};

const PROMETHEUS_DURATION = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;

/**
 * A duration as Grafana's provisioning parses `interval`, `for` and `keepFiringFor`
 * (rules_types.go): prometheus/common model/time.go ParseDuration (units y w d h m s ms, largest
 * first, each once; "0" alone; "" refused). In ms, or undefined where ParseDuration fails.
 */
export function prometheusDurationMs(text: string): number | undefined {
  if (text === '0') {
    return 0;
  }
  const m = PROMETHEUS_DURATION.exec(text);
  // The pattern's parts are all optional: it matches "", which ParseDuration refuses.
  if (!m || text === '') {
    return undefined;
  }
  const units = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
  return units.reduce((sum, unit, i) => sum + Number(m[2 + 2 * i] ?? 0) * unit, 0);
}

/** pkg/util/shortid_generator.go ValidateUID: at most 40 letters, digits, '-' and '_'. */
export function isValidUid(uid: string): boolean {
  return uid.length <= 40 && /^[a-zA-Z0-9\-_]*$/.test(uid);
}

export function isExpressionQuery(query: Pick<AlertQueryV1, 'datasourceUid'>): boolean {
  return query.datasourceUid === EXPRESSION_DATASOURCE_UID || query.datasourceUid === OLD_EXPRESSION_DATASOURCE_UID;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** values.go: os.ExpandEnv would replace a `$` that is not written `$$`. */
function expandsEnvironment(text: string): boolean {
  return /\$/.test(text.split('$$').join(''));
}

/** What a reduce, threshold, resample or math expression reads (graph.go: its dependencies). */
export function expressionInputs(model: Record<string, unknown>): string[] {
  const expression = isString(model.expression) ? model.expression : '';
  if (model.type === 'math') {
    return [...expression.matchAll(/\$\{([^}]+)\}|\$([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? m[2]);
  }
  return expression ? [expression.replace(/^\$/, '')] : [];
}

/** An expression's model as pkg/expr reads it; problems as sentences. */
export function expressionModelProblems(model: Record<string, unknown>, refIds: string[]): string[] {
  const problems: string[] = [];
  const type = model.type;
  if (!isString(type) || !EXPRESSION_TYPES.includes(type)) {
    return [`expression type ${JSON.stringify(type)} is not one of ${EXPRESSION_TYPES.join(', ')}`];
  }
  if (type !== 'classic_conditions' && type !== 'sql') {
    if (!isString(model.expression) || !model.expression.replace(/^\$/, '')) {
      problems.push(`a ${type} expression needs "expression", the refId it reads`);
    }
    for (const input of expressionInputs(model)) {
      if (!refIds.includes(input)) {
        problems.push(`${type} expression reads ${input}, which no query or expression of the rule is`);
      }
    }
  }
  if (type === 'reduce') {
    if (!isString(model.reducer) || !REDUCERS.includes(model.reducer.toLowerCase())) {
      problems.push(`reducer ${JSON.stringify(model.reducer)} is not one of ${REDUCERS.join(', ')}`);
    }
    if (model.settings !== undefined) {
      if (!isRecord(model.settings)) {
        problems.push('reduce settings must be an object');
      } else if (model.settings.mode !== undefined && model.settings.mode !== '') {
        if (!REDUCE_MODES.includes(String(model.settings.mode))) {
          problems.push(`reducer mode ${JSON.stringify(model.settings.mode)} is not one of ${REDUCE_MODES.join(', ')}`);
        } else if (model.settings.mode === 'replaceNN' && typeof model.settings.replaceWithValue !== 'number') {
          problems.push('reducer mode replaceNN needs a number in replaceWithValue');
        }
      }
    }
  }
  if (type === 'threshold') {
    const conditions = model.conditions;
    if (!Array.isArray(conditions) || conditions.length !== 1) {
      problems.push('threshold expression requires exactly one condition');
    } else {
      const evaluator = isRecord(conditions[0]) ? conditions[0].evaluator : undefined;
      const evaluatorType = isRecord(evaluator) ? evaluator.type : undefined;
      const params = isRecord(evaluator) ? evaluator.params : undefined;
      const needed = isString(evaluatorType) ? THRESHOLD_PARAMS[evaluatorType] : undefined;
      if (needed === undefined) {
        problems.push(
          `threshold function ${JSON.stringify(evaluatorType)} is not one of ${Object.keys(THRESHOLD_PARAMS).join(', ')}`
        );
      } else if (!Array.isArray(params) || params.length < needed || !params.every((p) => typeof p === 'number')) {
        problems.push(`threshold function ${evaluatorType} needs ${needed} numeric params`);
      }
    }
  }
  if (type === 'resample') {
    for (const key of ['window', 'downsampler', 'upsampler']) {
      if (!isString(model[key])) {
        problems.push(`resample expression needs "${key}"`);
      }
    }
  }
  return problems;
}

/** graph.go builds a directed acyclic graph: a cycle among the rule's nodes fails the rule. */
function cycleThrough(data: AlertQueryV1[]): string | undefined {
  const inputs = new Map(data.map((q) => [q.refId, isExpressionQuery(q) ? expressionInputs(q.model) : []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (refId: string, path: string[]): string | undefined => {
    if (state.get(refId) === 'visiting') {
      return [...path, refId].join(' → ');
    }
    if (state.get(refId) === 'done') {
      return undefined;
    }
    state.set(refId, 'visiting');
    for (const input of inputs.get(refId) ?? []) {
      const cycle = visit(input, [...path, refId]);
      if (cycle) {
        return cycle;
      }
    }
    state.set(refId, 'done');
    return undefined;
  };
  for (const refId of inputs.keys()) {
    const cycle = visit(refId, []);
    if (cycle) {
      return cycle;
    }
  }
  return undefined;
}

function durationProblem(where: string, key: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) {
    return undefined;
  }
  if (!isString(value) || prometheusDurationMs(value) === undefined) {
    return `${where}: ${key} ${JSON.stringify(value)} is not a duration (e.g. 1m, 5m, 1h30m)`;
  }
  return undefined;
}

function queryProblems(where: string, query: unknown, index: number): string[] {
  if (!isRecord(query)) {
    return [`${where}: data[${index}] is not an object`];
  }
  const problems: string[] = [];
  const at = `${where}, query ${isString(query.refId) && query.refId ? query.refId : `at index ${index}`}`;
  if (!isString(query.refId) || !query.refId) {
    problems.push(`${where}: refID is not specified for data query/expression at index ${index}`);
  }
  if (!isString(query.datasourceUid) || !query.datasourceUid) {
    problems.push(`${at}: no datasourceUid`);
  }
  if (!isRecord(query.model)) {
    problems.push(`${at}: model must be an object`);
    return problems;
  }
  if (query.model.queryType !== undefined && !isString(query.model.queryType)) {
    problems.push(`${at}: the model's queryType must be a string`);
  }
  const range = query.relativeTimeRange;
  if (range !== undefined) {
    // alert_query.go Duration.UnmarshalYAML: whole seconds only.
    if (!isRecord(range) || !Number.isInteger(range.from ?? 0) || !Number.isInteger(range.to ?? 0)) {
      problems.push(`${at}: relativeTimeRange from and to are whole seconds`);
    }
  }
  if (!isExpressionQuery({ datasourceUid: String(query.datasourceUid) })) {
    const from = isRecord(range) ? Number(range.from ?? 0) : 0;
    const to = isRecord(range) ? Number(range.to ?? 0) : 0;
    if (!(from > to)) {
      problems.push(`${at}: invalid relative time range: from (${from}) must be greater than to (${to})`);
    }
  }
  return problems;
}

function stringMapProblems(where: string, key: string, value: unknown): string[] {
  if (value === undefined) {
    return [];
  }
  if (!isRecord(value) || !Object.values(value).every(isString)) {
    return [`${where}: ${key} must map strings to strings`];
  }
  return [];
}

function ruleProblems(where: string, rule: unknown, seenUids: Set<string>): string[] {
  if (!isRecord(rule)) {
    return [`${where}: a rule is not an object`];
  }
  const title = isString(rule.title) ? rule.title : '';
  const at = `${where}, rule "${title}"`;
  const problems: string[] = [];
  if (!title) {
    problems.push(`${where}: rule has no title set`);
  }
  const uid = isString(rule.uid) ? rule.uid : '';
  if (!uid) {
    problems.push(`${at}: no UID set`);
  } else if (!isValidUid(uid)) {
    problems.push(`${at}: UID "${uid}" is longer than 40 or has characters other than letters, digits, '-' and '_'`);
  } else if (seenUids.has(uid)) {
    problems.push(`${at}: UID ${uid} is already assigned to another rule`);
  }
  seenUids.add(uid);
  for (const [key, value] of [
    ['title', title],
    ['uid', uid],
    ['condition', rule.condition],
  ] as const) {
    if (isString(value) && expandsEnvironment(value)) {
      problems.push(`${at}: ${key} has a "$" that provisioning would expand as an environment variable`);
    }
  }
  for (const key of ['for', 'keepFiringFor'] as const) {
    const problem = durationProblem(at, key, rule[key] === '' ? undefined : rule[key], false);
    if (problem) {
      problems.push(problem);
    }
  }
  if (rule.noDataState !== undefined && !NO_DATA_STATES.includes(String(rule.noDataState).trim())) {
    problems.push(`${at}: unknown NoData state option ${rule.noDataState}`);
  }
  if (rule.execErrState !== undefined && !EXEC_ERR_STATES.includes(String(rule.execErrState).trim())) {
    problems.push(`${at}: unknown Error state option ${rule.execErrState}`);
  }
  if (rule.panelId !== undefined && !Number.isInteger(rule.panelId)) {
    problems.push(`${at}: panelId must be a whole number`);
  }
  if (rule.isPaused !== undefined && typeof rule.isPaused !== 'boolean') {
    problems.push(`${at}: isPaused must be true or false`);
  }
  problems.push(...stringMapProblems(at, 'annotations', rule.annotations));
  problems.push(...stringMapProblems(at, 'labels', rule.labels));
  for (const [key, value] of Object.entries(isRecord(rule.labels) ? rule.labels : {})) {
    if (isString(value) && expandsEnvironment(value)) {
      problems.push(`${at}: label ${key} has a "$" that provisioning would expand as an environment variable`);
    }
  }
  for (const [key, value] of Object.entries(isRecord(rule.annotations) ? rule.annotations : {})) {
    if (isString(value) && value.includes('${')) {
      problems.push(
        `${at}: annotation ${key} has "\${", which newer Grafana versions expand as an environment variable`
      );
    }
  }
  const data = Array.isArray(rule.data) ? rule.data : [];
  if (!data.length) {
    problems.push(`${at}: no data set`);
    return problems;
  }
  data.forEach((query, i) => problems.push(...queryProblems(at, query, i)));
  const queries = data.filter(isRecord) as unknown as AlertQueryV1[];
  const refIds = queries.map((q) => q.refId);
  const duplicate = refIds.find((id, i) => refIds.indexOf(id) !== i);
  if (duplicate) {
    problems.push(`${at}: refID '${duplicate}' is already used by another query/expression`);
  }
  for (const query of queries) {
    if (isExpressionQuery(query) && isRecord(query.model)) {
      problems.push(
        ...expressionModelProblems(query.model, refIds).map((p) => `${at}, expression ${query.refId}: ${p}`)
      );
    }
  }
  const cycle = cycleThrough(queries);
  if (cycle) {
    problems.push(`${at}: the expressions form a cycle: ${cycle}`);
  }
  if (!isString(rule.condition) || !rule.condition) {
    problems.push(`${at}: no condition set`);
  } else if (!refIds.includes(rule.condition)) {
    problems.push(
      `${at}: condition ${rule.condition} does not exist, must be one of [${[...refIds].sort().join(',')}]`
    );
  }
  return problems;
}

/**
 * Problems Grafana would raise provisioning this file (each a sentence naming where); none when
 * Grafana takes it. Also the annotation templates: each must parse (state/template/template.go).
 */
export function alertingFileProblems(file: unknown): string[] {
  if (!isRecord(file)) {
    return ['the file is not a YAML mapping'];
  }
  const problems: string[] = [];
  if (file.apiVersion !== 1) {
    problems.push(`apiVersion ${JSON.stringify(file.apiVersion)}: this checker reads version 1 (file_v1.go)`);
  }
  const seenUids = new Set<string>();
  for (const [i, group] of (Array.isArray(file.groups) ? file.groups : []).entries()) {
    if (!isRecord(group)) {
      problems.push(`groups[${i}] is not an object`);
      continue;
    }
    const name = isString(group.name) ? group.name : '';
    const where = `rule group "${name}"`;
    if (!name.trim()) {
      problems.push(`groups[${i}]: rule group has no name set`);
    }
    if (!isString(group.folder) || !group.folder.trim()) {
      problems.push(`${where}: rule group has no folder set`);
    }
    if (group.orgId !== undefined && !Number.isInteger(group.orgId)) {
      problems.push(`${where}: orgId must be a whole number`);
    }
    for (const [key, value] of [
      ['name', name],
      ['folder', group.folder],
    ] as const) {
      if (isString(value) && expandsEnvironment(value)) {
        problems.push(`${where}: ${key} has a "$" that provisioning would expand as an environment variable`);
      }
    }
    const intervalMs = isString(group.interval) ? prometheusDurationMs(group.interval) : undefined;
    if (intervalMs === undefined) {
      problems.push(`${where}: interval ${JSON.stringify(group.interval)} is not a duration`);
    } else if (intervalMs <= 0 || (intervalMs / 1000) % BASE_INTERVAL_SECONDS !== 0) {
      problems.push(
        `${where}: interval (${group.interval}) should be non-zero and divided exactly by scheduler interval: ${BASE_INTERVAL_SECONDS}`
      );
    }
    for (const rule of Array.isArray(group.rules) ? group.rules : []) {
      problems.push(...ruleProblems(where, rule, seenUids));
      if (isRecord(rule) && isRecord(rule.annotations)) {
        for (const [key, text] of Object.entries(rule.annotations)) {
          const check = checkAnnotationTemplate(String(text));
          problems.push(...check.problems.map((p) => `${where}, rule "${rule.title}", annotation ${key}: ${p}`));
        }
      }
    }
  }
  const names = new Set<string>();
  for (const [i, template] of (Array.isArray(file.templates) ? file.templates : []).entries()) {
    if (!isRecord(template)) {
      problems.push(`templates[${i}] is not an object`);
      continue;
    }
    const name = isString(template.name) ? template.name : '';
    if (names.has(name)) {
      problems.push(`template "${name}" is provisioned twice`);
    }
    names.add(name);
    const check = checkNotificationTemplate(name, isString(template.template) ? template.template : '');
    problems.push(...check.problems.map((p) => `template "${name}": ${p}`));
  }
  return problems;
}

/** What each rule's annotations read: labels, `$values` entries. */
export function annotationReads(rule: AlertRuleV1): TemplateReads {
  const reads: TemplateReads = { labels: new Set(), annotations: new Set(), values: new Set(), templates: new Set() };
  for (const text of Object.values(rule.annotations ?? {})) {
    const check = checkAnnotationTemplate(text);
    for (const key of ['labels', 'annotations', 'values', 'templates'] as const) {
      check.reads[key].forEach((v) => reads[key].add(v));
    }
  }
  return reads;
}

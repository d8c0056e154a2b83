import { parse } from 'yaml';
import { prometheusDurationMs } from './alertingProvisioning';

/**
 * One evaluation of a provisioned Grafana alert rule, as Grafana's server runs it, on the frames the
 * data source's backend returned through `POST /api/ds/query`. Written from grafana/grafana:
 * - the rule file: pkg/services/provisioning/alerting/rules_types.go (AlertRuleGroupV1, AlertRuleV1,
 *   QueryV1: `for` read by Prometheus' model.ParseDuration, execErrState "" → Alerting, noDataState
 *   "" → NoData) and pkg/services/ngalert/models/alert_query.go (relativeTimeRange in seconds before
 *   now; the model gets intervalMs 1000 and maxDataPoints 43200 when it has none);
 * - the expression pipeline: pkg/expr/graph.go (data source queries and expressions run in dependency
 *   order; a node whose input failed fails with a dependency error), pkg/expr/nodes.go (an expression
 *   is a query of the data source `__expr__` or `-100` whose model `type` names the command; a query
 *   error or a conversion error fails the node), pkg/expr/dataplane.go with grafana/dataplane
 *   sdata/numeric/multi.go and sdata/timeseries/multi.go (frames typed numeric-multi or
 *   timeseries-multi become labelled numbers or series; the single typed frame without fields is
 *   "no data"; numbers are sorted by name, then by their labels' string), pkg/expr/mathexp/types.go
 *   and type_series.go (a number is one nullable float; a series is times and nullable floats);
 * - reduce: pkg/expr/commands.go (ReduceCommand: a series reduces to a number with its labels, a
 *   number passes as it is with a "not needed" notice, or through the mode's mapper, dropped when the
 *   mapper drops it; no data stays no data) and pkg/expr/mathexp/reduce.go (sum, mean, min, max,
 *   count, last; a null or NaN makes sum, mean, min and max NaN; dropNN drops null, NaN and ±Inf
 *   points and turns a NaN result into null; replaceNN puts its value in their place);
 * - threshold: pkg/expr/threshold.go (gt, lt, eq, ne, gte, lte and the four ranges; 1 or 0 per number
 *   or per point, null stays null; exactly one condition);
 * - evaluation: pkg/services/ngalert/eval/eval.go (IsNoData, queryDataResponseToExecutionResults,
 *   FindConditionError, evaluateExecutionResult: a query that returned no data makes the whole rule
 *   NoData, labelled datasource_uid and ref_id; else one result per condition frame: 0 is Normal,
 *   any other number (NaN too) Alerting, null NoData, a frame with time Error; labels must be unique);
 * - the state of a new instance after that one evaluation: pkg/services/ngalert/state/state.go
 *   (resultAlerting: Pending while `for` has not passed, else Alerting; resultNoData and resultError
 *   by the rule's noDataState and execErrState).
 * Only the expression types the provisioned rules use (reduce, threshold) are evaluated; any other
 * is refused by name. Frames that are not the data plane's numeric-multi or timeseries-multi are
 * refused too: this plugin's alert queries return only those.
 */

export type Labels = Record<string, string>;

/** A field as Grafana's HTTP API writes it (grafana-plugin-sdk-go data/frame_json.go). */
export interface FieldSchemaJSON {
  name?: string;
  type?: string;
  typeInfo?: { frame?: string; nullable?: boolean };
  labels?: Labels;
  config?: Record<string, unknown>;
}

export interface FrameMetaJSON {
  type?: string;
  typeVersion?: [number, number];
  notices?: Array<{ severity?: string | number; text: string }>;
}

export interface DataFrameJSON {
  schema?: { name?: string; refId?: string; meta?: FrameMetaJSON; fields?: FieldSchemaJSON[] };
  /** Per field: the values, and where NaN, +Inf and -Inf stood (JSON has no such numbers). */
  data?: {
    values?: unknown[][];
    entities?: Array<{ NaN?: number[]; Inf?: number[]; NegInf?: number[] } | null>;
  };
}

/** `POST /api/ds/query`'s answer: backend.QueryDataResponse's JSON (grafana-plugin-sdk-go backend/json.go). */
export interface QueryDataResponseJSON {
  results?: Record<string, { status?: number; frames?: DataFrameJSON[]; error?: string }>;
}

export interface DecodedField {
  name: string;
  /** Grafana's field type: time, number, string, boolean, other. */
  type: string;
  /** Whether the Go vector is of pointers (typeInfo.nullable): the data plane wants a non-nullable time. */
  nullable: boolean;
  labels?: Labels;
  values: unknown[];
}

export interface DecodedFrame {
  name: string;
  refId?: string;
  meta?: FrameMetaJSON;
  fields: DecodedField[];
}

/** A frame from its JSON, with NaN and ±Inf put back from `entities`. */
export function decodeFrame(json: DataFrameJSON): DecodedFrame {
  const schema = json.schema ?? {};
  const values = json.data?.values ?? [];
  const fields = (schema.fields ?? []).map((field, i): DecodedField => {
    const column = [...(values[i] ?? [])];
    const entities = json.data?.entities?.[i];
    for (const [key, value] of [
      ['NaN', NaN],
      ['Inf', Infinity],
      ['NegInf', -Infinity],
    ] as const) {
      for (const index of entities?.[key] ?? []) {
        column[index] = value;
      }
    }
    return {
      name: field.name ?? '',
      type: field.type ?? 'other',
      nullable: field.typeInfo?.nullable === true,
      labels: field.labels,
      values: column,
    };
  });
  return { name: schema.name ?? '', refId: schema.refId, meta: schema.meta, fields };
}

/** mathexp's values: a labelled number, a labelled series, or no data. */
export type MathValue =
  | { type: 'number'; name: string; labels?: Labels; value: number | null; notices?: string[] }
  | { type: 'series'; name: string; labels?: Labels; times: number[]; values: Array<number | null> }
  | { type: 'noData' };

/** A node's result (mathexp.Results): its values, or the error that failed it. */
export interface NodeResult {
  values: MathValue[];
  error?: NodeError;
}

export interface NodeError {
  message: string;
  /** Set for graph.go's dependency error: the input whose failure stopped this node. */
  dependsOn?: string;
}

/** A command or a conversion Grafana would refuse, or one this evaluator does not implement. */
export class AlertEvaluationError extends Error {}

/** Data plane types that server-side expressions read (dataplane sdata/reader/reader.go). */
const DATAPLANE_TYPES = [
  'timeseries-long',
  'timeseries-wide',
  'timeseries-multi',
  'numeric-long',
  'numeric-wide',
  'numeric-multi',
];

/** Go's data.Labels.String(): keys sorted, `k=v` joined by ", ". */
export function labelsString(labels: Labels | undefined): string {
  return Object.keys(labels ?? {})
    .sort()
    .map((key) => `${key}=${labels![key]}`)
    .join(', ');
}

function toNullableFloat(value: unknown, field: DecodedField): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    return value;
  }
  // grafana-plugin-sdk-go data/field.go NullableFloatAt: a bool is 1 or 0.
  if (typeof value === 'boolean') {
    return value ? 1 : 0;
  }
  throw new AlertEvaluationError(`field "${field.name}" of type ${field.type} can not be read as a float`);
}

const isValueField = (field: DecodedField) => field.type === 'number' || field.type === 'boolean';

/**
 * nodes.go convertDataFramesToResults for what this plugin returns: no frame, or one frame without
 * fields and without a data plane type, is no data; data plane numeric-multi and timeseries-multi
 * frames are read as handleDataplaneNumeric and handleDataplaneTimeseries read them.
 */
export function framesToValues(frames: DecodedFrame[]): MathValue[] {
  if (frames.length === 0) {
    return [{ type: 'noData' }];
  }
  const first = frames[0];
  const type = first.meta?.type;
  const version = first.meta?.typeVersion;
  // dataplane.go shouldUseDataplane: a type and a non-zero version.
  const dataplane = !!type && !!version && (version[0] !== 0 || version[1] !== 0);
  if (!dataplane) {
    if (frames.length === 1 && first.fields.length === 0) {
      return [{ type: 'noData' }];
    }
    throw new AlertEvaluationError(
      `frames without a data plane type (meta.type ${type ?? 'unset'}) are read by Grafana's older conversions, which this evaluator does not implement`
    );
  }
  if (!DATAPLANE_TYPES.includes(type)) {
    // dataplane.go: an unknown kind is no data; reader.go refuses the type first, and Grafana falls back.
    throw new AlertEvaluationError(`unsupported frame type ${type}`);
  }
  if (type === 'numeric-multi') {
    return numericMultiToNumbers(frames);
  }
  if (type === 'timeseries-multi') {
    return timeSeriesMultiToSeries(frames);
  }
  throw new AlertEvaluationError(
    `${type} frames are not evaluated here: this plugin's alert queries return numeric-multi or timeseries-multi`
  );
}

/** sdata/numeric/multi.go validateAndGetRefsMulti, then mathexp.NumberFromRef, sorted as dataplane.go sorts. */
function numericMultiToNumbers(frames: DecodedFrame[]): MathValue[] {
  if (frames[0].fields.length === 0) {
    return [{ type: 'noData' }];
  }
  const refs: DecodedField[] = [];
  for (const frame of frames) {
    if (frame.meta?.type !== 'numeric-multi') {
      throw new AlertEvaluationError(`frame has wrong type, expected NumericMulti but got "${frame.meta?.type ?? ''}"`);
    }
    const value = frame.fields.find(isValueField);
    if (value) {
      refs.push(value);
    }
  }
  if (refs.length === 0) {
    return [{ type: 'noData' }];
  }
  const keyed = refs.map((field) => ({ field, labels: field.labels ? labelsString(field.labels) : undefined }));
  // sortNumericMetricRefs: by name, then a ref without labels first, then by the labels' string.
  keyed.sort((a, b) => {
    if (a.field.name !== b.field.name) {
      return a.field.name < b.field.name ? -1 : 1;
    }
    if (a.labels === undefined) {
      return -1;
    }
    if (b.labels === undefined) {
      return 1;
    }
    return a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0;
  });
  return keyed.map(({ field }) => ({
    type: 'number',
    name: field.name,
    labels: field.labels,
    // MetricRef.NullableFloat64Value: no row (or more than one) is a null value.
    value: field.values.length === 1 ? toNullableFloat(field.values[0], field) : null,
  }));
}

/** sdata/timeseries/multi.go validateAndGetRefsMulti, then mathexp.NewSeriesFromRef. */
function timeSeriesMultiToSeries(frames: DecodedFrame[]): MathValue[] {
  if (frames[0].fields.length === 0) {
    return [{ type: 'noData' }];
  }
  const series: MathValue[] = [];
  frames.forEach((frame, i) => {
    if (frame.meta?.type !== 'timeseries-multi') {
      if (i === 0) {
        throw new AlertEvaluationError('first frame must have the many/multi type indicator in frame metadata');
      }
      return; // extra frames without the type are ignored
    }
    if (frame.fields.length === 0) {
      throw new AlertEvaluationError(`frame ${i} has zero or null fields which is invalid when more than one frame`);
    }
    const lengths = new Set(frame.fields.map((f) => f.values.length));
    if (lengths.size > 1) {
      throw new AlertEvaluationError(`frame ${i} has mismatched field lengths`);
    }
    const time = frame.fields.find((f) => f.type === 'time' && !f.nullable);
    if (!time) {
      throw new AlertEvaluationError(`frame ${i} is missing a []time.Time field`);
    }
    const value = frame.fields.find(isValueField);
    if (!value) {
      throw new AlertEvaluationError(`frame ${i} must have at least one value field but has 0`);
    }
    series.push({
      type: 'series',
      name: value.name,
      labels: value.labels,
      times: time.values as number[],
      values: value.values.map((v) => toNullableFloat(v, value)),
    });
  });
  return series;
}

export type ReducerName = 'sum' | 'mean' | 'min' | 'max' | 'count' | 'last';

/** mathexp/reduce.go's ReduceMapper: what a mode does to each point and to the result. */
interface ReduceMapper {
  mapInput(v: number | null): number | null;
  mapOutput(v: number | null): number | null;
}

const isNonNumber = (v: number | null) => v === null || Number.isNaN(v) || !Number.isFinite(v);

/** DropNonNumber: null, NaN and ±Inf points are dropped; a NaN result becomes null. */
const dropNonNumber: ReduceMapper = {
  mapInput: (v) => (isNonNumber(v) ? null : v),
  mapOutput: (v) => (v !== null && Number.isNaN(v) ? null : v),
};

/** ReplaceNonNumberWithValue: null, NaN and ±Inf points become the value; so does a NaN result. */
function replaceNonNumber(value: number): ReduceMapper {
  return {
    mapInput: (v) => (isNonNumber(v) ? value : v),
    mapOutput: (v) => (v !== null && Number.isNaN(v) ? value : v),
  };
}

/** mathexp/reduce.go's reducer functions over a series' values. */
export function reduceValues(reducer: ReducerName, values: Array<number | null>): number | null {
  const strict = (pick: (a: number, b: number) => number) => {
    if (values.length === 0) {
      return NaN;
    }
    let result = 0;
    for (const [i, v] of values.entries()) {
      if (v === null || Number.isNaN(v)) {
        return NaN;
      }
      result = i === 0 ? v : pick(result, v);
    }
    return result;
  };
  switch (reducer) {
    case 'sum': {
      let sum = 0;
      for (const v of values) {
        if (v === null || Number.isNaN(v)) {
          return NaN;
        }
        sum += v;
      }
      return sum;
    }
    case 'mean': {
      const sum = reduceValues('sum', values) as number;
      return sum / values.length;
    }
    case 'min':
      return strict((a, b) => (b < a ? b : a));
    case 'max':
      return strict((a, b) => (b > a ? b : a));
    case 'count':
      return values.length;
    case 'last':
      return values.length === 0 ? NaN : values[values.length - 1];
  }
}

const REDUCERS: ReducerName[] = ['sum', 'mean', 'min', 'max', 'count', 'last'];

/** threshold.go's predicates. */
const THRESHOLDS: Record<string, { params: number; test: (v: number, p: number[]) => boolean }> = {
  gt: { params: 1, test: (v, [a]) => v > a },
  lt: { params: 1, test: (v, [a]) => v < a },
  eq: { params: 1, test: (v, [a]) => v === a },
  ne: { params: 1, test: (v, [a]) => v !== a },
  gte: { params: 1, test: (v, [a]) => v >= a },
  lte: { params: 1, test: (v, [a]) => v <= a },
  within_range: { params: 2, test: (v, [a, b]) => v > a && v < b },
  outside_range: { params: 2, test: (v, [a, b]) => v < a || v > b },
  within_range_included: { params: 2, test: (v, [a, b]) => v >= a && v <= b },
  outside_range_included: { params: 2, test: (v, [a, b]) => v <= a || v >= b },
};

export type Command =
  | { type: 'reduce'; refId: string; input: string; reducer: ReducerName; mapper?: ReduceMapper; mode?: string }
  | { type: 'threshold'; refId: string; input: string; evaluator: string; params: number[] };

/** The command types commands.go knows (ParseCommandType), for the refusal's wording. */
const KNOWN_COMMANDS = ['math', 'reduce', 'resample', 'classic_conditions', 'threshold', 'hysteresis', 'sql'];

/** commands.go UnmarshalReduceCommand and threshold.go UnmarshalThresholdCommand, for those two types. */
export function parseCommand(refId: string, model: Record<string, unknown>): Command {
  const type = model.type;
  if (typeof type !== 'string') {
    throw new AlertEvaluationError(
      `invalid command type in expression '${refId}': no expression command type in query for refId ${refId}`
    );
  }
  if (type === 'reduce') {
    if (typeof model.expression !== 'string') {
      throw new AlertEvaluationError(
        `failed to parse expression '${refId}': no expression ID is specified to reduce. Must be a reference to an existing query or expression`
      );
    }
    const reducer = typeof model.reducer === 'string' ? model.reducer.toLowerCase() : undefined;
    if (!reducer || !REDUCERS.includes(reducer as ReducerName)) {
      throw new AlertEvaluationError(
        `failed to parse expression '${refId}': reduction ${String(model.reducer)} not implemented`
      );
    }
    const settings = model.settings as { mode?: unknown; replaceWithValue?: unknown } | undefined;
    let mapper: ReduceMapper | undefined;
    const mode = settings?.mode;
    if (mode === 'dropNN') {
      mapper = dropNonNumber;
    } else if (mode === 'replaceNN') {
      if (typeof settings!.replaceWithValue !== 'number') {
        throw new AlertEvaluationError(
          `failed to parse expression '${refId}': setting replaceWithValue must be a number`
        );
      }
      mapper = replaceNonNumber(settings!.replaceWithValue);
    } else if (mode !== undefined && mode !== '') {
      throw new AlertEvaluationError(
        `failed to parse expression '${refId}': reducer mode '${String(mode)}' is not supported. Supported only: [dropNN,replaceNN]`
      );
    }
    return {
      type: 'reduce',
      refId,
      input: model.expression.replace(/^\$/, ''),
      reducer: reducer as ReducerName,
      mapper,
      mode: mapper ? (mode as string) : undefined,
    };
  }
  if (type === 'threshold') {
    if (typeof model.expression !== 'string' || model.expression === '') {
      throw new AlertEvaluationError(`no variable specified to reference for refId ${refId}`);
    }
    const conditions = (model.conditions ?? []) as Array<{
      evaluator?: { type?: string; params?: number[] };
      unloadEvaluator?: unknown;
    }>;
    if (conditions.length !== 1) {
      throw new AlertEvaluationError('threshold expression requires exactly one condition');
    }
    const [condition] = conditions;
    if (condition.unloadEvaluator) {
      // A recovery threshold is a hysteresis command, which depends on the instances already firing.
      throw new AlertEvaluationError(
        `expression '${refId}' has a recovery threshold (hysteresis), which this evaluator does not implement`
      );
    }
    const evaluator = condition.evaluator?.type ?? '';
    const params = condition.evaluator?.params ?? [];
    const predicate = THRESHOLDS[evaluator];
    if (!predicate) {
      throw new AlertEvaluationError(
        `invalid condition: expected threshold function to be one of [${Object.keys(THRESHOLDS).join(', ')}], got ${evaluator}`
      );
    }
    if (params.length < predicate.params) {
      throw new AlertEvaluationError(
        `invalid condition: incorrect number of arguments for threshold function '${evaluator}': got ${params.length} but need ${predicate.params}`
      );
    }
    return { type: 'threshold', refId, input: model.expression, evaluator, params };
  }
  if (KNOWN_COMMANDS.includes(type)) {
    throw new AlertEvaluationError(
      `expression '${refId}' is of type ${type}, which this evaluator does not implement: the provisioned rules use reduce and threshold only`
    );
  }
  throw new AlertEvaluationError(
    `invalid command type in expression '${refId}': '${type}' is not a recognized expression type`
  );
}

/** ReduceCommand.Execute. */
function executeReduce(command: Extract<Command, { type: 'reduce' }>, input: MathValue[]): MathValue[] {
  const out: MathValue[] = [];
  input.forEach((value, i) => {
    switch (value.type) {
      case 'series': {
        let values = value.values;
        if (command.mapper) {
          // mapSeries: points the mapper turns into null are left out.
          values = values.map((v) => command.mapper!.mapInput(v)).filter((v): v is number => v !== null);
        }
        let reduced = reduceValues(command.reducer, values);
        if (reduced !== null && command.mapper) {
          reduced = command.mapper.mapOutput(reduced);
        }
        out.push({ type: 'number', name: command.refId, labels: value.labels, value: reduced });
        break;
      }
      case 'number': {
        let reduced = value.value;
        if (command.mapper) {
          reduced = command.mapper.mapInput(reduced);
          if (reduced === null) {
            return; // "same logic as in mapSeries"
          }
        }
        const notices =
          !command.mapper && i === 0
            ? [`Reduce operation is not needed. Input query or expression ${command.input} is already reduced data.`]
            : undefined;
        out.push({ type: 'number', name: command.refId, labels: value.labels, value: reduced, notices });
        break;
      }
      case 'noData':
        out.push({ type: 'noData' });
        break;
    }
  });
  return out;
}

/** ThresholdCommand.Execute. */
function executeThreshold(command: Extract<Command, { type: 'threshold' }>, input: MathValue[]): MathValue[] {
  const predicate = THRESHOLDS[command.evaluator];
  const test = (v: number | null) => (v === null ? null : predicate.test(v, command.params) ? 1 : 0);
  return input.map((value): MathValue => {
    switch (value.type) {
      case 'series':
        return { ...value, name: command.refId, values: value.values.map(test) };
      case 'number':
        return { type: 'number', name: command.refId, labels: value.labels, value: test(value.value) };
      case 'noData':
        return { type: 'noData' };
    }
  });
}

export interface ProvisionedQuery {
  refId: string;
  queryType?: string;
  /** Seconds before now (models.RelativeTimeRange). */
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

export interface ProvisionedRule {
  uid: string;
  title: string;
  condition: string;
  data: ProvisionedQuery[];
  noDataState?: string;
  execErrState?: string;
  for?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  isPaused?: boolean;
  dashboardUid?: string;
  panelId?: number;
}

export interface ProvisionedRuleGroup {
  orgId?: number;
  name: string;
  folder: string;
  interval: string;
  rules: ProvisionedRule[];
}

/** The rule groups of an alerting provisioning file (apiVersion 1, `groups`); none when it has none. */
export function readRuleGroups(text: string): ProvisionedRuleGroup[] {
  const file = parse(text) as { groups?: ProvisionedRuleGroup[] } | null;
  return file?.groups ?? [];
}

/** expr.IsDataSource: the expression data source's uid, or the old id. */
export const isExpressionDataSource = (uid: string) => uid === '__expr__' || uid === '-100';

/** What one data source query of a rule sends to `POST /api/ds/query` (alert_query.go GetModel). */
export interface DataSourceRequest {
  refId: string;
  datasourceUid: string;
  fromMs: number;
  toMs: number;
  body: { from: string; to: string; queries: Array<Record<string, unknown>> };
}

export function dataSourceRequests(rule: ProvisionedRule, nowMs: number): DataSourceRequest[] {
  return rule.data
    .filter((q) => !isExpressionDataSource(q.datasourceUid))
    .map((q) => {
      const range = q.relativeTimeRange ?? { from: 0, to: 0 };
      // RelativeTimeRange.ToTimeRange, made absolute at the evaluation's time.
      const fromMs = nowMs - range.from * 1000;
      const toMs = nowMs - range.to * 1000;
      const model = q.model;
      const query = {
        ...model,
        refId: q.refId,
        ...(q.queryType ? { queryType: q.queryType } : {}),
        datasource: { ...(model.datasource as object), uid: q.datasourceUid },
        intervalMs: typeof model.intervalMs === 'number' && model.intervalMs !== 0 ? model.intervalMs : 1000,
        maxDataPoints:
          typeof model.maxDataPoints === 'number' && model.maxDataPoints !== 0 ? model.maxDataPoints : 43200,
      };
      return {
        refId: q.refId,
        datasourceUid: q.datasourceUid,
        fromMs,
        toMs,
        body: { from: String(fromMs), to: String(toMs), queries: [query] },
      };
    });
}

/** A data source query's outcome: its frames, or its error (the response's, or a failed request's). */
export interface DataSourceAnswer {
  frames?: DecodedFrame[];
  error?: string;
}

/** The answer for one refId of `POST /api/ds/query`'s JSON (nodes.go getResponseFrame: a missing refId is no data). */
export function answerFromResponse(response: QueryDataResponseJSON, refId: string): DataSourceAnswer {
  const result = response.results?.[refId];
  if (!result) {
    return { frames: [] };
  }
  if (result.error) {
    return { error: result.error };
  }
  return { frames: (result.frames ?? []).map(decodeFrame) };
}

/**
 * graph.go: the rule's queries and expressions in dependency order, each run on its inputs' results;
 * a node whose input failed is not run and fails with a dependency error.
 */
export function executePipeline(
  rule: ProvisionedRule,
  answers: Record<string, DataSourceAnswer>
): Record<string, NodeResult> {
  const commands = new Map<string, Command>();
  for (const q of rule.data) {
    if (isExpressionDataSource(q.datasourceUid)) {
      commands.set(q.refId, parseCommand(q.refId, q.model));
    }
  }
  const refIds = new Set(rule.data.map((q) => q.refId));
  for (const command of commands.values()) {
    if (!refIds.has(command.input)) {
      throw new AlertEvaluationError(`unable to find dependent node '${command.input}'`);
    }
    if (command.input === command.refId) {
      throw new AlertEvaluationError(`can not add self referencing node for var '${command.input}' `);
    }
  }
  const results: Record<string, NodeResult> = {};
  const visiting = new Set<string>();
  const run = (refId: string): NodeResult => {
    if (results[refId]) {
      return results[refId];
    }
    if (visiting.has(refId)) {
      throw new AlertEvaluationError(
        `the expressions of rule ${rule.uid} depend on each other in a cycle through ${refId}`
      );
    }
    visiting.add(refId);
    const command = commands.get(refId);
    let result: NodeResult;
    if (!command) {
      const answer = answers[refId] ?? { frames: [] };
      if (answer.error !== undefined) {
        // MakeQueryError
        result = {
          values: [],
          error: { message: `[sse.dataQueryError] failed to execute query [${refId}]: ${answer.error}` },
        };
      } else {
        try {
          result = { values: framesToValues(answer.frames ?? []) };
        } catch (e) {
          // makeConversionError
          result = {
            values: [],
            error: { message: `[sse.readDataError] [${refId}] got error: ${(e as Error).message}` },
          };
        }
      }
    } else {
      const input = run(command.input);
      if (input.error) {
        result = {
          values: [],
          error: {
            message: `[sse.dependencyError] did not execute expression [${refId}] due to a failure of the dependent expression or query [${command.input}]`,
            dependsOn: command.input,
          },
        };
      } else {
        result = {
          values:
            command.type === 'reduce' ? executeReduce(command, input.values) : executeThreshold(command, input.values),
        };
      }
    }
    visiting.delete(refId);
    results[refId] = result;
    return result;
  };
  for (const q of rule.data) {
    run(q.refId);
  }
  return results;
}

export type EvalState = 'Normal' | 'Alerting' | 'NoData' | 'Error';

/** eval.Result: one alert instance of one evaluation. */
export interface EvalResult {
  state: EvalState;
  instance?: Labels;
  error?: string;
  /** The numbers of the rule's expressions with matching labels (NumberValueCapture: `$values`). */
  values: Record<string, number | null>;
}

/** eval.go IsNoData: no frame, or one frame without fields (a no-data value is such a frame). */
function isNoData(result: NodeResult): boolean {
  return result.values.length === 0 || (result.values.length === 1 && result.values[0].type === 'noData');
}

/** data.Labels Contains: every label of `other` is in `labels` with the same value. */
function containsLabels(labels: Labels | undefined, other: Labels | undefined): boolean {
  return Object.entries(other ?? {}).every(([k, v]) => (labels ?? {})[k] === v);
}

/** eval.go FindConditionError: the condition's error, or the error at the end of its dependency chain. */
function conditionError(results: Record<string, NodeResult>, condition: string): string | undefined {
  let error = results[condition]?.error;
  const seen = new Set<string>();
  while (error?.dependsOn && results[error.dependsOn]?.error && !seen.has(error.dependsOn)) {
    seen.add(error.dependsOn);
    error = results[error.dependsOn].error;
  }
  return error?.message;
}

/** eval.go queryDataResponseToExecutionResults and evaluateExecutionResult, on the pipeline's results. */
export function evaluateResults(rule: ProvisionedRule, results: Record<string, NodeResult>): EvalResult[] {
  const error = conditionError(results, rule.condition);
  if (error) {
    return [{ state: 'Error', error, values: {} }];
  }
  const dataSourceOf = new Map(rule.data.map((q) => [q.refId, q.datasourceUid]));
  const noData = Object.entries(results)
    .filter(([refId, result]) => isNoData(result) && !isExpressionDataSource(dataSourceOf.get(refId) ?? '__expr__'))
    .map(([refId]) => refId)
    .sort();
  if (noData.length > 0) {
    // datasourceUIDsToRefIDs: one NoData result a data source, its refIds joined by commas.
    const byDataSource = new Map<string, string[]>();
    for (const refId of noData) {
      const uid = dataSourceOf.get(refId)!;
      byDataSource.set(uid, [...(byDataSource.get(uid) ?? []), refId]);
    }
    return [...byDataSource].map(([uid, refIds]) => ({
      state: 'NoData',
      instance: { datasource_uid: uid, ref_id: refIds.join(',') },
      values: {},
    }));
  }
  const condition = results[rule.condition]?.values ?? [];
  if (condition.length === 0) {
    return [{ state: 'NoData', values: {} }];
  }
  // The numbers of every expression, to attach to the condition's results by labels.
  const captures = Object.entries(results).flatMap(([refId, result]) =>
    result.values.flatMap((v) => (v.type === 'number' ? [{ refId, labels: v.labels, value: v.value }] : []))
  );
  const evaluated = condition.map((value): EvalResult => {
    if (value.type === 'noData') {
      return { state: 'NoData', values: {} };
    }
    if (value.type === 'series') {
      return {
        state: 'Error',
        error: `invalid format of evaluation results for the alert definition ${rule.condition}: looks like time series data, only reduced data can be alerted on.`,
        values: {},
      };
    }
    const values: Record<string, number | null> = {};
    const exact = labelsString(value.labels);
    for (const refId of new Set(captures.map((c) => c.refId))) {
      const ofRef = captures.filter((c) => c.refId === refId);
      const match =
        ofRef.filter((c) => labelsString(c.labels) === exact).slice(-1)[0] ??
        ofRef
          .filter((c) => containsLabels(value.labels, c.labels) || containsLabels(c.labels, value.labels))
          .slice(-1)[0];
      if (match) {
        values[refId] = match.value;
      }
    }
    const state: EvalState = value.value === null ? 'NoData' : value.value === 0 ? 'Normal' : 'Alerting';
    return { state, instance: value.labels, values };
  });
  const seen = new Set<string>();
  for (const result of evaluated) {
    const key = labelsString(result.instance);
    if (seen.has(key)) {
      return [
        {
          state: 'Error',
          instance: result.instance,
          error: `invalid format of evaluation results for the alert definition : frame cannot uniquely be identified by its labels: has duplicate results with labels {${key}}`,
          values: {},
        },
      ];
    }
    seen.add(key);
  }
  return evaluated;
}

export type InstanceStateName = 'Normal' | 'Alerting' | 'Pending' | 'NoData' | 'Error';

/** An alert instance's state after this one evaluation, had it no earlier state. */
export interface InstanceState {
  state: InstanceStateName;
  /** state.go's reason: NoData or Error when noDataState or execErrState made such a result alert. */
  reason?: string;
  /** What to show: the state and its reason (FormatStateAndReason), and how long `for` keeps it pending. */
  summary: string;
}

/**
 * state.go for an instance without history: cache.go getOrCreate makes a new state Normal, with no
 * reason. resultAlerting makes it Pending when the rule has `for`, Alerting when not (the reason
 * NoData or Error when noDataState or execErrState said Alerting); resultNoData keeps NoData as
 * NoData; resultNormal (OK, and KeepLast from Normal) keeps a Normal state as it is, reason and all.
 * The preview shows one evaluation, so a pending instance says that it alerts once `for` has passed,
 * rather than inventing history.
 */
export function firstEvaluationState(result: EvalResult, rule: ProvisionedRule): InstanceState {
  const forMs = rule.for ? prometheusDurationMs(rule.for) : 0;
  if (forMs === undefined) {
    throw new AlertEvaluationError(`not a valid duration string: ${JSON.stringify(rule.for)}`);
  }
  const alerting = (reason?: string): InstanceState => {
    const formatted = reason ? ` (${reason})` : '';
    return forMs > 0
      ? { state: 'Pending', reason, summary: `Alerting${formatted} (Pending until for: ${rule.for})` }
      : { state: 'Alerting', reason, summary: `Alerting${formatted}` };
  };
  const normal: InstanceState = { state: 'Normal', summary: 'Normal' };
  switch (result.state) {
    case 'Alerting':
      return alerting();
    case 'Normal':
      return normal;
    case 'NoData': {
      // models.NoDataStateFromString: NoData, Alerting, OK, KeepLast; "" is NoData (rules_types.go).
      const setting = rule.noDataState || 'NoData';
      switch (setting) {
        case 'Alerting':
          return alerting('NoData');
        case 'NoData':
          return { state: 'NoData', summary: 'NoData' };
        case 'OK':
        case 'KeepLast':
          return normal;
        default:
          throw new AlertEvaluationError(`unknown NoData state option ${setting}`);
      }
    }
    case 'Error': {
      // models.ErrStateFromString: Alerting, Error, OK, KeepLast; "" is Alerting (rules_types.go).
      const setting = rule.execErrState || 'Alerting';
      switch (setting) {
        case 'Alerting':
          return alerting('Error');
        case 'Error':
          return { state: 'Error', summary: 'Error' };
        case 'OK':
        case 'KeepLast':
          return normal;
        default:
          throw new AlertEvaluationError(`unknown Error state option ${setting}`);
      }
    }
  }
}

/** Everything one evaluation of a rule showed: what was asked, what came back, what it means. */
export interface RuleEvaluation {
  rule: ProvisionedRule;
  evaluatedAtMs: number;
  requests: DataSourceRequest[];
  nodes: Record<string, NodeResult>;
  results: Array<EvalResult & { instanceState: InstanceState }>;
  /** The rule itself could not be evaluated here (an expression type or shape this evaluator refuses). */
  refused?: string;
}

/**
 * One evaluation of the rule at `nowMs`: its data source queries through `query` (the host's
 * `POST /api/ds/query`), then its expressions and its condition.
 */
export async function evaluateRule(
  rule: ProvisionedRule,
  nowMs: number,
  query: (request: DataSourceRequest) => Promise<QueryDataResponseJSON>
): Promise<RuleEvaluation> {
  const requests = dataSourceRequests(rule, nowMs);
  try {
    // Refuse an unsupported expression before querying, as Grafana refuses it when building the pipeline.
    for (const q of rule.data) {
      if (isExpressionDataSource(q.datasourceUid)) {
        parseCommand(q.refId, q.model);
      }
    }
  } catch (e) {
    return { rule, evaluatedAtMs: nowMs, requests, nodes: {}, results: [], refused: (e as Error).message };
  }
  const answers: Record<string, DataSourceAnswer> = {};
  await Promise.all(
    requests.map(async (request) => {
      try {
        answers[request.refId] = answerFromResponse(await query(request), request.refId);
      } catch (e) {
        answers[request.refId] = { error: (e as Error).message };
      }
    })
  );
  const nodes = executePipeline(rule, answers);
  const results = evaluateResults(rule, nodes).map((r) => ({ ...r, instanceState: firstEvaluationState(r, rule) }));
  return { rule, evaluatedAtMs: nowMs, requests, nodes, results };
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AlertEvaluationError,
  dataSourceRequests,
  decodeFrame,
  evaluateResults,
  evaluateRule,
  executePipeline,
  firstEvaluationState,
  framesToValues,
  parseCommand,
  readRuleGroups,
  reduceValues,
  type DataFrameJSON,
  type DataSourceAnswer,
  type DecodedFrame,
  type EvalResult,
  type Labels,
  type ProvisionedRule,
  type QueryDataResponseJSON,
  type ReducerName,
} from './alertEvaluation';
import { prometheusDurationMs } from './alertingProvisioning';

// Frames in the data plane's shapes (grafana/dataplane docs/contract numeric.md and timeseries.md,
// as grafana/dataplane sdata/numeric/multi.go and sdata/timeseries/multi.go read them), and the
// behaviour of grafana/grafana pkg/expr (commands.go, threshold.go, mathexp/reduce.go, dataplane.go)
// and pkg/services/ngalert (eval/eval.go, state/state.go, state/cache.go) named in each table.

const NUMERIC = { type: 'numeric-multi', typeVersion: [0, 1] as [number, number] };
const SERIES = { type: 'timeseries-multi', typeVersion: [0, 1] as [number, number] };

function groupFrame(value: number | null, labels: Labels, name = 'sessions'): DecodedFrame {
  return {
    name,
    meta: NUMERIC,
    fields: [{ name, type: 'number', nullable: true, labels, values: [value] }],
  };
}

function serviceSeries(service: string, counts: Array<number | null>, startMs = 1_000_000): DecodedFrame {
  return {
    name: 'errors',
    meta: SERIES,
    fields: [
      { name: 'time', type: 'time', nullable: false, values: counts.map((_, i) => startMs + i * 1000) },
      { name: 'errors', type: 'number', nullable: false, labels: { service }, values: counts },
    ],
  };
}

const NO_DATA_NUMERIC: DecodedFrame = { name: 'sessions', meta: NUMERIC, fields: [] };

const expr = (refId: string, model: Record<string, unknown>) => ({
  refId,
  datasourceUid: '__expr__',
  model: { refId, datasource: { type: '__expr__', uid: '__expr__' }, ...model },
});
const threshold = (input: string, type: string, params: number[]) => ({
  type: 'threshold',
  expression: input,
  conditions: [{ evaluator: { type, params } }],
});

/** Rule 1's shape: new error groups' sessions, reduce last (dropNN), above 2. */
const newGroupRule: ProvisionedRule = {
  uid: 'new-group',
  title: 'New error group',
  condition: 'C',
  noDataState: 'OK',
  execErrState: 'Error',
  for: '0s',
  data: [
    {
      refId: 'A',
      queryType: 'errorGroups',
      relativeTimeRange: { from: 900, to: 0 },
      datasourceUid: 'session-replay-errors',
      model: { refId: 'A', queryType: 'errorGroups', groupsResult: 'values', newGroupsOnly: true },
    },
    expr('B', { type: 'reduce', reducer: 'last', expression: 'A', settings: { mode: 'dropNN' } }),
    expr('C', threshold('B', 'gt', [2])),
  ],
};

/** Rule 2's shape: errors over time by service, reduce sum, above 20. */
const byServiceRule: ProvisionedRule = {
  uid: 'by-service',
  title: 'Errors by service',
  condition: 'C',
  noDataState: 'OK',
  execErrState: 'Error',
  for: '5m',
  data: [
    {
      refId: 'A',
      queryType: 'errorsOverTime',
      relativeTimeRange: { from: 300, to: 0 },
      datasourceUid: 'session-replay-errors',
      model: { refId: 'A', queryType: 'errorsOverTime', splitBy: 'service', intervalMs: 60_000 },
    },
    expr('B', { type: 'reduce', reducer: 'sum', expression: 'A' }),
    expr('C', threshold('B', 'gt', [20])),
  ],
};

const evaluate = (rule: ProvisionedRule, answer: DataSourceAnswer): EvalResult[] =>
  evaluateResults(rule, executePipeline(rule, { A: answer }));

describe('frames from /api/ds/query (grafana-plugin-sdk-go data/frame_json.go)', () => {
  it('decodes values and puts NaN and ±Inf back where `entities` says', () => {
    const json: DataFrameJSON = {
      schema: {
        name: 'sessions',
        refId: 'A',
        meta: NUMERIC,
        fields: [{ name: 'v', type: 'number', typeInfo: { frame: 'float64', nullable: true }, labels: { g: '1' } }],
      },
      data: { values: [[1, null, null, null, 5]], entities: [{ NaN: [1], Inf: [2], NegInf: [3] }] },
    };
    const frame = decodeFrame(json);
    expect(frame).toMatchObject({ name: 'sessions', refId: 'A', meta: NUMERIC });
    expect(frame.fields[0]).toEqual({
      name: 'v',
      type: 'number',
      nullable: true,
      labels: { g: '1' },
      values: [1, NaN, Infinity, -Infinity, 5],
    });
  });
});

describe('data source frames as server-side expressions read them (pkg/expr/dataplane.go, nodes.go)', () => {
  it('reads numeric-multi frames as numbers sorted by name, then by the labels’ string', () => {
    const values = framesToValues([
      groupFrame(3, { group: 'b', error: 'Zeta' }),
      groupFrame(7, { group: 'a', error: 'Alpha' }),
      groupFrame(1, { group: 'c' }, 'lines'),
    ]);
    // "lines" < "sessions"; then "error=Alpha, group=a" < "error=Zeta, group=b".
    expect(values).toEqual([
      { type: 'number', name: 'lines', labels: { group: 'c' }, value: 1 },
      { type: 'number', name: 'sessions', labels: { group: 'a', error: 'Alpha' }, value: 7 },
      { type: 'number', name: 'sessions', labels: { group: 'b', error: 'Zeta' }, value: 3 },
    ]);
  });

  it.each<[string, DecodedFrame[]]>([
    ['no frame at all', []],
    ['the typed numeric "no data" frame', [NO_DATA_NUMERIC]],
    ['the typed time series "no data" frame', [{ name: '', meta: SERIES, fields: [] }]],
    ['one untyped frame without fields', [{ name: '', fields: [] }]],
  ])('reads %s as no data', (_name, frames) => {
    expect(framesToValues(frames)).toEqual([{ type: 'noData' }]);
  });

  it('reads a numeric frame without a row as a null number (MetricRef.NullableFloat64Value)', () => {
    const frame = groupFrame(null, { group: 'a' });
    frame.fields[0].values = [];
    expect(framesToValues([frame])).toEqual([
      { type: 'number', name: 'sessions', labels: { group: 'a' }, value: null },
    ]);
  });

  it('reads a bool value as 1 or 0 (data/field.go NullableFloatAt)', () => {
    const frame: DecodedFrame = {
      name: 'up',
      meta: NUMERIC,
      fields: [{ name: 'up', type: 'boolean', nullable: false, labels: { g: '1' }, values: [true] }],
    };
    expect(framesToValues([frame])).toEqual([{ type: 'number', name: 'up', labels: { g: '1' }, value: 1 }]);
  });

  it('reads timeseries-multi frames as labelled series, in frame order', () => {
    expect(framesToValues([serviceSeries('search', [1, 2]), serviceSeries('auth', [null, 4])])).toEqual([
      { type: 'series', name: 'errors', labels: { service: 'search' }, times: [1_000_000, 1_001_000], values: [1, 2] },
      { type: 'series', name: 'errors', labels: { service: 'auth' }, times: [1_000_000, 1_001_000], values: [null, 4] },
    ]);
  });

  it.each<[string, DecodedFrame[], RegExp]>([
    [
      'a nullable time field ([]*time.Time)',
      [
        {
          ...serviceSeries('a', [1]),
          fields: [{ ...serviceSeries('a', [1]).fields[0], nullable: true }, serviceSeries('a', [1]).fields[1]],
        },
      ],
      /missing a \[\]time\.Time field/,
    ],
    [
      'a table without a data plane type',
      [{ name: '', fields: [{ name: 'v', type: 'number', nullable: false, values: [1, 2] }] }],
      /data plane type/,
    ],
    [
      'a numeric-wide frame',
      [{ name: '', meta: { type: 'numeric-wide', typeVersion: [0, 1] }, fields: [] }],
      /numeric-wide frames are not evaluated/,
    ],
    ['a mix of numeric and time series frames', [groupFrame(1, {}), serviceSeries('a', [1])], /expected NumericMulti/],
  ])('refuses %s', (_name, frames, message) => {
    expect(() => framesToValues(frames)).toThrow(message);
  });
});

describe('reducers (pkg/expr/mathexp/reduce.go)', () => {
  it.each<[ReducerName, Array<number | null>, number | null]>([
    ['sum', [1, 2, 3], 6],
    ['sum', [], 0],
    ['sum', [1, null, 3], NaN],
    ['sum', [1, NaN], NaN],
    ['mean', [1, 2, 6], 3],
    ['mean', [], NaN],
    ['min', [4, 2, 9], 2],
    ['min', [], NaN],
    ['min', [4, null], NaN],
    ['max', [4, 2, 9], 9],
    ['max', [4, NaN], NaN],
    ['count', [1, null, NaN], 3],
    ['last', [1, 2, 3], 3],
    ['last', [1, null], null],
    ['last', [], NaN],
  ])('%s of %j is %p', (reducer, values, expected) => {
    expect(reduceValues(reducer, values)).toEqual(expected);
  });
});

describe('the reduce command (pkg/expr/commands.go ReduceCommand, mathexp/reduce.go mappers)', () => {
  const rule = (settings?: Record<string, unknown>, reducer = 'sum'): ProvisionedRule => ({
    uid: 'r',
    title: 'r',
    condition: 'B',
    data: [
      { refId: 'A', datasourceUid: 'ds', model: {} },
      expr('B', { type: 'reduce', reducer, expression: '$A', ...(settings ? { settings } : {}) }),
    ],
  });
  const reduced = (r: ProvisionedRule, frames: DecodedFrame[]) => executePipeline(r, { A: { frames } }).B.values;
  const series = serviceSeries('s', [1, null, NaN, Infinity, 4]);

  it.each<[string, Record<string, unknown> | undefined, number | null]>([
    ['strict: a null or NaN point makes the sum NaN', undefined, NaN],
    ['dropNN: null, NaN and Inf points are dropped', { mode: 'dropNN' }, 5],
    ['replaceNN: they count as the value', { mode: 'replaceNN', replaceWithValue: 10 }, 35],
  ])('%s', (_name, settings, expected) => {
    expect(reduced(rule(settings), [series])).toEqual([
      { type: 'number', name: 'B', labels: { service: 's' }, value: expected },
    ]);
  });

  it('dropNN turns a NaN result into null; replaceNN into its value (MapOutput)', () => {
    const empty = serviceSeries('s', [null]);
    expect(reduced(rule({ mode: 'dropNN' }, 'mean'), [empty])[0]).toMatchObject({ value: null });
    expect(
      reduced(rule({ mode: 'replaceNN', replaceWithValue: 0 }, 'mean'), [serviceSeries('s', [])])[0]
    ).toMatchObject({ value: 0 });
  });

  it('passes numbers through with a notice on the first, or through the mode’s mapper, which may drop them', () => {
    const numbers = [groupFrame(4, { group: 'a' }), groupFrame(null, { group: 'b' })];
    expect(reduced(rule(), numbers)).toEqual([
      {
        type: 'number',
        name: 'B',
        labels: { group: 'a' },
        value: 4,
        notices: ['Reduce operation is not needed. Input query or expression A is already reduced data.'],
      },
      { type: 'number', name: 'B', labels: { group: 'b' }, value: null, notices: undefined },
    ]);
    expect(reduced(rule({ mode: 'dropNN' }), numbers)).toEqual([
      { type: 'number', name: 'B', labels: { group: 'a' }, value: 4, notices: undefined },
    ]);
  });

  it('keeps no data as no data', () => {
    expect(reduced(rule(), [NO_DATA_NUMERIC])).toEqual([{ type: 'noData' }]);
  });
});

describe('the threshold command (pkg/expr/threshold.go)', () => {
  it.each<[string, number[], number | null, number | null]>([
    ['gt', [2], 3, 1],
    ['gt', [2], 2, 0],
    ['gt', [2], NaN, 0],
    ['gt', [2], null, null],
    ['lt', [2], 1, 1],
    ['eq', [2], 2, 1],
    ['ne', [2], NaN, 1],
    ['gte', [2], 2, 1],
    ['lte', [2], 3, 0],
    ['within_range', [1, 3], 3, 0],
    ['within_range_included', [1, 3], 3, 1],
    ['outside_range', [1, 3], 1, 0],
    ['outside_range_included', [1, 3], 1, 1],
  ])('%s %j of %p is %p', (type, params, value, expected) => {
    const r: ProvisionedRule = {
      uid: 't',
      title: 't',
      condition: 'B',
      data: [{ refId: 'A', datasourceUid: 'ds', model: {} }, expr('B', threshold('A', type, params))],
    };
    expect(executePipeline(r, { A: { frames: [groupFrame(value, { g: '1' })] } }).B.values).toEqual([
      { type: 'number', name: 'B', labels: { g: '1' }, value: expected },
    ]);
  });
});

describe('expressions this evaluator refuses, by name', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['math', { type: 'math', expression: '$A > 1' }, /type math, which this evaluator does not implement/],
    ['classic conditions', { type: 'classic_conditions', conditions: [] }, /type classic_conditions/],
    ['an unknown type', { type: 'median' }, /'median' is not a recognized expression type/],
    [
      'a reducer mode Grafana lacks',
      { type: 'reduce', reducer: 'sum', expression: 'A', settings: { mode: 'strict' } },
      /reducer mode 'strict' is not supported/,
    ],
    ['an unknown reducer', { type: 'reduce', reducer: 'median', expression: 'A' }, /reduction median not implemented/],
    ['two threshold conditions', { type: 'threshold', expression: 'A', conditions: [{}, {}] }, /exactly one condition/],
    [
      'a recovery threshold',
      {
        ...threshold('A', 'gt', [1]),
        conditions: [{ evaluator: { type: 'gt', params: [1] }, unloadEvaluator: { type: 'lt', params: [1] } }],
      },
      /hysteresis/,
    ],
    ['a threshold without its parameter', threshold('A', 'within_range', [1]), /got 1 but need 2/],
  ])('%s', (_name, model, message) => {
    expect(() => parseCommand('B', model)).toThrow(AlertEvaluationError);
    expect(() => parseCommand('B', model)).toThrow(message);
  });

  it('evaluateRule reports the refusal and sends no query', async () => {
    const rule: ProvisionedRule = {
      ...newGroupRule,
      data: [newGroupRule.data[0], expr('B', { type: 'math', expression: '$A' })],
    };
    const query = jest.fn();
    const evaluation = await evaluateRule(rule, 0, query);
    expect(evaluation.refused).toMatch(/type math/);
    expect(query).not.toHaveBeenCalled();
  });
});

describe('one evaluation of a rule (pkg/services/ngalert/eval/eval.go, state/state.go)', () => {
  it('rule 1: one instance a new group; 0 is Normal, 1 Alerting; a null value dropped by dropNN makes none', () => {
    const replay = 'http://127.0.0.1/replay/demo/session/1?jumpto=5';
    const results = evaluate(newGroupRule, {
      frames: [
        groupFrame(5, { group: 'f1', error: 'Stock reservation failed', replay }),
        groupFrame(2, { group: 'f2', error: 'Other' }),
        groupFrame(null, { group: 'f3', error: 'Unknown' }),
      ],
    });
    expect(results).toEqual([
      {
        state: 'Normal',
        instance: { group: 'f2', error: 'Other' },
        values: { A: 2, B: 2, C: 0 },
      },
      {
        state: 'Alerting',
        instance: { group: 'f1', error: 'Stock reservation failed', replay },
        values: { A: 5, B: 5, C: 1 },
      },
    ]);
    expect(results.map((r) => firstEvaluationState(r, newGroupRule).summary)).toEqual(['Normal', 'Alerting']);
  });

  it('rule 1 with no new group: the query’s no data is one NoData result, which noDataState OK keeps Normal', () => {
    const [result] = evaluate(newGroupRule, { frames: [NO_DATA_NUMERIC] });
    expect(result).toEqual({
      state: 'NoData',
      instance: { datasource_uid: 'session-replay-errors', ref_id: 'A' },
      values: {},
    });
    // A new state is Normal (cache.go getOrCreate) and resultNormal keeps it so.
    expect(firstEvaluationState(result, newGroupRule)).toEqual({ state: 'Normal', summary: 'Normal' });
    expect(firstEvaluationState(result, { ...newGroupRule, noDataState: 'NoData' }).state).toBe('NoData');
    expect(firstEvaluationState(result, { ...newGroupRule, noDataState: 'Alerting' }).summary).toBe(
      'Alerting (NoData)'
    );
    // noDataState "" is NoData (rules_types.go mapToModel).
    expect(firstEvaluationState(result, { ...newGroupRule, noDataState: undefined }).state).toBe('NoData');
  });

  it('rule 2: the errors of each service summed; above 20 alerts, Pending while `for` has not passed', () => {
    const results = evaluate(byServiceRule, {
      frames: [serviceSeries('checkout', [10, 15]), serviceSeries('search', [3, 4])],
    });
    expect(results.map((r) => [r.instance, r.state, r.values.B])).toEqual([
      [{ service: 'checkout' }, 'Alerting', 25],
      [{ service: 'search' }, 'Normal', 7],
    ]);
    expect(firstEvaluationState(results[0], byServiceRule)).toEqual({
      state: 'Pending',
      summary: 'Alerting (Pending until for: 5m)',
    });
    expect(firstEvaluationState(results[0], { ...byServiceRule, for: '0s' }).state).toBe('Alerting');
    // rules_types.go refuses such a rule: the preview says so rather than guessing a state.
    const badFor = () => firstEvaluationState(results[0], { ...byServiceRule, for: '5 m' });
    expect(badFor).toThrow(AlertEvaluationError);
    expect(badFor).toThrow('not a valid duration string: "5 m"');
  });

  it('a failed query is the rule’s Error, its message found through the dependency chain (FindConditionError)', () => {
    const [result] = evaluate(newGroupRule, { error: 'Connection refused' });
    expect(result.state).toBe('Error');
    expect(result.error).toMatch(/failed to execute query \[A\]: Connection refused/);
    expect(firstEvaluationState(result, newGroupRule)).toEqual({ state: 'Error', summary: 'Error' });
    // execErrState "" is Alerting (rules_types.go mapToModel).
    expect(firstEvaluationState(result, { ...newGroupRule, execErrState: undefined }).summary).toBe('Alerting (Error)');
  });

  it('a frame the data plane reader refuses is a conversion error, so the rule’s Error', () => {
    const [result] = evaluate(newGroupRule, {
      frames: [{ name: '', fields: [{ name: 'x', type: 'number', nullable: false, values: [1] }] }],
    });
    expect(result.state).toBe('Error');
    expect(result.error).toMatch(/\[A\].*data plane type/);
  });

  it('two results with the same labels are one Error', () => {
    const [result, ...rest] = evaluate(newGroupRule, {
      frames: [groupFrame(3, { group: 'f' }), groupFrame(4, { group: 'f' })],
    });
    expect(rest).toEqual([]);
    expect(result).toMatchObject({
      state: 'Error',
      error: expect.stringMatching(/duplicate results with labels \{group=f\}/),
    });
  });

  it('a condition that is still a series is an Error: only reduced data can be alerted on', () => {
    const unreduced: ProvisionedRule = {
      ...byServiceRule,
      data: [byServiceRule.data[0], expr('C', threshold('A', 'gt', [20]))],
    };
    const [result] = evaluate(unreduced, { frames: [serviceSeries('checkout', [30])] });
    expect(result).toMatchObject({
      state: 'Error',
      error: expect.stringMatching(/only reduced data can be alerted on/),
    });
  });

  it('a condition whose numbers were all dropped is NoData without labels', () => {
    expect(evaluate(newGroupRule, { frames: [groupFrame(null, { group: 'f' })] })).toEqual([
      { state: 'NoData', values: {} },
    ]);
  });
});

describe('what the rule sends to /api/ds/query (pkg/services/ngalert/models/alert_query.go)', () => {
  it('asks each data source query over its relative time range, with the model’s defaults', () => {
    const now = 1_800_000_000_000;
    const [request, ...rest] = dataSourceRequests(newGroupRule, now);
    expect(rest).toEqual([]);
    expect(request).toMatchObject({ refId: 'A', fromMs: now - 900_000, toMs: now });
    expect(request.body).toEqual({
      from: String(now - 900_000),
      to: String(now),
      queries: [
        {
          refId: 'A',
          queryType: 'errorGroups',
          groupsResult: 'values',
          newGroupsOnly: true,
          datasource: { uid: 'session-replay-errors' },
          intervalMs: 1000,
          maxDataPoints: 43200,
        },
      ],
    });
    expect(dataSourceRequests(byServiceRule, now)[0].body.queries[0]).toMatchObject({ intervalMs: 60_000 });
  });

  it('evaluateRule queries through the host and reads its JSON answer', async () => {
    const answer: QueryDataResponseJSON = {
      results: {
        A: {
          status: 200,
          frames: [
            {
              schema: {
                name: 'sessions',
                meta: NUMERIC,
                fields: [{ name: 'sessions', type: 'number', typeInfo: { frame: 'float64' }, labels: { group: 'f1' } }],
              },
              data: { values: [[4]] },
            },
          ],
        },
      },
    };
    const query = jest.fn().mockResolvedValue(answer);
    const evaluation = await evaluateRule(newGroupRule, 5_000_000, query);
    expect(query).toHaveBeenCalledWith(expect.objectContaining({ refId: 'A', fromMs: 4_100_000, toMs: 5_000_000 }));
    expect(evaluation.results).toEqual([
      {
        state: 'Alerting',
        instance: { group: 'f1' },
        values: { A: 4, B: 4, C: 1 },
        instanceState: { state: 'Alerting', summary: 'Alerting' },
      },
    ]);
  });

  it('evaluateRule makes a failed request the query’s error', async () => {
    const evaluation = await evaluateRule(newGroupRule, 0, () => Promise.reject(new Error('HTTP 502')));
    expect(evaluation.results).toMatchObject([{ state: 'Error', error: expect.stringMatching(/HTTP 502/) }]);
  });
});

describe('the provisioned rule files (provisioning/alerting)', () => {
  const dir = path.resolve(__dirname, '../../provisioning/alerting');
  const groups = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => readRuleGroups(readFileSync(path.join(dir, f), 'utf8')));
  const rules = groups.flatMap((g) => g.rules);

  it('hold rules', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  it.each(rules.map((r) => [r.title, r] as const))(
    '%s uses only expressions this evaluator implements',
    (_title, rule) => {
      for (const q of rule.data.filter((d) => d.datasourceUid === '__expr__' || d.datasourceUid === '-100')) {
        expect(() => parseCommand(q.refId, q.model)).not.toThrow();
      }
      expect(prometheusDurationMs(rule.for ?? '0s')).toBeDefined();
    }
  );
});

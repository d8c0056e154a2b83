import { Document, isMap, isScalar, type Pair, type Scalar } from 'yaml';
import pluginJson from '../../plugin.json';
import { MAX_GROUPS } from '../../src/query/buildAggregationQueries';
import { QUERY_VERSION } from '../../src/query/resolveQuery';
import type { SessionErrorsQuery } from '../../src/types';
import {
  EXPRESSION_DATASOURCE_UID,
  type AlertingFileV1,
  type AlertQueryV1,
  type AlertRuleV1,
} from '../grafana-rules/alertingProvisioning';

/**
 * The alert rules and notification template that `provisioning/alerting/session-replay-errors.yaml`
 * holds, and that `setup-cluster --alerting` writes for a cluster: one builder for both, so the
 * checked-in file is the builder's default output (a test keeps them equal).
 */

export interface AlertingOptions {
  /** The uid of the data source the rules query (the one the setup tool provisions). */
  dataSourceUid: string;
  /** New error group: fires from this many affected sessions within the window. */
  sessionsThreshold: number;
  /** Errors: fires above this many error lines of a service per 5 minutes. */
  errorsThreshold: number;
}

export const DEFAULT_ALERTING_OPTIONS: AlertingOptions = {
  dataSourceUid: 'session-replay-errors',
  sessionsThreshold: 3,
  errorsThreshold: 20,
};

export const ALERTING_FOLDER = 'Session Replay Errors';
export const ALERTING_GROUP = 'Session replay errors';
/** provisioning/dashboards/error-groups.json: its uid, and the panels the rules link to. */
export const ERROR_GROUPS_DASHBOARD_UID = 'sre-error-groups';
export const NEW_GROUPS_PANEL_ID = 2;
export const TOP_GROUPS_PANEL_ID = 1;

export const NEW_GROUP_RULE_UID = 'sre-new-error-group';
export const ERRORS_RULE_UID = 'sre-errors-by-service';
export const NEW_GROUP_WINDOW_SECONDS = 15 * 60;
export const ERRORS_WINDOW_SECONDS = 5 * 60;
/** The levels rule 2 counts: Grafana's critical and error (levels.ts maps the loggers' spellings). */
export const ALERT_LEVELS = ['critical', 'error'];

export const NOTIFICATION_TEMPLATE_NAME = 'session-replay-errors';
export const TITLE_TEMPLATE = 'session_replay_errors.title';
export const MESSAGE_TEMPLATE = 'session_replay_errors.message';

/**
 * Grafana's default for a rule query's maxDataPoints (ngalert/models/alert_query.go); the interval is
 * a minute rather than its default second: the rules sum or count over their window whatever the
 * buckets, and one-second buckets made each evaluation shape 300 buckets a service (12 ms of plugin
 * CPU against 2.8 ms, measured by `npm run bench`).
 */
const MAX_DATA_POINTS = 43200;
const INTERVAL_MS = 60_000;

function dataQuery(query: SessionErrorsQuery, dataSourceUid: string, windowSeconds: number): AlertQueryV1 {
  return {
    refId: query.refId,
    // As the alerting UI writes it: the model's query type (rule-form.ts dataQueriesToGrafanaQueries).
    queryType: query.queryType,
    relativeTimeRange: { from: windowSeconds, to: 0 },
    datasourceUid: dataSourceUid,
    model: {
      ...query,
      datasource: { type: pluginJson.id, uid: dataSourceUid },
      intervalMs: INTERVAL_MS,
      maxDataPoints: MAX_DATA_POINTS,
    },
  };
}

const EXPRESSION_DATASOURCE = { type: EXPRESSION_DATASOURCE_UID, uid: EXPRESSION_DATASOURCE_UID };

/**
 * The condition block the alerting UI puts in every reduce and threshold model (rule-form.ts
 * getDefaultReduceExpression, getDefaultThresholdExpression); the threshold's evaluator is the one
 * pkg/expr reads, the reduce ignores it.
 */
function uiConditions(type: string, params: number[]) {
  return [
    {
      type: 'query',
      evaluator: { params, type },
      operator: { type: 'and' },
      query: { params: [] },
      reducer: { params: [], type: 'last' },
    },
  ];
}

/** An expression query of a rule: server-side expressions take the expression data source's uid. */
function expressionQuery(
  refId: string,
  type: string,
  evaluatorParams: number[],
  fields: Record<string, unknown>
): AlertQueryV1 {
  return {
    refId,
    queryType: '',
    datasourceUid: EXPRESSION_DATASOURCE_UID,
    model: {
      refId,
      type,
      datasource: EXPRESSION_DATASOURCE,
      conditions: uiConditions('gt', evaluatorParams),
      ...fields,
    },
  };
}

function reduce(refId: string, input: string, reducer: string, settings?: { mode: string }): AlertQueryV1 {
  return expressionQuery(refId, 'reduce', [], { reducer, expression: input, ...(settings ? { settings } : {}) });
}

function threshold(refId: string, input: string, above: number): AlertQueryV1 {
  return expressionQuery(refId, 'threshold', [above], { expression: input });
}

/** Rule 1's query: the groups new in the window, one number (sessions affected) each, with the replay. */
export function newGroupQuery(): SessionErrorsQuery {
  return {
    refId: 'A',
    version: QUERY_VERSION,
    queryType: 'errorGroups',
    mode: 'range',
    // No level filter: groups are the fingerprinted lines (warning or above) either way, and without
    // one the hourly summary (groupsSummaryIndex) answers the 7-day look-back, every minute.
    groupsResult: 'values',
    groupsValue: 'sessions',
    newGroupsOnly: true,
    newLookback: '7d',
    replayLabel: true,
    // Groups rank by sessions affected in the window before the new ones are kept: as many as a
    // search may rank, so that a new group is missed only behind 500 groups with more sessions.
    limit: MAX_GROUPS,
  };
}

/** Rule 2's query: error lines over time, one series per service. */
export function errorsByServiceQuery(): SessionErrorsQuery {
  return {
    refId: 'A',
    version: QUERY_VERSION,
    queryType: 'errorsOverTime',
    mode: 'range',
    levels: ALERT_LEVELS,
    splitBy: 'service',
  };
}

const NOTIFICATION_TEMPLATE = `{{/* Session Replay Errors: use in a contact point as
  title:   {{ template "${TITLE_TEMPLATE}" . }}
  message: {{ template "${MESSAGE_TEMPLATE}" . }} */}}
{{ define "${TITLE_TEMPLATE}" -}}
[{{ .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}] {{ .CommonLabels.alertname }}
{{- end }}

{{ define "${MESSAGE_TEMPLATE}" -}}
{{ range .Alerts }}{{ template "session_replay_errors.alert" . }}

{{ end }}
{{- end }}

{{ define "session_replay_errors.alert" -}}
{{ if eq .Status "firing" }}Firing{{ else }}Resolved{{ end }}: {{ .Annotations.summary }}
{{- with .Annotations.description }}
{{ . }}
{{- end }}
{{- with .Labels.group }}
Error group: {{ . }}
{{- end }}
{{- with .Labels.type }}
Type: {{ . }}
{{- end }}
{{- with .Labels.error }}
Message: {{ . }}
{{- end }}
{{- with .Labels.service }}
Service: {{ . }}
{{- end }}
{{- /* DashboardURL already has a query (from, to, orgId): the group is one more parameter. */}}
{{- if .DashboardURL }}
Error groups: {{ .DashboardURL }}{{ with .Labels.group }}&var-group={{ urlquery . }}{{ end }}
{{- end }}
{{- with .Labels.replay }}
Replay of the latest affected session, at its error: {{ . }}
{{- end }}
{{- end }}
`;

function newGroupRule(options: AlertingOptions): AlertRuleV1 {
  const sessions = options.sessionsThreshold;
  return {
    uid: NEW_GROUP_RULE_UID,
    title: `New error group affecting ${sessions} or more sessions`,
    condition: 'C',
    data: [
      dataQuery(newGroupQuery(), options.dataSourceUid, NEW_GROUP_WINDOW_SECONDS),
      // The query's answer is already one number per group: dropNN makes the reduce a pass-through
      // that drops a group without a number, without the "reduce is not needed" notice strict gives.
      reduce('B', 'A', 'last', { mode: 'dropNN' }),
      // gt N-1 rather than gte N: sessions are whole numbers, and gte is newer than Grafana 11.0.
      threshold('C', 'B', sessions - 1),
    ],
    dashboardUid: ERROR_GROUPS_DASHBOARD_UID,
    panelId: NEW_GROUPS_PANEL_ID,
    noDataState: 'OK',
    execErrState: 'Error',
    for: '0s',
    annotations: {
      summary: 'New error group in {{ $values.B }} sessions{{ with $labels.error }}: {{ . }}{{ end }}',
      description:
        `Error group {{ $labels.group }}{{ with $labels.type }} ({{ . }}){{ end }} first appeared within the last ` +
        `${NEW_GROUP_WINDOW_SECONDS / 60} minutes (no line of it in the 7 days before) and has affected {{ $values.B }} ` +
        `sessions. Its trend, sessions and lines are on the Error groups dashboard.`,
    },
    isPaused: false,
  };
}

function errorsRule(options: AlertingOptions): AlertRuleV1 {
  return {
    uid: ERRORS_RULE_UID,
    title: 'Errors per 5 minutes above a threshold, by service',
    condition: 'C',
    data: [
      dataQuery(errorsByServiceQuery(), options.dataSourceUid, ERRORS_WINDOW_SECONDS),
      // The sum of a service's buckets over the 5-minute range, whatever their width. Strict (no
      // mode): a range without lines sums to 0, an answer, where dropNN would give no data.
      reduce('B', 'A', 'sum'),
      threshold('C', 'B', options.errorsThreshold),
    ],
    dashboardUid: ERROR_GROUPS_DASHBOARD_UID,
    panelId: TOP_GROUPS_PANEL_ID,
    noDataState: 'OK',
    execErrState: 'Error',
    for: '0s',
    annotations: {
      summary: '{{ $values.B }} errors in 5 minutes in {{ $labels.service }}',
      description:
        `Service {{ $labels.service }} logged {{ $values.B }} critical or error lines in the last 5 minutes, ` +
        `above the threshold of ${options.errorsThreshold}. The Error groups dashboard shows which errors.`,
    },
    isPaused: false,
  };
}

/** The provisioning file as data. */
export function alertingProvisioning(options: AlertingOptions = DEFAULT_ALERTING_OPTIONS): AlertingFileV1 {
  return {
    apiVersion: 1,
    groups: [
      {
        orgId: 1,
        name: ALERTING_GROUP,
        folder: ALERTING_FOLDER,
        interval: '1m',
        rules: [newGroupRule(options), errorsRule(options)],
      },
    ],
    templates: [{ orgId: 1, name: NOTIFICATION_TEMPLATE_NAME, template: NOTIFICATION_TEMPLATE }],
  };
}

function header(options: AlertingOptions): string {
  return [
    'Grafana alerting for Session Replay Errors (README, "Alerting"): two rules that Grafana runs',
    `through the plugin's backend, and a notification template, for the data source ${options.dataSourceUid}.`,
    'Written by `npm run setup-cluster -- --alerting <file>` (tools/setup/alertingRules.ts), here with',
    `--alert-sessions ${options.sessionsThreshold} --alert-errors ${options.errorsThreshold}.`,
    'Contact points and notification policies are not provisioned: they would replace yours. Use the',
    'template in your contact point, and group by `group` in your notification policy.',
  ].join('\n');
}

const FAILED_QUERY =
  ' A failed query (cluster down, expired key) is an Error, which Grafana notifies as DatasourceError:\n' +
  ' seen, and not mistaken for what the rule alerts on, as Alerting would be.';

/** Why each rule takes the states and the threshold it takes, beside the keys. */
function ruleComments(
  options: AlertingOptions
): Record<string, { noDataState: string; execErrState: string; threshold: string }> {
  return {
    [NEW_GROUP_RULE_UID]: {
      noDataState: ' No data is no new error group: the normal case, so OK, not a NoData alert every quiet minute.',
      execErrState: FAILED_QUERY,
      threshold: ` ${options.sessionsThreshold} or more affected sessions: gt ${options.sessionsThreshold - 1}, as sessions are whole numbers.`,
    },
    [ERRORS_RULE_UID]: {
      noDataState: ' No data is no error line at all: OK.',
      execErrState: FAILED_QUERY,
      threshold:
        ` Above ${options.errorsThreshold} error lines. The default, 20, is about one every 15 s for 5 minutes in one\n` +
        ' service. The demo data (20,000 lines a day) has a median of 3 error lines per service and 5 minutes,\n' +
        ' a 99th percentile of 12: 20 is above a busy normal stretch and far below an outage. Set yours from\n' +
        ' your traffic with --alert-errors.',
    },
  };
}

function commentKey(map: unknown, key: string, comment: string): void {
  if (!isMap(map)) {
    return;
  }
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Scalar, unknown> | undefined;
  if (pair) {
    pair.key.commentBefore = comment;
  }
}

/** The provisioning file as YAML, with the comments that say why. */
export function alertingProvisioningYaml(options: AlertingOptions = DEFAULT_ALERTING_OPTIONS): string {
  const file = alertingProvisioning(options);
  // No anchors and aliases for the objects the rules share: each rule reads on its own.
  const doc = new Document(file, { aliasDuplicateObjects: false });
  doc.commentBefore = header(options)
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  file.groups![0].rules.forEach((rule, i) => {
    const node = doc.getIn(['groups', 0, 'rules', i], true);
    const comments = ruleComments(options)[rule.uid];
    commentKey(node, 'noDataState', comments.noDataState);
    commentKey(node, 'execErrState', comments.execErrState);
    commentKey(doc.getIn(['groups', 0, 'rules', i, 'data', 2, 'model'], true), 'conditions', comments.threshold);
  });
  return doc.toString({ lineWidth: 0, singleQuote: true });
}

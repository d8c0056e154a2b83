import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  evaluateRule,
  isExpressionDataSource,
  labelsString,
  readRuleGroups,
  type DataSourceRequest,
  type Labels,
  type MathValue,
  type ProvisionedRule,
  type ProvisionedRuleGroup,
  type QueryDataResponseJSON,
  type RuleEvaluation,
} from '../grafana-rules/alertEvaluation';

/**
 * The preview's /alerting page: each provisioned alert rule (provisioning/alerting) evaluated now, as
 * Grafana's alerting evaluates it on the server: its data source queries through the backend's
 * `POST /api/ds/query`, its expressions and condition (tools/grafana-rules/alertEvaluation.ts), and
 * the state each alert instance would be in after this one evaluation.
 */

const ROOT = path.resolve(__dirname, '../..');
export const ALERTING_DIR = path.join(ROOT, 'provisioning/alerting');
export const ALERTING_PATH = '/alerting';

/** The rule groups of every YAML file in the alerting provisioning folder. */
export function provisionedRuleGroups(dir = ALERTING_DIR): ProvisionedRuleGroup[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => readRuleGroups(readFileSync(path.join(dir, f), 'utf8')));
}

/** `POST /api/ds/query` on the backend host; its JSON also when it answers 400 for a failed query. */
export function queryThrough(backendUrl: string): (request: DataSourceRequest) => Promise<QueryDataResponseJSON> {
  return async (request) => {
    const response = await fetch(`${backendUrl}/api/ds/query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    let body: QueryDataResponseJSON & { message?: string; error?: string };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    if (!response.ok && !body.results) {
      throw new Error(`HTTP ${response.status}: ${[body.message, body.error].filter(Boolean).join(': ')}`);
    }
    return body;
  };
}

export interface EvaluatedGroup {
  group: ProvisionedRuleGroup;
  evaluations: RuleEvaluation[];
}

export async function evaluateProvisionedRules(
  backendUrl: string,
  nowMs: number,
  dir = ALERTING_DIR
): Promise<EvaluatedGroup[]> {
  const query = queryThrough(backendUrl);
  return Promise.all(
    provisionedRuleGroups(dir).map(async (group) => ({
      group,
      evaluations: await Promise.all(group.rules.map((rule) => evaluateRule(rule, nowMs, query))),
    }))
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only http(s) URLs become links: a label's value is data, and could say `javascript:`. */
function isWebUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function labelHtml(key: string, value: string, rule: ProvisionedRule): string {
  let shown = escapeHtml(value);
  if (key === 'replay' && isWebUrl(value)) {
    shown = `<a data-testid="label-replay" href="${escapeHtml(value)}" target="_blank" rel="noopener noreferrer">Open replay at the error</a>`;
  } else if (key === 'group' && rule.dashboardUid) {
    // The rule's dashboard, on this group (the notification template links it the same way).
    shown = `<a href="/d/${encodeURIComponent(rule.dashboardUid)}?var-group=${encodeURIComponent(value)}">${shown}</a>`;
  }
  return `<span class="label"><b>${escapeHtml(key)}</b>=${shown}</span>`;
}

function labelsHtml(labels: Labels | undefined, rule: ProvisionedRule): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => labelHtml(k, labels![k], rule)).join(' ') : '<i>no labels</i>';
}

const formatNumber = (v: number | null) =>
  v === null ? 'null' : Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));

function valueCells(value: MathValue): string {
  switch (value.type) {
    case 'noData':
      return '<td>no data</td><td></td>';
    case 'number':
      return `<td>number</td><td data-testid="value">${formatNumber(value.value)}${(value.notices ?? []).map((n) => `<div class="notice">${escapeHtml(n)}</div>`).join('')}</td>`;
    case 'series': {
      const shown = value.values.slice(-12).map(formatNumber).join(', ');
      return `<td>series, ${value.values.length} points</td><td data-testid="value">${value.values.length > 12 ? '…, ' : ''}${shown}</td>`;
    }
  }
}

function ruleHtml(evaluation: RuleEvaluation, group: ProvisionedRuleGroup): string {
  const { rule } = evaluation;
  const sent = new Map(evaluation.requests.map((r) => [r.refId, r]));
  const queries = rule.data
    .map((q) => {
      const request = sent.get(q.refId);
      const range = q.relativeTimeRange
        ? `, now-${q.relativeTimeRange.from}s to ${q.relativeTimeRange.to ? `now-${q.relativeTimeRange.to}s` : 'now'}`
        : '';
      const what = isExpressionDataSource(q.datasourceUid)
        ? `expression <b>${escapeHtml(String(q.model.type))}</b>`
        : `data source <code>${escapeHtml(q.datasourceUid)}</code>${range}`;
      const model = request ? request.body.queries[0] : q.model;
      return `<details${isExpressionDataSource(q.datasourceUid) ? '' : ' open'}><summary><b>${escapeHtml(q.refId)}</b>${q.refId === rule.condition ? ' (condition)' : ''}: ${what}</summary><pre data-testid="query-model-${escapeHtml(q.refId)}">${escapeHtml(JSON.stringify(model, null, 2))}</pre></details>`;
    })
    .join('');
  const valueRows = rule.data
    .flatMap((q) => {
      const node = evaluation.nodes[q.refId];
      if (!node) {
        return [];
      }
      if (node.error) {
        return [
          `<tr data-testid="value-row" data-ref="${escapeHtml(q.refId)}"><td>${escapeHtml(q.refId)}</td><td colspan="3" class="error">${escapeHtml(node.error.message)}</td></tr>`,
        ];
      }
      return node.values.map(
        (v) =>
          `<tr data-testid="value-row" data-ref="${escapeHtml(q.refId)}"><td>${escapeHtml(q.refId)}</td><td>${v.type === 'noData' ? '' : labelsHtml(v.labels, rule)}</td>${valueCells(v)}</tr>`
      );
    })
    .join('');
  const instanceRows = evaluation.results
    .map((r) => {
      const values = Object.entries(r.values)
        .map(([refId, v]) => `${escapeHtml(refId)}=${formatNumber(v)}`)
        .join(', ');
      return `<tr data-testid="instance" data-state="${r.instanceState.state}" data-labels="${escapeHtml(labelsString(r.instance))}"><td class="state state-${r.instanceState.state}">${escapeHtml(r.instanceState.summary)}</td><td>${r.state}</td><td>${labelsHtml(r.instance, rule)}</td><td>${values}${r.error ? `<div class="error">${escapeHtml(r.error)}</div>` : ''}</td></tr>`;
    })
    .join('');
  const firing = evaluation.results.filter(
    (r) => r.instanceState.state === 'Alerting' || r.instanceState.state === 'Pending'
  );
  const body = evaluation.refused
    ? `<p class="error" data-testid="refused">Not evaluated here: ${escapeHtml(evaluation.refused)}</p>`
    : `<h4>What the queries and expressions returned</h4>
<table><thead><tr><th>refId</th><th>labels</th><th>kind</th><th>value</th></tr></thead><tbody>${valueRows}</tbody></table>
<h4>Alert instances: ${firing.length} firing of ${evaluation.results.length}</h4>
<table><thead><tr><th>state after this evaluation</th><th>evaluation</th><th>labels</th><th>values</th></tr></thead><tbody>${instanceRows}</tbody></table>`;
  return `<section class="rule" data-testid="rule-${escapeHtml(rule.uid)}">
<h2>${escapeHtml(rule.title)}</h2>
<p class="meta">Folder ${escapeHtml(group.folder)}, group ${escapeHtml(group.name)} (every ${escapeHtml(group.interval)}) · condition ${escapeHtml(rule.condition)} · for ${escapeHtml(rule.for || '0s')} · no data: ${escapeHtml(rule.noDataState || 'NoData')} · error: ${escapeHtml(rule.execErrState || 'Alerting')}${rule.isPaused ? ' · <b>paused</b>' : ''}</p>
${queries}
${body}
</section>`;
}

export interface AlertingPageInput {
  nowMs: number;
  groups: EvaluatedGroup[];
  /** Why nothing was evaluated: no backend, or it failed. */
  problem?: string;
}

export function renderAlertingPage(input: AlertingPageInput): string {
  const sections = input.groups
    .flatMap(({ group, evaluations }) => evaluations.map((e) => ruleHtml(e, group)))
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Alert rules — Session Replay Errors preview</title>
<style>
body{background:#111217;color:#ccccdc;font-family:Inter,Helvetica,Arial,sans-serif;margin:0;padding:24px}
a{color:#6e9fff}h2{font-weight:500;margin-bottom:4px}.meta{color:#8e8e9e;margin-top:0}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #2c3235;padding:4px 8px;text-align:left;vertical-align:top}
pre{background:#181b1f;padding:8px;overflow:auto;max-height:320px}.label{display:inline-block;background:#22252b;border-radius:2px;padding:1px 6px;margin:1px;max-width:720px;overflow-wrap:anywhere}
.state{font-weight:600}.state-Alerting,.state-Error{color:#ff7383}.state-Pending{color:#ff9830}.state-Normal{color:#6ccf8e}.state-NoData{color:#8e8e9e}
.error{color:#ff7383}.notice{color:#ff9830}.rule{border-top:1px solid #2c3235;padding-top:8px;margin-top:16px}
</style></head><body>
<h1>Alert rules</h1>
<p>Each rule of <code>provisioning/alerting</code>, evaluated <span data-testid="evaluated-at">${new Date(input.nowMs).toISOString()}</span> over its queries' time range, as Grafana's alerting evaluates it: the queries go to the plugin's Go backend through <code>POST /api/ds/query</code>, then the expressions and the condition run, and each alert instance gets the state one evaluation gives it. Grafana evaluates on the group's interval and keeps the states between evaluations; this page shows one evaluation.</p>
<form method="get" action="${ALERTING_PATH}"><button type="submit" data-testid="re-evaluate">Re-evaluate</button> · <a href="/">Dashboards</a> · <a href="/explore">Explore</a></form>
${input.problem ? `<p class="error" data-testid="alerting-problem">${escapeHtml(input.problem)}</p>` : ''}
${sections}
</body></html>`;
}

import type { estypes } from '@elastic/elasticsearch';
import type { AdHocVariableFilter, MetricFindValue } from '@grafana/data';
import type { ClusterClient } from '../cluster/clusterClient';
import { ClusterSetupError, describeClusterError } from '../cluster/describeClusterError';
import { DAY_MS } from '../durations';
import { bucketsOf } from '../response/aggregationBuckets';
import { inexactSessionIdsNotice, sessionIdText } from '../session/sessionIdText';
import type { AuthType, ResolvedSettings, TimeWindow } from '../types';
import { adHocFilterClauses, suggestionFilters } from './adHocFilters';
import { buildTermsValuesQuery, MAX_TERMS_VALUES } from './buildAggregationQueries';
import { collapsedLatestKeys, collapsibleSessionField } from './latestSessions';
import { sessionKeySource, type ValuesSource } from './sessionKey';
import { parseVariableQuery } from './variableQuery';

/**
 * Values for dashboard variables and ad hoc filters, the same in both hosts: the browser's
 * metricFindQuery, getTagKeys and getTagValues, and the Go backend's resource calls.
 */
export interface SuggestionScope {
  client: ClusterClient;
  settings: ResolvedSettings;
  authType: AuthType;
  nowMs: number;
}

export type SuggestionsOutcome = { ok: true; values: MetricFindValue[] } | { ok: false; error: string };

type TermsAggs = { values?: estypes.AggregationsStringTermsAggregate };

function failure(scope: SuggestionScope, e: unknown): SuggestionsOutcome {
  return {
    ok: false,
    error: describeClusterError(e, { indexPattern: scope.settings.indexPattern, authType: scope.authType }),
  };
}

async function termsValues(
  scope: SuggestionScope,
  field: string,
  opts: {
    filter?: string;
    window?: TimeWindow;
    order?: 'count' | 'latest';
    otherFilters?: AdHocVariableFilter[];
    /** Where the values are read; the field itself unless given (sessions: every session field). */
    source?: ValuesSource;
    /** Sessions latest first by collapsing on this field instead of the aggregation. */
    collapseField?: string;
  }
): Promise<SuggestionsOutcome> {
  // Without a range (a variable refreshed on load), the last day.
  const window = opts.window ?? { fromMs: scope.nowMs - DAY_MS, toMs: scope.nowMs };
  const others = adHocFilterClauses(suggestionFilters(opts.otherFilters).filter((f) => f.key !== field));
  const params = { window, filter: opts.filter, extraFilters: others.ok ? others.clauses : [] };
  const built = buildTermsValuesQuery(scope.settings, opts.source ?? { field }, params, opts.order);
  if (!built.ok) {
    return built;
  }
  try {
    // The latest sessions by collapse where one field holds them (latestSessions.ts); the aggregation
    // when there are several, or the collapse failed or is partial.
    const collapsed = opts.collapseField
      ? await collapsedLatestKeys(
          (body) => scope.client.search(body),
          scope.settings,
          opts.collapseField,
          params,
          MAX_TERMS_VALUES
        )
      : undefined;
    const keys =
      collapsed ??
      bucketsOf<estypes.AggregationsStringTermsBucket>(
        (await scope.client.search<unknown, TermsAggs>(built.body)).aggregations?.values
      ).map((b) => b.key);
    const values = keys.map((key) => sessionIdText(key));
    const inexact = values.filter((v) => v && !v.exact).length;
    if (inexact) {
      // A rounded number would select another session (or value) than the one listed.
      throw new ClusterSetupError(inexactSessionIdsNotice(inexact, field));
    }
    return { ok: true, values: values.flatMap((v) => (v?.exact ? [{ text: v.id, value: v.id }] : [])) };
  } catch (e) {
    return failure(scope, e);
  }
}

/** A variable's values from its query text (variables already interpolated): sessions latest first. */
export function variableValues(scope: SuggestionScope, text: string, window?: TimeWindow): Promise<SuggestionsOutcome> {
  const parsed = parseVariableQuery(text, scope.settings);
  if (!parsed.ok) {
    return Promise.resolve(parsed);
  }
  const { field, filter, kind } = parsed.target;
  return termsValues(
    scope,
    field,
    kind === 'sessions'
      ? {
          filter,
          window,
          order: 'latest',
          source: sessionKeySource(scope.settings.sessionFields),
          collapseField: collapsibleSessionField(scope.settings),
        }
      : { filter, window }
  );
}

/** Ad hoc filter keys: the aggregatable keyword fields of the index pattern, by name. */
export async function tagKeys(scope: SuggestionScope): Promise<SuggestionsOutcome> {
  try {
    const caps = await scope.client.fieldCaps(['*']);
    const values = Object.entries(caps.fields ?? {})
      .filter(
        ([name, types]) =>
          !name.startsWith('_') && Object.entries(types).some(([type, cap]) => type === 'keyword' && cap.aggregatable)
      )
      .map(([name]) => ({ text: name }))
      .sort((a, b) => a.text.localeCompare(b.text));
    return { ok: true, values };
  } catch (e) {
    return failure(scope, e);
  }
}

/** Ad hoc filter values of one key, narrowed by the other filters, most frequent first. */
export function tagValues(
  scope: SuggestionScope,
  key: string,
  window?: TimeWindow,
  otherFilters?: AdHocVariableFilter[]
): Promise<SuggestionsOutcome> {
  if (!key.trim()) {
    return Promise.resolve({ ok: false, error: 'Filter values need a field: name one, such as service.name.' });
  }
  return termsValues(scope, key, { window, otherFilters });
}

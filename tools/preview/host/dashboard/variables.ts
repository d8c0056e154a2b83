import type { AdHocVariableFilter, DataQueryRequest, MetricFindValue, TimeRange } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from '../../../../src/datasource';
import type { SessionErrorsVariableSupport } from '../../../../src/query/variableSupport';
import { queryRequest } from '../grafanaContext';
import type { DashboardModel, VariableModel } from './model';

/** A dashboard variable once resolved: its options and current value, or its ad hoc filters. */
export interface VariableState {
  model: VariableModel;
  options: string[];
  value?: string;
  filters: AdHocVariableFilter[];
  error?: string;
}

/**
 * The values Grafana's template service answers with on this page (the preview's TemplateSrv reads
 * them at each `replace`): main.tsx hands this object to variablesTemplateSrv, the dashboard writes
 * its variables into it before its panels run.
 */
export const dashboardVariableValues: Record<string, string | string[]> = {};

export function publishVariables(states: VariableState[]): void {
  for (const name of Object.keys(dashboardVariableValues)) {
    delete dashboardVariableValues[name];
  }
  for (const state of states) {
    if (state.model.type !== 'adhoc' && state.value !== undefined) {
      dashboardVariableValues[state.model.name] = state.value;
    }
  }
}

/**
 * Ad hoc filters in the URL as Grafana writes them (`var-filters=key|=|value`, one parameter a
 * filter: public/app/features/variables/adhoc/urlParser.ts), `|` inside a part escaped as `__gfp__`.
 */
export function parseAdHocFilters(values: string[]): AdHocVariableFilter[] {
  return values.flatMap((value) => {
    const parts = value.split('|').map((p) => p.replace(/__gfp__/g, '|'));
    return parts.length === 3 ? [{ key: parts[0], operator: parts[1], value: parts[2] }] : [];
  });
}

export function formatAdHocFilter(filter: AdHocVariableFilter): string {
  return [filter.key, filter.operator, filter.value].map((p) => p.replace(/\|/g, '__gfp__')).join('|');
}

/**
 * A custom variable's options as Grafana splits its query (public/app/features/variables/custom/
 * reducer.ts): comma-separated, `\,` for a comma inside a value, `text : value` pairs.
 */
export function customVariableOptions(query: string): string[] {
  return (query.match(/(?:\\,|[^,])+/g) ?? []).map((part) => {
    const text = part.replace(/\\,/g, ',').trim();
    const pair = /^(.+?)\s:\s(.+)$/.exec(text);
    return pair ? pair[2].trim() : text;
  });
}

/**
 * A query variable of this data source, as Grafana runs one whose data source has its own
 * CustomVariableSupport (public/app/features/variables/query/operators.ts runRequest with the
 * variable's query as the only target, the dashboard's time range for refresh "on time range change").
 */
async function queryVariableOptions(dataSource: DataSource, model: VariableModel, range: TimeRange): Promise<string[]> {
  const support = dataSource.variables as SessionErrorsVariableSupport;
  const request = {
    ...queryRequest([], range.to.valueOf() - range.from.valueOf(), range.to.valueOf()),
    range,
    app: 'dashboard',
    targets: [model.query],
  } as unknown as DataQueryRequest<never>;
  const response = await lastValueFrom(support.query(request));
  return (response.data as MetricFindValue[]).map((v) => String(v.value ?? v.text));
}

/**
 * Resolves the dashboard's variables in order: options from the variable's own query, the value
 * from the URL (`var-<name>`) or else the first option, as Grafana selects one for a variable with
 * no current value (public/app/features/variables/state/actions.ts validateVariableSelectionState).
 */
export async function resolveVariables(
  dataSource: DataSource,
  dashboard: DashboardModel,
  range: TimeRange,
  search: URLSearchParams
): Promise<VariableState[]> {
  const states: VariableState[] = [];
  for (const model of dashboard.templating?.list ?? []) {
    const fromUrl = search.getAll(`var-${model.name}`);
    const state: VariableState = { model, options: [], filters: [] };
    try {
      switch (model.type) {
        case 'adhoc':
          state.filters = parseAdHocFilters(fromUrl);
          break;
        case 'query':
          state.options = await queryVariableOptions(dataSource, model, range);
          break;
        case 'custom':
          state.options = customVariableOptions(String(model.query ?? ''));
          break;
        default:
          state.options = [String(model.query ?? '')];
      }
    } catch (e) {
      state.error = e instanceof Error ? e.message : String(e);
    }
    if (model.type !== 'adhoc') {
      state.value = fromUrl[0] ?? state.options[0];
    }
    states.push(state);
  }
  return states;
}

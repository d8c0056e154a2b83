import {
  applyFieldOverrides,
  CoreApp,
  rangeUtil,
  standardTransformers,
  standardTransformersRegistry,
  toURLRange,
  transformDataFrame,
  type AdHocVariableFilter,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataTransformerInfo,
  type GrafanaTheme2,
  type InterpolateFunction,
  type TimeRange,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from '../../../../src/datasource';
import type { SessionErrorsQuery } from '../../../../src/types';
import { hostLine } from '../hostLine';
import { linkInterpolator } from '../linkInterpolation';
import { fieldConfigRegistry, panelFieldConfig } from './fieldConfig';
import type { PanelModel } from './model';

/**
 * Grafana registers its transformations at start-up (public/app/features/transformers/
 * standardTransformers.ts: @grafana/data's transformers with their editors); the preview registers
 * the same transformers without editors, so that a panel's `transformations` run as in Grafana.
 */
let transformersRegistered = false;
const lazyTransformers = Number(hostLine.line.split('.')[0]) >= 13;
function registerTransformers(): void {
  if (transformersRegistered) {
    return;
  }
  transformersRegistered = true;
  // Some transformers are exported under two names (seriesToColumns is joinByField): one entry an id.
  const infos = [
    ...new Map((Object.values(standardTransformers) as DataTransformerInfo[]).map((t) => [t.id, t])).values(),
  ];
  standardTransformersRegistry.setInit(() =>
    infos.map((transformation) => ({
      id: transformation.id,
      name: transformation.name,
      description: transformation.description,
      // @grafana/data 13 loads a transformer lazily (TransformerRegistryItem.transformation is
      // `() => Promise<DataTransformerInfo>`); 11.x and 12.x hold the transformer itself.
      transformation: (lazyTransformers
        ? () => Promise.resolve(transformation)
        : transformation) as DataTransformerInfo,
      editor: () => null,
      imageDark: '',
      imageLight: '',
    }))
  );
}

export interface PanelData {
  /** what the data source answered, for the log view, which prepares its frames itself */
  response: DataQueryResponse;
  /** the frames after transformations and field overrides, as a panel receives them */
  frames: DataFrame[];
  errors: DataQueryError[];
  request: DataQueryRequest<SessionErrorsQuery>;
}

export interface PanelRun {
  dataSource: DataSource;
  panel: PanelModel;
  dashboardUid: string;
  range: TimeRange;
  /** the panel's width in pixels: Grafana's maxDataPoints when the panel sets none */
  width: number;
  filters: AdHocVariableFilter[];
  timeZone: string;
}

/**
 * A panel's request as Grafana's PanelQueryRunner.run builds it
 * (public/app/features/query/state/PanelQueryRunner.ts): the interval from the range and the
 * panel's width, `__interval` and `__interval_ms` as scoped variables, the ad hoc filters in
 * `filters`; the plugin's own `applyTemplateVariables` interpolates the dashboard variables.
 */
export function panelRequest(run: PanelRun, requestId: string): DataQueryRequest<SessionErrorsQuery> {
  const maxDataPoints = run.panel.maxDataPoints ?? Math.round(run.width);
  const norm = rangeUtil.calculateInterval(run.range, maxDataPoints, run.panel.interval);
  return {
    app: CoreApp.Dashboard,
    requestId,
    timezone: run.timeZone,
    panelId: run.panel.id,
    dashboardUID: run.dashboardUid,
    range: run.range,
    rangeRaw: run.range.raw,
    interval: norm.interval,
    intervalMs: norm.intervalMs,
    targets: structuredClone(run.panel.targets ?? []),
    maxDataPoints,
    scopedVars: {
      __interval: { text: norm.interval, value: norm.interval },
      __interval_ms: { text: String(norm.intervalMs), value: norm.intervalMs },
    },
    filters: run.filters,
    startTime: Date.now(),
  } as DataQueryRequest<SessionErrorsQuery>;
}

/**
 * Grafana's panel-level interpolation (PanelModel.replaceVariables → templateSrv.replace): the
 * data-link macros of the row (`${__value.raw}`, `${__data.fields…}`), the dashboard's variables,
 * and `${__url_time_range}` as the dashboard's URL has it: a relative range stays relative
 * (TimeSrv.timeRangeForUrl, public/app/features/dashboard/services/TimeSrv.ts; `from=now-24h&to=now`),
 * an absolute one is epoch milliseconds.
 */
export function panelReplaceVariables(range: TimeRange): InterpolateFunction {
  const links = linkInterpolator({ fromMs: range.from.valueOf(), toMs: range.to.valueOf() });
  const url = toURLRange(range.raw);
  const urlTimeRange = `from=${encodeURIComponent(String(url.from))}&to=${encodeURIComponent(String(url.to))}`;
  return (text, scopedVars, format) =>
    getTemplateSrv().replace(
      links(text.replace(/\$\{__url_time_range\}/g, urlTimeRange), scopedVars, format),
      scopedVars
    );
}

/**
 * Runs a panel as a dashboard does: the query through the plugin's DataSource, the panel's
 * transformations, then applyFieldOverrides with the panel's field config, so that display
 * processors, colours and data links are those of a Grafana panel.
 */
export async function runPanel(run: PanelRun, requestId: string, theme: GrafanaTheme2): Promise<PanelData> {
  registerTransformers();
  const request = panelRequest(run, requestId);
  const response = await lastValueFrom(run.dataSource.query(request));
  const errors = response.errors ?? (response.error ? [response.error] : []);
  const transformed = run.panel.transformations?.length
    ? await lastValueFrom(
        transformDataFrame(run.panel.transformations, response.data as DataFrame[], {
          interpolate: (v: string) => getTemplateSrv().replace(v, request.scopedVars),
        })
      )
    : (response.data as DataFrame[]);
  const fieldConfig = panelFieldConfig(run.panel);
  const frames = applyFieldOverrides({
    data: transformed,
    fieldConfig,
    fieldConfigRegistry: fieldConfigRegistry(fieldConfig),
    replaceVariables: panelReplaceVariables(run.range),
    theme,
    timeZone: run.timeZone,
  });
  return { response, frames, errors, request };
}

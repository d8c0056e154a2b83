import {
  LogRowContextQueryDirection,
  SupplementaryQueryType,
  textUtil,
  type AnnotationQuery,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type LogRowModel,
  type MetricFindValue,
} from '@grafana/data';
import React from 'react';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from '../../../src/datasource';
import type { SessionErrorsVariableSupport } from '../../../src/query/variableSupport';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../../../src/types';
import {
  grafanaRunsOnNewPanel,
  highlightedTexts,
  levelColor,
  logDetails,
  logsVolumeRequest,
  logsVolumeResponse,
  newerLinesRange,
  newPanelQuery,
  runContextView,
  toLogRows,
  visibleRange,
  type ContextRequest,
  type ContextView,
  type LogRow,
  type VolumeSeries,
} from '../../grafana-rules';
import { hostColors, hostExploreLinks, hostFindHighlightChunks, hostLogLevels } from '../../grafana-rules/host';
import type { GrafanaHost } from '../hosts';
import { dataSourceApi, instanceSettings, queryRequest, type Plugin, type Settings } from './grafanaContext';
import { hostLine } from './hostLine';
import { withLinks } from './linkInterpolation';

/** A frame reduced to what a test compares: shape, size and the links of its first row. */
export interface FrameSummary {
  refId?: string;
  name?: string;
  type?: string;
  visualisation?: string;
  length: number;
  fields: Array<{ name: string; type: string; values: unknown[] }>;
  firstRowLinks: Array<{ field: string; title: string; href: string }>;
  notices: string[];
}

/** A log row as Grafana's log view shows it, by the rules of tools/grafana-rules. */
export interface RuleRow {
  /** the frame's `id` field at the row */
  id: string;
  entry: string;
  timeEpochMs: number;
  timeEpochNs: string;
  labels: Record<string, string>;
  searchWords: string[];
  /** what log details list: labels, fields (non-LogLines frames only) and links, Explore path */
  details: Array<{ section: 'label' | 'field' | 'link'; key: string; value: string; hrefs: string[] }>;
  /** the parts of the line the host's findHighlightChunksInText marks */
  highlights: string[];
  /** the links of each field on the dashboard path (getLinksSupplier) */
  dashboardLinks: Array<{ field: string; title: string; href: string }>;
}

/** Where and how the rules' queries run: the saved settings with `jsonData` laid over them. */
export interface RuleQueryOptions {
  rangeMs: number;
  toMs?: number;
  jsonData?: Partial<SessionErrorsOptions>;
}

/** Grafana's log-view rules applied to the plugin's frames in this host (tests/browser/grafanaRules.test.ts). */
export interface RuleChecks {
  logView(targets: SessionErrorsQuery[], options: RuleQueryOptions): Promise<{ errors: string[]; rows: RuleRow[] }>;
  /** the context view's real requests around the row whose id is `rowId` */
  contextView(
    target: SessionErrorsQuery,
    options: RuleQueryOptions & { rowId: string; view: ContextView; loadsPerSide: number }
  ): Promise<{ errors: string[]; requests: ContextRequest[]; above: RuleRow[]; below: RuleRow[] }>;
  /** the first page over [toMs - rangeMs, toMs], then the newer lines Grafana asks up to `currentToMs` */
  scrollNewer(
    target: SessionErrorsQuery,
    options: RuleQueryOptions & { currentToMs: number }
  ): Promise<{ errors: string[]; first: RuleRow[]; newer: RuleRow[]; newerRange?: { from: number; to: number } }>;
  /** getDefaultQuery on a new panel: whether Grafana runs it, and what it returns */
  newPanel(rangeMs: number): Promise<{ query: Record<string, unknown>; runs: boolean; errors: string[] }>;
  /** what the host's textUtil.sanitizeUrl, which both link paths end with, makes of a URL */
  sanitizedUrl(url: string): Promise<string>;
  /** the logs volume through Grafana's queryLogsVolume */
  logsVolume(
    target: SessionErrorsQuery,
    options: RuleQueryOptions
  ): Promise<{ errors: string[]; intervalMs?: number; series: Array<VolumeSeries & { color: string }> }>;
}

/**
 * What the host matrix asks of the plugin in each Grafana host, called from the test through
 * `page.evaluate`: the same calls Grafana makes (query, annotations, variables, ad hoc filters) on
 * a data source made from dist/module.js with the saved settings.
 */
export interface HostChecks {
  host: GrafanaHost;
  reactVersion: string;
  query(targets: SessionErrorsQuery[], rangeMs: number): Promise<{ frames: FrameSummary[]; errors: string[] }>;
  annotations(target: SessionErrorsQuery, rangeMs: number): Promise<Array<{ time?: number; text?: string }>>;
  variableValues(query: string, rangeMs: number): Promise<string[]>;
  adHocKeys(): Promise<string[]>;
  adHocValues(key: string, rangeMs: number): Promise<string[]>;
  rules: RuleChecks;
}

function summarize(frame: DataFrame): FrameSummary {
  const firstRowLinks = frame.fields.flatMap((field) =>
    frame.length && field.getLinks
      ? field.getLinks({ valueRowIndex: 0 }).map((l) => ({ field: field.name, title: l.title, href: l.href }))
      : []
  );
  return {
    refId: frame.refId,
    name: frame.name,
    type: frame.meta?.type,
    visualisation: frame.meta?.preferredVisualisationType,
    length: frame.length,
    fields: frame.fields.map((f) => ({ name: f.name, type: f.type, values: Array.from(f.values) })),
    firstRowLinks,
    notices: (frame.meta?.notices ?? []).map((n) => n.text),
  };
}

function errorsOf(response: DataQueryResponse): string[] {
  return [...(response.errors ?? []), ...(response.error ? [response.error] : [])].map((e) => e.message ?? String(e));
}

/** A row's summary: details on the Explore path, highlighting and the dashboard path's links. */
function ruleRow(row: LogRow, range: { fromMs: number; toMs: number }): RuleRow {
  const details = logDetails(row, hostExploreLinks(range));
  const idField = row.dataFrame.fields.find((f) => f.name === 'id');
  return {
    id: String(idField?.values[row.rowIndex] ?? row.uid),
    entry: row.entry,
    timeEpochMs: row.timeEpochMs,
    timeEpochNs: row.timeEpochNs,
    labels: row.labels,
    searchWords: row.searchWords,
    details: [
      ...details.labels.map((l) => ({ section: 'label' as const, key: l.key, value: l.value, hrefs: [] })),
      ...details.fields.map((f) => ({ section: 'field' as const, key: f.key, value: f.value, hrefs: [] })),
      ...details.links.map((f) => ({
        section: 'link' as const,
        key: f.key,
        value: f.value,
        hrefs: f.links.map((l) => l.href),
      })),
    ],
    highlights: highlightedTexts(hostFindHighlightChunks, row),
    dashboardLinks: row.dataFrame.fields.flatMap((field) =>
      field.getLinks
        ? field
            .getLinks({ valueRowIndex: row.rowIndex })
            .map((l) => ({ field: field.name, title: l.title, href: l.href }))
        : []
    ),
  };
}

function ruleChecks(plugin: Plugin): RuleChecks {
  const dataSource = async (jsonData?: Partial<SessionErrorsOptions>): Promise<DataSource> => {
    const settings = await dataSourceApi<Settings>('GET');
    return new plugin.DataSourceClass(
      instanceSettings({ ...settings, jsonData: { ...settings.jsonData, ...jsonData } }, plugin)
    );
  };
  const run = async (ds: DataSource, targets: SessionErrorsQuery[], rangeMs: number, toMs?: number) => {
    const request = queryRequest(targets, rangeMs, toMs);
    const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
    const response = await lastValueFrom(ds.query(request));
    // As a panel sees them: field overrides applied, display processors and getLinks set.
    const frames = withLinks(response.data as DataFrame[], range);
    return { range, response, rows: toLogRows(frames) };
  };
  return {
    async logView(targets, options) {
      const { range, response, rows } = await run(
        await dataSource(options.jsonData),
        targets,
        options.rangeMs,
        options.toMs
      );
      return { errors: errorsOf(response), rows: rows.map((r) => ruleRow(r, range)) };
    },
    async contextView(target, options) {
      const ds = await dataSource(options.jsonData);
      const { range, response, rows } = await run(ds, [target], options.rangeMs, options.toMs);
      const chosen = rows.find((r) => ruleRow(r, range).id === options.rowId);
      if (!chosen) {
        return { errors: [...errorsOf(response), `no row ${options.rowId}`], requests: [], above: [], below: [] };
      }
      const result = await runContextView(
        chosen,
        async (row, { limit, direction }) =>
          ds.getLogRowContext(
            row as unknown as LogRowModel,
            {
              limit,
              direction:
                direction === 'FORWARD' ? LogRowContextQueryDirection.Forward : LogRowContextQueryDirection.Backward,
            },
            target
          ) as Promise<{ data: DataFrame[]; error?: { message?: string } }>,
        { view: options.view, loadsPerSide: options.loadsPerSide }
      );
      return {
        errors: result.errors,
        requests: result.requests,
        above: result.state.above.map((r) => ruleRow(r, range)),
        below: result.state.below.map((r) => ruleRow(r, range)),
      };
    },
    async scrollNewer(target, options) {
      const ds = await dataSource(options.jsonData);
      const first = await run(ds, [target], options.rangeMs, options.toMs);
      const errors = errorsOf(first.response);
      if (!first.rows.length) {
        return { errors, first: [], newer: [] };
      }
      const newerRange = newerLinesRange(visibleRange(first.rows), {
        from: first.range.fromMs,
        to: options.currentToMs,
      });
      if (!newerRange) {
        return { errors, first: first.rows.map((r) => ruleRow(r, first.range)), newer: [] };
      }
      const newer = await run(ds, [target], newerRange.to - newerRange.from, newerRange.to);
      return {
        errors: [...errors, ...errorsOf(newer.response)],
        first: first.rows.map((r) => ruleRow(r, first.range)),
        newer: newer.rows.map((r) => ruleRow(r, newer.range)),
        newerRange,
      };
    },
    async newPanel(rangeMs) {
      const ds = await dataSource();
      const query = newPanelQuery<SessionErrorsQuery>(ds.getDefaultQuery());
      const runs = grafanaRunsOnNewPanel(ds.getDefaultQuery());
      const errors = runs ? errorsOf((await run(ds, [query], rangeMs)).response) : [];
      return { query: { ...query }, runs, errors };
    },
    async sanitizedUrl(url) {
      return textUtil.sanitizeUrl(url);
    },
    async logsVolume(target, options) {
      const ds = await dataSource(options.jsonData);
      const base = queryRequest([target], options.rangeMs, options.toMs);
      // Explore's request carries the interval in its scoped variables, which the wrapper reads.
      const explore = {
        ...base,
        scopedVars: {
          __interval: { text: base.interval, value: base.interval },
          __interval_ms: { text: String(base.intervalMs), value: base.intervalMs },
        },
      };
      const supplementary = ds.getSupplementaryRequest(SupplementaryQueryType.LogsVolume, explore);
      if (!supplementary) {
        return { errors: ['no logs volume request'], series: [] };
      }
      const request = logsVolumeRequest(supplementary);
      const response = await lastValueFrom(ds.query(request));
      const series = logsVolumeResponse(hostLogLevels, response, {
        fromMs: request.range.from.valueOf(),
        toMs: request.range.to.valueOf(),
        datasourceName: ds.name,
        targetRefIds: [target.refId],
      }).map((s) => ({ ...s, color: levelColor(hostColors, s.level) }));
      return { errors: errorsOf(response), intervalMs: request.intervalMs, series };
    },
  };
}

export function hostChecks(plugin: Plugin): HostChecks {
  const dataSource = async (): Promise<DataSource> =>
    new plugin.DataSourceClass(instanceSettings(await dataSourceApi<Settings>('GET'), plugin));
  const rangeOf = (rangeMs: number) => queryRequest([], rangeMs).range;
  return {
    host: hostLine,
    reactVersion: React.version,
    async query(targets, rangeMs) {
      const request = queryRequest(targets, rangeMs);
      const response = await lastValueFrom((await dataSource()).query(request));
      const range = { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() };
      return {
        frames: withLinks(response.data as DataFrame[], range).map(summarize),
        errors: (response.errors ?? []).map((e) => e.message ?? String(e)),
      };
    },
    // As Grafana runs an annotation query: prepareQuery, the query, then processEvents.
    async annotations(target, rangeMs) {
      const ds = await dataSource();
      const support = ds.annotations;
      const annotation = {
        target,
        enable: true,
        name: 'errors',
        iconColor: 'red',
      } as AnnotationQuery<SessionErrorsQuery>;
      const prepared = support.prepareQuery!(annotation);
      if (!prepared) {
        return [];
      }
      const response = await lastValueFrom(ds.query(queryRequest([{ ...prepared, refId: 'Anno' }], rangeMs)));
      const events = await lastValueFrom(support.processEvents!(annotation, response.data as DataFrame[]));
      return (events ?? []).map((e) => ({ time: e.time, text: e.text }));
    },
    // As Grafana runs a variable of a data source with its own variable support.
    async variableValues(query, rangeMs) {
      const variables = (await dataSource()).variables as SessionErrorsVariableSupport;
      const response = await lastValueFrom(
        variables.query({ ...queryRequest([], rangeMs), targets: [query as never] } as DataQueryRequest<never>)
      );
      return (response.data as MetricFindValue[]).map((v) => String(v.value ?? v.text));
    },
    async adHocKeys() {
      return (await (await dataSource()).getTagKeys()).map((v) => v.text);
    },
    async adHocValues(key, rangeMs) {
      const values = await (await dataSource()).getTagValues({ key, filters: [], timeRange: rangeOf(rangeMs) });
      return values.map((v) => v.text);
    },
    rules: ruleChecks(plugin),
  };
}

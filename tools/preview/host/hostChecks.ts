import type { AnnotationQuery, DataFrame, DataQueryRequest, MetricFindValue } from '@grafana/data';
import React from 'react';
import { lastValueFrom } from 'rxjs';
import type { DataSource } from '../../../src/datasource';
import type { SessionErrorsVariableSupport } from '../../../src/query/variableSupport';
import type { SessionErrorsQuery } from '../../../src/types';
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
  };
}

import type { DataSourceRef, DataTransformerConfig, FieldConfigSource } from '@grafana/data';
import type { SessionErrorsQuery } from '../../../../src/types';
import errorGroups from '../../../../provisioning/dashboards/error-groups.json';
import drilldown from '../../../../provisioning/dashboards/session-drilldown.json';
import overview from '../../../../provisioning/dashboards/session-errors-overview.json';

/**
 * The part of Grafana's dashboard JSON model (schemaVersion 41) that the provisioned dashboards
 * use: what the preview draws from them.
 */
export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PanelModel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: DataSourceRef;
  gridPos: GridPos;
  fieldConfig?: FieldConfigSource;
  options?: Record<string, unknown>;
  transformations?: DataTransformerConfig[];
  targets?: SessionErrorsQuery[];
  maxDataPoints?: number;
  interval?: string;
}

export interface VariableModel {
  type: 'query' | 'custom' | 'adhoc' | 'constant' | 'textbox';
  name: string;
  label?: string;
  datasource?: DataSourceRef;
  query?: unknown;
  includeAll?: boolean;
  multi?: boolean;
  hide?: number;
}

export interface DashboardModel {
  uid: string;
  title: string;
  time: { from: string; to: string };
  timezone?: string;
  templating?: { list: VariableModel[] };
  panels: PanelModel[];
}

/** The provisioned dashboards (provisioning/dashboards/*.json), in the order the preview lists them. */
export const DASHBOARDS = [overview, drilldown, errorGroups] as unknown as DashboardModel[];

/**
 * A dashboard's URL slug, as Grafana's server writes it (pkg/infra/slugify): lower case, runs of
 * spaces and dashes one `-`. Grafana routes `/d/<uid>/<slug>` by the uid alone; so does the preview.
 */
export function slugOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .replace(/[-\s]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A dashboard's path, as Grafana routes `/d/<uid>/<slug>`. */
export function dashboardPath(dashboard: DashboardModel): string {
  return `/d/${dashboard.uid}/${slugOf(dashboard.title)}`;
}

export function dashboardByUid(uid: string): DashboardModel | undefined {
  return DASHBOARDS.find((d) => d.uid === uid);
}

/** Grafana's dashboard grid (public/app/core/constants.ts): 24 columns, rows of 30 px, 8 px margins. */
const GRID_CELL_HEIGHT = 30;
const GRID_CELL_VMARGIN = 8;
const GRID_COLUMN_COUNT = 24;

/** A panel's box in pixels, as react-grid-layout places it in Grafana's DashboardGrid. */
export function gridBox(pos: GridPos, gridWidth: number) {
  const column = (gridWidth - GRID_CELL_VMARGIN * (GRID_COLUMN_COUNT - 1)) / GRID_COLUMN_COUNT;
  return {
    left: Math.round(pos.x * (column + GRID_CELL_VMARGIN)),
    top: pos.y * (GRID_CELL_HEIGHT + GRID_CELL_VMARGIN),
    width: Math.round(pos.w * column + (pos.w - 1) * GRID_CELL_VMARGIN),
    height: pos.h * GRID_CELL_HEIGHT + (pos.h - 1) * GRID_CELL_VMARGIN,
  };
}

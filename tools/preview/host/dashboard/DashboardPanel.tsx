import {
  cacheFieldDisplayNames,
  LoadingState,
  type DataFrame,
  type GrafanaTheme2,
  type TimeRange,
  type AdHocVariableFilter,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { PanelChrome, TimeSeries, useTheme2 } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import type { DataSource } from '../../../../src/datasource';
import { ResultView } from '../ResultView';
import { PanelTable } from './PanelTable';
import type { PanelModel } from './model';
import { runPanel, type PanelData } from './runPanel';

interface Props {
  dataSource: DataSource;
  dashboardUid: string;
  panel: PanelModel;
  width: number;
  height: number;
  range: TimeRange;
  timeZone: string;
  filters: AdHocVariableFilter[];
  /** changes whenever a dashboard variable changes, so that the panel runs again */
  variablesKey: string;
}

let requestCounter = 100;

/** Options of a time series panel's legend, with the defaults of its panel plugin. */
interface LegendOptions {
  displayMode: 'list' | 'table' | 'hidden';
  placement: 'bottom' | 'right';
  showLegend: boolean;
  calcs: string[];
}

function legendOf(panel: PanelModel): LegendOptions {
  const own = (panel.options?.legend ?? {}) as Partial<LegendOptions>;
  return { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [], ...own };
}

/** What Grafana's time series panel draws: frames with a time and a number field. */
function graphable(frames: DataFrame[]): DataFrame[] {
  return frames.filter((f) => f.fields.some((x) => x.type === 'time') && f.fields.some((x) => x.type === 'number'));
}

/** The table panel's `sortBy` option as the Table's initial sort (public/app/plugins/panel/table/TablePanel.tsx). */
function initialSortOf(panel: PanelModel) {
  return (panel.options?.sortBy as Array<{ displayName: string; desc?: boolean }> | undefined) ?? [];
}

function Visualization({
  panel,
  data,
  width,
  height,
  range,
  timeZone,
}: {
  panel: PanelModel;
  data: PanelData;
  width: number;
  height: number;
  range: TimeRange;
  timeZone: string;
}) {
  switch (panel.type) {
    case 'timeseries': {
      const frames = graphable(data.frames);
      if (!frames.length) {
        return <div data-testid="panel-no-data">No data</div>;
      }
      return (
        <TimeSeries
          frames={frames}
          width={width}
          height={height}
          timeRange={range}
          timeZone={timeZone}
          legend={legendOf(panel) as never}
          options={panel.options}
        />
      );
    }
    case 'table': {
      // As Grafana's TablePanel (public/app/plugins/panel/table/TablePanel.tsx): TableNG reads the
      // column titles from the display names cached on the fields.
      cacheFieldDisplayNames(data.frames);
      const frame = data.frames[0];
      if (!frame?.length) {
        return <div data-testid="panel-no-data">No data</div>;
      }
      return (
        <PanelTable
          data={frame}
          width={width}
          height={height}
          timeRange={range}
          noHeader={panel.options?.showHeader === false}
          resizable={true}
          initialSortBy={initialSortOf(panel)}
          cellHeight={(panel.options?.cellHeight as never) ?? undefined}
          fieldConfig={panel.fieldConfig}
        />
      );
    }
    case 'logs':
      // The preview's log view, as the Logs panel shows a logs frame.
      return (
        <div style={{ width, height, overflow: 'auto' }}>
          <ResultView response={data.response} range={{ fromMs: range.from.valueOf(), toMs: range.to.valueOf() }} />
        </div>
      );
    default:
      return <div>Panel type {panel.type} is not drawn by the preview</div>;
  }
}

/**
 * One panel of a dashboard: @grafana/ui's PanelChrome around the visualization Grafana would use,
 * fed by the panel's own queries through the plugin.
 */
export function DashboardPanel(props: Props) {
  const { dataSource, dashboardUid, panel, width, height, range, timeZone, filters, variablesKey } = props;
  const theme: GrafanaTheme2 = useTheme2();
  const [data, setData] = useState<PanelData>();
  const [state, setState] = useState<LoadingState>(LoadingState.Loading);
  const [failure, setFailure] = useState<string>();
  const rangeKey = `${range.from.valueOf()}-${range.to.valueOf()}`;
  const filtersKey = JSON.stringify(filters);

  useEffect(() => {
    let current = true;
    setState(LoadingState.Loading);
    runPanel({ dataSource, panel, dashboardUid, range, width, filters, timeZone }, `Q${requestCounter++}`, theme).then(
      (result) => {
        if (current) {
          setData(result);
          setFailure(result.errors.map((e) => e.message).join('; ') || undefined);
          setState(result.errors.length ? LoadingState.Error : LoadingState.Done);
        }
      },
      (e: unknown) => {
        if (current) {
          setFailure(e instanceof Error ? e.message : String(e));
          setState(LoadingState.Error);
        }
      }
    );
    return () => {
      current = false;
    };
    // The panel runs again when the range, the variables or the filters change, not on every render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataSource, panel, dashboardUid, rangeKey, variablesKey, filtersKey, timeZone]);

  const title = getTemplateSrv().replace(panel.title);
  return (
    <div data-testid={`panel-${panel.id}`} data-panel-type={panel.type} data-state={state} data-error={failure}>
      <PanelChrome
        title={title}
        description={panel.description}
        width={width}
        height={height}
        loadingState={state === LoadingState.Loading ? LoadingState.Loading : undefined}
        statusMessage={failure}
      >
        {(innerWidth, innerHeight) =>
          data ? (
            <Visualization
              panel={panel}
              data={data}
              width={innerWidth}
              height={innerHeight}
              range={range}
              timeZone={timeZone}
            />
          ) : null
        }
      </PanelChrome>
    </div>
  );
}

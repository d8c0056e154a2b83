import {
  dateTime,
  rangeUtil,
  toURLRange,
  type AdHocVariableFilter,
  type SelectableValue,
  type TimeRange,
} from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { Button, InlineField, InlineLabel, Select, Stack, TimeRangePicker } from '@grafana/ui';
import React, { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DataSource } from '../../../../src/datasource';
import { DashboardPanel } from './DashboardPanel';
import { gridBox, type DashboardModel } from './model';
import { formatAdHocFilter, publishVariables, resolveVariables, type VariableState } from './variables';

/** A URL time (`now-24h`, or epoch milliseconds as Grafana writes an absolute range) as a raw time. */
function urlTime(value: string) {
  return /^\d+$/.test(value) ? dateTime(Number(value)) : value;
}

function rangeFrom(search: URLSearchParams, dashboard: DashboardModel, timeZone: string): TimeRange {
  const raw = {
    from: urlTime(search.get('from') ?? dashboard.time.from),
    to: urlTime(search.get('to') ?? dashboard.time.to),
  };
  return rangeUtil.convertRawToRange(raw, timeZone);
}

/**
 * The time picker's arrows and zoom, as Grafana's (public/app/core/utils/timePicker.ts
 * getShiftedTimeRange, getZoomedTimeRange): shift by half the range, zoom out to twice it.
 */
function shiftedRange(range: TimeRange, direction: -1 | 1) {
  const half = (range.to.valueOf() - range.from.valueOf()) / 2;
  return { from: range.from.valueOf() + direction * half, to: range.to.valueOf() + direction * half };
}

function zoomedRange(range: TimeRange) {
  const span = range.to.valueOf() - range.from.valueOf();
  const center = range.to.valueOf() - span / 2;
  return { from: Math.round(center - span), to: Math.round(center + span) };
}

function VariablePicker({ state, onChange }: { state: VariableState; onChange: (value: string) => void }) {
  const options = state.options.map((value) => ({ label: value, value }));
  return (
    <div data-testid={`variable-${state.model.name}`}>
      <InlineField label={state.model.label ?? state.model.name} invalid={!!state.error} error={state.error}>
        <Select
          inputId={`var-${state.model.name}`}
          aria-label={state.model.label ?? state.model.name}
          options={options}
          value={state.value}
          width={40}
          onChange={(v: SelectableValue<string>) => v.value !== undefined && onChange(v.value)}
        />
      </InlineField>
    </div>
  );
}

/** The ad hoc filters of a dashboard: each filter shown and removable, and a key and value to add one. */
function AdHocFilters({
  dataSource,
  state,
  range,
  onChange,
}: {
  dataSource: DataSource;
  state: VariableState;
  range: TimeRange;
  onChange: (filters: AdHocVariableFilter[]) => void;
}) {
  const [keys, setKeys] = useState<string[]>();
  const [key, setKey] = useState<string>();
  const [values, setValues] = useState<string[]>();
  const loadKeys = async () => setKeys((await dataSource.getTagKeys()).map((k) => k.text));
  const pickKey = async (picked: string) => {
    setKey(picked);
    const found = await dataSource.getTagValues({ key: picked, filters: state.filters, timeRange: range });
    setValues(found.map((v) => v.text));
  };
  const add = (value: string) => {
    onChange([...state.filters, { key: key!, operator: '=', value }]);
    setKey(undefined);
    setValues(undefined);
    setKeys(undefined);
  };
  return (
    <div data-testid={`variable-${state.model.name}`} style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
      <InlineLabel width="auto">{state.model.label ?? state.model.name}</InlineLabel>
      {state.filters.map((f, i) => (
        <Button
          key={`${f.key}${f.operator}${f.value}`}
          size="sm"
          variant="secondary"
          icon="times"
          aria-label={`Remove filter ${f.key} ${f.operator} ${f.value}`}
          onClick={() => onChange(state.filters.filter((_, j) => j !== i))}
        >
          {`${f.key} ${f.operator} ${f.value}`}
        </Button>
      ))}
      {keys === undefined ? (
        <Button size="sm" variant="secondary" icon="plus" aria-label="Add filter" onClick={loadKeys} />
      ) : key === undefined ? (
        <Select
          aria-label="Filter key"
          width={30}
          options={keys.map((k) => ({ label: k, value: k }))}
          onChange={(v: SelectableValue<string>) => v.value && pickKey(v.value)}
        />
      ) : (
        <Select
          aria-label={`Filter value of ${key}`}
          width={30}
          options={(values ?? []).map((v) => ({ label: v, value: v }))}
          onChange={(v: SelectableValue<string>) => v.value && add(v.value)}
        />
      )}
    </div>
  );
}

/** The width of an element, kept current as the window resizes. */
function useWidth(): [React.RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * A provisioned dashboard drawn from its JSON: the title, the variables, the time picker and the
 * panels on the 24-column grid. The state lives in the URL, as in Grafana (`from`, `to`,
 * `var-<name>`), so a data link to `/d/<uid>/…?var-session=…` opens the dashboard on that value.
 */
export function Dashboard({
  dataSource,
  dashboard,
  search,
}: {
  dataSource: DataSource;
  dashboard: DashboardModel;
  search: URLSearchParams;
}) {
  const timeZone = dashboard.timezone ?? 'browser';
  const searchKey = search.toString();
  // Resolved once per URL: `now-24h` is the same instant for every panel and variable of a load.
  const range = useMemo(
    () => rangeFrom(new URLSearchParams(searchKey), dashboard, timeZone),
    [searchKey, dashboard, timeZone]
  );
  const [variables, setVariables] = useState<VariableState[]>();
  const [gridRef, gridWidth] = useWidth();

  useEffect(() => {
    let current = true;
    setVariables(undefined);
    resolveVariables(dataSource, dashboard, range, new URLSearchParams(searchKey)).then((states) => {
      if (current) {
        publishVariables(states);
        setVariables(states);
      }
    });
    return () => {
      current = false;
    };
  }, [dataSource, dashboard, range, searchKey]);

  const setParams = (params: Record<string, string | string[] | undefined>) => locationService.partial(params);
  const filters = variables?.find((v) => v.model.type === 'adhoc')?.filters ?? [];
  const variablesKey = JSON.stringify(variables?.map((v) => v.value) ?? []);
  const height = Math.max(
    0,
    ...dashboard.panels.map((p) => gridBox(p.gridPos, gridWidth).top + gridBox(p.gridPos, gridWidth).height)
  );

  return (
    <div data-testid="dashboard" data-uid={dashboard.uid}>
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <h2 data-testid="dashboard-title">{dashboard.title}</h2>
        <TimeRangePicker
          value={range}
          timeZone={timeZone}
          onChange={(next) => setParams(toURLRange(next.raw) as Record<string, string>)}
          onChangeTimeZone={() => undefined}
          onMoveBackward={() => setParams(mapValues(shiftedRange(range, -1)))}
          onMoveForward={() => setParams(mapValues(shiftedRange(range, 1)))}
          onZoom={() => setParams(mapValues(zoomedRange(range)))}
        />
      </Stack>
      <div
        data-testid="dashboard-variables"
        style={{ display: 'flex', gap: 8, flexWrap: 'wrap', margin: '8px 0 16px' }}
      >
        {(variables ?? []).map((state) =>
          state.model.hide === 2 ? null : state.model.type === 'adhoc' ? (
            <AdHocFilters
              key={state.model.name}
              dataSource={dataSource}
              state={state}
              range={range}
              onChange={(next) => setParams({ [`var-${state.model.name}`]: next.map(formatAdHocFilter) })}
            />
          ) : (
            <VariablePicker
              key={state.model.name}
              state={state}
              onChange={(value) => setParams({ [`var-${state.model.name}`]: value })}
            />
          )
        )}
      </div>
      <div ref={gridRef} style={{ position: 'relative', width: '100%', height }}>
        {variables &&
          gridWidth > 0 &&
          dashboard.panels.map((panel) => {
            const box = gridBox(panel.gridPos, gridWidth);
            return (
              <div key={panel.id} style={{ position: 'absolute', ...box }}>
                <DashboardPanel
                  dataSource={dataSource}
                  dashboardUid={dashboard.uid}
                  panel={panel}
                  width={box.width}
                  height={box.height}
                  range={range}
                  timeZone={timeZone}
                  filters={filters}
                  variablesKey={variablesKey}
                />
              </div>
            );
          })}
      </div>
    </div>
  );
}

function mapValues(range: { from: number; to: number }): Record<string, string> {
  return { from: String(range.from), to: String(range.to) };
}

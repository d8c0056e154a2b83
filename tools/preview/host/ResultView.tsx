import React, { useEffect, useMemo, useState } from 'react';
import {
  DataFrameType,
  FieldType,
  LogRowContextQueryDirection,
  type DataFrame,
  type DataQueryResponse,
  type Field,
  type LogRowContextOptions,
  type LogRowModel,
} from '@grafana/data';
import { Alert } from '@grafana/ui';
import {
  addContextRows,
  CONTEXT_PAGE_SIZE,
  contextRequestRow,
  contextViewOf,
  highlightParts,
  levelColor,
  loadMoreDirection,
  logDetails,
  logsVolumeResponse,
  toLogRows,
  type ContextState,
  type LogRow,
  type Place,
} from '../../grafana-rules';
import { hostColors, hostExploreLinks, hostFindHighlightChunks, hostLogLevels } from '../../grafana-rules/host';
import { hostLine } from './hostLine';
import { withLinks } from './linkInterpolation';

export { logsVolumeRequest } from '../../grafana-rules';

/**
 * What Explore lets a user do on a log line, done by the plugin's own methods. `getRowContext`
 * (the data source's getLogRowContext, bound to the query) draws the context inline as Grafana's
 * context view asks for it; without it, `onContext` hands the line to the caller (the older API).
 */
export interface LineActions {
  onFilter(type: 'FILTER_FOR' | 'FILTER_OUT', key: string, value: string): void;
  onContext(frame: DataFrame, rowIndex: number): void;
  getRowContext?(row: LogRowModel, options: LogRowContextOptions): Promise<DataQueryResponse>;
}

/** How a logs volume response came about, for Grafana's queryLogsVolume naming (tools/grafana-rules/logsVolume.ts). */
export interface LogsVolumeSource {
  datasourceName: string;
  /** the refIds of the queries the volume is for */
  targetRefIds: string[];
}

interface Props {
  response?: DataQueryResponse;
  range: { fromMs: number; toMs: number };
  actions?: LineActions;
  /** set when `response` is a logs volume: drawn as Grafana's wrapper names and colours it */
  volume?: LogsVolumeSource;
}

const labelButton = { marginLeft: 4, padding: '0 4px', fontSize: 11, cursor: 'pointer' } as const;

const cell = { padding: '4px 8px', borderBottom: '1px solid #2c3235', verticalAlign: 'top' } as const;

const SESSION_CLOCK = /^session[_ .]?time$/i;

/** The line with its search words marked by the host's findHighlightChunksInText (tools/grafana-rules/highlight.ts). */
function Highlighted({ text, words }: { text: string; words: string[] }) {
  const parts = useMemo(() => highlightParts(hostFindHighlightChunks, text, words), [text, words]);
  return (
    <>
      {parts.map((part, i) =>
        part.highlight ? (
          <mark key={i} data-testid="highlight">
            {part.text}
          </mark>
        ) : (
          <React.Fragment key={i}>{part.text}</React.Fragment>
        )
      )}
    </>
  );
}

/** Log details: exactly what Grafana lists for the row (tools/grafana-rules/logDetails.ts), links on the Explore path. */
function LogDetailsView({
  row,
  range,
  actions,
}: {
  row: LogRow;
  range: { fromMs: number; toMs: number };
  actions?: LineActions;
}) {
  const details = logDetails(row, hostExploreLinks(range));
  return (
    <div data-testid="log-details" style={{ color: '#8e8e8e', fontSize: 11 }}>
      {details.labels.map(({ key, value }) => (
        <span key={`label-${key}`} style={{ marginRight: 12 }}>
          <span data-testid={`label-${key}`}>
            {key}=<span data-testid={SESSION_CLOCK.test(key) ? 'session-time' : undefined}>{value}</span>
          </span>
          {actions && (
            <>
              <button
                style={labelButton}
                aria-label={`Filter for ${key}=${value}`}
                onClick={() => actions.onFilter('FILTER_FOR', key, value)}
              >
                +
              </button>
              <button
                style={labelButton}
                aria-label={`Filter out ${key}=${value}`}
                onClick={() => actions.onFilter('FILTER_OUT', key, value)}
              >
                −
              </button>
            </>
          )}
        </span>
      ))}
      {details.fields.map(({ key, value }) => (
        <span key={`field-${key}`} data-testid={`field-${key}`} style={{ marginRight: 12 }}>
          {key}=<span data-testid={SESSION_CLOCK.test(key) ? 'session-time' : undefined}>{value}</span>
        </span>
      ))}
      {details.links.flatMap((entry) =>
        entry.links.map((link) => (
          <a
            key={`${entry.key}-${link.title}`}
            // The replay link apart from the configured data links, so that each can be found.
            data-testid={entry.key === 'replay_url' ? 'replay-link' : 'data-link'}
            data-field={entry.key}
            href={link.href}
            target={link.target}
            rel="noreferrer"
            style={{ color: '#6e9fff', marginRight: 8 }}
          >
            {link.title}
          </a>
        ))
      )}
    </div>
  );
}

function severityOf(row: LogRow): string {
  const field = row.dataFrame.fields.find((f) => f.name === 'severity' || f.name === 'level');
  return String(field?.values[row.rowIndex] ?? '');
}

function LogLine({
  row,
  range,
  actions,
  highlight,
  onShowContext,
}: {
  row: LogRow;
  range: { fromMs: number; toMs: number };
  actions?: LineActions;
  highlight?: boolean;
  onShowContext?: () => void;
}) {
  const severity = severityOf(row);
  return (
    <tbody data-testid="log-line" style={highlight ? { background: '#22252b' } : undefined}>
      <tr>
        <td style={cell}>{new Date(row.timeEpochMs).toISOString()}</td>
        <td style={{ ...cell, color: severity === 'error' || severity === 'critical' ? '#ff5286' : '#ffb357' }}>
          {severity}
        </td>
        <td style={{ ...cell, whiteSpace: 'pre-wrap', width: '100%' }}>
          <Highlighted text={row.entry} words={row.searchWords} />
          <LogDetailsView row={row} range={range} actions={actions} />
        </td>
        <td style={cell}>
          {onShowContext && (
            <button style={labelButton} data-testid="show-context" onClick={onShowContext}>
              Context
            </button>
          )}
        </td>
      </tr>
    </tbody>
  );
}

const tableStyle = { borderCollapse: 'collapse', width: '100%', fontFamily: 'monospace', fontSize: 12 } as const;

/**
 * The context of a line as Grafana's context view asks for it (tools/grafana-rules/logContext.ts):
 * 100 lines a side, the row passed with its refId rewritten, load more from the rows at the ends,
 * rows equal to a shown one in text and nanosecond time dropped.
 */
function ContextView({
  chosen,
  range,
  getRowContext,
}: {
  chosen: LogRow;
  range: { fromMs: number; toMs: number };
  getRowContext: NonNullable<LineActions['getRowContext']>;
}) {
  const view = contextViewOf(hostLine.line);
  const [state, setState] = useState<ContextState>({ chosen, above: [], below: [] });
  const [loads, setLoads] = useState<Record<Place, number>>({ above: 0, below: 0 });
  const [done, setDone] = useState<Record<Place, boolean>>({ above: false, below: false });
  const [error, setError] = useState<string>();

  const load = async (place: Place, current: ContextState, counts: Record<Place, number>) => {
    const next = { ...counts, [place]: counts[place] + 1 };
    const all = [...current.above, current.chosen, ...current.below];
    const from = place === 'above' ? all[0] : all[all.length - 1];
    const row = contextRequestRow(from, view, next);
    const direction =
      loadMoreDirection(place) === 'FORWARD'
        ? LogRowContextQueryDirection.Forward
        : LogRowContextQueryDirection.Backward;
    const response = await getRowContext(row as unknown as LogRowModel, { limit: CONTEXT_PAGE_SIZE, direction });
    if (response.error) {
      setError(response.error.message);
      return { state: current, counts: next, empty: true };
    }
    const added = addContextRows(current, response.data as DataFrame[]);
    const empty = added.state[place].length === current[place].length;
    return { state: added.state, counts: next, empty };
  };

  const loadMore = async (place: Place) => {
    const result = await load(place, state, loads);
    setState(result.state);
    setLoads(result.counts);
    setDone((d) => ({ ...d, [place]: result.empty }));
  };

  // On opening, one request above and one below, as the view does.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const above = await load('above', { chosen, above: [], below: [] }, { above: 0, below: 0 });
      const below = await load('below', above.state, above.counts);
      if (!cancelled) {
        setState(below.state);
        setLoads(below.counts);
        setDone({ above: above.empty, below: below.empty });
      }
    })();
    return () => {
      cancelled = true;
    };
    // Once per chosen line.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosen]);

  return (
    <div data-testid="context-view" style={{ border: '1px solid #2c3235', margin: '4px 0', padding: 4 }}>
      {error && <Alert severity="error" title={error} />}
      <button style={labelButton} disabled={done.above} onClick={() => loadMore('above')} data-testid="context-newer">
        {done.above ? 'No more newer lines' : 'Load newer lines'}
      </button>
      <table style={tableStyle}>
        {state.above.map((r) => (
          <LogLine key={r.uid} row={r} range={range} />
        ))}
        <LogLine row={chosen} range={range} highlight />
        {state.below.map((r) => (
          <LogLine key={r.uid} row={r} range={range} />
        ))}
      </table>
      <button style={labelButton} disabled={done.below} onClick={() => loadMore('below')} data-testid="context-older">
        {done.below ? 'No more older lines' : 'Load older lines'}
      </button>
    </div>
  );
}

function LogLines({
  frame,
  range,
  actions,
}: {
  frame: DataFrame;
  range: { fromMs: number; toMs: number };
  actions?: LineActions;
}) {
  const rows = useMemo(() => toLogRows([frame]), [frame]);
  const [contextOf, setContextOf] = useState<string>();
  return (
    <table data-testid="log-lines" style={tableStyle}>
      {rows.map((row) => (
        <React.Fragment key={row.uid}>
          <LogLine
            row={row}
            range={range}
            actions={actions}
            onShowContext={
              actions
                ? () =>
                    actions.getRowContext
                      ? setContextOf(contextOf === row.uid ? undefined : row.uid)
                      : actions.onContext(frame, row.rowIndex)
                : undefined
            }
          />
          {actions?.getRowContext && contextOf === row.uid && (
            <tbody>
              <tr>
                <td colSpan={4}>
                  <ContextView chosen={row} range={range} getRowContext={actions.getRowContext} />
                </td>
              </tr>
            </tbody>
          )}
        </React.Fragment>
      ))}
    </table>
  );
}

function linksOf(field: Field | undefined, row: number) {
  return field?.getLinks ? field.getLinks({ valueRowIndex: row }) : [];
}

function SessionsTable({ frame }: { frame: DataFrame }) {
  const visible = frame.fields;
  return (
    <table data-testid="sessions-table" style={{ borderCollapse: 'collapse', width: '100%', fontSize: 12 }}>
      <thead>
        <tr>
          {visible.map((field) => (
            <th key={field.name} style={{ ...cell, textAlign: 'left' }}>
              {field.config.displayName ?? field.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: frame.length }, (_, i) => (
          <tr key={i}>
            {visible.map((field) => {
              const links = linksOf(field, i);
              const text =
                field.type === FieldType.time ? new Date(field.values[i]).toISOString() : String(field.values[i]);
              return (
                <td key={field.name} style={cell}>
                  {links.length ? (
                    <a
                      href={links[0].href}
                      target={links[0].target}
                      rel="noreferrer"
                      style={{ color: '#6e9fff' }}
                      title={links[0].title}
                    >
                      {field.name === 'replay_url' ? links[0].title : text}
                    </a>
                  ) : (
                    text
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const COLORS = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#fade2a'];

interface Series {
  name: string;
  color: string;
  times: number[];
  counts: number[];
}

function seriesOf(frames: DataFrame[]): Series[] {
  return frames.map((frame, s) => ({
    name: frame.name ?? `series ${s + 1}`,
    color: COLORS[s % COLORS.length],
    times: Array.from((frame.fields.find((f) => f.type === FieldType.time)?.values ?? []) as number[]),
    counts: Array.from((frame.fields.find((f) => f.type === FieldType.number)?.values ?? []) as number[]),
  }));
}

function TimeSeries({ series }: { series: Series[] }) {
  const width = 900;
  const height = 160;
  const length = Math.max(0, ...series.map((s) => s.counts.length));
  const totals = Array.from({ length }, (_, i) => series.reduce((sum, s) => sum + Number(s.counts[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const barWidth = length ? width / length : width;
  return (
    <div data-testid="time-series">
      <svg width={width} height={height} style={{ background: '#181b1f' }}>
        {Array.from({ length }, (_, i) => {
          let y = height;
          return series.map((s, k) => {
            const h = (Number(s.counts[i] ?? 0) / max) * (height - 10);
            y -= h;
            return (
              <rect
                key={`${k}-${i}`}
                x={i * barWidth}
                y={y}
                width={Math.max(1, barWidth - 1)}
                height={h}
                fill={s.color}
              />
            );
          });
        })}
      </svg>
      <div style={{ fontSize: 12 }}>
        {series.map((s, k) => (
          <span key={`${s.name}-${k}`} style={{ marginRight: 16, color: s.color }}>
            ■ {s.name}: {s.counts.reduce((a, b) => a + b, 0)}
          </span>
        ))}
      </div>
    </div>
  );
}

/** Renders what the data source returned, as the Logs, Time series and Table panels would show it. */
export function ResultView({ response, range, actions, volume }: Props) {
  if (!response) {
    return null;
  }
  const frames = withLinks(response.data as DataFrame[], range);
  const notices = frames.flatMap((f) => f.meta?.notices ?? []);
  const timeSeries = frames.filter((f) => f.meta?.type === DataFrameType.TimeSeriesMulti);
  // A logs volume is named and coloured by Grafana's queryLogsVolume wrapper, from each count's labels.level.
  const series = volume
    ? logsVolumeResponse(hostLogLevels, { data: timeSeries }, { ...range, ...volume }).map((s) => ({
        name: s.name,
        color: levelColor(hostColors, s.level),
        times: s.times,
        counts: s.counts,
      }))
    : seriesOf(timeSeries);
  return (
    <div>
      {(response.errors ?? (response.error ? [response.error] : [])).map((e, i) => (
        <Alert key={i} severity="error" title="Query error" data-testid="query-error">
          {e.message}
        </Alert>
      ))}
      {notices.map((n, i) => (
        <Alert
          key={i}
          severity={n.severity === 'error' ? 'error' : n.severity === 'warning' ? 'warning' : 'info'}
          title={n.text}
        />
      ))}
      {series.length > 0 && <TimeSeries series={series} />}
      {frames
        .filter((f) => f.meta?.type === DataFrameType.LogLines)
        .map((f, i) => (
          <LogLines key={`logs-${i}`} frame={f} range={range} actions={actions} />
        ))}
      {frames
        .filter((f) => f.meta?.preferredVisualisationType === 'table')
        .map((f, i) => (
          <SessionsTable key={`table-${i}`} frame={f} />
        ))}
      <div data-testid="result-summary" style={{ fontSize: 12, color: '#8e8e8e', marginTop: 8 }}>
        {frames.length} frame(s), {frames.reduce((n, f) => n + f.length, 0)} row(s)
      </div>
    </div>
  );
}

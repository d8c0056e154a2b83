import React from 'react';
import { DataFrameType, FieldType, type DataFrame, type DataQueryResponse, type Field } from '@grafana/data';
import { Alert } from '@grafana/ui';
import { withLinks } from './linkInterpolation';

/** What Explore lets a user do on a log line, done by the plugin's own methods. */
export interface LineActions {
  onFilter(type: 'FILTER_FOR' | 'FILTER_OUT', key: string, value: string): void;
  onContext(frame: DataFrame, rowIndex: number): void;
}

interface Props {
  response?: DataQueryResponse;
  range: { fromMs: number; toMs: number };
  actions?: LineActions;
}

const labelButton = { marginLeft: 4, padding: '0 4px', fontSize: 11, cursor: 'pointer' } as const;

const cell = { padding: '4px 8px', borderBottom: '1px solid #2c3235', verticalAlign: 'top' } as const;

function linksOf(field: Field | undefined, row: number) {
  return field?.getLinks ? field.getLinks({ valueRowIndex: row }) : [];
}

/** The body with the frame's search words marked, as Grafana's Logs panel highlights them. */
function Highlighted({ text, words }: { text: string; words: string[] }) {
  const usable = words.filter(Boolean);
  if (!usable.length || !text) {
    return <>{text}</>;
  }
  const pattern = new RegExp(`(${usable.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return (
    <>
      {text.split(pattern).map((part, i) =>
        i % 2 ? (
          <mark key={i} data-testid="highlight">
            {part}
          </mark>
        ) : (
          part
        )
      )}
    </>
  );
}

const BUILT_IN = new Set([
  'timestamp',
  'body',
  'severity',
  'id',
  'labels',
  'replay_url',
  'session_id',
  'session_time',
  'sort',
]);

function LogLines({ frame, actions }: { frame: DataFrame; actions?: LineActions }) {
  const searchWords = ((frame.meta?.custom as { searchWords?: string[] } | undefined)?.searchWords ?? []).map(String);
  const linked = frame.fields.filter((x) => !BUILT_IN.has(x.name) && x.config.links?.length);
  const f = (name: string) => frame.fields.find((x) => x.name === name);
  const [time, body, severity, labels, replay, clock] = [
    f('timestamp'),
    f('body'),
    f('severity'),
    f('labels'),
    f('replay_url'),
    f('session_time'),
  ];
  return (
    <table
      data-testid="log-lines"
      style={{ borderCollapse: 'collapse', width: '100%', fontFamily: 'monospace', fontSize: 12 }}
    >
      <tbody>
        {Array.from({ length: frame.length }, (_, i) => (
          <tr key={i} data-testid="log-line">
            <td style={cell}>{new Date(time?.values[i]).toISOString()}</td>
            <td
              style={{
                ...cell,
                color: severity?.values[i] === 'error' || severity?.values[i] === 'critical' ? '#ff5286' : '#ffb357',
              }}
            >
              {severity?.values[i]}
            </td>
            <td style={{ ...cell, whiteSpace: 'pre-wrap' }}>
              <Highlighted text={String(body?.values[i] ?? '')} words={searchWords} />
              <div style={{ color: '#8e8e8e' }}>
                {Object.entries((labels?.values[i] ?? {}) as Record<string, string>).map(([k, v]) => (
                  <span key={k} data-testid={`label-${k}`} style={{ marginRight: 12 }}>
                    {k}={v}
                    {actions && (
                      <>
                        <button
                          style={labelButton}
                          aria-label={`Filter for ${k}=${v}`}
                          onClick={() => actions.onFilter('FILTER_FOR', k, v)}
                        >
                          +
                        </button>
                        <button
                          style={labelButton}
                          aria-label={`Filter out ${k}=${v}`}
                          onClick={() => actions.onFilter('FILTER_OUT', k, v)}
                        >
                          −
                        </button>
                      </>
                    )}
                  </span>
                ))}
              </div>
            </td>
            <td style={cell} data-testid="session-time">
              {clock?.values[i]}
            </td>
            <td style={cell}>
              {actions && (
                <button style={labelButton} data-testid="show-context" onClick={() => actions.onContext(frame, i)}>
                  Context
                </button>
              )}
              {linked.flatMap((field) =>
                field.values[i]
                  ? linksOf(field, i).map((link) => (
                      <a
                        key={`${field.name}-${link.title}`}
                        data-testid="data-link"
                        href={link.href}
                        target={link.target}
                        rel="noreferrer"
                        style={{ color: '#6e9fff', marginRight: 8 }}
                      >
                        {link.title}
                      </a>
                    ))
                  : []
              )}
              {linksOf(replay, i).map((link) => (
                <a key={link.title} href={link.href} target={link.target} rel="noreferrer" style={{ color: '#6e9fff' }}>
                  {link.title}
                </a>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
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

function TimeSeries({ frames }: { frames: DataFrame[] }) {
  const width = 900;
  const height = 160;
  const length = Math.max(0, ...frames.map((f) => f.length));
  const totals = Array.from({ length }, (_, i) =>
    frames.reduce((sum, f) => sum + Number(f.fields[1]?.values[i] ?? 0), 0)
  );
  const max = Math.max(1, ...totals);
  const barWidth = length ? width / length : width;
  return (
    <div data-testid="time-series">
      <svg width={width} height={height} style={{ background: '#181b1f' }}>
        {Array.from({ length }, (_, i) => {
          let y = height;
          return frames.map((frame, s) => {
            const h = (Number(frame.fields[1]?.values[i] ?? 0) / max) * (height - 10);
            y -= h;
            return (
              <rect
                key={`${s}-${i}`}
                x={i * barWidth}
                y={y}
                width={Math.max(1, barWidth - 1)}
                height={h}
                fill={COLORS[s % COLORS.length]}
              />
            );
          });
        })}
      </svg>
      <div style={{ fontSize: 12 }}>
        {frames.map((frame, s) => (
          <span key={frame.name ?? s} style={{ marginRight: 16, color: COLORS[s % COLORS.length] }}>
            ■ {frame.name}: {(frame.fields[1]?.values as number[] | undefined)?.reduce((a, b) => a + b, 0) ?? 0}
          </span>
        ))}
      </div>
    </div>
  );
}

/** Renders what the data source returned, as the Logs, Time series and Table panels would show it. */
export function ResultView({ response, range, actions }: Props) {
  if (!response) {
    return null;
  }
  const frames = withLinks(response.data as DataFrame[], range);
  const notices = frames.flatMap((f) => f.meta?.notices ?? []);
  const series = frames.filter((f) => f.meta?.type === DataFrameType.TimeSeriesMulti);
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
      {series.length > 0 && <TimeSeries frames={series} />}
      {frames
        .filter((f) => f.meta?.type === DataFrameType.LogLines)
        .map((f, i) => (
          <LogLines key={`logs-${i}`} frame={f} actions={actions} />
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

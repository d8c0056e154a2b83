import {
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  type Field,
  type InterpolateFunction,
  type ScopedVars,
} from '@grafana/data';
import { formatValue } from '../../grafana-rules/templateFormats';

/**
 * The part of Grafana's template service that data links need (public/app/features/templating):
 * `${__value.raw|text|numeric|time}` and `${__data.fields["name"]}` from the row in
 * `__dataContext`, `${__url_time_range}`, and the formats (tools/grafana-rules/templateFormats.ts).
 * This is the dashboard path: @grafana/data's getLinksSupplier (the host's own, run through
 * applyFieldOverrides below) asks for the `uriencode` format by default, so a value is URI-encoded
 * unless its variable names a format. Explore and the Logs panel build links differently:
 * tools/grafana-rules/exploreLinks.ts.
 */
interface DataContext {
  frame: DataFrame;
  field: Field;
  rowIndex?: number;
}

function rowValue(ctx: DataContext | undefined, path: string): string | undefined {
  if (!ctx || ctx.rowIndex === undefined) {
    return undefined;
  }
  const { frame, field, rowIndex } = ctx;
  if (path.startsWith('__value.')) {
    const value = field.values[rowIndex];
    switch (path.slice('__value.'.length)) {
      case 'raw':
        return String(value);
      case 'numeric':
        return String(Number(value));
      case 'text':
        return field.display ? field.display(value).text : String(value);
      case 'time': {
        const time = frame.fields.find((f) => f.type === 'time');
        return time ? String(time.values[rowIndex]) : undefined;
      }
      default:
        return undefined;
    }
  }
  const dataField = /^__data\.fields(?:\["([^"]+)"\]|\.([\w.]+))$/.exec(path);
  if (dataField) {
    const other = frame.fields.find((f) => f.name === (dataField[1] ?? dataField[2]));
    return other ? String(other.values[rowIndex]) : undefined;
  }
  return undefined;
}

export function linkInterpolator(timeRange: { fromMs: number; toMs: number }): InterpolateFunction {
  return (text: string, scopedVars?: ScopedVars, format?: Parameters<InterpolateFunction>[2]) => {
    const ctx = scopedVars?.__dataContext?.value as DataContext | undefined;
    const defaultFormat = typeof format === 'string' ? format : undefined;
    return text.replace(/\$\{([^}:]+)(?::(\w+))?\}/g, (whole, path: string, ownFormat: string | undefined) => {
      if (path === '__url_time_range') {
        return `from=${timeRange.fromMs}&to=${timeRange.toMs}`;
      }
      const value =
        rowValue(ctx, path) ?? (scopedVars?.[path]?.value !== undefined ? String(scopedVars[path]!.value) : undefined);
      return value === undefined ? whole : formatValue(value, ownFormat ?? defaultFormat);
    });
  };
}

const theme = createTheme();

/** Frames as a panel sees them: field overrides applied, so that each field's getLinks works. */
export function withLinks(data: DataFrame[], timeRange: { fromMs: number; toMs: number }): DataFrame[] {
  return applyFieldOverrides({
    data,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: linkInterpolator(timeRange),
    theme,
  });
}

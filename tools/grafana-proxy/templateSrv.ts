import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** Grafana's luceneEscape (public/app/features/templating/formatRegistry.ts): numbers as they are. */
export function luceneEscape(value: string): string {
  if (!Number.isNaN(+value)) {
    return value;
  }
  return value.replace(/([!*+\-=<>\s&|()[\]{}^~?:\\/"])/g, '\\$1');
}

/** Grafana's `lucene` format: one value escaped, several as a quoted OR group. */
function luceneFormat(value: string | string[]): string {
  if (!Array.isArray(value)) {
    return luceneEscape(value);
  }
  return value.length === 0 ? '__empty__' : `(${value.map((v) => `"${luceneEscape(v)}"`).join(' OR ')})`;
}

/**
 * A small TemplateSrv for Node and the preview page: replaces `$name`, `${name}` and `[[name]]`
 * from dashboard variables and scoped vars. Multi-value variables become `{a,b}` as in Grafana, or
 * with the `lucene` format (an argument or `${name:lucene}`), what Grafana's lucene format gives.
 */
export function variablesTemplateSrv(variables: Record<string, string | string[]> = {}): TemplateSrv {
  const lookup = (name: string, scopedVars?: ScopedVars, format?: string): string | undefined => {
    const scoped = scopedVars?.[name]?.value;
    const value = (scoped !== undefined ? scoped : variables[name]) as string | string[] | undefined;
    if (value === undefined) {
      return undefined;
    }
    if (format === 'lucene') {
      return luceneFormat(value);
    }
    return Array.isArray(value) ? (value.length === 1 ? String(value[0]) : `{${value.join(',')}}`) : String(value);
  };
  return {
    replace: (target?: string, scopedVars?: ScopedVars, format?: string | ((value: unknown) => string)) =>
      (target ?? '').replace(
        /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]/g,
        (whole, a, b, own, c) =>
          lookup(a ?? b ?? c, scopedVars, own ?? (typeof format === 'string' ? format : undefined)) ?? whole
      ),
    getVariables: () => [],
    containsTemplate: (target?: string) => !!target && /\$\w+|\$\{\w+/.test(target),
    updateTimeRange: () => undefined,
  } as unknown as TemplateSrv;
}

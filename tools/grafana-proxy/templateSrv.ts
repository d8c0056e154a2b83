import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/**
 * A small TemplateSrv for Node and the preview page: replaces `$name`, `${name}` and `[[name]]`
 * from dashboard variables and scoped vars. Multi-value variables become `{a,b}` as in Grafana.
 */
export function variablesTemplateSrv(variables: Record<string, string | string[]> = {}): TemplateSrv {
  const lookup = (name: string, scopedVars?: ScopedVars): string | undefined => {
    const scoped = scopedVars?.[name]?.value;
    const value = scoped !== undefined ? scoped : variables[name];
    if (value === undefined) {
      return undefined;
    }
    return Array.isArray(value) ? (value.length === 1 ? String(value[0]) : `{${value.join(',')}}`) : String(value);
  };
  return {
    replace: (target?: string, scopedVars?: ScopedVars) =>
      (target ?? '').replace(
        /\$(\w+)|\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]/g,
        (whole, a, b, c) => lookup(a ?? b ?? c, scopedVars) ?? whole
      ),
    getVariables: () => [],
    containsTemplate: (target?: string) => !!target && /\$\w+|\$\{\w+/.test(target),
    updateTimeRange: () => undefined,
  } as unknown as TemplateSrv;
}

/**
 * The parts of Grafana's template service (public/app/features/templating/template_srv.ts and
 * formatRegistry.ts, 11.0 to 13.x) that data links go through: the variable syntax, scoped
 * variables with a field path, and the value formats.
 */

/** template_srv's variableRegex: `$name`, `[[name:format]]`, `${name.field.path:format}`. */
export const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

export interface VariableReference {
  match: string;
  name: string;
  fieldPath?: string;
  format?: string;
}

export function variableReferences(text: string): VariableReference[] {
  return [...text.matchAll(VARIABLE_REGEX)].map((m) => ({
    match: m[0],
    name: m[1] ?? m[2] ?? m[4],
    fieldPath: m[5],
    format: m[3] ?? m[6],
  }));
}

/** formatRegistry's encodeURIComponentStrict: encodeURIComponent plus !'()*. */
export function encodeURIComponentStrict(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * template_srv formatValue for a scoped variable: null/undefined become '', objects their string
 * form; no format (or an unknown one) means glob, which leaves a single value as it is.
 */
export function formatValue(value: unknown, format: string | undefined, text?: string): string {
  if (value === null || value === undefined) {
    return '';
  }
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  switch (format) {
    case 'raw':
      return values.join(',');
    case 'text':
      return text ?? values.join(' + ');
    case 'uriencode':
    case 'percentencode':
      return values.length > 1
        ? encodeURIComponentStrict(`{${values.join(',')}}`)
        : encodeURIComponentStrict(values[0]);
    case 'json':
      return JSON.stringify(Array.isArray(value) ? values : values[0]);
    case 'csv':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    default:
      // glob
      return values.length > 1 ? `{${values.join(',')}}` : values[0];
  }
}

/** lodash `property` as template_srv's getFieldAccessor uses it: `raw`, `fields["x"]`, `a.b`. */
export function readPath(value: unknown, path: string): unknown {
  const keys = [...path.matchAll(/\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\]|\[(\d+)\]|([^.[\]]+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? m[4]
  );
  let current = value;
  for (const key of keys) {
    if (current === null || current === undefined) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Reads a field from an Elasticsearch `_source` whatever its shape: nested objects
 * (`{session: {id}}`), dotted keys (`{"session.id": ...}`), a mix of both, and arrays of objects.
 * For many documents, compile the reader once with sourceFieldReader.
 */
export function readSourceField(source: unknown, path: string): unknown {
  return sourceFieldReader(path)(source);
}

/**
 * A reader for one field, compiled once per response: the whole remaining path as one key first,
 * then splits from the left, arrays flattened; the dotted sub-paths are joined in advance instead
 * of for every hit. JSON values are never functions, so
 * a function found is an inherited property (`constructor`, `toString`) and counts as missing.
 */
export function sourceFieldReader(path: string): (source: unknown) => unknown {
  const parts = path.split('.');
  const n = parts.length;
  // joined[i][k]: parts i..k joined with dots (read only for k >= i).
  const joined = parts.map((_, i) => parts.map((__, k) => parts.slice(i, k + 1).join('.')));
  const own = (record: Record<string, unknown>, key: string) => {
    const value = record[key];
    return typeof value === 'function' ? undefined : value;
  };
  const read = (value: unknown, i: number): unknown => {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    if (Array.isArray(value)) {
      const values = value.map((item) => read(item, i)).filter((v) => v !== undefined);
      return values.length === 0 ? undefined : values.length === 1 ? values[0] : values.flat();
    }
    const record = value as Record<string, unknown>;
    const whole = own(record, joined[i][n - 1]);
    if (whole !== undefined) {
      return whole;
    }
    for (let k = i; k < n - 1; k++) {
      // A missing key reads as undefined below.
      const found = read(own(record, joined[i][k]), k + 1);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  };
  return (source) => read(source, 0);
}

/** A display string for any `_source` value: arrays joined, objects as JSON, nothing as ''. */
export function sourceValueText(value: unknown, separator = ', '): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  // Booleans need no case of their own: JSON.stringify gives 'true' and 'false' as String does.
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value
      .map((v) => sourceValueText(v, separator))
      .filter(Boolean)
      .join(separator);
  }
  return JSON.stringify(value);
}

/** Expands `detail` patterns with wildcards (`error.*`) against the flattened keys of a `_source`. */
export function flattenSourceKeys(source: unknown, prefix = '', out: string[] = []): string[] {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    if (prefix) {
      out.push(prefix);
    }
    return out;
  }
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    flattenSourceKeys(value, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

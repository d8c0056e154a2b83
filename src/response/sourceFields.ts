/**
 * Reads a field from an Elasticsearch `_source` whatever its shape: nested objects
 * (`{session: {id}}`), dotted keys (`{"session.id": ...}`), a mix of both, and arrays of objects.
 */
export function readSourceField(source: unknown, path: string): unknown {
  if (source === null || typeof source !== 'object') {
    return undefined;
  }
  if (Array.isArray(source)) {
    const values = source.map((item) => readSourceField(item, path)).filter((v) => v !== undefined);
    return values.length === 0 ? undefined : values.length === 1 ? values[0] : values.flat();
  }
  const record = source as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, path)) {
    return record[path];
  }
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const head = path.slice(0, dot);
    if (Object.prototype.hasOwnProperty.call(record, head)) {
      const found = readSourceField(record[head], path.slice(dot + 1));
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

/**
 * A reader for one field, compiled once: the common shapes (nested objects, then a dotted key)
 * are tried first without re-splitting the path for every hit; anything else falls back to
 * readSourceField.
 */
export function sourceFieldReader(path: string): (source: unknown) => unknown {
  const parts = path.split('.');
  const dotted = parts.length > 1;
  return (source) => {
    // An exact dotted key wins, as in readSourceField.
    if (dotted && source !== null && typeof source === 'object' && Object.prototype.hasOwnProperty.call(source, path)) {
      return (source as Record<string, unknown>)[path];
    }
    let value: unknown = source;
    for (let i = 0; i < parts.length; i++) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return readSourceField(source, path);
      }
      value = (value as Record<string, unknown>)[parts[i]];
      if (value === undefined) {
        return readSourceField(source, path);
      }
    }
    return value;
  };
}

/** A display string for any `_source` value: arrays joined, objects as JSON, nothing as ''. */
export function sourceValueText(value: unknown, separator = ', '): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
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

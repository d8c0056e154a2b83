import type { estypes } from '@elastic/elasticsearch';

/** The part of a `_field_caps` answer that detection reads; Elasticsearch and OpenSearch answer alike. */
export type FieldCapsAnswer = Pick<estypes.FieldCapsResponse, 'indices' | 'fields'>;

/** What a setting needs of a field's type: a date to sort, text to search words in, keywords to aggregate. */
export type TypeFamily = 'date' | 'text' | 'keyword' | 'number' | 'other';

const FAMILIES: Record<string, TypeFamily> = {
  date: 'date',
  date_nanos: 'date',
  text: 'text',
  match_only_text: 'text',
  keyword: 'keyword',
  constant_keyword: 'keyword',
  wildcard: 'keyword',
  long: 'number',
  integer: 'number',
  short: 'number',
  byte: 'number',
  unsigned_long: 'number',
};

function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The fields of a `_field_caps` answer, by name. */
export interface FieldCatalog {
  /** The concrete indices the answer covers (backing indices for a data stream). */
  readonly indices: string[];
  /** Every field name of the answer, objects included. */
  readonly names: string[];
  /** The field's mapped types (`unmapped` left out); none when no index maps it. */
  types(field: string): string[];
  /** Whether some index maps the field as one of these families. */
  hasFamily(field: string, families: readonly TypeFamily[]): boolean;
  /**
   * The indices known to map the field. The answer lists them only where they differ (a field with
   * two types, or `include_unmapped`); otherwise undefined: every index that maps it, which is unknown.
   */
  indicesOf(field: string): string[] | undefined;
}

export function fieldCatalog(caps: FieldCapsAnswer): FieldCatalog {
  const indices = listOf(caps.indices);
  const fields = caps.fields ?? {};
  // Only own entries: a field named `constructor` must not read Object's prototype. (No Object.hasOwn:
  // the Go backend's JavaScript engine may lack it.)
  const entriesOf = (field: string) =>
    Object.prototype.hasOwnProperty.call(fields, field) ? Object.entries(fields[field]) : [];
  const mapped = (field: string) => entriesOf(field).filter(([type]) => type !== 'unmapped');
  return {
    indices,
    names: Object.keys(fields),
    types: (field) => mapped(field).map(([type]) => type),
    hasFamily: (field, families) => mapped(field).some(([type]) => families.includes(FAMILIES[type] ?? 'other')),
    indicesOf: (field) => {
      const listed = mapped(field).flatMap(([, cap]) => listOf(cap.indices));
      if (listed.length) {
        return [...new Set(listed)];
      }
      const unmapped = entriesOf(field).find(([type]) => type === 'unmapped');
      const without = listOf(unmapped?.[1].indices);
      return without.length ? indices.filter((index) => !without.includes(index)) : undefined;
    },
  };
}

/**
 * An index pattern that covers an index and its siblings, from the name alone:
 * - a data stream's backing index (`.ds-<stream>-<yyyy.MM.dd>-<generation>`) stands for its stream;
 * - Elastic's OTel-native streams (`logs-<dataset>.otel-<namespace>`) give `logs-*.otel-*`, the
 *   pattern of their index template (elastic/elasticsearch logs-otel@template.yaml);
 * - a trailing date (`app-2026.11.27`, `app-2026-11`) or rollover number (`logs-otel-v1-000001`)
 *   becomes `*`.
 */
export function indexPatternOf(index: string): string {
  const stream = /^\.ds-(.+)-\d{4}\.\d{2}\.\d{2}-\d+$/.exec(index)?.[1] ?? index;
  if (/^logs-[^-]+\.otel-/.test(stream)) {
    return 'logs-*.otel-*';
  }
  return stream.replace(/([-_.])\d{4}(?:[-_.]\d{2}){0,2}$/, '$1*').replace(/([-_.])\d+$/, '$1*');
}

/** The patterns of some indices, once each, in the order first seen, comma-joined as the settings take them. */
export function indexPatternFor(indices: readonly string[]): string {
  return [...new Set(indices.map(indexPatternOf))].join(',');
}

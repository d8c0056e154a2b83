import type { DataFrame, Field } from '@grafana/data';
import { LOG_LINES, parseLogsFrame, type LogRow } from './logRows';

/**
 * Which entries Grafana's log details list for a row, read in grafana/grafana:
 * - public/app/features/logs/components/logParser.ts `getAllFields` → `getDataframeFields` →
 *   `getNonEmptyVisibleFields`: a field is a candidate unless its value at the row is null or
 *   undefined (`== null`; '' stays) or `config.custom.hidden` is set; it is visible when it has
 *   `config.links` or is one of logsFrame.ts's extra fields or the severity field. Each candidate is
 *   one entry keyed by `field.name` (never `config.displayName`), its value the string or number as
 *   text, anything else JSON; its links come from the view's getFieldLinks.
 * - 11.0 public/app/features/logs/components/LogDetails.tsx and 12.x/13.x
 *   components/panel/LogLineDetailsComponent.tsx: entries whose links came back non-empty are listed
 *   under "Links" (the body field's own links apart); entries without links are listed under
 *   "Fields" only for frames that are NOT `DataFrameType.LogLines` — "for LogLines frames
 *   (dataplane) we don't want to show any additional fields besides already extracted labels and
 *   links". Labels (the row's `labels`, sorted by key) are always listed.
 * The rule is the same in 11.0, 12.4 and 13.x.
 */

export interface DetailLink {
  title: string;
  href: string;
  target?: string;
}

/** A view's link builder (Explore and the Logs panel: getFieldLinksForExplore, see exploreLinks.ts). */
export type GetFieldLinks = (field: Field, rowIndex: number, frame: DataFrame) => DetailLink[];

export interface DetailEntry {
  key: string;
  value: string;
  links: DetailLink[];
  fieldIndex: number;
}

export interface LogDetailsList {
  labels: Array<{ key: string; value: string }>;
  /** "Fields": entries without links (always empty for LogLines frames) */
  fields: DetailEntry[];
  /** "Links": entries with at least one link */
  links: DetailEntry[];
}

function valueText(value: unknown): string {
  // logParser.ts: strings and numbers as text, anything else through safeStringifyValue.
  if (typeof value === 'string' || typeof value === 'number') {
    return value.toString();
  }
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** logParser.ts getAllFields: the candidate entries of a row, with their links. */
export function detailCandidates(row: LogRow, getFieldLinks?: GetFieldLinks): DetailEntry[] {
  const frame = row.dataFrame;
  const parsed = parseLogsFrame(frame);
  const visible = new Set(parsed ? parsed.extraFields.map((f) => f.index) : []);
  if (parsed?.severityField) {
    visible.add(parsed.severityField.index);
  }
  const entries: DetailEntry[] = [];
  frame.fields.forEach((field, index) => {
    const value = field.values[row.rowIndex];
    if (value == null || field.config.custom?.hidden) {
      return;
    }
    if ((field.config.links?.length ?? 0) > 0 || visible.has(index)) {
      entries.push({
        key: field.name,
        value: valueText(value),
        links: getFieldLinks ? getFieldLinks(field, row.rowIndex, frame) : [],
        fieldIndex: index,
      });
    }
  });
  return entries;
}

/** What log details list for a row: labels, fields and links (see above). */
export function logDetails(row: LogRow, getFieldLinks?: GetFieldLinks): LogDetailsList {
  const candidates = detailCandidates(row, getFieldLinks);
  const isLogLines = row.dataFrame.meta?.type === LOG_LINES;
  return {
    labels: Object.keys(row.labels)
      .sort()
      .map((key) => ({ key, value: row.labels[key] })),
    fields: isLogLines ? [] : candidates.filter((c) => c.links.length === 0 && c.fieldIndex !== row.entryFieldIndex),
    // The body's own links become per-variable rows (createLogLineLinks); no frame of this plugin links its body.
    links: candidates.filter((c) => c.links.length > 0 && c.fieldIndex !== row.entryFieldIndex),
  };
}

/** Every key log details show for a row with a value, labels first: what a user can read there. */
export function detailValues(details: LogDetailsList): Array<{ key: string; value: string }> {
  return [
    ...details.labels,
    ...details.fields.map(({ key, value }) => ({ key, value })),
    ...details.links.map(({ key, value }) => ({ key, value })),
  ];
}

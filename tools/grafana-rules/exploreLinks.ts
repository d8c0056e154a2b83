import type { DataFrame, DataLink, Field } from '@grafana/data';
import type { DetailLink } from './logDetails';
import { LOG_LINES, parseLogsFrame } from './logRows';
import { formatValue, readPath, VARIABLE_REGEX, variableReferences } from './templateFormats';

/**
 * Data links as Explore and the Logs panel build them, read in grafana/grafana
 * public/app/features/explore/utils/links.ts `getFieldLinksForExplore` (11.0 to 13.x):
 * - scoped variables: `__value` = { raw: the row's value }, `__data` = { name, refId, fields: the
 *   display values proxy }, for LogLines frames each label of the row by its name, and each field by
 *   its name (its display value);
 * - a link is dropped unless every variable it names is found (`getVariableUsageInfo`; a value
 *   of null or undefined is not found, '' is; built-ins such as `__from` do not count);
 * - external links go through `getLinkSrv().getDataLinkUIModel(link, replace, field)`
 *   (public/app/features/panel/panellinks/link_srv.ts): href = assureBaseUrl(url without newlines),
 *   interpolated by `replace`, then `textUtil.sanitizeUrl`. `replace` is
 *   `(value, vars) => getTemplateSrv().replace(value, {...})`: it takes no format, so the
 *   `VariableFormatID.UriEncode` that newer link_srv passes is dropped and values are interpolated
 *   with the template service's default (glob): NOT URI-encoded, unlike the dashboard path
 *   (getLinksSupplier in @grafana/data). An empty title becomes the href's host; the target
 *   defaults to `_blank`.
 * - internal links (to another data source) go through @grafana/data's `mapInternalLinkToExplore`,
 *   passed in by the caller so that the host's own code runs.
 */

/** What the host provides: its own sanitizeUrl and, for internal links, mapInternalLinkToExplore. */
export interface ExploreLinkHost {
  sanitizeUrl(url: string): string;
  /** @grafana/data's getFieldDisplayValuesProxy, for `${__data.fields.x}` and `${fieldName}` */
  getFieldDisplayValuesProxy?(options: { frame: DataFrame; rowIndex: number }): Record<string, unknown>;
  /** an internal link's href as Explore builds it (mapInternalLinkToExplore) */
  internalLinkHref?(link: DataLink, interpolate: (text: string) => string): string;
  /** `${__url_time_range}` of the view's range */
  urlTimeRange?: string;
}

type ScopedValues = Record<string, { value: unknown; text?: string }>;

const BUILT_IN = new Set([
  '__from',
  '__to',
  '__interval',
  '__interval_ms',
  '__org',
  '__user',
  '__range',
  '__rate_interval',
  '__timeFilter',
  'timeFilter',
]);

function scopedVariables(field: Field, rowIndex: number, frame: DataFrame, host: ExploreLinkHost): ScopedValues {
  const vars: ScopedValues = { __value: { value: { raw: field.values[rowIndex] }, text: 'Raw value' } };
  const proxy = host.getFieldDisplayValuesProxy?.({ frame, rowIndex });
  vars.__data = { value: { name: frame.name, refId: frame.refId, fields: proxy ?? {} } };
  if (frame.meta?.type === LOG_LINES) {
    const labels = parseLogsFrame(frame)?.labelsField?.field.values[rowIndex] as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(labels ?? {})) {
      vars[key] = { value };
    }
  }
  if (proxy) {
    for (const f of frame.fields) {
      if (proxy[f.name]) {
        vars[f.name] = { value: proxy[f.name] };
      }
    }
  }
  return vars;
}

function lookup(vars: ScopedValues, name: string, fieldPath: string | undefined): unknown {
  const scoped = vars[name];
  if (!scoped) {
    return undefined;
  }
  return fieldPath ? readPath(scoped.value, fieldPath) : scoped.value;
}

/** template_srv replace with scoped variables; unknown variables stay as written. */
function interpolate(text: string, vars: ScopedValues, host: ExploreLinkHost): string {
  return text.replace(VARIABLE_REGEX, (match) => {
    const [ref] = variableReferences(match);
    if (ref.name === '__url_time_range' && host.urlTimeRange !== undefined) {
      return host.urlTimeRange;
    }
    const value = lookup(vars, ref.name, ref.fieldPath);
    return value === null || value === undefined ? match : formatValue(value, ref.format);
  });
}

function allVariablesFound(link: DataLink, vars: ScopedValues, host: ExploreLinkHost): boolean {
  // getStringsFromObject: every string of the link, nested ones (an internal query) included.
  const strings: string[] = [];
  const collect = (o: unknown) => {
    for (const v of Object.values((o ?? {}) as Record<string, unknown>)) {
      if (typeof v === 'string') {
        strings.push(v);
      } else if (v && typeof v === 'object') {
        collect(v);
      }
    }
  };
  collect(link);
  return variableReferences(strings.join(' '))
    .filter((ref) => !BUILT_IN.has(ref.name))
    .every((ref) => {
      if (ref.name === '__url_time_range') {
        return host.urlTimeRange !== undefined;
      }
      const value = lookup(vars, ref.name, ref.fieldPath);
      return value !== null && value !== undefined;
    });
}

function titleFromHref(href: string): string {
  // links.ts getTitleFromHref: the host name, or the href itself when it does not parse.
  try {
    return new URL(href.indexOf('://') < 0 ? `http://${href}` : href).hostname;
  } catch {
    return href;
  }
}

/** getFieldLinksForExplore for one field of one row. */
export function exploreFieldLinks(
  field: Field,
  rowIndex: number,
  frame: DataFrame,
  host: ExploreLinkHost
): DetailLink[] {
  const vars = scopedVariables(field, rowIndex, frame, host);
  return (field.config.links ?? []).flatMap((link): DetailLink[] => {
    if (!allVariablesFound(link, vars, host)) {
      return [];
    }
    const replace = (text: string) => interpolate(text, vars, host);
    if (link.internal) {
      return host.internalLinkHref
        ? [{ title: replace(link.title ?? ''), href: host.internalLinkHref(link, replace) }]
        : [];
    }
    const href = host.sanitizeUrl(replace(link.url.replace(/\n/g, '')));
    const target = link.targetBlank !== undefined ? (link.targetBlank ? '_blank' : '_self') : '_blank';
    return [{ title: replace(link.title ?? '') || titleFromHref(href), href, target }];
  });
}

/** A GetFieldLinks for log details on the Explore path. */
export function exploreLinkSupplier(host: ExploreLinkHost) {
  return (field: Field, rowIndex: number, frame: DataFrame) => exploreFieldLinks(field, rowIndex, frame, host);
}

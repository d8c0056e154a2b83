import {
  classicColors,
  dateTime,
  findHighlightChunksInText,
  getFieldDisplayValuesProxy,
  LogLevel,
  mapInternalLinkToExplore,
  textUtil,
  type DataLink,
  type Field,
} from '@grafana/data';
import { exploreLinkSupplier, type ExploreLinkHost } from './exploreLinks';
import type { FindHighlightChunks } from './highlight';
import type { LogLevelEnum } from './logsVolume';

/**
 * The rules bound to the @grafana/data the page runs: in the preview each host line's build
 * resolves this import to that line's package (tools/preview/webpack.host.js), so every rule that
 * Grafana implements in @grafana/data runs the host's own code.
 */

export const hostFindHighlightChunks: FindHighlightChunks = findHighlightChunksInText as FindHighlightChunks;

export const hostLogLevels = LogLevel as unknown as LogLevelEnum;

export const hostColors: string[] = classicColors;

/** The Explore path's link host for a view over [fromMs, toMs]. */
export function exploreLinkHost(range: { fromMs: number; toMs: number }): ExploreLinkHost {
  return {
    sanitizeUrl: textUtil.sanitizeUrl,
    getFieldDisplayValuesProxy: (options) => getFieldDisplayValuesProxy(options) as Record<string, unknown>,
    urlTimeRange: `from=${range.fromMs}&to=${range.toMs}`,
    // links.ts: internal links go through mapInternalLinkToExplore with the template service.
    internalLinkHref: (link: DataLink, interpolate) =>
      mapInternalLinkToExplore({
        link,
        internalLink: link.internal!,
        scopedVars: {},
        range: {
          from: dateTime(range.fromMs),
          to: dateTime(range.toMs),
          raw: { from: dateTime(range.fromMs), to: dateTime(range.toMs) },
        },
        field: {} as Field,
        replaceVariables: (text: string) => interpolate(text),
      }).href,
  };
}

/** getFieldLinksForExplore bound to the host, for log details. */
export function hostExploreLinks(range: { fromMs: number; toMs: number }) {
  return exploreLinkSupplier(exploreLinkHost(range));
}

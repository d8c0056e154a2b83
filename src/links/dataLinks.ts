import type { DataLink } from '@grafana/data';
import { isHttpUrl } from '../replay/replayUrlAt';
import type { DataLinkSetting, ResolvedDataLink } from '../types';

/**
 * Configured data links: a field name or /regex/ to match, and an external URL or an internal link
 * to another data source. A link whose matcher or target cannot be right is left out of the
 * panels (and reported in the editor), never built.
 */

/** Why a configured link cannot be used, or undefined. */
export function dataLinkProblem(link: DataLinkSetting): string | undefined {
  const field = link.field?.trim() ?? '';
  if (!field) {
    return 'Name the field the link is for, or a /regular expression/ of field names.';
  }
  if (/^\/.*\/$/.test(field)) {
    try {
      new RegExp(field.slice(1, -1));
    } catch (e) {
      return `The field pattern is not a valid regular expression: ${(e as Error).message}.`;
    }
  }
  if (link.datasourceUid !== undefined && !link.datasourceUid.trim()) {
    return 'Enter the uid of the data source to link to (in its settings page URL).';
  }
  const url = link.url?.trim() ?? '';
  if (!url) {
    return link.datasourceUid ? 'Enter the query for the linked data source, e.g. ${__value.raw}.' : 'Enter the URL.';
  }
  if (!link.datasourceUid && !isHttpUrl(url) && !url.startsWith('/')) {
    return 'The URL must start with http://, https:// or / (a Grafana path).';
  }
  return undefined;
}

/** The usable links, with their matchers compiled once. */
export function resolveDataLinks(links: DataLinkSetting[] | undefined): ResolvedDataLink[] {
  return (links ?? [])
    .filter((link) => !dataLinkProblem(link))
    .map((link) => {
      const field = link.field.trim();
      const pattern = /^\/.*\/$/.test(field) ? new RegExp(field.slice(1, -1)) : undefined;
      const datasourceUid = link.datasourceUid?.trim() || undefined;
      return {
        matches: pattern ? (name: string) => pattern.test(name) : (name: string) => name === field,
        title: link.title?.trim() || (datasourceUid ? `Open in ${datasourceUid}` : 'Open link'),
        url: link.url.trim(),
        datasourceUid,
      };
    });
}

/** The Grafana data links of a field: external URLs as they are, internal ones as queries. */
export function linksForField(fieldName: string, links: ResolvedDataLink[]): DataLink[] {
  return links
    .filter((link) => link.matches(fieldName))
    .map((link) =>
      link.datasourceUid
        ? {
            title: link.title,
            url: '',
            internal: {
              datasourceUid: link.datasourceUid,
              datasourceName: link.datasourceUid,
              query: { query: link.url },
            },
          }
        : { title: link.title, url: withUriEncoding(link.url), targetBlank: true }
    );
}

/**
 * A link URL whose variables say how to encode their values. Grafana URI-encodes values on the
 * dashboard path (getLinksSupplier asks for `uriencode`) but not in Explore and the Logs panel
 * (public/app/features/explore/utils/links.ts getFieldLinksForExplore interpolates without a format),
 * so `?q=${__value.raw}` broke there on `&`, `#` or `+`. A variable's own format wins on both paths.
 * Variables that already give a format, and those that expand to URL syntax themselves
 * (`__url_time_range`, `__all_variables`), are left as they are.
 */
export function withUriEncoding(url: string): string {
  return url.replace(/\$\{([^}:]+)\}/g, (whole, name: string) =>
    /^__(url_time_range|all_variables)$/.test(name) ? whole : `\${${name}:uriencode}`
  );
}

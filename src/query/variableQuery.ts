import type { ResolvedSettings, SessionErrorsVariableQuery } from '../types';

/** What a dashboard variable can list: `sessions`, `services`, `levels`, or `field:<keyword field>`. */
export type VariableTarget = { kind: 'sessions' | 'services' | 'levels' | 'field'; field: string; filter?: string };

export const VARIABLE_QUERY_HELP =
  'Use "sessions", "services", "levels" or "field:<keyword field>", optionally followed by "| <Lucene filter>", e.g. "sessions | service.name:checkout".';

/** Grafana's TemplateSrv.replace, as far as variable queries need it. */
export type ReplaceVariables = (text: string, scopedVars?: undefined, format?: string) => string;

/**
 * Interpolates a variable query: dashboard variables in the Lucene filter after `|` with Grafana's
 * `lucene` format (values escaped, several values as a quoted OR group), so that a multi-value
 * variable (`sessions | service.name:$service`) stays valid Lucene and cannot widen the filter.
 */
export function interpolateVariableQuery(text: string, replace: ReplaceVariables): string {
  const bar = text.indexOf('|');
  if (bar < 0) {
    return replace(text);
  }
  return `${replace(text.slice(0, bar))}|${replace(text.slice(bar + 1), undefined, 'lucene')}`;
}

/** Parses a variable query such as `sessions | service.name:checkout`. */
export function parseVariableQuery(
  text: string,
  settings: ResolvedSettings
): { ok: true; target: VariableTarget } | { ok: false; error: string } {
  const [head, ...rest] = (text ?? '').split('|');
  const filter = rest.join('|').trim() || undefined;
  const word = head.trim();
  const lower = word.toLowerCase();
  if (lower === 'sessions' || lower === 'session') {
    if (!settings.sessionField) {
      return {
        ok: false,
        error: 'Listing sessions needs a session id field (a keyword, e.g. session.id) in the data source settings.',
      };
    }
    return { ok: true, target: { kind: 'sessions', field: settings.sessionField, filter } };
  }
  if (lower === 'services' || lower === 'service') {
    return { ok: true, target: { kind: 'services', field: settings.serviceField, filter } };
  }
  if (lower === 'levels' || lower === 'level') {
    return { ok: true, target: { kind: 'levels', field: settings.levelField, filter } };
  }
  const field = /^field:\s*([A-Za-z0-9_@.-]+)$/i.exec(word);
  if (field) {
    return { ok: true, target: { kind: 'field', field: field[1], filter } };
  }
  return { ok: false, error: `"${word}" is not a variable query. ${VARIABLE_QUERY_HELP}` };
}

/** The text form of a variable query, which older dashboards saved and the runner parses. */
export function variableQueryText(query: SessionErrorsVariableQuery | string | undefined): string {
  if (typeof query === 'string' || query === undefined) {
    return query ?? '';
  }
  const head = query.kind === 'field' ? `field:${query.field ?? ''}` : query.kind;
  return query.filter?.trim() ? `${head} | ${query.filter.trim()}` : head;
}

/** A saved variable query as the editor shows it: text from older dashboards is read into its parts. */
export function variableQueryFromText(
  query: SessionErrorsVariableQuery | string | undefined
): SessionErrorsVariableQuery {
  if (typeof query === 'object' && query) {
    return query;
  }
  const [head, ...rest] = (query ?? '').split('|');
  const filter = rest.join('|').trim() || undefined;
  const word = head.trim().toLowerCase();
  const field = /^field:\s*(\S*)$/i.exec(head.trim());
  const kind = field
    ? 'field'
    : word.startsWith('service')
      ? 'services'
      : word.startsWith('level')
        ? 'levels'
        : 'sessions';
  return { refId: 'variable', kind, ...(field ? { field: field[1] } : {}), ...(filter ? { filter } : {}) };
}

import { validateSessionId } from '../session/sessionId';
import type { ResolvedSettings, SessionErrorsQuery } from '../types';

/**
 * "Filter for value" and "Filter out value" from Explore's log details and labels. A filter is a
 * clause ANDed to the query's Lucene filter, `field:"value"` or `-field:"value"`, with the field name
 * and the value escaped: a click can only narrow what the query finds, never widen it. The session
 * label is special: filtering for it switches the query to that session.
 */

/** The session label of a log line (toLogsFrame's `session_id`). */
export const SESSION_LABEL = 'session_id';

/** Lucene escapes for a field name: every character the query parser gives a meaning to. */
export function luceneField(name: string): string {
  return name.replace(/[+\-=&|><!(){}[\]^"~*?:\\/\s]/g, '\\$&');
}

/** A quoted Lucene phrase: only the backslash and the quote need escaping inside it. */
export function lucenePhrase(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** The session-clock label of a log line (toLogsFrame's `session_time`): a place in the replay, no field. */
export const SESSION_TIME_KEY = 'session_time';

/** The field a log label or a detail field stands for; none for the session clock, which no field holds. */
export function filterField(key: string, settings: ResolvedSettings): string | undefined {
  switch (key) {
    case SESSION_TIME_KEY:
      return undefined;
    case 'service':
      return settings.serviceField;
    case 'host':
      return settings.hostField;
    case 'level':
    case 'severity':
      return settings.levelField;
    default:
      return key;
  }
}

export function filterClause(field: string, value: string, negate: boolean): string {
  return `${negate ? '-' : ''}${luceneField(field)}:${lucenePhrase(value)}`;
}

/**
 * The bracket depth of each character of a filter as Lucene's parser groups it, or null for a
 * character inside a quoted phrase or escaped: only characters at depth 0 can be operators.
 */
function groupingDepths(filter: string): Array<number | null> {
  let depth = 0;
  let quoted = false;
  let escaped = false;
  return filter.split('').map((c) => {
    if (escaped) {
      escaped = false;
      return null;
    }
    if (c === '\\') {
      escaped = true;
      return null;
    }
    if (c === '"') {
      quoted = !quoted;
      return null;
    }
    if (quoted) {
      return null;
    }
    if ('([{'.includes(c)) {
      return depth++;
    }
    if (')]}'.includes(c)) {
      return --depth;
    }
    return depth;
  });
}

/** The top-level conjuncts of a filter (`a AND b`); parenthesised parts stay whole. */
function conjuncts(filter: string): string[] {
  const depths = groupingDepths(filter);
  const parts: string[] = [];
  let start = 0;
  depths.forEach((depth, i) => {
    // An AND that begins inside the one just split at (`a AND AND b`) is the user's word, not a split.
    if (depth === 0 && i >= start && filter.startsWith(' AND ', i)) {
      parts.push(filter.slice(start, i).trim());
      start = i + 5;
    }
  });
  parts.push(filter.slice(start).trim());
  return parts.filter(Boolean);
}

/**
 * Whether a conjunct reads the same with `AND x` after it: no operator and no implicit OR at its top
 * level, as in a single clause or one bracket pair around all of it. `(a) OR (b)` starts with a
 * bracket and is neither; `a b` is an implicit OR (query_string's default operator).
 */
function isSelfContained(part: string): boolean {
  const depths = groupingDepths(part);
  return !depths.some((depth, i) => depth === 0 && /[\s|&]/.test(part[i]));
}

function joinConjuncts(parts: string[]): string {
  return parts.join(' AND ');
}

function withClause(filter: string, clause: string): string {
  const trimmed = filter.trim();
  const parts = conjuncts(trimmed);
  // `a OR b AND c` would not mean (a OR b) AND c: a filter of one conjunct that is not self-contained
  // is kept whole in brackets. With several conjuncts, the top-level ANDs already bind every part.
  const safe = parts.length === 1 && !isSelfContained(trimmed) ? [`(${trimmed})`] : parts;
  return joinConjuncts([...safe, clause]);
}

function withoutClause(filter: string, clause: string): string {
  return joinConjuncts(conjuncts(filter).filter((part) => part !== clause));
}

export interface FilterRequest {
  key: string;
  value: string;
}

/** Whether the query already filters for (or, with `negate`, out) this key and value. */
export function queryHasFilter(
  query: SessionErrorsQuery,
  { key, value }: FilterRequest,
  settings: ResolvedSettings,
  negate = false
): boolean {
  if (key === SESSION_LABEL && !negate) {
    return query.mode === 'session' && query.sessionId === value;
  }
  const clauses = labelFilterClauses(key, value, settings);
  return !!clauses && conjuncts(query.filter ?? '').includes(negate ? clauses.out : clauses.for);
}

/**
 * The clauses filtering for and out a log label's value, or undefined for a label no field holds.
 * The session label is in every session field (a line's id is read from the first that has one):
 * filtering it out leaves out every field's lines of it.
 */
function labelFilterClauses(
  key: string,
  value: string,
  settings: ResolvedSettings
): { for: string; out: string } | undefined {
  if (key === SESSION_LABEL && settings.sessionFields.length > 1) {
    const either = `(${settings.sessionFields.map((field) => filterClause(field, value, false)).join(' OR ')})`;
    return { for: either, out: `-${either}` };
  }
  const field = key === SESSION_LABEL ? settings.sessionField : filterField(key, settings);
  return field ? { for: filterClause(field, value, false), out: filterClause(field, value, true) } : undefined;
}

/**
 * Toggles a filter, as Grafana asks of `toggleQueryFilter`: present, it is removed; its opposite
 * present, it is replaced; otherwise it is added.
 */
export function toggleQueryFilter(
  query: SessionErrorsQuery,
  type: 'FILTER_FOR' | 'FILTER_OUT',
  request: FilterRequest,
  settings: ResolvedSettings
): SessionErrorsQuery {
  const negate = type === 'FILTER_OUT';
  if (request.key === SESSION_LABEL && !negate) {
    if (queryHasFilter(query, request, settings)) {
      return { ...query, mode: 'range' };
    }
    // Only a valid id becomes the session searched for.
    return validateSessionId(request.value).ok ? { ...query, mode: 'session', sessionId: request.value } : query;
  }
  const clauses = labelFilterClauses(request.key, request.value, settings);
  if (!clauses) {
    return query;
  }
  const [clause, opposite] = negate ? [clauses.out, clauses.for] : [clauses.for, clauses.out];
  const filter = query.filter ?? '';
  if (conjuncts(filter).includes(clause)) {
    return { ...query, filter: withoutClause(filter, clause) };
  }
  return { ...query, filter: withClause(withoutClause(filter, opposite), clause) };
}

/** Adds a filter unless it is there (Grafana's older `modifyQuery` actions). */
export function addQueryFilter(
  query: SessionErrorsQuery,
  type: 'FILTER_FOR' | 'FILTER_OUT',
  request: FilterRequest,
  settings: ResolvedSettings
): SessionErrorsQuery {
  return queryHasFilter(query, request, settings, type === 'FILTER_OUT')
    ? query
    : toggleQueryFilter(query, type, request, settings);
}

/** One ad hoc filter as a Lucene clause, or undefined for an operator this data source does not have. */
export function adHocLuceneClause(key: string, operator: string, value: string): string | undefined {
  const field = luceneField(key);
  const regex = `/${value.replace(/\//g, '\\/')}/`;
  switch (operator) {
    case '=':
      return filterClause(key, value, false);
    case '!=':
      return filterClause(key, value, true);
    case '=~':
      return `${field}:${regex}`;
    case '!~':
      return `-${field}:${regex}`;
    case '<':
      return `${field}:{* TO ${lucenePhrase(value)}}`;
    case '>':
      return `${field}:{${lucenePhrase(value)} TO *}`;
  }
  return undefined;
}

/**
 * A query's filter with a dashboard's ad hoc filters ANDed in, for Explore: opened from a panel, the
 * query keeps the filters it ran with, written out where the user can see and change them.
 */
export function withAdHocFilters(
  filter: string | undefined,
  filters: ReadonlyArray<{ key: string; operator: string; value: string }> | undefined
): string | undefined {
  let result = filter ?? '';
  for (const { key, operator, value } of filters ?? []) {
    const clause = key ? adHocLuceneClause(key, operator, value) : undefined;
    if (clause && !conjuncts(result).includes(clause)) {
      result = withClause(result, clause);
    }
  }
  return result || filter;
}

import type { AdHocVariableFilter } from '@grafana/data';
import type { Query } from './buildSessionErrorsQuery';

/** The ad hoc operators this data source turns into clauses. */
export const AD_HOC_OPERATORS = ['=', '!=', '=~', '!~', '<', '>'] as const;

/**
 * The filters that can narrow value suggestions: every supported one. An unsupported operator makes
 * a query fail (below), but for suggestions it is only left out, so the other filters still apply.
 */
export function suggestionFilters(filters: readonly AdHocVariableFilter[] | undefined): AdHocVariableFilter[] {
  return (filters ?? []).filter((f) => (AD_HOC_OPERATORS as readonly string[]).includes(f.operator));
}

/**
 * Grafana ad hoc filters as filter-context clauses: `=` and `!=` as term queries, `=~` and `!~` as
 * regexp queries, `<` and `>` as ranges. Keys must be keyword (or numeric) fields.
 */
export function adHocFilterClauses(
  filters: readonly AdHocVariableFilter[] | undefined
): { ok: true; clauses: Query[] } | { ok: false; error: string } {
  const clauses: Query[] = [];
  for (const { key, operator, value } of filters ?? []) {
    if (!key) {
      continue;
    }
    switch (operator) {
      case '=':
        clauses.push({ term: { [key]: value } });
        break;
      case '!=':
        clauses.push({ bool: { must_not: [{ term: { [key]: value } }] } });
        break;
      case '=~':
        clauses.push({ regexp: { [key]: value } });
        break;
      case '!~':
        clauses.push({ bool: { must_not: [{ regexp: { [key]: value } }] } });
        break;
      case '<':
        clauses.push({ range: { [key]: { lt: value } } });
        break;
      case '>':
        clauses.push({ range: { [key]: { gt: value } } });
        break;
      default:
        // Skipping a filter would widen the results: refuse instead.
        return {
          ok: false,
          error: `The ad hoc filter operator "${operator}" on ${key} is not supported: use =, !=, =~, !~, < or >.`,
        };
    }
  }
  return { ok: true, clauses };
}

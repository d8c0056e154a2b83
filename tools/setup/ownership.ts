/**
 * What the setup tool may overwrite. It writes one index template and one ingest pipeline, marked as
 * its own; it never replaces someone else's, and never takes over indices that another template is
 * meant for, unless told to with --force.
 */

export const MANAGED_BY = 'sessionreplay-errors-setup';
/** Pipelines carry no `_meta` on every engine version: the description marks them instead. */
export const PIPELINE_MARK = `[managed by ${MANAGED_BY}]`;

export interface ExistingTemplate {
  name: string;
  index_patterns: string[];
  priority?: number;
  _meta?: Record<string, unknown>;
}

export function isOurTemplate(template: ExistingTemplate): boolean {
  return template._meta?.managed_by === MANAGED_BY;
}

/** Whether some index name matches both patterns (`*` matches any run of characters, also none). */
export function patternsOverlap(a: string, b: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) {
      return known;
    }
    let result: boolean;
    if (i === a.length && j === b.length) {
      result = true;
    } else if (a[i] === '*') {
      result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    } else if (b[j] === '*') {
      result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    } else {
      result = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** The fixed start of a pattern, up to its first wildcard. */
function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  return star < 0 ? pattern : pattern.slice(0, star);
}

/**
 * Templates that our template (at `priority`, higher wins) would take indices from. An overlap is
 * fine when our pattern is strictly more specific: its fixed prefix extends theirs, so we only take
 * indices named for us (`logs-sessionreplay-*` inside Elasticsearch's `logs-*-*`). A pattern as broad
 * as theirs (`logs-*`) would capture every index they are meant for: that is a conflict.
 */
export function templateConflicts(
  ours: { name: string; patterns: string[]; priority: number },
  existing: ExistingTemplate[]
): string[] {
  const conflicts: string[] = [];
  for (const template of existing) {
    if (template.name === ours.name) {
      if (!isOurTemplate(template)) {
        conflicts.push(`an index template named "${template.name}" exists and was not written by this tool`);
      }
      continue;
    }
    for (const mine of ours.patterns) {
      const clash = template.index_patterns.find(
        (theirs) =>
          patternsOverlap(mine, theirs) &&
          !(
            literalPrefix(mine).startsWith(literalPrefix(theirs)) &&
            literalPrefix(mine).length > literalPrefix(theirs).length
          )
      );
      if (clash && (template.priority ?? 0) <= ours.priority) {
        conflicts.push(
          `"${mine}" would take over indices of the index template "${template.name}" (${clash}, priority ${template.priority ?? 0})`
        );
      }
    }
  }
  return conflicts;
}

/** Why an existing pipeline of our name must not be replaced, or undefined. */
export function pipelineConflict(name: string, existingDescription: string | undefined): string | undefined {
  return existingDescription === undefined || existingDescription.includes(PIPELINE_MARK)
    ? undefined
    : `an ingest pipeline named "${name}" exists and was not written by this tool`;
}

/** A URL without its user name and password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = parsed.username ? '***' : '';
      parsed.password = parsed.password ? '***' : '';
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}

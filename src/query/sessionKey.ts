import type { estypes } from '@elastic/elasticsearch';

/** Where terms and cardinality aggregations read a value from: one field, or a script. */
export type ValuesSource = { field: string } | { script: estypes.Script };

/**
 * A line's session id as the aggregations read it: from the first session field that has one, the
 * way log lines read it (toLogsFrame). With one field, the field itself (doc values, no script).
 *
 * Several fields (ECS lines with `session.id` beside OTel lines with `attributes.session.id` under
 * one pattern) need a script: an aggregation reads one field, and counting each field apart would
 * lose sessions of all but one or count a session twice. `doc.containsKey` keeps an index without
 * one of the fields from failing its shards; a null return is a line without a session (the
 * engines' script values skip it).
 */
export function sessionKeySource(sessionFields: readonly string[]): ValuesSource | undefined {
  if (sessionFields.length <= 1) {
    return sessionFields[0] === undefined ? undefined : { field: sessionFields[0] };
  }
  return {
    script: {
      lang: 'painless',
      source: SESSION_KEY_SCRIPT,
      params: { fields: [...sessionFields] },
    },
  };
}

export const SESSION_KEY_SCRIPT =
  'for (def f : params.fields) { if (doc.containsKey(f) && doc[f].size() > 0) { return doc[f].value.toString(); } } return null;';

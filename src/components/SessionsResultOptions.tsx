import { Field, RadioButtonGroup } from '@grafana/ui';
import React from 'react';
import type { SessionErrorsQuery } from '../types';

type Patch = Pick<SessionErrorsQuery, 'sessionsResult'>;

const RESULT_OPTIONS: Array<{ label: string; value: NonNullable<Patch['sessionsResult']>; description: string }> = [
  { label: 'Table', value: 'table', description: 'One row a session, for dashboards' },
  { label: 'Alert count', value: 'count', description: 'How many sessions had errors, for alert rules' },
];

/** How Sessions with errors answer: the table, or their number, which Grafana's alerting evaluates. */
export function SessionsResultOptions({
  query,
  onChange,
}: {
  query: SessionErrorsQuery;
  onChange: (patch: Patch) => void;
}) {
  return (
    <Field label="Result">
      <RadioButtonGroup
        options={RESULT_OPTIONS}
        value={query.sessionsResult ?? 'table'}
        onChange={(sessionsResult) => onChange({ sessionsResult })}
      />
    </Field>
  );
}

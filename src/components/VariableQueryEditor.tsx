import React, { useState } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import type { DataSource } from '../datasource';
import { variableQueryFromText } from '../query/variableQuery';
import type { SessionErrorsOptions, SessionErrorsQuery, SessionErrorsVariableQuery } from '../types';

type Props = QueryEditorProps<DataSource, SessionErrorsQuery, SessionErrorsOptions, SessionErrorsVariableQuery>;

const KINDS: Array<{ label: string; value: SessionErrorsVariableQuery['kind']; description: string }> = [
  { label: 'Sessions', value: 'sessions', description: 'Sessions with lines in the range, latest first' },
  { label: 'Services', value: 'services', description: 'Values of the service field' },
  { label: 'Levels', value: 'levels', description: 'Values of the level field' },
  { label: 'Field values', value: 'field', description: 'Values of any keyword field' },
];

/** The editor of a dashboard variable of this data source. */
export function VariableQueryEditor({ query, onChange }: Props) {
  const current = variableQueryFromText(query as SessionErrorsVariableQuery | string);
  const [field, setField] = useState(current.field ?? '');
  const [filter, setFilter] = useState(current.filter ?? '');
  const save = (patch: Partial<SessionErrorsVariableQuery>) =>
    onChange({ ...current, ...patch } as SessionErrorsVariableQuery & SessionErrorsQuery);

  return (
    <Stack direction="column" gap={1}>
      <Field label="Values">
        <RadioButtonGroup options={KINDS} value={current.kind} onChange={(kind) => save({ kind })} />
      </Field>
      {current.kind === 'field' && (
        <Field label="Field" description="A keyword field, e.g. host.name">
          <Input
            aria-label="Variable field"
            width={30}
            value={field}
            onChange={(e) => setField(e.currentTarget.value)}
            onBlur={() => save({ field: field.trim() })}
          />
        </Field>
      )}
      <Field label="Filter" description="Optional Lucene filter, e.g. service.name:$service">
        <Input
          aria-label="Variable filter"
          width={60}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          onBlur={() => save({ filter: filter.trim() || undefined })}
        />
      </Field>
    </Stack>
  );
}

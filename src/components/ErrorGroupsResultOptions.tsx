import { Field, RadioButtonGroup, Stack, Switch } from '@grafana/ui';
import React from 'react';
import type { SessionErrorsQuery } from '../types';

type Patch = Pick<SessionErrorsQuery, 'groupsResult' | 'groupsValue' | 'newGroupsOnly' | 'replayLabel'>;

interface Props {
  query: SessionErrorsQuery;
  onChange: (patch: Patch) => void;
}

const RESULT_OPTIONS: Array<{ label: string; value: NonNullable<Patch['groupsResult']>; description: string }> = [
  { label: 'Table', value: 'table', description: 'One row a group, for dashboards' },
  { label: 'Alert values', value: 'values', description: 'One number a group, labelled with it, for alert rules' },
];

const VALUE_OPTIONS: Array<{ label: string; value: NonNullable<Patch['groupsValue']> }> = [
  { label: 'Sessions affected', value: 'sessions' },
  { label: 'Lines', value: 'lines' },
];

/** How Error groups answer: the table, or the numbers Grafana's alerting evaluates (one a group). */
export function ErrorGroupsResultOptions({ query, onChange }: Props) {
  const values = query.groupsResult === 'values';
  return (
    <Stack direction="row" gap={2} wrap="wrap">
      <Field label="Result">
        <RadioButtonGroup
          options={RESULT_OPTIONS}
          value={query.groupsResult ?? 'table'}
          onChange={(groupsResult) => onChange({ groupsResult })}
        />
      </Field>
      {values && (
        <>
          <Field label="Value">
            <RadioButtonGroup
              options={VALUE_OPTIONS}
              value={query.groupsValue ?? 'sessions'}
              onChange={(groupsValue) => onChange({ groupsValue })}
            />
          </Field>
          <Field label="New groups only" description="Not seen in the look-back before the range">
            <Switch
              aria-label="New groups only"
              value={query.newGroupsOnly ?? false}
              onChange={(e) => onChange({ newGroupsOnly: e.currentTarget.checked })}
            />
          </Field>
          <Field
            label="Replay link label"
            description="The latest affected session’s replay, for notifications; a new session makes a new alert instance"
          >
            <Switch
              aria-label="Replay link label"
              value={query.replayLabel ?? false}
              onChange={(e) => onChange({ replayLabel: e.currentTarget.checked })}
            />
          </Field>
        </>
      )}
    </Stack>
  );
}

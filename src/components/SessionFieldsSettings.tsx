import { Button, Field, Input, Stack } from '@grafana/ui';
import React from 'react';
import type { SessionErrorsOptions } from '../types';
import { withJsonData, type Options } from './optionsUpdate';

interface Props {
  options: Options;
  onOptionsChange: (options: Options) => void;
}

/** The fields as saved: the list, or the one field saved before lists; one empty row to type into. */
function savedFields(jsonData: SessionErrorsOptions): string[] {
  const saved = Array.isArray(jsonData.sessionFields)
    ? jsonData.sessionFields
    : jsonData.sessionField
      ? [jsonData.sessionField]
      : [];
  return saved.length ? saved : [''];
}

/**
 * The session id fields, one input a field, in the order a line's id is read from them. Saving the
 * list forgets the single `sessionField` of older versions, so the two never disagree.
 */
export function SessionFieldsSettings({ options, onOptionsChange }: Props) {
  const fields = savedFields(options.jsonData);
  const set = (next: string[]) =>
    onOptionsChange(withJsonData(options, { sessionFields: next, sessionField: undefined }));

  return (
    <Field
      label="Session id fields"
      description="Optional keyword fields holding the session id, e.g. session.id and attributes.session.id: a session is searched in all of them, and a line shows the id of the first that has one. Sessions with errors, error groups and the sessions variable count by the first."
    >
      <Stack direction="column" gap={1} alignItems="flex-start">
        {fields.map((field, i) => (
          <Stack key={i} direction="row" gap={1} alignItems="center">
            <Input
              width={52}
              aria-label={`Session id field ${i + 1}`}
              value={field}
              placeholder={i === 0 ? 'session.id' : 'attributes.session.id'}
              onChange={(e) => set(fields.map((f, j) => (j === i ? e.currentTarget.value : f)))}
            />
            <Button
              variant="secondary"
              icon="trash-alt"
              aria-label={`Remove session id field ${i + 1}`}
              onClick={() => set(fields.filter((_, j) => j !== i))}
            />
          </Stack>
        ))}
        <Button variant="secondary" icon="plus" onClick={() => set([...fields, ''])}>
          Add session id field
        </Button>
      </Stack>
    </Field>
  );
}

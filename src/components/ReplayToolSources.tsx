import { Button, Checkbox, Field, Input, Stack } from '@grafana/ui';
import React, { useState } from 'react';

/** A name a tool's ids may come from, and what it is. */
export interface SourceOption {
  name: string;
  /**
   * `field`: a session id field; `tag`: an enabled message tag; `usual`: where the tool's ids usually
   * are; `added`: one the user added.
   */
  kind: 'field' | 'tag' | 'usual' | 'added';
}

interface Props {
  toolLabel: string;
  sources: string[];
  /** The names to offer, each once. */
  options: SourceOption[];
  onChange: (sources: string[]) => void;
}

const KIND_LABELS: Record<SourceOption['kind'], string> = {
  field: 'session field',
  tag: 'message tag',
  usual: 'where its ids usually are',
  added: 'added here',
};

/**
 * Which session fields and message tags carry one tool's ids: a line links by the tool its id's
 * field or tag names. None ticked: any line's id of the tool's shape.
 */
export function ReplayToolSources({ toolLabel, sources, options, onChange }: Props) {
  const [other, setOther] = useState('');
  const known = new Set(options.map((o) => o.name));
  const shown: SourceOption[] = [
    ...options,
    ...sources.filter((name) => !known.has(name)).map((name) => ({ name, kind: 'added' as const })),
  ];
  const add = () => {
    const name = other.trim();
    if (name && !sources.includes(name)) {
      onChange([...sources, name]);
    }
    setOther('');
  };

  return (
    <Field
      label="Session fields and tags"
      description={
        sources.length
          ? `Lines link to ${toolLabel} by these; the ids of other fields and tags go to other tools.`
          : `None chosen: any line's id of ${toolLabel}'s shape links to it.`
      }
    >
      <Stack direction="column" gap={1} alignItems="flex-start">
        {shown.map(({ name, kind }) => (
          <Checkbox
            key={name}
            aria-label={name}
            label={name}
            description={KIND_LABELS[kind]}
            value={sources.includes(name)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...sources, name] : sources.filter((s) => s !== name))}
          />
        ))}
        <Stack direction="row" gap={1} alignItems="center">
          <Input
            width={40}
            aria-label={`Another field or tag for ${toolLabel}`}
            placeholder="Another field or tag"
            value={other}
            onChange={(e) => setOther(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <Button variant="secondary" icon="plus" aria-label={`Add field or tag for ${toolLabel}`} onClick={add}>
            Add
          </Button>
        </Stack>
      </Stack>
    </Field>
  );
}

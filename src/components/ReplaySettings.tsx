import { Button, Field, FieldSet, Input, Stack } from '@grafana/ui';
import React from 'react';
import { DEFAULT_LEAD_IN_SECONDS, savedReplayTools } from '../replay/replayTools';
import { REPLAY_TOOL_RULES } from '../replay/tools';
import { DEFAULT_SETTINGS, resolveSessionFields } from '../settings';
import { REPLAY_TOOL_KINDS, type ReplayToolSetting, type SessionErrorsOptions } from '../types';
import { withJsonData, type Options } from './optionsUpdate';
import { ReplayToolEditor } from './ReplayToolEditor';
import type { SourceOption } from './ReplayToolSources';

interface Props {
  options: Options;
  onOptionsChange: (options: Options) => void;
}

/** The settings of the one tool saved before lists: saving the list forgets them, so the two never disagree. */
const LEGACY_REPLAY_SETTINGS: Partial<SessionErrorsOptions> = {
  replayLink: undefined,
  openReplayUrl: undefined,
  openReplayProjectId: undefined,
  jumpMode: undefined,
  replayUrlTemplate: undefined,
};

/** The data source's session fields, then its message tags: where a tool's ids may come from. */
function sourceOptionsOf(jsonData: SessionErrorsOptions): SourceOption[] {
  const options: SourceOption[] = [
    ...resolveSessionFields(jsonData).map((name) => ({ name, kind: 'field' as const })),
    ...(jsonData.messageTags ?? DEFAULT_SETTINGS.messageTags).map((name) => ({ name, kind: 'tag' as const })),
  ];
  return options.filter((o, i) => options.findIndex((p) => p.name === o.name) === i);
}

/**
 * The replay tools lines link to, each with its own settings, the fields and tags that carry its
 * ids, and an example link; then the lead-in they share.
 */
export function ReplaySettings({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData;
  const tools = savedReplayTools(jsonData);
  const setTools = (replayTools: ReplayToolSetting[]) =>
    onOptionsChange(withJsonData(options, { ...LEGACY_REPLAY_SETTINGS, replayTools }));
  const sourceOptions = sourceOptionsOf(jsonData);
  const leadIn = jsonData.leadInSeconds;
  const leadInInvalid = leadIn !== undefined && !(leadIn >= 0 && leadIn <= 3600);

  return (
    <FieldSet label="Session replay links">
      {tools.length === 0 && (
        <p>No replay links: add the tool your web app records sessions with. Several tools can share a cluster.</p>
      )}
      {tools.map((setting, i) => (
        <ReplayToolEditor
          key={i}
          setting={setting}
          sourceOptions={sourceOptions}
          leadInSeconds={leadIn}
          onChange={(next) => setTools(tools.map((t, j) => (j === i ? next : t)))}
          onRemove={() => setTools(tools.filter((_, j) => j !== i))}
        />
      ))}
      <Field
        label="Add a replay tool"
        description="A line's id is tried with each tool in turn: the tools its field or tag is chosen for, then those for any"
      >
        <Stack direction="row" gap={1} wrap="wrap">
          {REPLAY_TOOL_KINDS.map((kind) => (
            <Button
              key={kind}
              variant="secondary"
              icon="plus"
              aria-label={`Add ${REPLAY_TOOL_RULES[kind].label}`}
              onClick={() => setTools([...tools, { kind }])}
            >
              {REPLAY_TOOL_RULES[kind].label}
            </Button>
          ))}
        </Stack>
      </Field>
      {tools.length > 0 && (
        <Field
          label="Lead-in (seconds)"
          description="The replay opens this long before the error, to show what led to it"
          invalid={leadInInvalid}
          error={leadInInvalid ? 'Enter 0 to 3600 seconds.' : undefined}
        >
          <Input
            width={60}
            aria-label="Lead-in (seconds)"
            type="number"
            value={leadIn ?? ''}
            placeholder={String(DEFAULT_LEAD_IN_SECONDS)}
            onChange={(e) =>
              onOptionsChange(
                withJsonData(options, {
                  leadInSeconds: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value),
                })
              )
            }
          />
        </Field>
      )}
    </FieldSet>
  );
}

import React from 'react';
import { Field, FieldSet, Input, RadioButtonGroup } from '@grafana/ui';
import { replayUrlAt, validateReplayTemplate } from '../replay/replayUrlAt';
import { openReplaySessionIdAt } from '../session/sessionId';
import { DEFAULT_SETTINGS, resolveSettings } from '../settings';
import type { JumpMode, ReplayLinkKind, SessionErrorsOptions } from '../types';
import { withJsonData, type Options } from './optionsUpdate';

interface Props {
  options: Options;
  onOptionsChange: (options: Options) => void;
}

const KIND_OPTIONS: Array<{ label: string; value: ReplayLinkKind }> = [
  { label: 'OpenReplay', value: 'openreplay' },
  { label: 'Custom URL template', value: 'template' },
  { label: 'No replay links', value: 'none' },
];

const JUMP_OPTIONS: Array<{ label: string; value: JumpMode; description: string }> = [
  {
    label: 'Absolute time',
    value: 'absolute',
    description: 'OpenReplay 1.17 and later: jumpto is the error time in epoch ms',
  },
  {
    label: 'Offset from start',
    value: 'offset',
    description: 'Older servers and the mobile player: jumpto is ms since the session start decoded from the id',
  },
];

/** A fixed example error one minute into a session, so that the preview does not change as you look. */
const EXAMPLE_ERROR_MS = Date.UTC(2026, 0, 15, 10, 31, 0);
const EXAMPLE_SESSION_ID = openReplaySessionIdAt(EXAMPLE_ERROR_MS - 60_000, 42);

export function ReplaySettings({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData;
  const update = (patch: Partial<SessionErrorsOptions>) => onOptionsChange(withJsonData(options, patch));
  const kind = jsonData.replayLink ?? (jsonData.replayUrlTemplate ? 'template' : 'openreplay');
  const templateError =
    kind === 'template' && jsonData.replayUrlTemplate ? validateReplayTemplate(jsonData.replayUrlTemplate) : undefined;
  const example = replayUrlAt(
    resolveSettings({ ...jsonData, replayLink: kind }).replay,
    EXAMPLE_SESSION_ID,
    EXAMPLE_ERROR_MS
  );
  const leadIn = jsonData.leadInSeconds;
  const leadInInvalid = leadIn !== undefined && !(leadIn >= 0 && leadIn <= 3600);

  return (
    <FieldSet label="Session replay links">
      <Field label="Replay tool">
        <RadioButtonGroup options={KIND_OPTIONS} value={kind} onChange={(value) => update({ replayLink: value })} />
      </Field>
      {kind === 'openreplay' && (
        <>
          <Field label="OpenReplay URL" description="Your OpenReplay frontend, e.g. https://app.openreplay.com">
            <Input
              width={60}
              aria-label="OpenReplay URL"
              value={jsonData.openReplayUrl ?? ''}
              placeholder="https://app.openreplay.com"
              onChange={(e) => update({ openReplayUrl: e.currentTarget.value.trim() })}
            />
          </Field>
          <Field label="OpenReplay project id" description="The number in your session URLs: /<project id>/session/...">
            <Input
              width={60}
              aria-label="OpenReplay project id"
              value={jsonData.openReplayProjectId ?? ''}
              onChange={(e) => update({ openReplayProjectId: e.currentTarget.value.trim() })}
            />
          </Field>
          <Field
            label="Jump mode"
            description={JUMP_OPTIONS.find((o) => o.value === (jsonData.jumpMode ?? 'absolute'))?.description}
          >
            <RadioButtonGroup
              options={JUMP_OPTIONS}
              value={jsonData.jumpMode ?? DEFAULT_SETTINGS.jumpMode}
              onChange={(value) => update({ jumpMode: value })}
            />
          </Field>
        </>
      )}
      {kind === 'template' && (
        <Field
          label="Replay URL template"
          description="Placeholders: {sessionId}, {timeMs} (epoch ms), {timeIso}, {offsetMs}, {offsetSeconds}. E.g. Sentry: https://sentry.io/organizations/acme/replays/{sessionId}/?event_t={timeMs}"
          invalid={!!templateError}
          error={templateError}
        >
          <Input
            width={60}
            aria-label="Replay URL template"
            value={jsonData.replayUrlTemplate ?? ''}
            placeholder="https://app.highlight.io/1/sessions/{sessionId}?tsAbs={timeMs}"
            onChange={(e) => update({ replayUrlTemplate: e.currentTarget.value.trim() })}
          />
        </Field>
      )}
      {kind !== 'none' && (
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
            placeholder={String(DEFAULT_SETTINGS.leadInSeconds)}
            onChange={(e) =>
              update({ leadInSeconds: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) })
            }
          />
        </Field>
      )}
      {example && !templateError && (
        <Field
          label="Example link"
          description={`An error at ${new Date(EXAMPLE_ERROR_MS).toISOString()} in session ${EXAMPLE_SESSION_ID}`}
        >
          <code data-testid="replay-example">{example}</code>
        </Field>
      )}
    </FieldSet>
  );
}

import { Button, Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import React from 'react';
import { replayToolRule, resolveReplayTool, toolSources } from '../replay/replayTools';
import type { ReplayToolSettingKey } from '../replay/toolRule';
import type { ReplayToolSetting } from '../types';
import { ReplayExampleLink } from './ReplayExampleLink';
import { REPLAY_TOOL_FORMS, type ReplayToolField } from './replayToolForms';
import { ReplayToolSources, type SourceOption } from './ReplayToolSources';

interface Props {
  setting: ReplayToolSetting;
  /** The session fields and message tags of the data source, to map to the tool. */
  sourceOptions: SourceOption[];
  leadInSeconds: number | undefined;
  onChange: (setting: ReplayToolSetting) => void;
  onRemove: () => void;
}

/** The value a field shows when none is saved: its first option. */
function shownValue(field: ReplayToolField, saved: string | undefined): string {
  return saved ?? field.options?.[0]?.value ?? '';
}

/** One replay tool: its own settings with what to fix, the fields and tags of its ids, and an example link. */
export function ReplayToolEditor({ setting, sourceOptions, leadInSeconds, onChange, onRemove }: Props) {
  const rule = replayToolRule(setting.kind);
  if (!rule) {
    return (
      <Stack direction="row" gap={1} alignItems="center">
        <span role="alert">{`Unknown replay tool "${String(setting.kind)}": this version links none. Remove it.`}</span>
        <Button variant="secondary" icon="trash-alt" aria-label="Remove unknown replay tool" onClick={onRemove} />
      </Stack>
    );
  }
  const form = REPLAY_TOOL_FORMS[rule.kind];
  const resolved = resolveReplayTool(setting, leadInSeconds);
  const problems = 'problems' in resolved ? resolved.problems : [];
  const problem = (key: ReplayToolSettingKey) => problems.find((p) => p.key === key)?.message;
  const update = (key: ReplayToolSettingKey, value: string) => onChange({ ...setting, [key]: value });
  // The tool's usual names after the data source's own fields and tags, each name once.
  const names = new Set(sourceOptions.map((o) => o.name));
  const options = [
    ...sourceOptions,
    ...form.typicalSources.filter((name) => !names.has(name)).map((name) => ({ name, kind: 'usual' as const })),
  ];

  return (
    <div data-testid={`replay-tool-${setting.kind}`} style={{ marginBottom: 24 }}>
      <Stack direction="row" gap={1} alignItems="center">
        <h4 style={{ margin: 0 }}>{rule.label}</h4>
        <Button variant="secondary" size="sm" icon="trash-alt" aria-label={`Remove ${rule.label}`} onClick={onRemove} />
      </Stack>
      {form.fields.map((field) => {
        const label = `${rule.label} ${field.label}`;
        const error = problem(field.key);
        return (
          <Field key={field.key} label={field.label} description={field.description} invalid={!!error} error={error}>
            {field.options ? (
              <RadioButtonGroup
                aria-label={label}
                options={field.options}
                value={shownValue(field, setting[field.key])}
                onChange={(value) => update(field.key, value)}
              />
            ) : (
              <Input
                width={60}
                aria-label={label}
                value={setting[field.key] ?? ''}
                placeholder={field.placeholder}
                onChange={(e) => update(field.key, e.currentTarget.value)}
              />
            )}
          </Field>
        );
      })}
      <ReplayToolSources
        toolLabel={rule.label}
        sources={toolSources(setting.sources)}
        options={options}
        onChange={(sources) => onChange({ ...setting, sources })}
      />
      {'tool' in resolved && <ReplayExampleLink tool={resolved.tool} />}
    </div>
  );
}

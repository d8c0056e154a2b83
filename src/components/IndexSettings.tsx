import { Checkbox, Field, FieldSet, Input, Stack } from '@grafana/ui';
import React, { useState } from 'react';
import { DEFAULT_SUMMARY_INDEX } from '../query/errorGroupsSummary';
import { DEFAULT_SETTINGS, MAX_LINES_CEILING } from '../settings';
import { SESSION_TAG_NAMES } from '../session/sessionTags';
import type { SessionErrorsOptions, SessionTagName } from '../types';
import { withJsonData, type Options } from './optionsUpdate';
import { SessionFieldsSettings } from './SessionFieldsSettings';

interface Props {
  options: Options;
  onOptionsChange: (options: Options) => void;
}

type TextKey =
  | 'indexPattern'
  | 'timeField'
  | 'messageField'
  | 'levelField'
  | 'traceField'
  | 'serviceField'
  | 'hostField'
  | 'userField'
  | 'groupsSummaryIndex';

const TEXT_FIELDS: Array<{ key: TextKey; label: string; description: string; placeholder: string }> = [
  {
    key: 'indexPattern',
    label: 'Index pattern',
    description: 'Indices, aliases or data streams; wildcards and commas allowed',
    placeholder: DEFAULT_SETTINGS.indexPattern,
  },
  { key: 'timeField', label: 'Time field', description: 'A date field', placeholder: DEFAULT_SETTINGS.timeField },
  {
    key: 'messageField',
    label: 'Message field',
    description: 'A text field: message tags are searched in it',
    placeholder: DEFAULT_SETTINGS.messageField,
  },
  {
    key: 'levelField',
    label: 'Level field',
    description: 'A keyword field with the log level',
    placeholder: DEFAULT_SETTINGS.levelField,
  },
  {
    key: 'traceField',
    label: 'Trace id field',
    description: 'A keyword field with the trace id: log context by trace searches it, log details show it',
    placeholder: DEFAULT_SETTINGS.traceField,
  },
  {
    key: 'serviceField',
    label: 'Service field',
    description: 'Shown as a label',
    placeholder: DEFAULT_SETTINGS.serviceField,
  },
  { key: 'hostField', label: 'Host field', description: 'Shown as a label', placeholder: DEFAULT_SETTINGS.hostField },
  {
    key: 'userField',
    label: 'User field',
    description: 'Optional keyword field with the user, e.g. user.id: error groups count the users affected',
    placeholder: 'user.id',
  },
  {
    key: 'groupsSummaryIndex',
    label: 'Error group summary index',
    description:
      'Optional: the hourly summary that `npm run summarize` keeps, e.g. sessionreplay-error-groups. Error groups read it with the lines of the partial hours, which makes them fast on large indices',
    placeholder: DEFAULT_SUMMARY_INDEX,
  },
];

const TAG_LABELS: Record<SessionTagName, string> = {
  asayer_session_id: '[asayer_session_id=<id>]',
  'openReplaySession.id': '[openReplaySession.id=<id>]',
  session_id: 'session_id=<id> (Faro logfmt)',
};

export function IndexSettings({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData;
  const update = (patch: Partial<SessionErrorsOptions>) => onOptionsChange(withJsonData(options, patch));
  const tags = jsonData.messageTags ?? DEFAULT_SETTINGS.messageTags;
  const [detailDraft, setDetailDraft] = useState((jsonData.detailFields ?? DEFAULT_SETTINGS.detailFields).join(', '));
  const maxLines = jsonData.maxLines;
  const maxLinesInvalid = maxLines !== undefined && !(maxLines >= 1 && maxLines <= MAX_LINES_CEILING);

  return (
    <FieldSet label="Logs index">
      {TEXT_FIELDS.map(({ key, label, description, placeholder }) => (
        <Field key={key} label={label} description={description}>
          <Input
            width={60}
            aria-label={label}
            value={jsonData[key] ?? ''}
            placeholder={placeholder}
            onChange={(e) => update({ [key]: e.currentTarget.value })}
          />
        </Field>
      ))}
      <SessionFieldsSettings options={options} onOptionsChange={onOptionsChange} />
      <Field
        label="Message tags"
        description="Tags in the message that carry the session id, in brackets or bare: OpenReplay's carry digits, Faro's letters and digits"
      >
        <Stack direction="column" gap={1} alignItems="flex-start">
          {SESSION_TAG_NAMES.map((tag) => (
            <Checkbox
              key={tag}
              label={TAG_LABELS[tag]}
              value={tags.includes(tag)}
              onChange={(e) =>
                update({
                  messageTags: e.currentTarget.checked ? [...tags, tag] : tags.filter((t) => t !== tag),
                })
              }
            />
          ))}
        </Stack>
      </Field>
      <Field
        label="Detail fields"
        description="Further fields shown in log details, comma separated; wildcards allowed (error.*)"
      >
        <Input
          width={60}
          aria-label="Detail fields"
          value={detailDraft}
          onChange={(e) => setDetailDraft(e.currentTarget.value)}
          // Committed on blur: splitting while typing would swallow the comma just typed.
          onBlur={() =>
            update({
              detailFields: detailDraft
                .split(',')
                .map((f) => f.trim())
                .filter(Boolean),
            })
          }
        />
      </Field>
      <Field
        label="Maximum lines per query"
        description={`1 to ${MAX_LINES_CEILING}`}
        invalid={maxLinesInvalid}
        error={maxLinesInvalid ? `Enter a number from 1 to ${MAX_LINES_CEILING}.` : undefined}
      >
        <Input
          width={60}
          aria-label="Maximum lines per query"
          type="number"
          value={maxLines ?? ''}
          placeholder={String(DEFAULT_SETTINGS.maxLines)}
          onChange={(e) =>
            update({ maxLines: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) })
          }
        />
      </Field>
    </FieldSet>
  );
}

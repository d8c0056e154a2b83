import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Field, Input, MultiSelect, RadioButtonGroup, Stack, Switch } from '@grafana/ui';
import React, { useState } from 'react';
import type { DataSource } from '../datasource';
import { ErrorGroupsResultOptions } from './ErrorGroupsResultOptions';
import { SessionsResultOptions } from './SessionsResultOptions';
import {
  DEFAULT_GROUPS_LIMIT,
  DEFAULT_SESSIONS_LIMIT,
  MAX_GROUPS,
  MAX_SESSIONS,
} from '../query/buildAggregationQueries';
import { FILTER_LEVELS } from '../query/levels';
import { DEFAULT_NEW_LOOKBACK, QUERY_VERSION } from '../query/resolveQuery';
import { DEFAULT_SESSION_WINDOW } from '../query/searchWindow';
import { validateSessionId } from '../session/sessionId';
import type { ContextScope, QueryType, SearchMode, SessionErrorsOptions, SessionErrorsQuery, SplitBy } from '../types';

type Props = QueryEditorProps<DataSource, SessionErrorsQuery, SessionErrorsOptions>;

const TYPE_OPTIONS: Array<SelectableValue<QueryType>> = [
  { label: 'Log lines', value: 'logs', description: 'Errors as log lines with replay links' },
  { label: 'Errors over time', value: 'errorsOverTime', description: 'Counts per interval, as time series' },
  { label: 'Sessions with errors', value: 'sessions', description: 'One row a session, latest first' },
  { label: 'Error groups', value: 'errorGroups', description: 'One row an error, most affected sessions first' },
];

const CONTEXT_OPTIONS: Array<{ label: string; value: ContextScope; description: string }> = [
  { label: 'Same session', value: 'session', description: 'Every line of the session around it: the breadcrumbs' },
  { label: 'Same service', value: 'service', description: 'Lines of the same service around it' },
  {
    label: 'Same trace',
    value: 'trace',
    description: 'Lines with the same trace id, in the data source’s trace field',
  },
];

const SPLIT_OPTIONS: Array<SelectableValue<SplitBy>> = [
  { label: 'No split', value: 'none' },
  { label: 'By level', value: 'level' },
  { label: 'By service', value: 'service' },
];

const MODE_OPTIONS: Array<SelectableValue<SearchMode>> = [
  { label: 'By session', value: 'session', description: 'One session’s errors' },
  { label: 'By time range', value: 'range', description: 'Every session-tagged line in the dashboard range' },
];

const LEVEL_OPTIONS: Array<SelectableValue<string>> = FILTER_LEVELS.map((level) => ({ label: level, value: level }));

/** Dashboard variables are checked after interpolation, in the query path. */
const HAS_VARIABLE = /\$\{?\w/;

export function sessionIdEditorError(value: string | undefined): string | undefined {
  if (value === undefined || HAS_VARIABLE.test(value)) {
    return undefined;
  }
  const check = validateSessionId(value);
  return check.ok ? undefined : check.error;
}

export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const queryType = query.queryType ?? 'logs';
  // Sessions with errors always list the dashboard range.
  // Sessions and error groups always cover the range.
  const rangeWide = queryType === 'sessions' || queryType === 'errorGroups';
  const mode = rangeWide ? 'range' : (query.mode ?? 'session');
  const limitMax =
    queryType === 'sessions' ? MAX_SESSIONS : queryType === 'errorGroups' ? MAX_GROUPS : datasource.settings.maxLines;
  const limitLabel =
    queryType === 'sessions' ? 'Session limit' : queryType === 'errorGroups' ? 'Group limit' : 'Line limit';
  const limitDefault =
    queryType === 'sessions' ? DEFAULT_SESSIONS_LIMIT : queryType === 'errorGroups' ? DEFAULT_GROUPS_LIMIT : limitMax;
  // Text inputs keep local drafts and commit on blur, so every keystroke does not run a query.
  const [sessionDraft, setSessionDraft] = useState(query.sessionId ?? '');
  const [filterDraft, setFilterDraft] = useState(query.filter ?? '');
  const [touched, setTouched] = useState(!!query.sessionId);
  const sessionError = mode === 'session' && touched ? sessionIdEditorError(sessionDraft) : undefined;
  const limitInvalid = query.limit !== undefined && !(query.limit >= 1 && query.limit <= limitMax);

  const change = (patch: Partial<SessionErrorsQuery>, run = true) => {
    // Every edit saves the current shape, so the query no longer needs migrating.
    const next = { ...query, ...patch, version: QUERY_VERSION };
    onChange(next);
    const invalid =
      next.queryType !== 'sessions' &&
      next.queryType !== 'errorGroups' &&
      (next.mode ?? 'session') === 'session' &&
      sessionIdEditorError(next.sessionId ?? '');
    if (run && !invalid) {
      onRunQuery();
    }
  };
  const commitSession = () => {
    setTouched(true);
    change({ sessionId: sessionDraft.trim() });
  };

  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={2} wrap="wrap" alignItems="flex-start">
        <Field label="Query type">
          <RadioButtonGroup
            options={TYPE_OPTIONS}
            value={queryType}
            onChange={(value) => change({ queryType: value })}
          />
        </Field>
        {!rangeWide && (
          <Field label="Search">
            <RadioButtonGroup options={MODE_OPTIONS} value={mode} onChange={(value) => change({ mode: value })} />
          </Field>
        )}
        {queryType === 'errorGroups' && <ErrorGroupsResultOptions query={query} onChange={change} />}
        {queryType === 'sessions' && <SessionsResultOptions query={query} onChange={change} />}
        {queryType === 'errorGroups' && (
          <Field label="New if not seen in" description="Before the range: 7d, 24h, ...">
            <Input
              aria-label="New if not seen in"
              width={12}
              defaultValue={query.newLookback ?? ''}
              placeholder={DEFAULT_NEW_LOOKBACK}
              onBlur={(e) => change({ newLookback: e.currentTarget.value.trim() || undefined })}
            />
          </Field>
        )}
        {queryType === 'logs' && (
          <Field label="Log context" description="What a line’s context shows in Explore">
            <RadioButtonGroup
              options={CONTEXT_OPTIONS}
              value={query.contextScope ?? 'session'}
              onChange={(value) => change({ contextScope: value }, false)}
            />
          </Field>
        )}
        {(queryType === 'errorsOverTime' || (queryType === 'sessions' && query.sessionsResult === 'count')) && (
          <Field label="Split">
            <RadioButtonGroup
              options={SPLIT_OPTIONS}
              value={query.splitBy ?? 'none'}
              onChange={(value) => change({ splitBy: value })}
            />
          </Field>
        )}
      </Stack>
      <Stack direction="row" gap={2} wrap="wrap" alignItems="flex-start">
        {mode === 'session' && (
          <Field
            label="Session id"
            description="An OpenReplay id or your replay tool’s id; dashboard variables allowed"
            invalid={!!sessionError}
            error={sessionError}
          >
            <Input
              aria-label="Session id"
              width={36}
              value={sessionDraft}
              placeholder="e.g. 7212345678901234567 or $session"
              onChange={(e) => setSessionDraft(e.currentTarget.value)}
              onBlur={commitSession}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  commitSession();
                }
              }}
            />
          </Field>
        )}
        {mode === 'session' && (
          <Field
            label="Whole session"
            description="From the session start (decoded from the id) instead of the dashboard range"
          >
            <Switch
              aria-label="Whole session"
              value={!!query.wholeSession}
              onChange={(e) => change({ wholeSession: e.currentTarget.checked })}
            />
          </Field>
        )}
        {mode === 'session' && query.wholeSession && (
          <Field label="Session window" description="How far after the start to search">
            <Input
              aria-label="Session window"
              width={12}
              defaultValue={query.sessionWindow ?? ''}
              placeholder={DEFAULT_SESSION_WINDOW}
              onBlur={(e) => change({ sessionWindow: e.currentTarget.value.trim() || undefined })}
            />
          </Field>
        )}
      </Stack>
      <Stack direction="row" gap={2} wrap="wrap" alignItems="flex-start">
        <Field label="Filter" description="Optional Lucene query, e.g. service.name:checkout AND NOT timeout">
          <Input
            aria-label="Filter"
            width={48}
            value={filterDraft}
            onChange={(e) => setFilterDraft(e.currentTarget.value)}
            onBlur={() => change({ filter: filterDraft.trim() || undefined })}
          />
        </Field>
        <Field label="Levels" description="Empty: every level">
          <MultiSelect
            aria-label="Levels"
            options={LEVEL_OPTIONS}
            value={query.levels ?? []}
            width={36}
            onChange={(values) => change({ levels: values.map((v) => v.value!).filter(Boolean) })}
          />
        </Field>
        {queryType !== 'errorsOverTime' && (
          <Field
            label={limitLabel}
            description={`At most ${limitMax}`}
            invalid={limitInvalid}
            error={limitInvalid ? `Enter 1 to ${limitMax}.` : undefined}
          >
            <Input
              aria-label={limitLabel}
              type="number"
              width={12}
              defaultValue={query.limit ?? ''}
              placeholder={String(limitDefault)}
              onBlur={(e) =>
                change({ limit: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) })
              }
            />
          </Field>
        )}
      </Stack>
    </Stack>
  );
}

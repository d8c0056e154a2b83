import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, Button, FieldSet, Stack, Text } from '@grafana/ui';
import React, { useState } from 'react';
import { describeClusterError } from '../cluster/describeClusterError';
import type { DataSource } from '../datasource';
import { currentValue, proposalMatches } from '../layout/compareSettings';
import {
  detectLayout,
  type LayoutDetection,
  type ProposedSettingKey,
  type SettingProposal,
} from '../layout/detectLayout';
import { fetchLayoutEvidence } from '../layout/sampleSearch';
import { resolveSettings } from '../settings';
import type { SessionErrorsOptions } from '../types';
import { withJsonData, type Options } from './optionsUpdate';

interface Props {
  options: Options;
  onOptionsChange: (options: Options) => void;
  /** Runs detection; by default on the saved data source, as Save & test does. */
  detect?: () => Promise<LayoutDetection>;
}

/**
 * Detection through the saved data source (Grafana's instance of it, built from the saved settings):
 * its routes reach the saved index pattern only, whatever the editor shows unsaved.
 */
export async function detectSavedLayout(uid: string): Promise<LayoutDetection> {
  const ds = (await getDataSourceSrv().get({ uid })) as unknown as DataSource;
  try {
    return detectLayout(await fetchLayoutEvidence(ds.client));
  } catch (e) {
    throw new Error(describeClusterError(e, { indexPattern: ds.settings.indexPattern, authType: ds.authType }));
  }
}

const LABELS: Record<ProposedSettingKey, string> = {
  indexPattern: 'Index pattern',
  timeField: 'Time field',
  messageField: 'Message field',
  levelField: 'Level field',
  serviceField: 'Service field',
  hostField: 'Host field',
  traceField: 'Trace field',
  userField: 'User field',
  sessionFields: 'Session id fields',
  messageTags: 'Message tags',
  detailFields: 'Detail fields',
};

function shown(value: string | string[] | undefined): string {
  if (Array.isArray(value)) {
    return value.length ? value.join(', ') : 'none';
  }
  return value ?? 'not set';
}

const patchOf = (proposals: readonly SettingProposal[]) =>
  Object.fromEntries(proposals.map((p) => [p.setting, p.value])) as Partial<SessionErrorsOptions>;

/**
 * "Detect layout": what the saved index pattern holds, and a proposal for every setting beside its
 * current value, with the reason and how sure. Nothing changes until a proposal is applied, one by
 * one or all at once, as an edit the user still saves.
 */
export function LayoutProposals({ options, onOptionsChange, detect = () => detectSavedLayout(options.uid) }: Props) {
  const [detection, setDetection] = useState<LayoutDetection>();
  const [problem, setProblem] = useState<string>();
  const [running, setRunning] = useState(false);
  const settings = resolveSettings(options.jsonData);
  const changed = (detection?.proposals ?? []).filter((p) => !proposalMatches(p, currentValue(settings, p.setting)));
  const apply = (proposals: readonly SettingProposal[]) => onOptionsChange(withJsonData(options, patchOf(proposals)));

  const run = async () => {
    setRunning(true);
    setProblem(undefined);
    try {
      setDetection(await detect());
    } catch (e) {
      setDetection(undefined);
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <FieldSet label="Log layout">
      <Stack direction="column" gap={2} alignItems="flex-start">
        <Text color="secondary">
          Detection reads the saved index pattern through the data source: its field capabilities and a sample of at
          most 50 lines. Save first if you changed the connection or the index pattern; applied proposals take effect
          when you save.
        </Text>
        <Button variant="secondary" icon="search" onClick={run} disabled={running}>
          {running ? 'Detecting…' : 'Detect layout'}
        </Button>
        {problem && (
          <Alert severity="error" title="Detection failed">
            {problem}
          </Alert>
        )}
        {detection && (
          <>
            <div aria-label="Layouts found">
              {detection.layouts.length === 0 && <Text>No known layout found.</Text>}
              {detection.layouts.map((layout, i) => (
                <div key={layout.id}>
                  <Text weight={i === 0 ? 'bold' : undefined}>
                    {layout.name}
                    {i === 0 ? ' (proposed)' : ''}: {layout.indices.length}{' '}
                    {layout.indices.length === 1 ? 'index' : 'indices'}
                  </Text>{' '}
                  <Text color="secondary">{layout.evidence}</Text>
                </div>
              ))}
            </div>
            <table aria-label="Proposed settings">
              <thead>
                <tr>
                  <th>Setting</th>
                  <th>Current</th>
                  <th>Proposed</th>
                  <th>Why</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {detection.proposals.map((proposal) => {
                  const label = LABELS[proposal.setting];
                  const same = !changed.includes(proposal);
                  return (
                    <tr key={proposal.setting}>
                      <td>{label}</td>
                      <td>{shown(currentValue(settings, proposal.setting))}</td>
                      <td>{shown(proposal.value)}</td>
                      <td>
                        {proposal.reason} ({proposal.confidence} confidence)
                      </td>
                      <td>
                        {same ? (
                          <Text color="secondary">as set</Text>
                        ) : (
                          <Button
                            size="sm"
                            variant="secondary"
                            aria-label={`Apply ${label}`}
                            onClick={() => apply([proposal])}
                          >
                            Apply
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {detection.unresolved.map((u) => (
              <Text key={u.setting} color="secondary">
                {LABELS[u.setting]}: nothing to propose ({u.reason}).
              </Text>
            ))}
            {detection.notes.map((note) => (
              <Text key={note}>{note}</Text>
            ))}
            <Button onClick={() => apply(changed)} disabled={changed.length === 0}>
              {changed.length ? `Apply all ${changed.length} changes` : 'Nothing to change'}
            </Button>
          </>
        )}
      </Stack>
    </FieldSet>
  );
}

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import indexNotFound from '../../tests/fixtures/opensearch/error-404-index-not-found.json';
import fieldCaps from '../../tests/fixtures/opensearch/field-caps.json';
import { ClusterClient, type ClusterRequest } from '../cluster/clusterClient';
import type { LayoutDetection } from '../layout/detectLayout';
import { resolveSettings } from '../settings';
import { LayoutProposals } from './LayoutProposals';
import type { Options } from './optionsUpdate';
import { baseOptions, renderOptionsEditor } from './renderOptionsEditor';

const getDataSource = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: () => ({ get: getDataSource }),
}));

const detection: LayoutDetection = {
  layouts: [
    {
      id: 'otel-native',
      name: 'Elastic OTel-native logs',
      indices: ['a', 'b'],
      evidence: '"body.text" in the field caps',
    },
    { id: 'ecs', name: 'ECS logs', indices: ['c'], evidence: '"message" in the field caps' },
  ],
  unplaced: [],
  tags: [],
  proposals: [
    { setting: 'indexPattern', value: 'logs-*.otel-*', reason: 'also holds ECS logs', confidence: 'medium' },
    { setting: 'timeField', value: '@timestamp', reason: 'the time field', confidence: 'high' },
    { setting: 'messageField', value: 'body.text', reason: 'the message field', confidence: 'high' },
    { setting: 'sessionFields', value: ['attributes.session.id', 'session.id'], reason: 'ids', confidence: 'high' },
    { setting: 'messageTags', value: [], reason: 'no tags', confidence: 'medium' },
  ],
  unresolved: [{ setting: 'userField', reason: 'none of "user.id" is mapped' }],
  notes: ['ECS logs in c: add a second data source.'],
};

function renderProposals(detect?: () => Promise<LayoutDetection>, patch: Partial<Options> = {}) {
  const changes: Options[] = [];
  const last = renderOptionsEditor(
    (props) => (
      <LayoutProposals
        {...props}
        onOptionsChange={(o) => {
          changes.push(o);
          props.onOptionsChange(o);
        }}
        detect={detect}
      />
    ),
    baseOptions({ jsonData: { indexPattern: 'logs-*' }, ...patch })
  );
  return { last, changes };
}

const row = (setting: string) => screen.getByRole('row', { name: new RegExp(`^${setting}`) });

describe('LayoutProposals', () => {
  it('shows each proposal beside the current value, with why and how sure, changing nothing', async () => {
    const { changes } = renderProposals(async () => detection);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Detect layout' }));
    expect(await screen.findByRole('table', { name: 'Proposed settings' })).toBeInTheDocument();
    expect(
      within(row('Index pattern'))
        .getAllByRole('cell')
        .map((c) => c.textContent)
    ).toEqual(['Index pattern', 'logs-*', 'logs-*.otel-*', 'also holds ECS logs (medium confidence)', 'Apply']);
    expect(
      within(row('Time field'))
        .getAllByRole('cell')
        .map((c) => c.textContent)
    ).toEqual(['Time field', '@timestamp', '@timestamp', 'the time field (high confidence)', 'as set']);
    expect(within(row('Session id fields')).getAllByRole('cell')[1]).toHaveTextContent('none');
    expect(within(row('Session id fields')).getAllByRole('cell')[2]).toHaveTextContent(
      'attributes.session.id, session.id'
    );
    expect(within(row('Message tags')).getAllByRole('cell')[1]).toHaveTextContent(
      'asayer_session_id, openReplaySession.id'
    );
    expect(within(row('Message tags')).getAllByRole('cell')[2]).toHaveTextContent('none');
    const layouts = screen.getByLabelText('Layouts found');
    expect(layouts).toHaveTextContent('Elastic OTel-native logs (proposed): 2 indices "body.text" in the field caps');
    expect(layouts).toHaveTextContent('ECS logs: 1 index "message" in the field caps');
    expect(screen.getByText('User field: nothing to propose (none of "user.id" is mapped).')).toBeInTheDocument();
    expect(screen.getByText('ECS logs in c: add a second data source.')).toBeInTheDocument();
    expect(changes).toEqual([]);
  });

  it('applies one proposal, then the rest at once, through onOptionsChange', async () => {
    const { last, changes } = renderProposals(async () => detection);
    await userEvent.click(screen.getByRole('button', { name: 'Detect layout' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Apply Message field' }));
    expect(last().jsonData).toEqual({ indexPattern: 'logs-*', messageField: 'body.text' });
    expect(within(row('Message field')).getByText('as set')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Apply all 3 changes' }));
    expect(last().jsonData).toEqual({
      indexPattern: 'logs-*.otel-*',
      messageField: 'body.text',
      sessionFields: ['attributes.session.id', 'session.id'],
      messageTags: [],
    });
    expect(changes).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Nothing to change' })).toBeDisabled();
  });

  it('says when no layout is known, and shows a failure', async () => {
    let fail = true;
    renderProposals(async () => {
      if (fail) {
        throw new Error('The cluster refused the API key (HTTP 401).');
      }
      return { ...detection, layouts: [], proposals: [], unresolved: [], notes: [] };
    });
    await userEvent.click(screen.getByRole('button', { name: 'Detect layout' }));
    expect(await screen.findByText('The cluster refused the API key (HTTP 401).')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Detect layout' }));
    expect(await screen.findByText('No known layout found.')).toBeInTheDocument();
    expect(screen.queryByText(/refused/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Nothing to change' })).toBeDisabled();
  });

  it('turns a non-Error rejection into text, and is busy while detecting', async () => {
    let reject: (reason: unknown) => void = () => undefined;
    renderProposals(() => new Promise((_, r) => (reject = r)));
    await userEvent.click(screen.getByRole('button', { name: 'Detect layout' }));
    expect(screen.getByRole('button', { name: 'Detecting…' })).toBeDisabled();
    reject('HTTP 502');
    expect(await screen.findByText('HTTP 502')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Detect layout' })).toBeEnabled();
  });
});

describe('LayoutProposals through the saved data source', () => {
  /** The saved data source as Grafana builds it: its client on the saved pattern's routes. */
  function savedDataSource(answer: (request: ClusterRequest) => unknown, seen: ClusterRequest[]) {
    const transport = async <T,>(request: ClusterRequest) => {
      seen.push(request);
      return answer(request) as T;
    };
    return {
      client: new ClusterClient('/api/datasources/proxy/uid/u', 'none', transport, 'logs-rec'),
      settings: resolveSettings({ indexPattern: 'logs-rec' }),
      authType: 'none',
    };
  }

  it("detects on the saved data source's field caps and sample", async () => {
    const seen: ClusterRequest[] = [];
    const lines = {
      hits: { hits: [{ _index: 'logs-rec', _id: '1', _source: { message: 'x session_id=k3Jh7mNp2Q' } }] },
    };
    getDataSource.mockResolvedValue(savedDataSource((r) => (r.operation === 'fieldCaps' ? fieldCaps : lines), seen));
    renderProposals(undefined, { uid: 'u' });
    await userEvent.click(screen.getByRole('button', { name: 'Detect layout' }));
    expect(await screen.findByRole('table', { name: 'Proposed settings' })).toBeInTheDocument();
    expect(getDataSource).toHaveBeenCalledWith({ uid: 'u' });
    expect(seen.map((r) => r.operation)).toEqual(['fieldCaps', 'search']);
    expect(within(row('Message tags')).getAllByRole('cell')[2]).toHaveTextContent('session_id');
    expect(screen.getByLabelText('Layouts found')).toHaveTextContent('ECS logs (proposed): 1 index');
  });

  it("says why the saved data source's cluster refused", async () => {
    const seen: ClusterRequest[] = [];
    const failing = savedDataSource(() => {
      throw { status: 404, data: indexNotFound };
    }, seen);
    getDataSource.mockResolvedValue(failing);
    renderProposals(undefined, { uid: 'u' });
    await userEvent.click(screen.getByRole('button', { name: 'Detect layout' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/No index matches "logs-rec"/);
  });
});

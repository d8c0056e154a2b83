import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { resolveReplayTools } from '../replay/replayTools';
import { baseOptions, renderOptionsEditor } from './renderOptionsEditor';
import { EXAMPLE_ERROR_MS } from './ReplayExampleLink';
import { ReplaySettings } from './ReplaySettings';

/** Picks a tool to add, as a user does. */
async function addTool(label: string) {
  await userEvent.click(screen.getByRole('button', { name: `Add ${label}` }));
}

describe('ReplaySettings', () => {
  it('starts with no tool and says how to add one', () => {
    renderOptionsEditor(ReplaySettings, baseOptions());
    expect(screen.getByText(/^No replay links: add the tool your web app records sessions with/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Lead-in (seconds)')).not.toBeInTheDocument();
  });

  it('adds OpenReplay, names what to fill in, then previews its link', async () => {
    const last = renderOptionsEditor(ReplaySettings, baseOptions());
    await addTool('OpenReplay');
    expect(last().jsonData.replayTools).toEqual([{ kind: 'openreplay' }]);
    expect(screen.getByText('Enter your OpenReplay URL, e.g. https://app.openreplay.com.')).toBeInTheDocument();
    expect(screen.queryByTestId('replay-example')).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('OpenReplay URL'), 'https://or.example.com');
    await userEvent.type(screen.getByLabelText('OpenReplay Project id'), '12');
    expect(last().jsonData.replayTools).toEqual([
      { kind: 'openreplay', url: 'https://or.example.com', projectId: '12' },
    ]);
    // The example error with the default 5 s lead-in, as absolute epoch ms.
    expect(screen.getByTestId('replay-example').textContent).toMatch(
      new RegExp(`^https://or\\.example\\.com/12/session/\\d{19}\\?jumpto=${EXAMPLE_ERROR_MS - 5000}$`)
    );
    expect(screen.getByLabelText('Lead-in (seconds)')).toBeInTheDocument();
  });

  it('shows the one tool saved before lists, and saving the list forgets its settings', async () => {
    const legacy = {
      replayLink: 'openreplay' as const,
      openReplayUrl: 'https://or',
      openReplayProjectId: '1',
      leadInSeconds: 10,
    };
    const last = renderOptionsEditor(ReplaySettings, baseOptions({ jsonData: legacy }));
    expect(screen.getByLabelText('OpenReplay URL')).toHaveValue('https://or');
    await userEvent.click(screen.getByLabelText('Offset from start'));
    expect(last().jsonData).toEqual({
      leadInSeconds: 10,
      replayTools: [{ kind: 'openreplay', url: 'https://or', projectId: '1', jumpMode: 'offset' }],
      replayLink: undefined,
      openReplayUrl: undefined,
      openReplayProjectId: undefined,
      jumpMode: undefined,
      replayUrlTemplate: undefined,
    });
    // The example error is 60 s into its session: 60 s minus the 10 s lead-in.
    expect(screen.getByTestId('replay-example').textContent).toMatch(/\?jumpto=50000$/);
    // What is saved links as the editor shows.
    expect(resolveReplayTools(last().jsonData)).toHaveLength(1);
  });

  it('keeps several tools, each mapped to the fields and tags of its ids', async () => {
    const last = renderOptionsEditor(
      ReplaySettings,
      baseOptions({
        jsonData: {
          sessionFields: ['session.id', 'attributes.session.id'],
          messageTags: ['openReplaySession.id'],
          replayTools: [{ kind: 'openreplay', url: 'https://or', projectId: '1' }],
        },
      })
    );
    await addTool('PostHog');
    await userEvent.type(screen.getByLabelText('PostHog Project id'), '7');
    const postHog = within(screen.getByTestId('replay-tool-posthog'));
    // The data source's own fields and tags, then where PostHog's ids usually are.
    expect(postHog.getAllByRole('checkbox').map((c) => c.closest('label')?.textContent)).toEqual([
      'session.idsession field',
      'attributes.session.idsession field',
      'openReplaySession.idmessage tag',
      'sessionIdwhere its ids usually are',
      '$session_idwhere its ids usually are',
    ]);
    await userEvent.click(postHog.getByLabelText('attributes.session.id'));
    const openReplay = within(screen.getByTestId('replay-tool-openreplay'));
    await userEvent.click(openReplay.getByLabelText('openReplaySession.id'));
    expect(last().jsonData.replayTools).toEqual([
      { kind: 'openreplay', url: 'https://or', projectId: '1', sources: ['openReplaySession.id'] },
      { kind: 'posthog', projectId: '7', sources: ['attributes.session.id'] },
    ]);
    expect(resolveReplayTools(last().jsonData).map((t) => [t.kind, t.sources])).toEqual([
      ['openreplay', ['openReplaySession.id']],
      ['posthog', ['attributes.session.id']],
    ]);
  });

  it('removes a tool', async () => {
    const last = renderOptionsEditor(
      ReplaySettings,
      baseOptions({ jsonData: { replayTools: [{ kind: 'sentry' }, { kind: 'faro' }] } })
    );
    await userEvent.click(screen.getByLabelText('Remove Sentry'));
    expect(last().jsonData.replayTools).toEqual([{ kind: 'faro' }]);
    await userEvent.click(screen.getByLabelText('Remove Grafana Frontend Observability (Faro)'));
    expect(last().jsonData.replayTools).toEqual([]);
    expect(screen.getByText(/^No replay links/)).toBeInTheDocument();
  });

  it.each([
    ['-1', true],
    ['3601', true],
    ['0', false],
    ['3600', false],
  ])('validates a lead-in of %s seconds', async (value, invalid) => {
    const last = renderOptionsEditor(ReplaySettings, baseOptions({ jsonData: { replayTools: [{ kind: 'datadog' }] } }));
    await userEvent.type(screen.getByLabelText('Lead-in (seconds)'), value);
    expect(last().jsonData.leadInSeconds).toBe(Number(value));
    expect(screen.queryByText('Enter 0 to 3600 seconds.') !== null).toBe(invalid);
    await userEvent.clear(screen.getByLabelText('Lead-in (seconds)'));
    expect(last().jsonData.leadInSeconds).toBeUndefined();
  });
});

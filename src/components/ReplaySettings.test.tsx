import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { baseOptions, renderOptionsEditor } from './renderOptionsEditor';
import { ReplaySettings } from './ReplaySettings';

describe('ReplaySettings', () => {
  it('configures OpenReplay and previews a link with an absolute jumpto', async () => {
    const last = renderOptionsEditor(ReplaySettings, baseOptions());
    await userEvent.type(screen.getByLabelText('OpenReplay URL'), 'https://or.example.com');
    await userEvent.type(screen.getByLabelText('OpenReplay project id'), '12');
    expect(last().jsonData).toMatchObject({ openReplayUrl: 'https://or.example.com', openReplayProjectId: '12' });
    // Example error at 2026-01-15T10:31:00Z with the default 5 s lead-in.
    expect(screen.getByTestId('replay-example').textContent).toMatch(
      new RegExp(`^https://or\\.example\\.com/12/session/\\d{19}\\?jumpto=${Date.UTC(2026, 0, 15, 10, 31, 0) - 5000}$`)
    );
  });

  it('previews an offset jumpto in offset mode', async () => {
    const last = renderOptionsEditor(
      ReplaySettings,
      baseOptions({ jsonData: { openReplayUrl: 'https://or', openReplayProjectId: '1', leadInSeconds: 10 } })
    );
    await userEvent.click(screen.getByLabelText('Offset from start'));
    expect(last().jsonData.jumpMode).toBe('offset');
    // The example error is 60 s into its session: 60 s minus the 10 s lead-in.
    expect(screen.getByTestId('replay-example').textContent).toMatch(/\?jumpto=50000$/);
  });

  it('validates a custom template', async () => {
    const last = renderOptionsEditor(ReplaySettings, baseOptions());
    await userEvent.click(screen.getByLabelText('Custom URL template'));
    await userEvent.type(
      screen.getByLabelText('Replay URL template'),
      'https://app.highlight.io/1/sessions/{{sessionId}?tsAbs={{time}'
    );
    expect(last().jsonData.replayLink).toBe('template');
    expect(screen.getByText('Unknown placeholder {time}.')).toBeInTheDocument();
    expect(screen.queryByTestId('replay-example')).not.toBeInTheDocument();
  });

  it('hides the lead-in when links are off', async () => {
    renderOptionsEditor(ReplaySettings, baseOptions());
    expect(screen.getByLabelText('Lead-in (seconds)')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('No replay links'));
    expect(screen.queryByLabelText('Lead-in (seconds)')).not.toBeInTheDocument();
  });
});

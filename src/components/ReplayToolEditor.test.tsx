import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import type { ReplayToolSetting } from '../types';
import { EXAMPLE_ERROR_MS } from './ReplayExampleLink';
import { ReplayToolEditor } from './ReplayToolEditor';
import type { SourceOption } from './ReplayToolSources';

const SOURCES: SourceOption[] = [
  { name: 'session.id', kind: 'field' },
  { name: 'openReplaySession.id', kind: 'tag' },
];

/** Renders one tool's editor with state, as ReplaySettings does; returns the latest setting and the removals. */
function renderTool(initial: ReplayToolSetting, leadInSeconds?: number) {
  let latest = initial;
  const onRemove = jest.fn();
  function Host() {
    const [setting, setSetting] = useState(initial);
    return (
      <ReplayToolEditor
        setting={setting}
        sourceOptions={SOURCES}
        leadInSeconds={leadInSeconds}
        onChange={(next) => {
          latest = next;
          setSetting(next);
        }}
        onRemove={onRemove}
      />
    );
  }
  render(<Host />);
  return { last: () => latest, onRemove };
}

const example = () => screen.getByTestId('replay-example').textContent;
const AT = EXAMPLE_ERROR_MS - 5000;

describe('ReplayToolEditor', () => {
  // Each tool's own settings, typed in, and the link a click would open.
  it.each([
    ['datadog', [], new RegExp(`^https://app\\.datadoghq\\.com/rum/replay/sessions/[0-9a-f-]{36}\\?from=${AT}$`)],
    [
      'posthog',
      [['PostHog Project id', '42']],
      // The example session started a minute before its error: 60 s minus the 5 s lead-in.
      /^https:\/\/us\.posthog\.com\/project\/42\/replay\/[0-9a-f-]{36}\?t=55$/,
    ],
    [
      'sentry',
      [['Sentry URL', 'https://acme.sentry.io']],
      new RegExp(`^https://acme\\.sentry\\.io/replays/[0-9a-f]{32}/\\?event_t=${AT}$`),
    ],
    [
      'faro',
      [
        ['Grafana Frontend Observability (Faro) Grafana URL', 'https://acme.grafana.net'],
        ['Grafana Frontend Observability (Faro) App id', '12'],
      ],
      /^https:\/\/acme\.grafana\.net\/a\/grafana-kowalski-app\/apps\/12\/sessions\/[A-Za-z0-9]{10}$/,
    ],
    [
      'logrocket',
      [['LogRocket App id', 'acme/shop']],
      new RegExp(`^https://app\\.logrocket\\.com/acme/shop/s/6-[0-9a-f-]{36}/0\\?t=${AT}$`),
    ],
    [
      'template',
      [['Custom URL template Template', 'https://app.highlight.io/1/sessions/{{sessionId}?tsAbs={{timeMs}']],
      new RegExp(`^https://app\\.highlight\\.io/1/sessions/\\d{19}\\?tsAbs=${AT}$`),
    ],
  ] as const)('%s: its settings and an example link', async (kind, inputs, link) => {
    renderTool({ kind });
    for (const [label, text] of inputs) {
      await userEvent.type(screen.getByLabelText(label), text);
    }
    expect(example()).toMatch(link);
  });

  it("says where a link opens when it is not the error's moment", async () => {
    renderTool({ kind: 'faro', url: 'https://g', appId: '1' });
    expect(screen.getByTestId('replay-example-note')).toHaveTextContent(
      "Frontend Observability's session page has no time parameter: the link opens the session."
    );
  });

  it('has no note when the link opens the moment', () => {
    renderTool({ kind: 'datadog' });
    expect(screen.queryByTestId('replay-example-note')).not.toBeInTheDocument();
  });

  it('picks the Datadog site, and a custom subdomain', async () => {
    const { last } = renderTool({ kind: 'datadog' });
    await userEvent.click(screen.getByLabelText('EU1'));
    expect(last()).toEqual({ kind: 'datadog', site: 'datadoghq.eu' });
    expect(example()).toMatch(/^https:\/\/app\.datadoghq\.eu\/rum\/replay\/sessions\//);
    await userEvent.type(screen.getByLabelText('Datadog RUM Custom subdomain'), 'acme');
    expect(example()).toMatch(/^https:\/\/acme\.datadoghq\.eu\/rum\/replay\/sessions\//);
  });

  it('shows the first option of a choice when none is saved', () => {
    renderTool({ kind: 'openreplay', url: 'https://or', projectId: '1' });
    expect(screen.getByLabelText('Absolute time')).toBeChecked();
    expect(screen.getByLabelText('Offset from start')).not.toBeChecked();
  });

  it('says what to fix in each setting, and shows no example until it is fixed', async () => {
    renderTool({ kind: 'sentry', url: 'sentry.io', org: 'a b' });
    expect(screen.getByText('The Sentry URL must start with http:// or https:// and a host.')).toBeInTheDocument();
    expect(screen.getByText('An organization slug is letters, digits, _ and - only.')).toBeInTheDocument();
    expect(screen.queryByTestId('replay-example')).not.toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Sentry URL'));
    await userEvent.type(screen.getByLabelText('Sentry URL'), 'https://sentry.example.com');
    await userEvent.clear(screen.getByLabelText('Sentry Organization slug'));
    await userEvent.type(screen.getByLabelText('Sentry Organization slug'), 'acme');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(example()).toMatch(
      /^https:\/\/sentry\.example\.com\/organizations\/acme\/replays\/[0-9a-f]{32}\/\?event_t=/
    );
  });

  it('applies the lead-in to the example', () => {
    renderTool({ kind: 'datadog' }, 0);
    expect(example()).toMatch(new RegExp(`\\?from=${EXAMPLE_ERROR_MS}$`));
  });

  it("offers the data source's fields and tags, then the tool's usual ones, and saves the choice", async () => {
    const { last } = renderTool({ kind: 'sentry', url: 'https://acme.sentry.io' });
    expect(screen.getAllByRole('checkbox').map((c) => c.getAttribute('aria-label'))).toEqual([
      'session.id',
      'openReplaySession.id',
      'sentry.replay_id',
      'replay_id',
    ]);
    await userEvent.click(screen.getByLabelText('sentry.replay_id'));
    expect(last().sources).toEqual(['sentry.replay_id']);
  });

  it('offers a usual name once when the data source has it too', () => {
    renderTool({ kind: 'faro', url: 'https://g', appId: '1' });
    expect(screen.getAllByRole('checkbox').map((c) => c.getAttribute('aria-label'))).toEqual([
      'session.id',
      'openReplaySession.id',
      'session_id',
    ]);
  });

  it('is removed by its button', async () => {
    const { onRemove } = renderTool({ kind: 'posthog' });
    await userEvent.click(screen.getByLabelText('Remove PostHog'));
    expect(onRemove).toHaveBeenCalledTimes(1);
  });

  it('says a tool of a kind it does not know links nothing, and removes it', async () => {
    const { onRemove } = renderTool({ kind: 'highlight' } as never);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Unknown replay tool "highlight": this version links none. Remove it.'
    );
    await userEvent.click(screen.getByLabelText('Remove unknown replay tool'));
    expect(onRemove).toHaveBeenCalledTimes(1);
  });
});

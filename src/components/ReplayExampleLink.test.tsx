import { render, screen } from '@testing-library/react';
import React from 'react';
import { openReplaySessionIdAt } from '../session/sessionId';
import { EXAMPLE_ERROR_MS, EXAMPLE_START_MS, ReplayExampleLink } from './ReplayExampleLink';

describe('ReplayExampleLink', () => {
  it('shows the link of an example error a minute into an example session', () => {
    const id = openReplaySessionIdAt(EXAMPLE_START_MS, 42);
    render(
      <ReplayExampleLink
        tool={{
          kind: 'openreplay',
          sessionsUrl: 'https://or/1/session/',
          jumpMode: 'offset',
          leadInMs: 5000,
          sources: [],
        }}
      />
    );
    expect(EXAMPLE_ERROR_MS - EXAMPLE_START_MS).toBe(60_000);
    expect(
      screen.getByText(`An error at 2026-01-15T10:31:00.000Z, a minute into session ${id}, opens:`)
    ).toBeInTheDocument();
    expect(screen.getByTestId('replay-example')).toHaveTextContent(`https://or/1/session/${id}?jumpto=55000`);
    expect(screen.queryByTestId('replay-example-note')).not.toBeInTheDocument();
  });

  it("says where a link opens when it is not the error's moment", () => {
    render(
      <ReplayExampleLink
        tool={{ kind: 'posthog', sessionsUrl: 'https://ph/project/1/replay/', leadInMs: 0, sources: [] }}
      />
    );
    // The example id is a UUIDv7 of the start: the moment is known.
    expect(screen.getByTestId('replay-example').textContent).toMatch(/\?t=60$/);
    render(
      <ReplayExampleLink
        tool={{
          kind: 'faro',
          sessionsUrl: 'https://g/a/grafana-kowalski-app/apps/1/sessions/',
          leadInMs: 0,
          sources: [],
        }}
      />
    );
    expect(screen.getByTestId('replay-example-note')).toHaveTextContent('the link opens the session');
  });
});

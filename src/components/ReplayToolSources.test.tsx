import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import { ReplayToolSources, type SourceOption } from './ReplayToolSources';

const OPTIONS: SourceOption[] = [
  { name: 'session.id', kind: 'field' },
  { name: 'openReplaySession.id', kind: 'tag' },
  { name: 'sessionId', kind: 'usual' },
];

function renderSources(initial: string[]) {
  let latest = initial;
  function Host() {
    const [sources, setSources] = useState(initial);
    return (
      <ReplayToolSources
        toolLabel="PostHog"
        sources={sources}
        options={OPTIONS}
        onChange={(next) => {
          latest = next;
          setSources(next);
        }}
      />
    );
  }
  render(<Host />);
  return () => latest;
}

const boxes = () =>
  screen.getAllByRole('checkbox').map((c) => [c.getAttribute('aria-label'), (c as HTMLInputElement).checked]);

describe('ReplayToolSources', () => {
  it('says that no choice takes any id of the shape, and what each name is', () => {
    renderSources([]);
    expect(screen.getByText("None chosen: any line's id of PostHog's shape links to it.")).toBeInTheDocument();
    expect(boxes()).toEqual([
      ['session.id', false],
      ['openReplaySession.id', false],
      ['sessionId', false],
    ]);
    expect(screen.getByText('session field')).toBeInTheDocument();
    expect(screen.getByText('message tag')).toBeInTheDocument();
    expect(screen.getByText('where its ids usually are')).toBeInTheDocument();
  });

  it('ticks and unticks names, keeping the order they were chosen in', async () => {
    const last = renderSources([]);
    await userEvent.click(screen.getByLabelText('sessionId'));
    await userEvent.click(screen.getByLabelText('session.id'));
    expect(last()).toEqual(['sessionId', 'session.id']);
    expect(
      screen.getByText('Lines link to PostHog by these; the ids of other fields and tags go to other tools.')
    ).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('sessionId'));
    expect(last()).toEqual(['session.id']);
  });

  it('shows a saved name that is not offered, as added', () => {
    renderSources(['ph.session']);
    expect(boxes()).toEqual([
      ['session.id', false],
      ['openReplaySession.id', false],
      ['sessionId', false],
      ['ph.session', true],
    ]);
    expect(screen.getByText('added here')).toBeInTheDocument();
  });

  it('adds another name, trimmed, by Enter or the button, once', async () => {
    const last = renderSources([]);
    const other = screen.getByLabelText('Another field or tag for PostHog');
    await userEvent.type(other, ' $session_id {Enter}');
    expect(last()).toEqual(['$session_id']);
    expect(other).toHaveValue('');
    await userEvent.type(other, 'labels.sid');
    await userEvent.click(screen.getByLabelText('Add field or tag for PostHog'));
    expect(last()).toEqual(['$session_id', 'labels.sid']);
    await userEvent.type(other, 'labels.sid{Enter}');
    await userEvent.type(other, '   {Enter}');
    expect(last()).toEqual(['$session_id', 'labels.sid']);
    expect(other).toHaveValue('');
  });

  it('types other keys into the name without adding it', async () => {
    const last = renderSources([]);
    await userEvent.type(screen.getByLabelText('Another field or tag for PostHog'), 'a{Tab}');
    expect(last()).toEqual([]);
  });
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { render } from '@testing-library/react';
import React, { useState } from 'react';
import type { SessionErrorsQuery } from '../types';
import { ErrorGroupsResultOptions } from './ErrorGroupsResultOptions';

function renderStateful(initial: SessionErrorsQuery) {
  let latest = initial;
  function Host() {
    const [query, setQuery] = useState(initial);
    return (
      <ErrorGroupsResultOptions
        query={query}
        onChange={(patch) => {
          latest = { ...query, ...patch };
          setQuery(latest);
        }}
      />
    );
  }
  render(<Host />);
  return () => latest;
}

describe('ErrorGroupsResultOptions', () => {
  it('starts as a table, with the alert options hidden', () => {
    renderStateful({ refId: 'A', queryType: 'errorGroups' });
    expect(screen.getByLabelText('Table')).toBeChecked();
    expect(screen.queryByLabelText('New groups only')).not.toBeInTheDocument();
  });

  it('chooses alert values of new groups, by lines', async () => {
    const last = renderStateful({ refId: 'A', queryType: 'errorGroups' });
    await userEvent.click(screen.getByLabelText('Alert values'));
    expect(screen.getByLabelText('Sessions affected')).toBeChecked();
    await userEvent.click(screen.getByLabelText('Lines'));
    await userEvent.click(screen.getByLabelText('New groups only'));
    expect(last()).toMatchObject({ groupsResult: 'values', groupsValue: 'lines', newGroupsOnly: true });
    expect(last().replayLabel).toBeUndefined();
    await userEvent.click(screen.getByLabelText('Replay link label'));
    expect(last().replayLabel).toBe(true);
  });
});

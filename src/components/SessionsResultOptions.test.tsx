import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { SessionsResultOptions } from './SessionsResultOptions';

describe('SessionsResultOptions', () => {
  it('starts as a table and switches to the alert count', async () => {
    const onChange = jest.fn();
    render(<SessionsResultOptions query={{ refId: 'A', queryType: 'sessions' }} onChange={onChange} />);
    expect(screen.getByLabelText('Table')).toBeChecked();
    await userEvent.click(screen.getByLabelText('Alert count'));
    expect(onChange).toHaveBeenCalledWith({ sessionsResult: 'count' });
  });

  it('shows a saved count as chosen', () => {
    render(
      <SessionsResultOptions
        query={{ refId: 'A', queryType: 'sessions', sessionsResult: 'count' }}
        onChange={jest.fn()}
      />
    );
    expect(screen.getByLabelText('Alert count')).toBeChecked();
  });
});

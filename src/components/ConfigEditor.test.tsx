import React from 'react';
import { render, screen } from '@testing-library/react';
import { ConfigEditor } from './ConfigEditor';
import { baseOptions } from './renderOptionsEditor';

describe('ConfigEditor', () => {
  it('shows the connection, index and replay sections', () => {
    render(<ConfigEditor options={baseOptions()} onOptionsChange={() => undefined} />);
    expect(screen.getByText('Connection')).toBeInTheDocument();
    expect(screen.getByText('Logs index')).toBeInTheDocument();
    expect(screen.getByText('Session replay links')).toBeInTheDocument();
    expect(screen.getByLabelText('URL')).toBeInTheDocument();
  });
});

import type { DataSourceInstanceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import { DataSource } from '../datasource';
import type { SessionErrorsOptions, SessionErrorsQuery, SessionErrorsVariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

const datasource = new DataSource(
  { jsonData: {}, url: '/p', uid: 'u' } as DataSourceInstanceSettings<SessionErrorsOptions>,
  async () => {
    throw new Error('no requests in editor tests');
  }
);

function renderEditor(initial: SessionErrorsVariableQuery | string) {
  let latest: unknown = initial;
  function Host() {
    const [query, setQuery] = useState(initial);
    return (
      <VariableQueryEditor
        datasource={datasource}
        query={query as unknown as SessionErrorsQuery & SessionErrorsVariableQuery}
        onRunQuery={() => undefined}
        onChange={(q) => {
          latest = q;
          setQuery(q as unknown as SessionErrorsVariableQuery);
        }}
      />
    );
  }
  render(<Host />);
  return () => latest;
}

describe('VariableQueryEditor', () => {
  it('reads a text query of an older dashboard and saves it in parts', async () => {
    const last = renderEditor('services | env:prod');
    expect(screen.getByLabelText('Variable filter')).toHaveValue('env:prod');
    await userEvent.click(screen.getByLabelText('Field values'));
    await userEvent.type(screen.getByLabelText('Variable field'), 'host.name');
    await userEvent.tab();
    expect(last()).toEqual({ refId: 'variable', kind: 'field', field: 'host.name', filter: 'env:prod' });
  });

  it('edits the filter of a sessions variable', async () => {
    const last = renderEditor({ refId: 'v', kind: 'sessions' });
    expect(screen.queryByLabelText('Variable field')).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Variable filter'), 'service.name:$service');
    await userEvent.tab();
    expect(last()).toEqual({ refId: 'v', kind: 'sessions', filter: 'service.name:$service' });
  });
});

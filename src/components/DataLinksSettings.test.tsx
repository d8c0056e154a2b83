import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DataLinksSettings } from './DataLinksSettings';
import { baseOptions, renderOptionsEditor } from './renderOptionsEditor';

describe('DataLinksSettings', () => {
  it('adds an external link for a field', async () => {
    const last = renderOptionsEditor(DataLinksSettings, baseOptions());
    await userEvent.click(screen.getByRole('button', { name: 'Add data link' }));
    await userEvent.type(screen.getByLabelText('Data link 1 field'), 'trace.id');
    await userEvent.type(screen.getByLabelText('Data link 1 title'), 'Trace');
    await userEvent.click(screen.getByLabelText('Data link 1 URL'));
    await userEvent.paste('https://tracing.example/trace/${__value.raw}');
    expect(last().jsonData.dataLinks).toEqual([
      { field: 'trace.id', title: 'Trace', url: 'https://tracing.example/trace/${__value.raw}' },
    ]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('makes an internal link to another data source', async () => {
    const last = renderOptionsEditor(
      DataLinksSettings,
      baseOptions({ jsonData: { dataLinks: [{ field: 'trace.id', url: '' }] } })
    );
    await userEvent.click(screen.getByLabelText('Data link 1 internal'));
    expect(screen.getByRole('alert')).toHaveTextContent(/Enter the uid of the data source/);
    await userEvent.type(screen.getByLabelText('Data link 1 data source uid'), 'tempo');
    await userEvent.click(screen.getByLabelText('Data link 1 query'));
    await userEvent.paste('${__value.raw}');
    expect(last().jsonData.dataLinks).toEqual([{ field: 'trace.id', url: '${__value.raw}', datasourceUid: 'tempo' }]);
  });

  it('says what is wrong with a link, and removes it', async () => {
    const last = renderOptionsEditor(
      DataLinksSettings,
      baseOptions({ jsonData: { dataLinks: [{ field: '/(/', url: 'javascript:alert(1)' }] } })
    );
    expect(screen.getByRole('alert')).toHaveTextContent(/not a valid regular expression/);
    await userEvent.clear(screen.getByLabelText('Data link 1 field'));
    await userEvent.type(screen.getByLabelText('Data link 1 field'), 'trace.id');
    expect(screen.getByRole('alert')).toHaveTextContent(/must start with http/);
    await userEvent.click(screen.getByRole('button', { name: 'Remove data link 1' }));
    expect(last().jsonData.dataLinks).toEqual([]);
  });
});

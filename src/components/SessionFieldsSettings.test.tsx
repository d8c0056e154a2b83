import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { resolveSettings } from '../settings';
import { baseOptions, renderOptionsEditor } from './renderOptionsEditor';
import { SessionFieldsSettings } from './SessionFieldsSettings';

const inputs = () => screen.getAllByRole('textbox') as HTMLInputElement[];

describe('SessionFieldsSettings', () => {
  it('starts with one empty field to type into, and saves a list', async () => {
    const last = renderOptionsEditor(SessionFieldsSettings, baseOptions());
    expect(inputs().map((i) => i.value)).toEqual(['']);
    expect(screen.getByLabelText('Session id field 1')).toHaveAttribute('placeholder', 'session.id');
    await userEvent.type(screen.getByLabelText('Session id field 1'), 'session.id');
    expect(last().jsonData.sessionFields).toEqual(['session.id']);
  });

  it('shows the one field saved before lists, and saving the list forgets it', async () => {
    const last = renderOptionsEditor(SessionFieldsSettings, baseOptions({ jsonData: { sessionField: 'sid' } }));
    expect(inputs().map((i) => i.value)).toEqual(['sid']);
    await userEvent.click(screen.getByRole('button', { name: 'Add session id field' }));
    expect(last().jsonData).toEqual({ sessionFields: ['sid', ''], sessionField: undefined });
    expect(screen.getByLabelText('Session id field 2')).toHaveAttribute('placeholder', 'attributes.session.id');
    await userEvent.type(screen.getByLabelText('Session id field 2'), 'attributes.session.id');
    expect(last().jsonData.sessionFields).toEqual(['sid', 'attributes.session.id']);
    expect(resolveSettings(last().jsonData)).toMatchObject({
      sessionFields: ['sid', 'attributes.session.id'],
      sessionField: 'sid',
    });
  });

  it('edits and removes one field of several, keeping the order', async () => {
    const last = renderOptionsEditor(
      SessionFieldsSettings,
      baseOptions({ jsonData: { sessionFields: ['a', 'b', 'c'], sessionField: 'old' } })
    );
    expect(inputs().map((i) => i.value)).toEqual(['a', 'b', 'c']);
    await userEvent.type(screen.getByLabelText('Session id field 2'), '2');
    expect(last().jsonData.sessionFields).toEqual(['a', 'b2', 'c']);
    await userEvent.click(screen.getByLabelText('Remove session id field 1'));
    expect(last().jsonData.sessionFields).toEqual(['b2', 'c']);
    expect(inputs().map((i) => i.value)).toEqual(['b2', 'c']);
  });

  it('removing the last field leaves an empty row and no field', async () => {
    const last = renderOptionsEditor(SessionFieldsSettings, baseOptions({ jsonData: { sessionFields: ['x'] } }));
    await userEvent.click(screen.getByLabelText('Remove session id field 1'));
    expect(last().jsonData.sessionFields).toEqual([]);
    expect(inputs().map((i) => i.value)).toEqual(['']);
    expect(resolveSettings(last().jsonData).sessionField).toBeUndefined();
  });
});

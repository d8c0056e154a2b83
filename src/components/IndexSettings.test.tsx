import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IndexSettings } from './IndexSettings';
import { baseOptions, renderOptionsEditor } from './renderOptionsEditor';

describe('IndexSettings', () => {
  it('shows the defaults as placeholders', () => {
    renderOptionsEditor(IndexSettings, baseOptions());
    expect(screen.getByLabelText('Index pattern')).toHaveAttribute('placeholder', 'logs-*');
    expect(screen.getByLabelText('Time field')).toHaveAttribute('placeholder', '@timestamp');
    expect(screen.getByLabelText('Level field')).toHaveAttribute('placeholder', 'log.level');
    expect(screen.getByLabelText('[asayer_session_id=<id>]')).toBeChecked();
    expect(screen.getByLabelText('[openReplaySession.id=<id>]')).toBeChecked();
  });

  it('edits fields into jsonData', async () => {
    const last = renderOptionsEditor(IndexSettings, baseOptions());
    await userEvent.type(screen.getByLabelText('Index pattern'), 'app-logs-*');
    await userEvent.type(screen.getByLabelText('Session id field 1'), 'session.id');
    await userEvent.type(screen.getByLabelText('Trace id field'), 'traceId');
    expect(last().jsonData).toMatchObject({
      indexPattern: 'app-logs-*',
      sessionFields: ['session.id'],
      traceField: 'traceId',
    });
  });

  it('shows the trace field’s default and offers Faro’s logfmt tag, off by default', async () => {
    const last = renderOptionsEditor(IndexSettings, baseOptions());
    expect(screen.getByLabelText('Trace id field')).toHaveAttribute('placeholder', 'trace.id');
    const faro = screen.getByLabelText('session_id=<id> (Faro logfmt)');
    expect(faro).not.toBeChecked();
    await userEvent.click(faro);
    expect(last().jsonData.messageTags).toEqual(['asayer_session_id', 'openReplaySession.id', 'session_id']);
  });

  it('keeps the optional error group summary index', async () => {
    const last = renderOptionsEditor(IndexSettings, baseOptions());
    expect(screen.getByLabelText('Error group summary index')).toHaveValue('');
    await userEvent.type(screen.getByLabelText('Error group summary index'), 'sessionreplay-error-groups');
    expect(last().jsonData.groupsSummaryIndex).toBe('sessionreplay-error-groups');
  });

  it('turns a message tag off and on', async () => {
    const last = renderOptionsEditor(IndexSettings, baseOptions());
    await userEvent.click(screen.getByLabelText('[asayer_session_id=<id>]'));
    expect(last().jsonData.messageTags).toEqual(['openReplaySession.id']);
    await userEvent.click(screen.getByLabelText('[asayer_session_id=<id>]'));
    expect(last().jsonData.messageTags).toEqual(['openReplaySession.id', 'asayer_session_id']);
  });

  it('splits detail fields on commas', async () => {
    const last = renderOptionsEditor(IndexSettings, baseOptions({ jsonData: { detailFields: [] } }));
    await userEvent.type(screen.getByLabelText('Detail fields'), 'error.*, trace.id');
    await userEvent.tab();
    expect(last().jsonData.detailFields).toEqual(['error.*', 'trace.id']);
  });

  it('rejects a line limit out of range', async () => {
    renderOptionsEditor(IndexSettings, baseOptions({ jsonData: { maxLines: 20000 } }));
    expect(screen.getByText('Enter a number from 1 to 10000.')).toBeInTheDocument();
  });
});

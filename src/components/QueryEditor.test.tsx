import type { DataSourceInstanceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import { DataSource } from '../datasource';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../types';
import { QueryEditor, sessionIdEditorError } from './QueryEditor';

const datasource = new DataSource(
  { jsonData: { maxLines: 500 }, url: '/p', uid: 'u' } as DataSourceInstanceSettings<SessionErrorsOptions>,
  async () => {
    throw new Error('no requests in editor tests');
  }
);

function renderEditor(initial: SessionErrorsQuery) {
  const onRunQuery = jest.fn();
  let latest = initial;
  function Host() {
    const [query, setQuery] = useState(initial);
    return (
      <QueryEditor
        query={query}
        datasource={datasource}
        onRunQuery={onRunQuery}
        onChange={(q) => {
          latest = q;
          setQuery(q);
        }}
      />
    );
  }
  render(<Host />);
  return { onRunQuery, last: () => latest };
}

describe('QueryEditor', () => {
  it('offers error groups over the whole range, with a group limit and the look-back for new groups', async () => {
    const { last } = renderEditor({ refId: 'A', queryType: 'logs', mode: 'session' });
    await userEvent.click(screen.getByLabelText('Error groups'));
    expect(screen.queryByLabelText('By session')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Group limit')).toHaveAttribute('placeholder', '50');
    await userEvent.type(screen.getByLabelText('New if not seen in'), '14d');
    await userEvent.tab();
    expect(last()).toMatchObject({ queryType: 'errorGroups', newLookback: '14d' });
  });

  it('chooses what log context shows, for log-line queries only, and saves the current query version', async () => {
    const { onRunQuery, last } = renderEditor({ refId: 'A', queryType: 'logs', mode: 'range' });
    await userEvent.click(screen.getByLabelText('Same trace'));
    expect(last()).toMatchObject({ contextScope: 'trace', version: 1 });
    expect(onRunQuery).not.toHaveBeenCalled();
    await userEvent.click(screen.getByLabelText('Sessions with errors'));
    expect(screen.queryByLabelText('Same trace')).not.toBeInTheDocument();
  });

  it('runs a valid session id on blur', async () => {
    const { onRunQuery, last } = renderEditor({ refId: 'A' });
    await userEvent.type(screen.getByLabelText('Session id'), ' 3864047860558056943 ');
    await userEvent.tab();
    expect(last().sessionId).toBe('3864047860558056943');
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('rejects an invalid id with a message and does not run it', async () => {
    const { onRunQuery } = renderEditor({ refId: 'A' });
    await userEvent.type(screen.getByLabelText('Session id'), '1 OR *{Enter}');
    expect(screen.getByText(/"1 OR \*" is not a valid session id/)).toBeInTheDocument();
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('accepts dashboard variables, checked later in the query path', async () => {
    const { onRunQuery } = renderEditor({ refId: 'A' });
    await userEvent.type(screen.getByLabelText('Session id'), '$session');
    await userEvent.tab();
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('hides the session fields in time-range mode', async () => {
    const { last, onRunQuery } = renderEditor({ refId: 'A' });
    await userEvent.click(screen.getByLabelText('By time range'));
    expect(last().mode).toBe('range');
    expect(screen.queryByLabelText('Session id')).not.toBeInTheDocument();
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('offers the whole-session window only when whole session is on', async () => {
    const { last } = renderEditor({ refId: 'A', sessionId: '3864047860558056943' });
    expect(screen.queryByLabelText('Session window')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Whole session'));
    expect(last().wholeSession).toBe(true);
    await userEvent.type(screen.getByLabelText('Session window'), '2h');
    await userEvent.tab();
    expect(last().sessionWindow).toBe('2h');
  });

  it('sets the filter and the line limit, bounded by the data source maximum', async () => {
    const { last } = renderEditor({ refId: 'A', sessionId: '1' });
    await userEvent.type(screen.getByLabelText('Filter'), 'service.name:checkout');
    await userEvent.tab();
    expect(last().filter).toBe('service.name:checkout');
    await userEvent.type(screen.getByLabelText('Line limit'), '900');
    await userEvent.tab();
    expect(last().limit).toBe(900);
    expect(screen.getByText('Enter 1 to 500.')).toBeInTheDocument();
  });
});

describe('sessionIdEditorError', () => {
  it.each([
    [undefined, undefined],
    ['$session', undefined],
    ['${session}', undefined],
    ['123', undefined],
    ['', 'Enter a session id: session mode searches one session.'],
  ])('%p', (value, expected) => {
    expect(sessionIdEditorError(value)).toBe(expected);
  });
});

describe('QueryEditor query types', () => {
  it('switches to errors over time with a split, keeping the session search', async () => {
    const { last, onRunQuery } = renderEditor({ refId: 'A', sessionId: '1' });
    await userEvent.click(screen.getByLabelText('Errors over time'));
    await userEvent.click(screen.getByLabelText('By service'));
    expect(last()).toMatchObject({ queryType: 'errorsOverTime', splitBy: 'service', sessionId: '1' });
    expect(screen.queryByLabelText('Line limit')).not.toBeInTheDocument();
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('counts sessions for alerting, split by service, the split shown only for the count', async () => {
    const { last } = renderEditor({ refId: 'A' });
    await userEvent.click(screen.getByLabelText('Sessions with errors'));
    expect(screen.queryByLabelText('By service')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Alert count'));
    await userEvent.click(screen.getByLabelText('By service'));
    expect(last()).toMatchObject({ queryType: 'sessions', sessionsResult: 'count', splitBy: 'service' });
  });

  it('lists sessions over the dashboard range with a session limit', async () => {
    const { last, onRunQuery } = renderEditor({ refId: 'A' });
    await userEvent.click(screen.getByLabelText('Sessions with errors'));
    expect(last().queryType).toBe('sessions');
    expect(screen.queryByLabelText('Session id')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Session limit')).toHaveAttribute('placeholder', '100');
    // No session id is needed, so the query runs.
    expect(onRunQuery).toHaveBeenCalled();
  });
});

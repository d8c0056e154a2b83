/**
 * @jest-environment jsdom
 */
// The unit project's setup (TextEncoder and the browser APIs @grafana/ui needs), before ResultView loads it.
import '../../../jest.setup';
import { render, screen } from '@testing-library/react';
import React from 'react';
import type { DataFrame, Field } from '@grafana/data';
import { ResultView } from './ResultView';

jest.mock('./hostLine', () => ({
  hostLine: { line: '13.2', grafana: '13.2.3', dir: '.', react: '18', sharesJsxRuntime: true },
}));

// The preview's log view draws by Grafana's rules (tools/grafana-rules): log details list labels and
// linked fields only for a LogLines frame, links are built on the Explore path, words highlight as
// regular expressions.
const frame: DataFrame = {
  refId: 'A',
  length: 1,
  meta: { type: 'log-lines' as NonNullable<DataFrame['meta']>['type'], custom: { searchWords: ['Declined'] } },
  fields: [
    { name: 'timestamp', type: 'time', config: {}, values: [1_780_315_200_000] },
    { name: 'body', type: 'string', config: {}, values: ['Card Declined, declined again'] },
    { name: 'severity', type: 'string', config: {}, values: ['error'] },
    { name: 'id', type: 'string', config: {}, values: ['i1'] },
    { name: 'labels', type: 'other', config: {}, values: [{ session_id: '42', session_time: '1:00' }] },
    { name: 'error.type', type: 'string', config: {}, values: ['PaymentDeclinedError'] },
    {
      name: 'url.path',
      type: 'string',
      config: { links: [{ title: 'Search', url: 'https://s.test/?q=${__value.raw}' }] },
      values: ['/a&b'],
    },
  ] as Field[],
};

describe('the preview log view', () => {
  it('lists what Grafana lists in log details, with the Explore path’s links', () => {
    render(React.createElement(ResultView, { response: { data: [frame] }, range: { fromMs: 0, toMs: 1 } }));
    expect(screen.getByTestId('label-session_id').textContent).toBe('session_id=42');
    expect(screen.getByTestId('session-time').textContent).toBe('1:00');
    // A field without links is not listed for a LogLines frame.
    expect(screen.queryByTestId('field-error.type')).toBeNull();
    expect(screen.getByTestId('data-link').getAttribute('href')).toBe('https://s.test/?q=/a&b');
  });

  it('highlights the search words as Grafana reads them: case-sensitive regular expressions', () => {
    render(React.createElement(ResultView, { response: { data: [frame] }, range: { fromMs: 0, toMs: 1 } }));
    expect(screen.getAllByTestId('highlight').map((m) => m.textContent)).toEqual(['Declined']);
  });
});

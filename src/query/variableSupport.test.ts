import { dateTime, type DataQueryRequest, type MetricFindValue } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { VariableQueryEditor } from '../components/VariableQueryEditor';
import type { DataSource } from '../datasource';
import type { SessionErrorsVariableQuery } from '../types';
import { SessionErrorsVariableSupport } from './variableSupport';

// The editor renders with @grafana/ui, which these tests of the query path do not need.
jest.mock('../components/VariableQueryEditor', () => ({ VariableQueryEditor: () => null }));

const from = dateTime(Date.parse('2026-11-20T09:00:00Z'));
const to = dateTime(Date.parse('2026-11-20T10:00:00Z'));
const range = { from, to, raw: { from: 'now-1h', to: 'now' } };

function request(target: SessionErrorsVariableQuery): DataQueryRequest<SessionErrorsVariableQuery> {
  return {
    targets: [target],
    range,
    scopedVars: {},
    requestId: 'v',
    interval: '1m',
    intervalMs: 60000,
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  };
}

/** A data source whose metricFindQuery answers with the given values and records its calls. */
function datasourceAnswering(values: MetricFindValue[]) {
  const metricFindQuery = jest.fn(async (_query: string, _options?: unknown) => values);
  return { metricFindQuery, datasource: { metricFindQuery } as unknown as DataSource };
}

describe('SessionErrorsVariableSupport', () => {
  it('edits variables with the plugin’s own editor', () => {
    const { datasource } = datasourceAnswering([]);
    expect(new SessionErrorsVariableSupport(datasource).editor).toBe(VariableQueryEditor);
  });

  it.each([
    [
      'sessions with a filter',
      { refId: 'V', kind: 'sessions', filter: ' service.name:checkout ' },
      'sessions | service.name:checkout',
    ],
    ['a keyword field’s values', { refId: 'V', kind: 'field', field: 'http.route' }, 'field:http.route'],
    ['levels', { refId: 'V', kind: 'levels' }, 'levels'],
  ] as Array<[string, SessionErrorsVariableQuery, string]>)(
    'lists %s in the request’s range, as the variable’s values',
    async (_label, target, text) => {
      const values = [
        { text: 'a', value: 'a' },
        { text: 'b', value: 'b' },
      ];
      const { datasource, metricFindQuery } = datasourceAnswering(values);
      const response = await lastValueFrom(new SessionErrorsVariableSupport(datasource).query(request(target)));
      expect(metricFindQuery).toHaveBeenCalledTimes(1);
      expect(metricFindQuery).toHaveBeenCalledWith(text, { range });
      expect(response).toEqual({ data: values });
    }
  );

  it('runs a text query saved by an older dashboard as it is', async () => {
    const { datasource, metricFindQuery } = datasourceAnswering([]);
    const legacy = 'services | host.name:web-1' as unknown as SessionErrorsVariableQuery;
    const response = await lastValueFrom(new SessionErrorsVariableSupport(datasource).query(request(legacy)));
    expect(metricFindQuery).toHaveBeenCalledWith('services | host.name:web-1', { range });
    expect(response).toEqual({ data: [] });
  });

  it('fails the variable with the data source’s message', async () => {
    const metricFindQuery = jest.fn(async () => {
      throw new Error('"hosts" is not a variable query');
    });
    const support = new SessionErrorsVariableSupport({ metricFindQuery } as unknown as DataSource);
    await expect(lastValueFrom(support.query(request({ refId: 'V', kind: 'sessions' })))).rejects.toThrow(
      '"hosts" is not a variable query'
    );
  });
});

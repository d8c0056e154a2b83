import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { from, map, type Observable } from 'rxjs';
import { VariableQueryEditor } from '../components/VariableQueryEditor';
import type { DataSource } from '../datasource';
import type { SessionErrorsVariableQuery } from '../types';
import { variableQueryText } from './variableQuery';

/**
 * Dashboard variables with their own editor (sessions, services, levels or a keyword field's values,
 * with a filter). Text queries saved by older dashboards still run as they are.
 */
export class SessionErrorsVariableSupport extends CustomVariableSupport<DataSource, SessionErrorsVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<SessionErrorsVariableQuery>): Observable<DataQueryResponse> {
    const text = variableQueryText(request.targets[0]);
    return from(this.datasource.metricFindQuery(text, { range: request.range })).pipe(
      map((values) => ({ data: values }))
    );
  }
}

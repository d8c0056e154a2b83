import {
  DataSourceApi,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { from, type Observable } from 'rxjs';
import { backendSrvTransport } from './cluster/backendSrvTransport';
import { ClusterClient, type ClusterTransport } from './cluster/clusterClient';
import { checkHealth } from './health/checkHealth';
import { runLogsQuery, type QueryOutcome, type QueryScope } from './query/runLogsQuery';
import { resolveSettings } from './settings';
import type { AuthType, ResolvedSettings, SessionErrorsOptions, SessionErrorsQuery } from './types';

/** Thin orchestrator: interpolates variables, hands each query to its runner, gathers frames and errors. */
export class DataSource extends DataSourceApi<SessionErrorsQuery, SessionErrorsOptions> {
  readonly settings: ResolvedSettings;
  readonly authType: AuthType;
  readonly client: ClusterClient;

  constructor(
    instanceSettings: DataSourceInstanceSettings<SessionErrorsOptions>,
    transport: ClusterTransport = backendSrvTransport
  ) {
    super(instanceSettings);
    this.settings = resolveSettings(instanceSettings.jsonData);
    this.authType = instanceSettings.jsonData?.authType ?? 'none';
    this.client = new ClusterClient(instanceSettings.url ?? '', this.authType, transport);
  }

  getDefaultQuery(): Partial<SessionErrorsQuery> {
    return { queryType: 'logs', mode: 'session', sessionId: '' };
  }

  filterQuery(query: SessionErrorsQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: SessionErrorsQuery, scopedVars: ScopedVars): SessionErrorsQuery {
    const templateSrv = getTemplateSrv();
    return {
      ...query,
      sessionId: query.sessionId === undefined ? undefined : templateSrv.replace(query.sessionId, scopedVars),
      filter: query.filter ? templateSrv.replace(query.filter, scopedVars, 'lucene') : query.filter,
    };
  }

  query(request: DataQueryRequest<SessionErrorsQuery>): Observable<DataQueryResponse> {
    const scope: QueryScope = {
      client: this.client,
      settings: this.settings,
      authType: this.authType,
      range: { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() },
      nowMs: Date.now(),
    };
    const targets = request.targets
      .filter((t) => this.filterQuery(t))
      .map((t) => this.applyTemplateVariables(t, request.scopedVars));
    return from(
      Promise.all(targets.map((t) => this.runQuery(t, scope))).then((outcomes) => {
        const errors: DataQueryError[] = [];
        const data = outcomes.flatMap((outcome, i) => {
          if (!outcome.ok) {
            errors.push({ refId: targets[i].refId, message: outcome.error });
            return [];
          }
          return outcome.frames;
        });
        return errors.length ? { data, errors } : { data };
      })
    );
  }

  private runQuery(query: SessionErrorsQuery, scope: QueryScope): Promise<QueryOutcome> {
    return runLogsQuery(query, scope);
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    return checkHealth(this.client, this.settings, this.authType, Date.now());
  }
}

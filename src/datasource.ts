import {
  LogRowContextQueryDirection,
  SupplementaryQueryType,
  type LogRowContextOptions,
  type LogRowModel,
  type SupplementaryQueryOptions,
  type AdHocVariableFilter,
  type AnnotationSupport,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceGetTagKeysOptions,
  type DataSourceGetTagValuesOptions,
  type DataSourceInstanceSettings,
  type LegacyMetricFindQueryOptions,
  type MetricFindValue,
  type QueryFilterOptions,
  type QueryFixAction,
  type ToggleFilterAction,
  type ScopedVars,
  type TestDataSourceResponse,
  type TimeRange,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { Observable, of } from 'rxjs';
import { backendSrvTransport } from './cluster/backendSrvTransport';
import { ClusterClient, routeSettingsProblem, type ClusterTransport } from './cluster/clusterClient';
import { describeClusterError } from './cluster/describeClusterError';
import { checkHealth } from './health/checkHealth';
import { adHocFilterClauses } from './query/adHocFilters';
import { runQuery, type QueryOutcome, type QueryScope } from './query/runQuery';
import { addQueryFilter, queryHasFilter, toggleQueryFilter, withAdHocFilters } from './query/queryFilters';
import { buildContextQuery } from './query/buildContextQuery';
import { contextClient, fetchLogContext } from './query/logContext';
import { pointInTimeApi, type PointInTimeApi } from './query/pointInTime';
import { ScrollMemory } from './query/scrollMemory';
import { QUERY_VERSION, resolveQuery } from './query/resolveQuery';
import { tagKeys, tagValues, variableValues, type SuggestionScope, type SuggestionsOutcome } from './query/suggestions';
import { interpolateVariableQuery } from './query/variableQuery';
import { SessionErrorsVariableSupport } from './query/variableSupport';
import { contextAnchor } from './response/contextAnchor';
import { toAnnotationEvents } from './response/toAnnotationEvents';
import { toLogsFrame, type LogSource } from './response/toLogsFrame';
import { resolveSettings } from './settings';
import type {
  AuthType,
  ContextScope,
  ResolvedSettings,
  SessionErrorsOptions,
  SessionErrorsQuery,
  TimeWindow,
} from './types';

/** One logs query as Explore repeats it for every page: the query itself, variables resolved. */
function pageKey(target: SessionErrorsQuery): string {
  return JSON.stringify(target);
}

/**
 * Thin orchestrator: interpolates variables, hands each query to its runner, gathers frames and errors.
 * A backend data source (Grafana's alerting, public dashboards and expressions call the Go backend,
 * which runs the same core), whose interactive queries still run here in the browser: `query`,
 * `testDatasource` and the suggestions are overridden, so Explore and dashboards stay as fast as before.
 */
export class DataSource extends DataSourceWithBackend<SessionErrorsQuery, SessionErrorsOptions> {
  readonly settings: ResolvedSettings;
  readonly authType: AuthType;
  readonly client: ClusterClient;

  /** Annotations use the query editor; log lines become annotations with their replay links. */
  annotations: AnnotationSupport<SessionErrorsQuery> = {
    getDefaultQuery: () => ({ queryType: 'logs', mode: 'range', levels: ['critical', 'error'] }),
    prepareQuery: (anno) => (anno.target ? { ...anno.target, queryType: 'logs' } : undefined),
    processEvents: (_anno, frames) => of(toAnnotationEvents(frames)),
  };

  /** The engine's point-in-time API for log context, read once. */
  private pointInTime?: Promise<PointInTimeApi | undefined>;

  /** What each logs query's recent pages showed, for Explore's scrolling to older and newer lines. */
  private readonly scrollMemory = new ScrollMemory();

  constructor(
    instanceSettings: DataSourceInstanceSettings<SessionErrorsOptions>,
    transport: ClusterTransport = backendSrvTransport
  ) {
    super(instanceSettings);
    this.variables = new SessionErrorsVariableSupport(this);
    this.settings = resolveSettings(instanceSettings.jsonData);
    this.authType = instanceSettings.jsonData?.authType ?? 'none';
    const jsonData = instanceSettings.jsonData ?? {};
    this.client = new ClusterClient(
      instanceSettings.url ?? '',
      this.authType,
      transport,
      this.settings.indexPattern,
      routeSettingsProblem(jsonData, this.settings.indexPattern, this.settings.groupsSummaryIndex),
      this.settings.groupsSummaryIndex
    );
  }

  /**
   * What a new panel or Explore pane runs at once (Grafana runs any query with a key set): the latest
   * errors of the range, which needs nothing typed. A session query would start with an empty id.
   */
  getDefaultQuery(): Partial<SessionErrorsQuery> {
    return { version: QUERY_VERSION, queryType: 'logs', mode: 'range', levels: ['critical', 'error'] };
  }

  filterQuery(query: SessionErrorsQuery): boolean {
    return !query.hide;
  }

  /**
   * Variables resolved; with `filters` (Grafana passes the dashboard's ad hoc filters when it sends a
   * query to the backend: expressions, DataSourceWithBackend.query), those written into the filter.
   */
  applyTemplateVariables(
    query: SessionErrorsQuery,
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): SessionErrorsQuery {
    const templateSrv = getTemplateSrv();
    const interpolated = {
      ...query,
      sessionId: query.sessionId === undefined ? undefined : templateSrv.replace(query.sessionId, scopedVars),
      filter: query.filter ? templateSrv.replace(query.filter, scopedVars, 'lucene') : query.filter,
    };
    if (!filters?.length) {
      return interpolated;
    }
    const clauses = adHocFilterClauses(filters);
    return clauses.ok
      ? { ...interpolated, filter: withAdHocFilters(interpolated.filter, filters) }
      : { ...interpolated, adHocProblem: clauses.error };
  }

  /** "Explore" from a dashboard panel: variables resolved and the ad hoc filters written into the filter. */
  interpolateVariablesInQueries(
    queries: SessionErrorsQuery[],
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): SessionErrorsQuery[] {
    return queries.map((query) => this.applyTemplateVariables(query, scopedVars, filters));
  }

  query(request: DataQueryRequest<SessionErrorsQuery>): Observable<DataQueryResponse> {
    const adHoc = adHocFilterClauses(request.filters);
    const targets = request.targets
      .filter((t) => this.filterQuery(t))
      .map((t) => this.applyTemplateVariables(t, request.scopedVars));
    if (!adHoc.ok) {
      return of({ data: [], errors: targets.map((t) => ({ refId: t.refId, message: adHoc.error })) });
    }
    const scope: QueryScope = {
      client: this.client,
      settings: this.settings,
      authType: this.authType,
      range: { fromMs: request.range.from.valueOf(), toMs: request.range.to.valueOf() },
      nowMs: Date.now(),
      intervalMs: request.intervalMs,
      extraFilters: adHoc.clauses,
    };
    // Cancellable: unsubscribing (a closed panel, a newer Explore query) aborts the searches in flight.
    return new Observable<DataQueryResponse>((subscriber) => {
      const controller = new AbortController();
      const cancellable = { ...scope, requestId: request.requestId, signal: controller.signal };
      const plans = targets.map((t) => this.scrollMemory.plan(pageKey(t), scope.range));
      const scopes = plans.map(({ newerLines, range, exclude }) => ({
        ...cancellable,
        range,
        newerLines,
        extraFilters: exclude ? [...adHoc.clauses, exclude] : adHoc.clauses,
      }));
      Promise.all(targets.map((t, i) => runQuery(t, scopes[i]))).then((outcomes: QueryOutcome[]) => {
        outcomes.forEach(
          (outcome, i) => outcome.ok && this.scrollMemory.remember(pageKey(targets[i]), outcome.frames, plans[i])
        );
        const errors: DataQueryError[] = [];
        const data = outcomes.flatMap((outcome, i) => {
          if (!outcome.ok) {
            errors.push({ refId: targets[i].refId, message: outcome.error });
            return [];
          }
          return outcome.frames;
        });
        subscriber.next(errors.length ? { data, errors } : { data });
        subscriber.complete();
      });
      return () => controller.abort();
    });
  }

  /**
   * Log context: the lines just before or after a line, of its session at every level (the
   * breadcrumbs that led to an error), or of its service or trace as the query chooses.
   */
  async getLogRowContext(
    row: LogRowModel,
    options?: LogRowContextOptions,
    query?: SessionErrorsQuery
  ): Promise<DataQueryResponse> {
    const anchor = contextAnchor(row.dataFrame, row.rowIndex, this.settings.traceField);
    if (!anchor) {
      return {
        data: [],
        error: { message: 'This line carries no position to show context from: run the query again.' },
      };
    }
    const forward = options?.direction === LogRowContextQueryDirection.Forward;
    // The query's scope when it is the query of the row's frame; else the scope the frame was made
    // with: Grafana rewrites the refId of the row it passes (`context_…`), so the query may not match.
    const frameScope = row.dataFrame.meta?.custom?.contextScope as ContextScope | undefined;
    const scope =
      query?.refId === row.dataFrame.refId || !frameScope
        ? resolveQuery(query ?? { refId: 'context' }).contextScope
        : frameScope;
    const built = buildContextQuery(
      this.settings,
      anchor,
      scope,
      forward ? 'FORWARD' : 'BACKWARD',
      options?.limit ?? 50
    );
    if (!built.ok) {
      return { data: [], error: { message: built.error } };
    }
    try {
      // GET / tells the engine's point-in-time API; only data source editors may read it (proxyRoutes.ts).
      this.pointInTime ??= this.client.info().then(pointInTimeApi, () => undefined);
      const client = contextClient<LogSource>(this.client, await this.pointInTime);
      const readInPit = row.dataFrame.meta?.custom?.pointInTime as string | undefined;
      const { response, pitId } = await fetchLogContext(client, anchor, built.searches, readInPit);
      if (forward) {
        // Fetched oldest first to find the nearest newer lines; shown newest first like every logs frame.
        response.hits.hits.reverse();
      }
      const frame = toLogsFrame(response, this.settings, {
        refId: `context-${row.uid}`,
        sessionId: scope === 'session' ? anchor.sessionId : undefined,
        limit: Number.POSITIVE_INFINITY,
        contextScope: scope,
      });
      // "Load more" from these lines goes on in the same point in time (logContext.ts).
      frame.meta = { ...frame.meta, custom: { ...frame.meta?.custom, ...(pitId ? { pointInTime: pitId } : {}) } };
      return { data: [frame] };
    } catch (e) {
      return {
        data: [],
        error: {
          message: this.describeError(e),
        },
      };
    }
  }

  /** "Open in split view" from the context: the line's session as a query of its own. */
  async getLogRowContextQuery(
    row: LogRowModel,
    _options?: LogRowContextOptions,
    query?: SessionErrorsQuery
  ): Promise<SessionErrorsQuery | null> {
    const anchor = contextAnchor(row.dataFrame, row.rowIndex, this.settings.traceField);
    return anchor?.sessionId
      ? { ...(query ?? { refId: 'A' }), queryType: 'logs', mode: 'session', sessionId: anchor.sessionId, levels: [] }
      : null;
  }

  /** Explore's logs volume: counts by level over the whole range, computed by the engine. */
  getSupportedSupplementaryQueryTypes(): SupplementaryQueryType[] {
    return [SupplementaryQueryType.LogsVolume];
  }

  getSupplementaryQuery(options: SupplementaryQueryOptions, query: SessionErrorsQuery): SessionErrorsQuery | undefined {
    if (options.type !== SupplementaryQueryType.LogsVolume || query.hide || (query.queryType ?? 'logs') !== 'logs') {
      return undefined;
    }
    return { ...query, refId: `log-volume-${query.refId}`, queryType: 'logsVolume' };
  }

  getSupplementaryRequest(
    type: SupplementaryQueryType,
    request: DataQueryRequest<SessionErrorsQuery>
  ): DataQueryRequest<SessionErrorsQuery> | undefined {
    const targets = request.targets.flatMap((t) => this.getSupplementaryQuery({ type }, t) ?? []);
    return targets.length ? { ...request, targets, hideFromInspector: true } : undefined;
  }

  /** Explore's log details: "Filter for value" and "Filter out value", toggled. */
  toggleQueryFilter(query: SessionErrorsQuery, filter: ToggleFilterAction): SessionErrorsQuery {
    const { key = '', value = '' } = filter.options;
    return toggleQueryFilter(query, filter.type, { key, value }, this.settings);
  }

  /** Explore's log details: whether a filter is active, to show the toggle as on. */
  queryHasFilter(query: SessionErrorsQuery, filter: QueryFilterOptions): boolean {
    return queryHasFilter(query, { key: filter.key ?? '', value: filter.value ?? '' }, this.settings);
  }

  /** Older Grafana's log details and labels: ADD_FILTER and ADD_FILTER_OUT. */
  modifyQuery(query: SessionErrorsQuery, action: QueryFixAction): SessionErrorsQuery {
    const request = { key: action.options?.key ?? '', value: action.options?.value ?? '' };
    if (!request.key) {
      return query;
    }
    switch (action.type) {
      case 'ADD_FILTER':
        return addQueryFilter(query, 'FILTER_FOR', request, this.settings);
      case 'ADD_FILTER_OUT':
        return addQueryFilter(query, 'FILTER_OUT', request, this.settings);
      default:
        return query;
    }
  }

  /** A failed cluster request as the message a panel or editor shows. */
  private describeError(e: unknown): string {
    return describeClusterError(e, { indexPattern: this.settings.indexPattern, authType: this.authType });
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    return checkHealth(this.client, this.settings, this.authType, Date.now());
  }

  /** Dashboard variables: sessions with errors (latest first), services, levels, or any keyword field. */
  async metricFindQuery(query: string, options?: LegacyMetricFindQueryOptions): Promise<MetricFindValue[]> {
    const templateSrv = getTemplateSrv();
    const text = interpolateVariableQuery(String(query ?? ''), (t, scoped, format) =>
      templateSrv.replace(t, scoped, format)
    );
    return valuesOrThrow(variableValues(this.suggestionScope(), text, windowOf(options?.range)));
  }

  /** Ad hoc filter keys: the aggregatable keyword fields of the index pattern. */
  async getTagKeys(_options?: DataSourceGetTagKeysOptions<SessionErrorsQuery>): Promise<MetricFindValue[]> {
    return valuesOrThrow(tagKeys(this.suggestionScope()));
  }

  async getTagValues(options: DataSourceGetTagValuesOptions<SessionErrorsQuery>): Promise<MetricFindValue[]> {
    return valuesOrThrow(tagValues(this.suggestionScope(), options.key, windowOf(options.timeRange), options.filters));
  }

  private suggestionScope(): SuggestionScope {
    return { client: this.client, settings: this.settings, authType: this.authType, nowMs: Date.now() };
  }
}

function windowOf(range: TimeRange | undefined): TimeWindow | undefined {
  return range ? { fromMs: range.from.valueOf(), toMs: range.to.valueOf() } : undefined;
}

/** Grafana shows a variable's or a filter's failure from a thrown Error's message. */
async function valuesOrThrow(outcome: Promise<SuggestionsOutcome>): Promise<MetricFindValue[]> {
  const result = await outcome;
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.values;
}

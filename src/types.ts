import type { DataQuery, DataSourceJsonData } from '@grafana/data';

/** How the plugin authenticates to the cluster; secrets stay in secureJsonData on the Grafana server. */
export type AuthType = 'none' | 'basic' | 'apiKey';

/** OpenReplay's `jumpto`: absolute epoch ms (server 1.17+, and 1.15-1.16) or an offset from session start. */
export type JumpMode = 'absolute' | 'offset';

export type ReplayLinkKind = 'openreplay' | 'template' | 'none';

/** Message tags that carry a session id (see shared reference, section 1). */
export type SessionTagName = 'asayer_session_id' | 'openReplaySession.id';

export interface SessionErrorsOptions extends DataSourceJsonData {
  authType?: AuthType;
  /** Saved before 1.4 for the API-key routes; the routes use `{{ .URL }}` now and the editor drops it. */
  clusterUrl?: string;
  indexPattern?: string;
  timeField?: string;
  messageField?: string;
  levelField?: string;
  sessionField?: string;
  serviceField?: string;
  hostField?: string;
  /** Optional keyword field with the user, for the users an error group affected. */
  userField?: string;
  /** Optional index of the hourly error-group summary (`npm run summarize`): fast Error groups on large indices. */
  groupsSummaryIndex?: string;
  /** Further `_source` fields shown in log details (wildcards allowed). */
  detailFields?: string[];
  messageTags?: SessionTagName[];
  replayLink?: ReplayLinkKind;
  openReplayUrl?: string;
  openReplayProjectId?: string;
  jumpMode?: JumpMode;
  leadInSeconds?: number;
  replayUrlTemplate?: string;
  /** Links on log fields beside the replay link, e.g. trace.id to a Tempo data source. */
  dataLinks?: DataLinkSetting[];
  maxLines?: number;
  /** Handled by Grafana's data source proxy transport. */
  tlsSkipVerify?: boolean;
  tlsAuthWithCACert?: boolean;
  serverName?: string;
}

export interface SessionErrorsSecureOptions {
  /** base64(id:api_key), the `encoded` value of POST /_security/api_key. */
  apiKey?: string;
  /** base64(user:password), sent by the basic-mode routes as `Authorization: Basic …`. */
  basicAuthCredentials?: string;
  /** Grafana's own basic-auth password, saved before 1.4; the editor forgets it. */
  basicAuthPassword?: string;
  tlsCACert?: string;
}

/** `logsVolume` is Explore's supplementary query, never offered in the editor. */
export const QUERY_TYPES = ['logs', 'errorsOverTime', 'sessions', 'errorGroups', 'logsVolume'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];
export type SearchMode = 'session' | 'range';
export type SplitBy = 'none' | 'level' | 'service';

export interface SessionErrorsQuery extends DataQuery {
  /** The shape of the saved query (QUERY_VERSION); older shapes are migrated by resolveQuery. */
  version?: number;
  queryType?: QueryType;
  mode?: SearchMode;
  sessionId?: string;
  /** Search from the session start (decoded from an OpenReplay id) instead of the dashboard range. */
  wholeSession?: boolean;
  /** How long after the session start a whole-session search reaches, as a Grafana interval (`4h`). */
  sessionWindow?: string;
  /** Lucene query_string filter, ANDed with the rest. */
  filter?: string;
  /** Grafana log levels (`error`, `warning`, ...); empty means every level. */
  levels?: string[];
  limit?: number;
  splitBy?: SplitBy;
  /** What log context shows around a line: its session (default), its service or its trace. */
  contextScope?: ContextScope;
  /** Error groups: a group is new when none of its lines came this long before the range (`7d`). */
  newLookback?: string;
  /**
   * Error groups: a table (default), or one number per group for alerting (`values`: Grafana's
   * numeric-multi frames, labelled with the group), of the sessions affected or of the lines.
   */
  groupsResult?: 'table' | 'values';
  groupsValue?: 'sessions' | 'lines';
  /** Error groups as values: only the groups that are new in the range. */
  newGroupsOnly?: boolean;
  /**
   * Error groups as values: the replay link of the latest affected session at its error as a label
   * (`replay`), for notifications. A new latest session makes a new alert instance.
   */
  replayLabel?: boolean;
  /** Sessions with errors: a table (default), or their number for alerting (numeric-multi, by splitBy). */
  sessionsResult?: 'table' | 'count';
  /**
   * Set by the frontend when an ad hoc filter has no Lucene form to travel in `filter` (an operator
   * such as `=|`), for a query Grafana sends to the backend: refused with it, never run wider.
   */
  adHocProblem?: string;
}

export type ContextScope = 'session' | 'service' | 'trace';

/** Settings with every default applied: what the pure modules work with. */
export interface ResolvedSettings {
  indexPattern: string;
  timeField: string;
  messageField: string;
  levelField: string;
  sessionField?: string;
  serviceField: string;
  hostField: string;
  userField?: string;
  groupsSummaryIndex?: string;
  detailFields: string[];
  messageTags: SessionTagName[];
  replay: ReplaySettings;
  maxLines: number;
  /** The data links that can be built: valid field matchers and http(s) or internal targets. */
  dataLinks: ResolvedDataLink[];
}

/** A configured data link, as saved in jsonData. */
export interface DataLinkSetting {
  /** A field name (`trace.id`), or a regular expression between slashes (`/^trace\./`). */
  field: string;
  /** What the link says; the target's kind by default. */
  title?: string;
  /** External: a URL with `${__value.raw}`. Internal: the query for the target data source. */
  url: string;
  /** Internal link: the target data source's uid (a Tempo, Jaeger or Loki data source). */
  datasourceUid?: string;
}

export interface ResolvedDataLink {
  matches: (fieldName: string) => boolean;
  title: string;
  url: string;
  datasourceUid?: string;
}

export type ReplaySettings =
  | { kind: 'none' }
  | { kind: 'openreplay'; baseUrl: string; projectId: string; jumpMode: JumpMode; leadInMs: number }
  | { kind: 'template'; template: string; leadInMs: number };

/** A time range in epoch milliseconds. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** A dashboard variable of this data source, as its editor saves it (older dashboards saved text). */
export interface SessionErrorsVariableQuery extends DataQuery {
  kind: 'sessions' | 'services' | 'levels' | 'field';
  /** The keyword field, for `field`. */
  field?: string;
  /** Lucene filter; dashboard variables are interpolated with the lucene format. */
  filter?: string;
}

import type { DataQuery, DataSourceJsonData } from '@grafana/data';

/** How the plugin authenticates to the cluster; secrets stay in secureJsonData on the Grafana server. */
export type AuthType = 'none' | 'basic' | 'apiKey';

/** OpenReplay's `jumpto`: absolute epoch ms (server 1.17+, and 1.15-1.16) or an offset from session start. */
export type JumpMode = 'absolute' | 'offset';

/** The one replay tool saved before `replayTools` (and in provisioning files): still read. */
export type ReplayLinkKind = 'openreplay' | 'template' | 'none';

/** The replay tools a link can open (src/replay/tools: one file a tool, with its URL rule and id shape). */
export const REPLAY_TOOL_KINDS = [
  'openreplay',
  'datadog',
  'posthog',
  'sentry',
  'faro',
  'logrocket',
  'template',
] as const;
export type ReplayToolKind = (typeof REPLAY_TOOL_KINDS)[number];

/**
 * One replay tool as saved in `jsonData.replayTools`. Which of the optional settings a tool reads is
 * its rule's `fields` (src/replay/tools); the others stay unset.
 */
export interface ReplayToolSetting {
  kind: ReplayToolKind;
  /** The tool's web app: OpenReplay, PostHog, Sentry, LogRocket; Grafana's URL for Frontend Observability. */
  url?: string;
  /** OpenReplay's project number; PostHog's project id or token. */
  projectId?: string;
  /** Frontend Observability's app id; LogRocket's app id (`org/app`). */
  appId?: string;
  /** Sentry's organization slug (needed unless the URL is the organization's own, `https://<org>.sentry.io`). */
  org?: string;
  /** Datadog's site parameter (`datadoghq.com`, `datadoghq.eu`, `us3.datadoghq.com`, ...). */
  site?: string;
  /** Datadog's custom subdomain, if the organization has one. */
  subdomain?: string;
  /** OpenReplay's `jumpto`. */
  jumpMode?: JumpMode;
  /** The custom URL template. */
  template?: string;
  /**
   * The session fields and message tags whose ids this tool links, e.g. `session.id` or
   * `openReplaySession.id`; none: any line's id that fits the tool's id shape.
   */
  sources?: string[];
}

/** A replay tool resolved from its setting: what its links are built from. */
export type ReplayTool =
  | { kind: 'openreplay'; sessionsUrl: string; jumpMode: JumpMode; leadInMs: number; sources: string[] }
  | { kind: 'template'; template: string; leadInMs: number; sources: string[] }
  | {
      kind: Exclude<ReplayToolKind, 'openreplay' | 'template'>;
      /** The URL a session id is appended to, e.g. `https://app.datadoghq.com/rum/replay/sessions/`. */
      sessionsUrl: string;
      leadInMs: number;
      sources: string[];
    };

/**
 * Message tags that carry a session id as `name=<id>`, bracketed or not (see shared reference,
 * sections 1 and 7): OpenReplay's digit ids, and Faro's logfmt `session_id` (letters and digits).
 */
export type SessionTagName = 'asayer_session_id' | 'openReplaySession.id' | 'session_id';

export interface SessionErrorsOptions extends DataSourceJsonData {
  authType?: AuthType;
  /** Saved before 1.4 for the API-key routes; the routes use `{{ .URL }}` now and the editor drops it. */
  clusterUrl?: string;
  indexPattern?: string;
  timeField?: string;
  messageField?: string;
  levelField?: string;
  /** Saved before sessionFields (and still in provisioning files): read as a one-item sessionFields. */
  sessionField?: string;
  /**
   * Keyword fields that may hold the session id (`session.id`, `attributes.session.id`, ...): a
   * session is searched in all of them; a line's id is read from the first that has one.
   */
  sessionFields?: string[];
  /** The keyword field with the trace id, for log context by trace (`trace.id` by default). */
  traceField?: string;
  serviceField?: string;
  hostField?: string;
  /** Optional keyword field with the user, for the users an error group affected. */
  userField?: string;
  /** Optional index of the hourly error-group summary (`npm run summarize`): fast Error groups on large indices. */
  groupsSummaryIndex?: string;
  /** Further `_source` fields shown in log details (wildcards allowed). */
  detailFields?: string[];
  messageTags?: SessionTagName[];
  /** The replay tools, in the order a line's id is tried; when unset, the one tool of the fields below. */
  replayTools?: ReplayToolSetting[];
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
  /** Every session id field, in the order a line's id is read from them. */
  sessionFields: string[];
  /**
   * The first of sessionFields: what needs one keyword field (terms and cardinality aggregations:
   * Sessions with errors, error groups, the sessions variable) uses this one.
   */
  sessionField?: string;
  traceField: string;
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

/** The replay tools that can build links, in the order a line's id is tried; none: no replay links. */
export type ReplaySettings = ReplayTool[];

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

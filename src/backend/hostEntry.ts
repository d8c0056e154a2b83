import type { DataFrame } from '@grafana/data';
import { FieldType } from '../grafanaData';
import { ClusterClient, routeSettingsProblem, type ClusterRequest } from '../cluster/clusterClient';
import { describeClusterError, type ClusterRequestFailure } from '../cluster/describeClusterError';
import { routeTargetPath } from '../cluster/proxyRoutes';
import { checkHealth, type HealthResult } from '../health/checkHealth';
import { runQuery } from '../query/runQuery';
import { resolveSettings } from '../settings';
import type { SessionErrorsOptions, SessionErrorsQuery } from '../types';
import { answerResource, type ResourceAnswer, type ResourceRequest } from './resources';

/**
 * The core as the Go backend runs it (pkg/plugin/core.go, in an embedded JavaScript engine): the same
 * runQuery, search builders and frame shaping as the browser, with the cluster reached through the
 * host's `request` instead of Grafana's data source proxy. The host adds the data source URL and the
 * credentials; it is handed only the paths the routes of plugin.json would send to.
 */

/** What the Go host provides: one HTTP request to the cluster, answered with its status and body. */
export interface HostServices {
  request(method: string, path: string, body: string | undefined): Promise<{ status: number; body: string }>;
}

export interface HostQueryInput {
  query: SessionErrorsQuery;
  jsonData: SessionErrorsOptions;
  range: { fromMs: number; toMs: number };
  nowMs: number;
  intervalMs?: number;
}

export type HostQueryOutput = { ok: true; frames: DataFrame[] } | { ok: false; error: string };

function hostTransport(host: HostServices, jsonData: SessionErrorsOptions) {
  return async <T>(request: ClusterRequest): Promise<T> => {
    const query = request.url.split('?')[1];
    const path = routeTargetPath(request.operation, jsonData) + (query ? `?${query}` : '');
    const answer = await host.request(
      request.method,
      path,
      request.data === undefined ? undefined : JSON.stringify(request.data)
    );
    let data: unknown = answer.body;
    try {
      data = JSON.parse(answer.body);
    } catch {
      // Not JSON (a proxy's HTML page): the core says so from the text.
    }
    if (answer.status < 200 || answer.status > 299) {
      throw { status: answer.status, data } satisfies ClusterRequestFailure;
    }
    return data as T;
  };
}

/**
 * Most log lines one backend query answers, whatever the saved line limit (up to 10,000): the
 * embedded engine shapes lines 12-15 times slower than a browser (about 0.2 s a thousand), and
 * public dashboards and expressions share the server.
 */
export const BACKEND_MAX_LINES = 1000;

function hostClient(jsonData: SessionErrorsOptions, host: HostServices) {
  const resolved = resolveSettings(jsonData);
  const settings = { ...resolved, maxLines: Math.min(resolved.maxLines, BACKEND_MAX_LINES) };
  const client = new ClusterClient(
    '',
    'none',
    hostTransport(host, jsonData),
    settings.indexPattern,
    routeSettingsProblem(jsonData, settings.indexPattern, settings.groupsSummaryIndex),
    settings.groupsSummaryIndex
  );
  return { settings, client, authType: jsonData.authType ?? 'none' };
}

/**
 * The SDK's frames have no field of frames (Grafana's `frame` type, the error groups' trend
 * sparkline), and Grafana would show one sent as JSON as text: the host leaves such fields out.
 */
function withoutNestedFrames(outcome: HostQueryOutput): HostQueryOutput {
  if (!outcome.ok) {
    return outcome;
  }
  return {
    ok: true,
    frames: outcome.frames.map((frame) => ({
      ...frame,
      fields: frame.fields.filter((field) => field.type !== FieldType.frame),
    })),
  };
}

/** One query, run as the browser runs it; failures come back as the message the panel would show. */
export async function runHostQuery(input: HostQueryInput, host: HostServices): Promise<HostQueryOutput> {
  const { settings, client, authType } = hostClient(input.jsonData, host);
  try {
    return withoutNestedFrames(
      await runQuery(input.query, {
        client,
        settings,
        authType,
        range: input.range,
        nowMs: input.nowMs,
        intervalMs: input.intervalMs,
      })
    );
  } catch (e) {
    return { ok: false, error: describeClusterError(e, { indexPattern: settings.indexPattern, authType }) };
  }
}

/** Save & test as the browser runs it: the same steps and messages. */
export function runHostHealth(
  input: { jsonData: SessionErrorsOptions; nowMs: number },
  host: HostServices
): Promise<HealthResult> {
  const { settings, client, authType } = hostClient(input.jsonData, host);
  return checkHealth(client, settings, authType, input.nowMs);
}

/** A resource call (variables and ad hoc suggestions), answered with its status and JSON body. */
export function runHostResource(
  input: ResourceRequest & { jsonData: SessionErrorsOptions; nowMs: number },
  host: HostServices
): Promise<ResourceAnswer> {
  const { settings, client, authType } = hostClient(input.jsonData, host);
  return answerResource(input, { client, settings, authType, nowMs: input.nowMs });
}

/** The bundle's entry: what the Go host calls, with JSON in and out. */
export function installCore(target: Record<string, unknown>) {
  target.sreCore = {
    runQuery: async (inputJson: string, host: HostServices) =>
      JSON.stringify(await runHostQuery(JSON.parse(inputJson) as HostQueryInput, host)),
    checkHealth: async (inputJson: string, host: HostServices) =>
      JSON.stringify(await runHostHealth(JSON.parse(inputJson), host)),
    callResource: async (inputJson: string, host: HostServices) =>
      JSON.stringify(await runHostResource(JSON.parse(inputJson), host)),
  };
}

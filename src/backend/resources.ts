import type { AdHocVariableFilter } from '@grafana/data';
import {
  tagKeys,
  tagValues,
  variableValues,
  type SuggestionScope,
  type SuggestionsOutcome,
} from '../query/suggestions';
import type { TimeWindow } from '../types';

/**
 * The backend's resource calls (Grafana's /api/datasources/uid/<uid>/resources/<path>): the values
 * the browser offers for dashboard variables and ad hoc filters, for callers without a browser.
 * - GET variables?query=<variable query>&from=<ms>&to=<ms>
 * - GET tag-keys
 * - GET tag-values?key=<field>&from=<ms>&to=<ms>&filters=<JSON list of {key, operator, value}>
 * Values answer 200 with [{text, value}]; a failure answers 400 with {message}, the text Grafana shows.
 */
export interface ResourceRequest {
  method: string;
  /** The path after resources/, without a leading slash. */
  path: string;
  /** The query string's parameters, first value of each. */
  params: Record<string, string>;
}

export interface ResourceAnswer {
  status: number;
  body: unknown;
}

export const RESOURCE_PATHS = ['variables', 'tag-keys', 'tag-values'] as const;

const refused = (status: number, message: string): ResourceAnswer => ({ status, body: { message } });

/** `from` and `to` as epoch milliseconds, both or neither; the last day when neither. */
function windowParam(params: Record<string, string>): { ok: true; window?: TimeWindow } | { ok: false; error: string } {
  if (params.from === undefined && params.to === undefined) {
    return { ok: true };
  }
  const [fromMs, toMs] = [Number(params.from), Number(params.to)];
  if (!/^\d+$/.test(params.from ?? '') || !/^\d+$/.test(params.to ?? '') || fromMs > toMs) {
    return { ok: false, error: 'from and to must be epoch milliseconds, from not after to (e.g. from=1700000000000).' };
  }
  return { ok: true, window: { fromMs, toMs } };
}

function filtersParam(text: string | undefined): AdHocVariableFilter[] | undefined {
  if (text === undefined) {
    return [];
  }
  try {
    const parsed: unknown = JSON.parse(text);
    const valid =
      Array.isArray(parsed) &&
      parsed.every(
        (f) => f && typeof f.key === 'string' && typeof f.operator === 'string' && typeof f.value === 'string'
      );
    return valid ? (parsed as AdHocVariableFilter[]) : undefined;
  } catch {
    return undefined;
  }
}

async function answered(outcome: Promise<SuggestionsOutcome>): Promise<ResourceAnswer> {
  const result = await outcome;
  return result.ok ? { status: 200, body: result.values } : refused(400, result.error);
}

export async function answerResource(request: ResourceRequest, scope: SuggestionScope): Promise<ResourceAnswer> {
  const path = request.path.replace(/^\/+|\/+$/g, '');
  if (!(RESOURCE_PATHS as readonly string[]).includes(path)) {
    return refused(404, `No resource "${path}": this data source answers ${RESOURCE_PATHS.join(', ')}.`);
  }
  if (request.method !== 'GET') {
    return refused(405, `${path} answers GET only.`);
  }
  if (path === 'tag-keys') {
    return answered(tagKeys(scope));
  }
  const window = windowParam(request.params);
  if (!window.ok) {
    return refused(400, window.error);
  }
  if (path === 'variables') {
    return answered(variableValues(scope, request.params.query ?? '', window.window));
  }
  const filters = filtersParam(request.params.filters);
  if (!filters) {
    return refused(400, 'filters must be a JSON list of {"key", "operator", "value"} strings.');
  }
  return answered(tagValues(scope, request.params.key ?? '', window.window, filters));
}

import type { estypes } from '@elastic/elasticsearch';
import type { ClusterClient, ClusterInfo } from '../cluster/clusterClient';
import { describeClusterError } from '../cluster/describeClusterError';
import { DAY_MS } from '../durations';
import { taggedMatch, timeRangeFilter } from '../query/buildSessionErrorsQuery';
import { layoutAdvice, settingsMismatches } from '../layout/compareSettings';
import { detectLayout } from '../layout/detectLayout';
import type { SampleDoc } from '../layout/sampleDocs';
import { fetchSample } from '../layout/sampleSearch';
import type { AuthType, ResolvedSettings } from '../types';

export type HealthStatus = 'success' | 'warning' | 'error';
export interface HealthResult {
  status: HealthStatus;
  message: string;
}

/** "Elasticsearch 8.15.0" or "OpenSearch 2.19.6", and whether this plugin supports it. */
export function describeEngine(info: ClusterInfo): { name: string; supported: boolean } {
  const number = info?.version?.number ?? '';
  const [major, minor] = number.split('.').map((p) => parseInt(p, 10));
  if (info?.version?.distribution === 'opensearch') {
    return { name: `OpenSearch ${number}`, supported: major >= 1 };
  }
  return { name: `Elasticsearch ${number}`, supported: major > 7 || (major === 7 && minor >= 10) };
}

const DATE_TYPES = new Set(['date', 'date_nanos']);
const TEXT_TYPES = new Set(['text', 'match_only_text']);

function typesOf(caps: estypes.FieldCapsResponse, field: string): string[] {
  return Object.keys(caps.fields?.[field] ?? {}).filter((t) => t !== 'unmapped');
}

/**
 * Save & test: tells apart an unreachable URL, refused credentials, an index pattern matching nothing,
 * a time field that is not a date, and no tagged documents in the last 24 hours (a warning).
 */
export async function checkHealth(
  client: ClusterClient,
  settings: ResolvedSettings,
  authType: AuthType,
  nowMs: number
): Promise<HealthResult> {
  const ctx = { indexPattern: settings.indexPattern, authType };
  let engine: { name: string; supported: boolean };
  try {
    engine = describeEngine(await client.info());
  } catch (e) {
    if (!isRouteAccessDenied(e)) {
      return { status: 'error', message: describeClusterError(e, ctx) };
    }
    // Only data source editors may read the banner (proxyRoutes.ts): test the rest without it.
    engine = { name: 'the cluster', supported: true };
  }
  if (!engine.supported) {
    return {
      status: 'error',
      message: `${engine.name} is not supported: use Elasticsearch 7.10 or later, or OpenSearch 1 or later.`,
    };
  }

  let caps: estypes.FieldCapsResponse;
  try {
    // Every field: layout detection reads them all (one request, however many fields).
    caps = await client.fieldCaps(['*']);
  } catch (e) {
    return { status: 'error', message: `Connected to ${engine.name}, but: ${describeClusterError(e, ctx)}` };
  }
  const indices = Array.isArray(caps.indices) ? caps.indices : caps.indices ? [caps.indices] : [];
  if (indices.length === 0) {
    return {
      status: 'error',
      message: `Connected to ${engine.name}, but no index matches "${settings.indexPattern}": check the index pattern.`,
    };
  }
  const advice = await layoutAdviceFor(client, caps, settings, ctx);
  const withAdvice = (message: string) => [message, ...advice].join(' ');
  const timeTypes = typesOf(caps, settings.timeField);
  if (timeTypes.length === 0) {
    return {
      status: 'error',
      message: withAdvice(
        `Connected to ${engine.name}, but no index matching "${settings.indexPattern}" has the time field "${settings.timeField}".`
      ),
    };
  }
  if (!timeTypes.every((t) => DATE_TYPES.has(t))) {
    return {
      status: 'error',
      message: withAdvice(
        `Connected to ${engine.name}, but the time field "${settings.timeField}" is mapped as ${timeTypes.join(', ')}, not as a date: pick a date field or fix the mapping.`
      ),
    };
  }
  const notes: string[] = [];
  const messageTypes = typesOf(caps, settings.messageField);
  if (settings.messageTags.length && messageTypes.length && !messageTypes.some((t) => TEXT_TYPES.has(t))) {
    notes.push(
      `The message field "${settings.messageField}" is mapped as ${messageTypes.join(', ')}, not text, so message tags cannot be searched: map it as text or set a session id field.`
    );
  }

  notes.push(...advice);

  const tagged = taggedMatch(settings);
  if (!tagged) {
    return {
      status: 'error',
      message: withAdvice('Nothing identifies tagged lines: enable a message tag or set a session id field.'),
    };
  }
  let count: number;
  try {
    const response = await client.count({
      bool: { filter: [timeRangeFilter(settings, { fromMs: nowMs - DAY_MS, toMs: nowMs }), tagged] },
    });
    count = response.count;
  } catch (e) {
    return {
      status: 'error',
      message: `Connected to ${engine.name}, but counting tagged lines failed: ${describeClusterError(e, ctx)}`,
    };
  }
  const where = `in "${settings.indexPattern}"`;
  if (count === 0) {
    return {
      status: 'warning',
      message: [
        `Connected to ${engine.name}. No session-tagged lines ${where} in the last 24 hours: check that your backend tags its logs (message tags or the session id field).`,
        ...notes,
      ].join(' '),
    };
  }
  return {
    status: notes.length ? 'warning' : 'success',
    message: [
      `Connected to ${engine.name}. ${count} session-tagged lines ${where} in the last 24 hours.`,
      ...notes,
    ].join(' '),
  };
}

/**
 * What layout detection says of the saved settings: nothing when they fit what the pattern holds,
 * else what does not match and which proposal the editor offers (never applied here). The sample
 * is one bounded search of the saved pattern; when it fails, detection reads the mappings alone.
 */
async function layoutAdviceFor(
  client: ClusterClient,
  caps: estypes.FieldCapsResponse,
  settings: ResolvedSettings,
  ctx: { indexPattern: string; authType: AuthType }
): Promise<string[]> {
  let sample: SampleDoc[] = [];
  let sampleProblem: string | undefined;
  try {
    sample = await fetchSample(client, caps);
  } catch (e) {
    sampleProblem = `Layout detection could not sample lines: ${describeClusterError(e, ctx)}`;
  }
  const evidence = { fieldCaps: caps, sample, indexPattern: settings.indexPattern };
  const detection = detectLayout(evidence);
  const advice = layoutAdvice(settings.indexPattern, detection, settingsMismatches(evidence, detection, settings));
  return [advice, advice && sampleProblem].filter((text): text is string => !!text);
}

/** Grafana's answer to a route the user may not use (ds_proxy.go validateRequest: 403, JSON message). */
function isRouteAccessDenied(e: unknown): boolean {
  const failure = e as { status?: number; data?: unknown };
  return failure?.status === 403 && /route access denied/i.test(JSON.stringify(failure.data ?? ''));
}

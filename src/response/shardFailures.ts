import type { estypes } from '@elastic/elasticsearch';
import type { QueryResultMetaNotice } from '@grafana/data';

/** How many shards a notice names for one reason; the rest are counted. */
export const SHARDS_NAMED_PER_REASON = 5;

/** The most telling text of a failure: its cause's reason, else its own reason, else its type. */
function reasonOf(failure: estypes.ShardFailure): string | undefined {
  const reason = failure.reason as Partial<estypes.ErrorCause> | undefined;
  return reason?.caused_by?.reason ?? reason?.reason ?? reason?.type ?? undefined;
}

/** `logs-a shard 2`: the index and shard number, under either spelling the engines use. */
function shardName(failure: estypes.ShardFailure): string {
  const index = failure.index ?? failure._index;
  const shard = failure.shard ?? failure._shard;
  return [index, shard === undefined ? undefined : `shard ${shard}`].filter((p) => p !== undefined).join(' ');
}

/**
 * The notice of a search that some shards did not answer: the hits and counts shown are those of the
 * other shards, and the notice says so.
 * - Failed shards (a node down mid-search, a query a shard refused): each reason, and the shards
 *   that failed for it (index and shard number). The engines list one failure per distinct reason
 *   and index (ExceptionsHelper.groupBy), so fewer shards may be named than failed.
 * - Shards that were not available at all (unassigned, their node gone): OpenSearch counts them
 *   neither successful nor failed, and names none (recorded in tests/fixtures/opensearch); only
 *   `successful + failed < total` tells. Elasticsearch counts them failed with
 *   `no_shard_available_action_exception` (elastic/elasticsearch#64337).
 * Undefined when every shard answered.
 */
export function shardFailureNotice(shards: estypes.ShardStatistics | undefined): QueryResultMetaNotice | undefined {
  const failed = shards?.failed ?? 0;
  const unavailable = shards ? shards.total - shards.successful - failed : 0;
  if (!shards || (failed <= 0 && unavailable <= 0)) {
    return undefined;
  }
  const byReason = new Map<string, string[]>();
  const unexplained: string[] = [];
  shards.failures?.forEach((failure) => {
    const name = shardName(failure);
    const reason = reasonOf(failure);
    if (reason === undefined) {
      unexplained.push(name);
    } else {
      byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
    }
  });
  const reasons = [...byReason].map(([reason, names]) => {
    const named = namesText(names);
    return named ? `${reason} (${named})` : reason;
  });
  const unexplainedShards = namesText(unexplained);
  // Failures grouped by the engine: the shards it did not list failed for the reasons it did.
  const unlisted = shards.failures?.length ? failed - shards.failures.length : 0;
  const parts = [
    ...(failed > 0 ? [`${failed} of ${shards.total} shards failed: results are partial.`] : []),
    ...(reasons.length ? [`Reason: ${reasons.join('; ')}`] : []),
    ...(unexplainedShards ? [`Failed without a reason: ${unexplainedShards}`] : []),
    ...(unlisted > 0
      ? [`${unlisted} more failed for the same reason (the engine lists one shard per reason and index).`]
      : []),
    ...(unavailable > 0
      ? [
          `${unavailable} of ${shards.total} shards did not answer (not available: a node left or a shard is unassigned): results are partial.`,
        ]
      : []),
  ];
  return { severity: 'warning', text: parts.join(' ') };
}

/** `a shard 0, b shard 1 and 3 more`: the first few names (unnamed failures left out), or ''. */
function namesText(names: string[]): string {
  const named = names.filter(Boolean);
  const more = named.length - SHARDS_NAMED_PER_REASON;
  return `${named.slice(0, SHARDS_NAMED_PER_REASON).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

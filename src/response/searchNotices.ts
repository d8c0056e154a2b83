import type { estypes } from '@elastic/elasticsearch';
import type { QueryResultMetaNotice } from '@grafana/data';
import { shardFailureNotice } from './shardFailures';

type SearchLike = Partial<Pick<estypes.SearchResponseBody, '_shards' | 'timed_out'>>;

/** Warnings a successful search can still carry: timeouts, failed or missing shards (shardFailures.ts), an index pattern matching nothing. */
export function searchNotices(response: SearchLike | undefined, indexPattern: string): QueryResultMetaNotice[] {
  const notices: QueryResultMetaNotice[] = [];
  if (!response) {
    return notices;
  }
  if (response.timed_out) {
    notices.push({
      severity: 'warning',
      text: 'The search timed out on the cluster: results are partial. Narrow the time range or the filter.',
    });
  }
  const shards = response._shards;
  const partial = shardFailureNotice(shards);
  if (partial) {
    notices.push(partial);
  }
  if (shards && shards.total === 0) {
    notices.push({
      severity: 'warning',
      text: `No index matches the pattern "${indexPattern}": check the index pattern in the data source settings.`,
    });
  }
  return notices;
}

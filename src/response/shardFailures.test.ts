import type { estypes } from '@elastic/elasticsearch';
import esFailures from '../../tests/fixtures/elasticsearch/search-shard-failures-8.json';
import osNodeStopped2 from '../../tests/fixtures/opensearch/search-shard-failure-node-stopped-2.19.6.json';
import osNodeStopped3 from '../../tests/fixtures/opensearch/search-shard-failure-node-stopped-3.9.0.json';
import osUnassigned2 from '../../tests/fixtures/opensearch/search-shard-unassigned-node-left-2.19.6.json';
import osUnassigned3 from '../../tests/fixtures/opensearch/search-shard-unassigned-node-left-3.9.0.json';
import esNodeStopped8 from '../../tests/fixtures/elasticsearch/recorded/search-shard-failure-node-stopped-8.17.0.json';
import esNodeStopped9 from '../../tests/fixtures/elasticsearch/recorded/search-shard-failure-node-stopped-9.1.0.json';
import esUnassigned8 from '../../tests/fixtures/elasticsearch/recorded/search-shard-unassigned-node-left-8.17.0.json';
import esUnassigned9 from '../../tests/fixtures/elasticsearch/recorded/search-shard-unassigned-node-left-9.1.0.json';
import esPitNodeStopped8 from '../../tests/fixtures/elasticsearch/recorded/pit-search-node-stopped-8.17.0.json';
import esPitNodeLeft9 from '../../tests/fixtures/elasticsearch/recorded/pit-search-node-left-9.1.0.json';
import esTwoLost9 from '../../tests/fixtures/elasticsearch/recorded/search-two-shards-lost-9.1.0.json';
import { SHARDS_NAMED_PER_REASON, shardFailureNotice } from './shardFailures';

const shards = (response: { _shards: unknown }) => response._shards as estypes.ShardStatistics;
const failure = (index: string | undefined, shard: number | undefined, reason?: unknown) =>
  ({ index, shard, reason }) as estypes.ShardFailure;

describe('shardFailureNotice on recorded answers', () => {
  it.each([
    [
      'Elasticsearch 8: a shard unavailable and a node disconnected',
      shards(esFailures),
      '2 of 6 shards failed: results are partial. Reason: no_shard_available_action_exception (logs-checkout-2026.11.20 shard 1); [es-data-2][10.0.4.12:9300][indices:data/read/search[phase/query]] disconnected (logs-payments-2026.11.20 shard 2)',
    ],
    [
      'Elasticsearch 8.17: a node stopped mid-run (recorded from a node)',
      shards(esNodeStopped8),
      '1 of 3 shards failed: results are partial. Reason: [node-b][127.0.0.1:9423] Node not connected (cluster-smoke-unreplicated shard 1)',
    ],
    [
      'Elasticsearch 9.1: the same',
      shards(esNodeStopped9),
      '1 of 3 shards failed: results are partial. Reason: [node-b][127.0.0.1:9425] Node not connected (cluster-smoke-unreplicated shard 1)',
    ],
    [
      'Elasticsearch 8.17: a shard unassigned after its node left (counted failed, unlike OpenSearch)',
      shards(esUnassigned8),
      '1 of 3 shards failed: results are partial. Reason: no_shard_available_action_exception (cluster-smoke-unreplicated shard 1)',
    ],
    [
      'Elasticsearch 9.1: the same',
      shards(esUnassigned9),
      '1 of 3 shards failed: results are partial. Reason: no_shard_available_action_exception (cluster-smoke-unreplicated shard 1)',
    ],
    [
      'Elasticsearch 8.17: a search in a point in time right after a node stopped',
      shards(esPitNodeStopped8),
      '1 of 3 shards failed: results are partial. Reason: no_shard_available_action_exception (cluster-smoke-unreplicated shard 1)',
    ],
    [
      'Elasticsearch 9.1: a search in a point in time after its node left',
      shards(esPitNodeLeft9),
      '1 of 3 shards failed: results are partial. Reason: no_shard_available_action_exception (cluster-smoke-unreplicated shard 1)',
    ],
    [
      'Elasticsearch 9.1: two shards lost, listed as one failure (grouped by reason and index)',
      shards(esTwoLost9),
      '2 of 3 shards failed: results are partial. Reason: no_shard_available_action_exception (cluster-smoke-unreplicated shard 0) 1 more failed for the same reason (the engine lists one shard per reason and index).',
    ],
    [
      'OpenSearch 2.19: a node stopped mid-run',
      shards(osNodeStopped2),
      '1 of 3 shards failed: results are partial. Reason: [node-2][127.0.0.1:39299] Node not connected (cluster-smoke-unreplicated shard 1)',
    ],
    [
      'OpenSearch 2.19: a shard unassigned after its node left (neither successful nor failed)',
      shards(osUnassigned2),
      '1 of 3 shards did not answer (not available: a node left or a shard is unassigned): results are partial.',
    ],
    [
      'OpenSearch 3.9: the same',
      shards(osUnassigned3),
      '1 of 3 shards did not answer (not available: a node left or a shard is unassigned): results are partial.',
    ],
  ])('%s', (_label, statistics, text) => {
    expect(shardFailureNotice(statistics)).toEqual({ severity: 'warning', text });
  });

  it('names the failed shard of OpenSearch 3.9 with its index and number', () => {
    const failures = shards(osNodeStopped3).failures!;
    const notice = shardFailureNotice(shards(osNodeStopped3));
    for (const f of failures) {
      expect(notice?.text).toContain(`${f.index} shard ${f.shard}`);
    }
  });
});

describe('shardFailureNotice', () => {
  it.each([
    ['no statistics', undefined],
    ['every shard answered', { total: 3, successful: 3, failed: 0 }],
    ['skipped shards, which count as successful', { total: 3, successful: 3, skipped: 2, failed: 0 }],
  ])('none for %s', (_label, statistics) => {
    expect(shardFailureNotice(statistics)).toBeUndefined();
  });

  it.each([
    ['no failure details', { total: 3, successful: 2, failed: 1 }, '1 of 3 shards failed: results are partial.'],
    [
      'a cause before its reason, and a reason before its type',
      {
        total: 4,
        successful: 1,
        failed: 3,
        failures: [
          failure('a', 0, { type: 't', reason: 'outer', caused_by: { type: 'c', reason: 'inner' } }),
          failure('b', 1, { type: 't', reason: 'own' }),
          failure('c', 2, { type: 'only_a_type' }),
        ],
      },
      '3 of 4 shards failed: results are partial. Reason: inner (a shard 0); own (b shard 1); only_a_type (c shard 2)',
    ],
    [
      'shards of one reason together, in the order the engine lists them',
      {
        total: 6,
        successful: 3,
        failed: 3,
        failures: [
          failure('b', 2, { type: 'x', reason: 'same' }),
          failure('a', 0, { type: 'x', reason: 'other' }),
          failure('a', 1, { type: 'x', reason: 'same' }),
        ],
      },
      '3 of 6 shards failed: results are partial. Reason: same (b shard 2, a shard 1); other (a shard 0)',
    ],
    [
      'the underscore spellings of index and shard',
      {
        total: 2,
        successful: 1,
        failed: 1,
        failures: [{ _index: 'logs', _shard: 3, reason: { type: 'x', reason: 'r' } }],
      },
      '1 of 2 shards failed: results are partial. Reason: r (logs shard 3)',
    ],
    [
      'a failure naming no shard',
      { total: 2, successful: 1, failed: 1, failures: [failure(undefined, undefined, { type: 'x', reason: 'r' })] },
      '1 of 2 shards failed: results are partial. Reason: r',
    ],
    [
      'an index without a shard number, and a shard number without an index',
      {
        total: 3,
        successful: 1,
        failed: 2,
        failures: [
          failure('logs', undefined, { type: 'x', reason: 'r' }),
          failure(undefined, 4, { type: 'x', reason: 'r' }),
        ],
      },
      '2 of 3 shards failed: results are partial. Reason: r (logs, shard 4)',
    ],
    [
      'named and unnamed shards of one reason: the named ones',
      {
        total: 3,
        successful: 1,
        failed: 2,
        failures: [
          failure(undefined, undefined, { type: 'x', reason: 'r' }),
          failure('a', 1, { type: 'x', reason: 'r' }),
        ],
      },
      '2 of 3 shards failed: results are partial. Reason: r (a shard 1)',
    ],
    [
      'failures without a reason',
      { total: 3, successful: 1, failed: 2, failures: [failure('a', 0), failure('b', 1, null)] },
      '2 of 3 shards failed: results are partial. Failed without a reason: a shard 0, b shard 1',
    ],
    [
      'failed and unavailable shards at once',
      { total: 5, successful: 2, failed: 1, failures: [failure('a', 0, { type: 'x', reason: 'r' })] },
      '1 of 5 shards failed: results are partial. Reason: r (a shard 0) 2 of 5 shards did not answer (not available: a node left or a shard is unassigned): results are partial.',
    ],
  ])('%s', (_label, statistics, text) => {
    expect(shardFailureNotice(statistics as estypes.ShardStatistics)).toEqual({ severity: 'warning', text });
  });

  it(`names ${SHARDS_NAMED_PER_REASON} shards a reason and counts the rest`, () => {
    const failures = Array.from({ length: SHARDS_NAMED_PER_REASON + 2 }, (_, i) =>
      failure('logs', i, { type: 'x', reason: 'r' })
    );
    const notice = shardFailureNotice({ total: 10, successful: 3, failed: 7, failures });
    expect(notice?.text).toBe(
      '7 of 10 shards failed: results are partial. Reason: r (logs shard 0, logs shard 1, logs shard 2, logs shard 3, logs shard 4 and 2 more)'
    );
  });

  it(`names exactly ${SHARDS_NAMED_PER_REASON} shards without counting more`, () => {
    const failures = Array.from({ length: SHARDS_NAMED_PER_REASON }, (_, i) =>
      failure('l', i, { type: 'x', reason: 'r' })
    );
    expect(shardFailureNotice({ total: 9, successful: 4, failed: 5, failures })?.text).not.toContain('more');
  });
});

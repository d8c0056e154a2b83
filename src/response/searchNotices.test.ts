import noIndex from '../../tests/fixtures/opensearch/search-no-index-matched.json';
import { searchNotices } from './searchNotices';

describe('searchNotices', () => {
  it('says when no index matched (recorded OpenSearch response)', () => {
    expect(searchNotices(noIndex as never, 'nomatch-*')).toEqual([
      { severity: 'warning', text: expect.stringContaining('No index matches the pattern "nomatch-*"') },
    ]);
  });

  it('reports a timeout', () => {
    expect(searchNotices({ timed_out: true, _shards: { total: 1, successful: 1, failed: 0 } }, 'x')).toEqual([
      { severity: 'warning', text: expect.stringContaining('timed out') },
    ]);
  });

  it('reports failed shards with their reasons', () => {
    const notices = searchNotices(
      {
        timed_out: false,
        _shards: {
          total: 5,
          successful: 3,
          failed: 2,
          failures: [
            {
              shard: 0,
              index: 'a',
              reason: {
                type: 'query_shard_exception',
                reason: 'outer',
                caused_by: { type: 'x', reason: 'field [x] is not a date' },
              },
            },
            {
              shard: 1,
              index: 'b',
              reason: {
                type: 'query_shard_exception',
                reason: 'outer',
                caused_by: { type: 'x', reason: 'field [x] is not a date' },
              },
            },
          ],
        },
      },
      'logs-*'
    );
    expect(notices).toEqual([
      {
        severity: 'warning',
        text: '2 of 5 shards failed: results are partial. Reason: field [x] is not a date (a shard 0, b shard 1)',
      },
    ]);
  });

  it.each([
    ['no failure details', undefined, '1 of 3 shards failed: results are partial.'],
    [
      'failures without a reason',
      [{ shard: 0, index: 'a' }],
      '1 of 3 shards failed: results are partial. Failed without a reason: a shard 0',
    ],
    [
      'a reason without a cause',
      [{ shard: 0, index: 'a', reason: { type: 'illegal_argument_exception', reason: 'bad field' } }],
      '1 of 3 shards failed: results are partial. Reason: bad field (a shard 0)',
    ],
    [
      'only a reason type',
      [{ shard: 0, index: 'a', reason: { type: 'task_cancelled_exception' } }],
      '1 of 3 shards failed: results are partial. Reason: task_cancelled_exception (a shard 0)',
    ],
    [
      'different reasons, each once',
      [
        { shard: 0, index: 'a', reason: { type: 't', reason: 'first' } },
        { shard: 1, index: 'b', reason: { type: 't', reason: 'outer', caused_by: { type: 'c', reason: 'second' } } },
        { shard: 2, index: 'c', reason: { type: 't', reason: 'first' } },
      ],
      '1 of 3 shards failed: results are partial. Reason: first (a shard 0, c shard 2); second (b shard 1)',
    ],
  ])('reports failed shards with %s', (_label, failures, text) => {
    expect(
      searchNotices({ _shards: { total: 3, successful: 2, failed: 1, failures: failures as never } }, 'logs-*')
    ).toEqual([{ severity: 'warning', text }]);
  });

  it('is silent for a complete response or none', () => {
    expect(searchNotices({ timed_out: false, _shards: { total: 2, successful: 2, failed: 0 } }, 'x')).toEqual([]);
    expect(searchNotices(undefined, 'x')).toEqual([]);
  });
});

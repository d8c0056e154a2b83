import type { estypes } from '@elastic/elasticsearch';
import { FieldType } from '@grafana/data';
import { toSessionCountValues, type SessionCountAggregations } from './toSessionCountValues';

type Response = estypes.SearchResponse<unknown, SessionCountAggregations>;
const base = { took: 1, timed_out: false, _shards: { total: 1, successful: 1, failed: 0, skipped: 0 } };
const answer = (aggregations: SessionCountAggregations, extra: Partial<Response> = {}): Response =>
  ({ ...base, hits: { hits: [] }, aggregations, ...extra }) as Response;
const ctx = { refId: 'S', indexPattern: 'logs-*' };

describe('toSessionCountValues', () => {
  it('is one numeric-multi frame with the number of sessions', () => {
    const frames = toSessionCountValues(answer({ sessions: { value: 42 } }), ctx);
    expect(frames).toEqual([
      {
        refId: 'S',
        name: 'sessions',
        length: 1,
        fields: [{ name: 'sessions', type: FieldType.number, config: {}, labels: undefined, values: [42] }],
        meta: { type: 'numeric-multi', typeVersion: [0, 1] },
      },
    ]);
  });

  it('counts no session as 0, a number a condition can test', () => {
    expect(toSessionCountValues(answer({ sessions: { value: 0 } }), ctx)[0].fields[0].values).toEqual([0]);
    expect(toSessionCountValues(answer({}), ctx)[0].fields[0].values).toEqual([0]);
    const bare = { ...base, hits: { hits: [] } } as Response;
    expect(toSessionCountValues(bare, ctx)[0].fields[0].values).toEqual([0]);
  });

  it('is one frame a service, labelled with it, when split', () => {
    const split = {
      buckets: [
        { key: 'checkout', doc_count: 9, sessions: { value: 4 } },
        { key: '(none)', doc_count: 2, sessions: { value: 1 } },
      ],
    } as unknown as estypes.AggregationsStringTermsAggregate;
    const frames = toSessionCountValues(answer({ split }), { ...ctx, splitLabel: 'service' });
    expect(frames.map((f) => [f.fields[0].labels, f.fields[0].values])).toEqual([
      [{ service: 'checkout' }, [4]],
      [{ service: '(none)' }, [1]],
    ]);
  });

  it('labels a split without a name as split, and a bucket without a count as 0', () => {
    const split = { buckets: [{ key: 'x', doc_count: 1 }] } as unknown as estypes.AggregationsStringTermsAggregate;
    const [frame] = toSessionCountValues(answer({ split }), ctx);
    expect([frame.fields[0].labels, frame.fields[0].values]).toEqual([{ split: 'x' }, [0]]);
  });

  it('is the data plane’s "no data" when split with no bucket, and keeps the notices', () => {
    const frames = toSessionCountValues(
      answer({ split: { buckets: [] } as unknown as estypes.AggregationsStringTermsAggregate }, { timed_out: true }),
      { ...ctx, splitLabel: 'level' }
    );
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({
      refId: 'S',
      name: 'sessions',
      length: 0,
      fields: [],
      meta: { type: 'numeric-multi', typeVersion: [0, 1] },
    });
    expect(frames[0].meta?.notices?.length).toBeGreaterThan(0);
  });
});

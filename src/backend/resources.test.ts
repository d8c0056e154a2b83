import { ClusterClient, type ClusterRequest } from '../cluster/clusterClient';
import type { SuggestionScope } from '../query/suggestions';
import { resolveSettings } from '../settings';
import { answerResource, type ResourceRequest } from './resources';

const NOW = 1_800_000_000_000;

function scope(answer: unknown) {
  const seen: ClusterRequest[] = [];
  const client = new ClusterClient(
    '',
    'none',
    async <T>(request: ClusterRequest) => {
      seen.push(request);
      return answer as T;
    },
    'logs-rec'
  );
  const value: SuggestionScope = {
    client,
    settings: resolveSettings({ indexPattern: 'logs-rec', sessionField: 'session.id' }),
    authType: 'none',
    nowMs: NOW,
  };
  return { value, seen };
}
const terms = { aggregations: { values: { buckets: [{ key: 'checkout', doc_count: 3 }] } } };
const get = (path: string, params: Record<string, string> = {}): ResourceRequest => ({ method: 'GET', path, params });
type Body = {
  query: { bool: { filter: Array<Record<string, unknown>> } };
  aggs: { values: { terms: { field: string } } };
};
const bodyOf = (seen: ClusterRequest[]) => seen[0].data as Body;

describe('answerResource', () => {
  it('answers a variable query over from..to', async () => {
    const { value, seen } = scope(terms);
    const answer = await answerResource(get('variables', { query: 'services', from: '1000', to: '2000' }), value);
    expect(answer).toEqual({ status: 200, body: [{ text: 'checkout', value: 'checkout' }] });
    expect(bodyOf(seen).query.bool.filter[0]).toEqual({
      range: { '@timestamp': { gte: 1000, lte: 2000, format: 'epoch_millis' } },
    });
  });

  it('answers tag keys and tag values narrowed by other filters, a leading slash allowed', async () => {
    const keys = scope({ fields: { 'host.name': { keyword: { type: 'keyword', aggregatable: true } } } });
    expect(await answerResource(get('/tag-keys/'), keys.value)).toEqual({ status: 200, body: [{ text: 'host.name' }] });
    const values = scope(terms);
    const filters = JSON.stringify([{ key: 'host.name', operator: '=', value: 'web-1' }]);
    const answer = await answerResource(get('tag-values', { key: 'service.name', filters }), values.value);
    expect(answer.status).toBe(200);
    expect(bodyOf(values.seen).aggs.values.terms.field).toBe('service.name');
    expect(JSON.stringify(bodyOf(values.seen).query)).toContain('"host.name":"web-1"');
  });

  it.each([
    [
      'an unknown path',
      get('sessions'),
      404,
      /^No resource "sessions": this data source answers variables, tag-keys, tag-values\.$/,
    ],
    ['another method', { method: 'POST', path: 'tag-keys', params: {} }, 405, /^tag-keys answers GET only\.$/],
    [
      'a time that is not epoch ms',
      get('variables', { query: 'services', from: 'now-1h', to: '2000' }),
      400,
      /^from and to must be epoch/,
    ],
    ['only one end of the range', get('tag-values', { key: 'k', from: '1' }), 400, /^from and to must be epoch/],
    ['from after to', get('variables', { query: 'services', from: '3', to: '2' }), 400, /^from and to must be epoch/],
    ['filters that are not JSON', get('tag-values', { key: 'k', filters: '[' }), 400, /^filters must be a JSON list/],
    [
      'filters of the wrong shape',
      get('tag-values', { key: 'k', filters: '[{"key":1}]' }),
      400,
      /^filters must be a JSON list/,
    ],
    ['filters that are no list', get('tag-values', { key: 'k', filters: '{}' }), 400, /^filters must be a JSON list/],
    ['a variable query it does not understand', get('variables', { query: 'hosts' }), 400, /is not a variable query/],
    ['tag values without a key', get('tag-values'), 400, /^Filter values need a field/],
  ])('refuses %s, sending nothing', async (_label, request, status, message) => {
    const { value, seen } = scope(terms);
    const answer = await answerResource(request, value);
    expect(answer.status).toBe(status);
    expect((answer.body as { message: string }).message).toMatch(message);
    expect(seen).toEqual([]);
  });
});

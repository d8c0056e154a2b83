import indexNotFound from '../../tests/fixtures/opensearch/error-404-index-not-found.json';
import { ClusterClient, type ClusterRequest } from '../cluster/clusterClient';
import { DAY_MS } from '../durations';
import { resolveSettings } from '../settings';
import type { SessionErrorsOptions } from '../types';
import { tagKeys, tagValues, variableValues, type SuggestionScope } from './suggestions';

const NOW = Date.parse('2026-11-20T10:00:00Z');
type Search = { query: { bool: { filter: unknown[] } }; aggs: { values: { terms: Record<string, unknown> } } };

function scopeAnswering(answer: unknown, fail = false, options: SessionErrorsOptions = { sessionField: 'session.id' }) {
  const seen: ClusterRequest[] = [];
  const client = new ClusterClient(
    '/proxy',
    'none',
    async <T>(request: ClusterRequest) => {
      seen.push(request);
      if (fail) {
        throw answer;
      }
      return answer as T;
    },
    'logs-rec'
  );
  const scope: SuggestionScope = {
    client,
    settings: resolveSettings({ indexPattern: 'logs-rec', ...options }),
    authType: 'none',
    nowMs: NOW,
  };
  return { scope, seen, body: () => seen[0].data as Search };
}

const terms = (...keys: unknown[]) => ({
  aggregations: { values: { buckets: keys.map((key) => ({ key, doc_count: 1 })) } },
});

describe('variableValues', () => {
  it('lists sessions latest first, over the last day when no range is given', async () => {
    const { scope, body } = scopeAnswering(terms('s2', 's1'));
    expect(await variableValues(scope, 'sessions')).toEqual({
      ok: true,
      values: [
        { text: 's2', value: 's2' },
        { text: 's1', value: 's1' },
      ],
    });
    expect(body().aggs.values.terms).toMatchObject({ field: 'session.id', order: { latest: 'desc' } });
    expect(body().query.bool.filter[0]).toEqual({
      range: { '@timestamp': { gte: NOW - DAY_MS, lte: NOW, format: 'epoch_millis' } },
    });
  });

  it('lists other fields most frequent first, over the range given', async () => {
    const { scope, body } = scopeAnswering(terms('checkout'));
    const window = { fromMs: NOW - 60_000, toMs: NOW };
    expect(await variableValues(scope, 'services', window)).toEqual({
      ok: true,
      values: [{ text: 'checkout', value: 'checkout' }],
    });
    expect(body().aggs.values.terms.order).toBeUndefined();
    expect(body().query.bool.filter[0]).toEqual({
      range: { '@timestamp': { gte: NOW - 60_000, lte: NOW, format: 'epoch_millis' } },
    });
  });

  it('explains a query it does not understand, sending nothing', async () => {
    const { scope, seen } = scopeAnswering(terms());
    expect(await variableValues(scope, 'hosts')).toEqual({
      ok: false,
      error: expect.stringMatching(/is not a variable query/),
    });
    expect(seen).toEqual([]);
  });

  it('refuses rounded numbers, which would select another session', async () => {
    const { scope } = scopeAnswering(
      JSON.parse('{"aggregations":{"values":{"buckets":[{"key":7301928374659648775}]}}}')
    );
    expect(await variableValues(scope, 'sessions')).toEqual({
      ok: false,
      error: expect.stringMatching(/^1 session id in session.id is stored as a number/),
    });
  });

  it('lists nothing from an answer without aggregations, and never an empty key', async () => {
    expect(await variableValues(scopeAnswering({ hits: { hits: [] } }).scope, 'services')).toEqual({
      ok: true,
      values: [],
    });
    expect(await variableValues(scopeAnswering(terms('', 'a')).scope, 'services')).toEqual({
      ok: true,
      values: [{ text: 'a', value: 'a' }],
    });
  });

  it('says when nothing identifies tagged lines, sending nothing', async () => {
    const { scope, seen } = scopeAnswering(terms(), false, { messageTags: [] });
    const outcome = await variableValues(scope, 'services');
    expect(!outcome.ok && outcome.error).toMatch(/^Nothing identifies tagged lines/);
    expect(seen).toEqual([]);
  });

  it('names the missing index', async () => {
    const { scope } = scopeAnswering({ status: 404, data: indexNotFound }, true);
    const outcome = await variableValues(scope, 'sessions');
    expect(!outcome.ok && outcome.error).toMatch(/logs-rec/);
  });
});

describe('tagKeys and tagValues', () => {
  it('offers aggregatable keyword fields by name, never metadata fields', async () => {
    const { scope, seen } = scopeAnswering({
      fields: {
        'service.name': { keyword: { type: 'keyword', aggregatable: true } },
        message: { text: { type: 'text', aggregatable: false } },
        'trace.id': { keyword: { type: 'keyword', aggregatable: false } },
        _index: { keyword: { type: 'keyword', aggregatable: true } },
        'host.name': { keyword: { type: 'keyword', aggregatable: true } },
        'http.status': { long: { type: 'long', aggregatable: true } },
        // Mapped as text in one index and as a keyword in another: the keyword indices can filter by it.
        'user.name': {
          text: { type: 'text', aggregatable: false },
          keyword: { type: 'keyword', aggregatable: true },
        },
      },
    });
    expect(await tagKeys(scope)).toEqual({
      ok: true,
      values: [{ text: 'host.name' }, { text: 'service.name' }, { text: 'user.name' }],
    });
    expect(seen[0].url).toMatch(/_field_caps\?fields=\*/);
  });

  it('says why keys cannot be listed', async () => {
    const { scope } = scopeAnswering({ status: 404, data: indexNotFound }, true);
    expect(await tagKeys(scope)).toEqual({ ok: false, error: expect.stringMatching(/logs-rec/) });
  });

  it('narrows a key’s values by the other filters, never by its own', async () => {
    const { scope, body } = scopeAnswering(terms('auth'));
    const filters = [
      { key: 'service.name', operator: '=', value: 'old' },
      { key: 'host.name', operator: '=', value: 'web-1' },
    ];
    expect(await tagValues(scope, 'service.name', undefined, filters)).toEqual({
      ok: true,
      values: [{ text: 'auth', value: 'auth' }],
    });
    const filter = JSON.stringify(body().query.bool.filter);
    expect(filter).toContain('"host.name":"web-1"');
    expect(filter).not.toContain('"old"');
  });

  it('ignores other filters it cannot apply', async () => {
    const { scope, body } = scopeAnswering(terms('auth'));
    const outcome = await tagValues(scope, 'service.name', undefined, [
      { key: 'host.name', operator: '=|', value: 'x' },
    ]);
    expect(outcome.ok).toBe(true);
    expect(JSON.stringify(body().query)).not.toContain('host.name');
  });

  it('refuses a field that is not a field name', async () => {
    const { scope, seen } = scopeAnswering(terms());
    expect(await tagValues(scope, ' ')).toEqual({
      ok: false,
      error: expect.stringMatching(/^Filter values need a field/),
    });
    expect(seen).toEqual([]);
  });
});

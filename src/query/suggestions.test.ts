import indexNotFound from '../../tests/fixtures/opensearch/error-404-index-not-found.json';
import { ClusterClient, type ClusterRequest } from '../cluster/clusterClient';
import { DAY_MS } from '../durations';
import { resolveSettings } from '../settings';
import type { SessionErrorsOptions } from '../types';
import { tagKeys, tagValues, variableValues, type SuggestionScope } from './suggestions';

const NOW = Date.parse('2026-11-20T10:00:00Z');
type Search = { query: { bool: { filter: unknown[] } }; aggs: { values: { terms: Record<string, unknown> } } };

function scopeAnswering(answer: unknown, fail = false, options: SessionErrorsOptions = { sessionField: 'session.id' }) {
  return scopeAnsweringInTurn([answer], fail, options);
}

/** Answers the requests in turn, the last answer to every request after it. */
function scopeAnsweringInTurn(
  answers: unknown[],
  fail = false,
  options: SessionErrorsOptions = { sessionField: 'session.id' }
) {
  const seen: ClusterRequest[] = [];
  const client = new ClusterClient(
    '/proxy',
    'none',
    async <T>(request: ClusterRequest) => {
      seen.push(request);
      const answer = answers[Math.min(seen.length, answers.length) - 1];
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
  return { scope, seen, body: (i = 0) => seen[i].data as Search };
}

/** A collapse answer: one hit per session, its key in `fields` as the engine puts it. */
const collapsed = (...keys: unknown[]) => ({
  hits: { hits: keys.map((key) => ({ fields: { 'session.id': [key] } })) },
});
type CollapseSearch = Search & { collapse?: { field: string }; sort?: unknown[]; size?: number };

const terms = (...keys: unknown[]) => ({
  aggregations: { values: { buckets: keys.map((key) => ({ key, doc_count: 1 })) } },
});

/** The first request fails with this answer; the others get `then`. */
function scopeAnsweringFirstFailing(failure: unknown, then: unknown) {
  const seen: ClusterRequest[] = [];
  const client = new ClusterClient(
    '/proxy',
    'none',
    async <T>(request: ClusterRequest) => {
      seen.push(request);
      if (seen.length === 1) {
        throw failure;
      }
      return then as T;
    },
    'logs-rec'
  );
  const scope: SuggestionScope = {
    client,
    settings: resolveSettings({ indexPattern: 'logs-rec', sessionField: 'session.id' }),
    authType: 'none',
    nowMs: NOW,
  };
  return { scope, seen, body: (i = 0) => seen[i].data as Search };
}

describe('variableValues', () => {
  it('lists sessions latest first by collapse, over the last day when no range is given', async () => {
    const { scope, body, seen } = scopeAnswering(collapsed('s2', 's1'));
    expect(await variableValues(scope, 'sessions')).toEqual({
      ok: true,
      values: [
        { text: 's2', value: 's2' },
        { text: 's1', value: 's1' },
      ],
    });
    // Two sessions of 500 in every span: each span up to the whole range (latestSpans).
    expect(seen).toHaveLength(4);
    const firstSpan = (body(0) as CollapseSearch).query.bool.filter[0] as Search['query'];
    expect(firstSpan.bool.filter[0]).toEqual({
      range: { '@timestamp': { gte: NOW - Math.ceil(DAY_MS / 512), lte: NOW, format: 'epoch_millis' } },
    });
    const search = body(3) as CollapseSearch;
    expect(search).toMatchObject({ size: 500, collapse: { field: 'session.id' } });
    expect(search.sort).toEqual([{ '@timestamp': { order: 'desc' } }, { 'session.id': { order: 'asc' } }]);
    // The shared filter (the range first), and only lines that have the key.
    expect(search.query.bool.filter).toEqual([expect.anything(), { exists: { field: 'session.id' } }]);
    const shared = search.query.bool.filter[0] as Search['query'];
    expect(shared.bool.filter[0]).toEqual({
      range: { '@timestamp': { gte: NOW - DAY_MS, lte: NOW, format: 'epoch_millis' } },
    });
  });

  it.each([
    ['fails', [{ status: 400, data: {} }], true],
    [
      'is partial',
      [{ timed_out: true, hits: { hits: [{ fields: { 'session.id': ['s9'] } }] } }, terms('s2', 's1')],
      false,
    ],
  ])('lists sessions by the aggregation when the collapse %s', async (_, answers, failFirst) => {
    const terms21 = terms('s2', 's1');
    const { scope, body, seen } = failFirst
      ? scopeAnsweringFirstFailing(answers[0], terms21)
      : scopeAnsweringInTurn(answers);
    expect(await variableValues(scope, 'sessions')).toEqual({
      ok: true,
      values: [
        { text: 's2', value: 's2' },
        { text: 's1', value: 's1' },
      ],
    });
    expect(seen).toHaveLength(2);
    expect(body(1).aggs.values.terms).toMatchObject({ field: 'session.id', order: { latest: 'desc' } });
  });

  it('lists sessions by the key script alone with several session fields', async () => {
    const { scope, body, seen } = scopeAnswering(terms('s2'), false, {
      sessionFields: ['session.id', 'attributes.session.id'],
    });
    expect(await variableValues(scope, 'sessions')).toEqual({ ok: true, values: [{ text: 's2', value: 's2' }] });
    expect(seen).toHaveLength(1);
    expect((body() as CollapseSearch).collapse).toBeUndefined();
    expect(body().aggs.values.terms).toMatchObject({ order: { latest: 'desc' } });
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
    const { scope } = scopeAnswering(JSON.parse('{"hits":{"hits":[{"fields":{"session.id":[7301928374659648775]}}]}}'));
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
    // The key's own values, most frequent first.
    expect(body().aggs.values.terms).toEqual({ field: 'service.name', size: 500 });
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

import { ClusterClient, type ClusterRequest } from '../cluster/clusterClient';
import type { FieldCapsAnswer } from './fieldCatalog';
import { fetchLayoutEvidence, fetchSample, sampleDocs, sampleSearchBody, SAMPLE_SOURCE } from './sampleSearch';

const fieldCaps = {
  indices: ['logs-a'],
  fields: {
    '@timestamp': { date: { type: 'date' } },
    time: { date: { type: 'date' } },
    message: { text: { type: 'text' } },
    'body.text': { match_only_text: { type: 'match_only_text' } },
    body: { keyword: { type: 'keyword' } },
  },
} as unknown as FieldCapsAnswer;

const TAG_WORDS = 'asayer_session_id openReplaySession.id session_id';

describe('sampleSearchBody', () => {
  it('asks for at most 50 lines, tagged first, then the newest, and a few of each large index', () => {
    const sort = ['_score', { '@timestamp': { order: 'desc', unmapped_type: 'date' } }];
    expect(sampleSearchBody(fieldCaps)).toEqual({
      size: 20,
      track_total_hits: false,
      timeout: '20s',
      _source: SAMPLE_SOURCE,
      query: {
        bool: {
          must: [{ match_all: {} }],
          should: [
            { match: { 'body.text': { query: TAG_WORDS, lenient: true } } },
            { match: { message: { query: TAG_WORDS, lenient: true } } },
          ],
        },
      },
      sort,
      aggs: {
        indices: {
          terms: { field: '_index', size: 10 },
          aggs: { lines: { top_hits: { size: 3, _source: SAMPLE_SOURCE, sort } } },
        },
      },
    });
  });

  it('fetches the message and layout fields and whatever is named like a session or replay id, nothing else', () => {
    expect(SAMPLE_SOURCE).toEqual([
      'body.text',
      'body_text',
      'message',
      'body',
      'msg',
      'log',
      'severity_text',
      'severity_number',
      'resource.attributes.service.name',
      'log.level',
      'ecs.version',
      'severityText',
      'time',
      'serviceName',
      'observedTime',
      'severity.text',
      'severity.number',
      'trace.id',
      'error.exception.type',
      'error.exception.message',
      'error.stack_trace',
      '*session*',
      '*Session*',
      '*replay_id*',
      'session.id',
      'session_id',
      'sessionId',
      '$session_id',
      'highlight.session_id',
      'sentry.replay_id',
      'replay_id',
    ]);
  });

  it.each([
    [
      'the first date field of the layouts',
      { time: { date: { type: 'date' } } },
      ['_score', { time: { order: 'desc', unmapped_type: 'date' } }],
    ],
    [
      "a layout's own time field",
      { observedTime: { date_nanos: { type: 'date_nanos' } } },
      ['_score', { observedTime: { order: 'desc', unmapped_type: 'date' } }],
    ],
    ['the score alone without a date field', { '@timestamp': { keyword: { type: 'keyword' } } }, ['_score']],
  ])('sorts by %s', (_label, fields, sort) => {
    const body = sampleSearchBody({ indices: ['a'], fields } as unknown as FieldCapsAnswer);
    expect(body.sort).toEqual(sort);
    expect(body.query).toEqual({ bool: { must: [{ match_all: {} }], should: [] } });
  });
});

describe('sampleDocs', () => {
  it('takes the top hits and each index bucket, every line once', () => {
    const response = {
      hits: {
        hits: [
          { _index: 'a', _id: '1', _source: { message: 'one' } },
          { _index: 'b', _id: '1', _source: { body: 'two' } },
        ],
      },
      aggregations: {
        indices: {
          buckets: [
            {
              lines: {
                hits: {
                  hits: [
                    { _index: 'a', _id: '1', _source: { message: 'one' } },
                    { _index: 'a', _id: '2' },
                  ],
                },
              },
            },
            {},
          ],
        },
      },
    };
    expect(sampleDocs(response as never)).toEqual([
      { index: 'a', source: { message: 'one' } },
      { index: 'b', source: { body: 'two' } },
      { index: 'a', source: undefined },
    ]);
  });

  it('reads an answer without hits or aggregations as no lines', () => {
    expect(sampleDocs({} as never)).toEqual([]);
    expect(sampleDocs({ hits: {}, aggregations: { indices: {} } } as never)).toEqual([]);
  });
});

describe('fetchLayoutEvidence', () => {
  it("asks the saved pattern's routes for every field's caps and the sample", async () => {
    const seen: ClusterRequest[] = [];
    const client = new ClusterClient(
      '/api/datasources/proxy/uid/x',
      'apiKey',
      async <T>(request: ClusterRequest) => {
        seen.push(request);
        return (
          request.operation === 'fieldCaps'
            ? fieldCaps
            : { hits: { hits: [{ _index: 'logs-a', _id: '1', _source: { message: 'm' } }] } }
        ) as T;
      },
      'logs-*'
    );
    expect(await fetchLayoutEvidence(client)).toEqual({
      fieldCaps,
      sample: [{ index: 'logs-a', source: { message: 'm' } }],
      indexPattern: 'logs-*',
    });
    expect(seen.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/api/datasources/proxy/uid/x/-apikey/_field_caps?fields=*&allow_no_indices=false'],
      ['POST', '/api/datasources/proxy/uid/x/-apikey/_search'],
    ]);
    expect(seen[1].data).toEqual(sampleSearchBody(fieldCaps));
    expect(await fetchSample(client, fieldCaps)).toEqual([{ index: 'logs-a', source: { message: 'm' } }]);
  });
});

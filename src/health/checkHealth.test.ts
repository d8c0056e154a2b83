import info6 from '../../tests/fixtures/elasticsearch/info-6.8.7.json';
import info7 from '../../tests/fixtures/elasticsearch/info-7.17.6.json';
import info8 from '../../tests/fixtures/elasticsearch/info-8.14.1.json';
import info9 from '../../tests/fixtures/elasticsearch/info-9.0.0.json';
import fieldCaps from '../../tests/fixtures/opensearch/field-caps.json';
import infoOpenSearch from '../../tests/fixtures/opensearch/info-2.19.6.json';
import indexNotFound from '../../tests/fixtures/opensearch/error-404-index-not-found.json';
import { ClusterClient, type ClusterInfo, type ClusterRequest } from '../cluster/clusterClient';
import { PROXY_AUTH_FAILED } from '../cluster/describeClusterError';
import { resolveSettings } from '../settings';
import { checkHealth, describeEngine } from './checkHealth';

type Reply = unknown | { fail: { status: number; data: unknown } };

/** A transport answering by API, as the cluster would through Grafana's proxy. */
function clientAnswering(
  replies: { info: Reply; caps?: Reply; count?: Reply; search?: Reply },
  seen: ClusterRequest[] = []
) {
  return new ClusterClient(
    '/api/datasources/proxy/uid/x',
    'none',
    async <T>(request: ClusterRequest) => {
      seen.push(request);
      const reply = {
        fieldCaps: replies.caps,
        count: replies.count,
        search: replies.search ?? { hits: { hits: [] } },
        info: replies.info,
        groupsSearch: undefined,
        openPit: undefined,
        openPitOpenSearch: undefined,
        pitSearch: undefined,
      }[request.operation];
      if (reply && typeof reply === 'object' && 'fail' in reply) {
        throw (reply as { fail: unknown }).fail;
      }
      return reply as T;
    },
    'logs-rec'
  );
}

const settings = resolveSettings({ indexPattern: 'logs-rec' });
const now = Date.UTC(2026, 10, 27);

describe('describeEngine', () => {
  it.each([
    [info6, 'Elasticsearch 6.8.7', false],
    [info7, 'Elasticsearch 7.17.6', true],
    [info8, 'Elasticsearch 8.14.1', true],
    [info9, 'Elasticsearch 9.0.0', true],
    [infoOpenSearch, 'OpenSearch 2.19.6', true],
    [{ version: { number: '7.9.3' } }, 'Elasticsearch 7.9.3', false],
    [{ version: { number: '7.10.2' } }, 'Elasticsearch 7.10.2', true],
    [{ version: { number: '1.3.0', distribution: 'opensearch' } }, 'OpenSearch 1.3.0', true],
  ])('recognises %#', (info, name, supported) => {
    expect(describeEngine(info as unknown as ClusterInfo)).toEqual({ name, supported });
  });
});

describe('checkHealth', () => {
  it('succeeds, naming the engine and counting tagged lines of the last 24 hours', async () => {
    const seen: ClusterRequest[] = [];
    const result = await checkHealth(
      clientAnswering({ info: info8, caps: fieldCaps, count: { count: 12 } }, seen),
      settings,
      'none',
      now
    );
    expect(result).toEqual({
      status: 'success',
      message: 'Connected to Elasticsearch 8.14.1. 12 session-tagged lines in "logs-rec" in the last 24 hours.',
    });
    const count = seen.find((r) => r.url.endsWith('_count'))?.data as {
      query: { bool: { filter: Array<{ range?: unknown }> } };
    };
    expect(count.query.bool.filter[0].range).toEqual({
      '@timestamp': { gte: now - 86_400_000, lte: now, format: 'epoch_millis' },
    });
  });

  it('goes on without the banner for a data source editor whom Grafana refuses the banner route', async () => {
    const denied = { fail: { status: 403, data: { message: 'plugin proxy route access denied' } } };
    const result = await checkHealth(
      clientAnswering({ info: denied, caps: fieldCaps, count: { count: 3 } }),
      settings,
      'none',
      now
    );
    expect(result).toEqual({
      status: 'success',
      message: 'Connected to the cluster. 3 session-tagged lines in "logs-rec" in the last 24 hours.',
    });
  });

  it('stops at any other refusal of the banner', async () => {
    const forbidden = { fail: { status: 403, data: { error: { type: 'security_exception', reason: 'no' } } } };
    const result = await checkHealth(clientAnswering({ info: forbidden, caps: fieldCaps }), settings, 'none', now);
    expect(result.status).toBe('error');
  });

  it('warns when nothing is tagged in the last 24 hours', async () => {
    const result = await checkHealth(
      clientAnswering({ info: infoOpenSearch, caps: fieldCaps, count: { count: 0 } }),
      settings,
      'none',
      now
    );
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(/^Connected to OpenSearch 2.19.6. No session-tagged lines/);
  });

  it.each([
    ['unreachable', { info: { fail: { status: 502, data: 'Bad Gateway' } } }, /could not reach the cluster/],
    ['refused credentials', { info: { fail: { status: 400, data: PROXY_AUTH_FAILED } } }, /requires authentication/],
    ['unsupported version', { info: info6 }, /Elasticsearch 6.8.7 is not supported/],
    [
      'missing index',
      { info: info9, caps: { fail: { status: 404, data: indexNotFound } } },
      /Connected to Elasticsearch 9.0.0, but: No index matches/,
    ],
    [
      'index pattern matching nothing',
      { info: info7, caps: { indices: [], fields: {} } },
      /no index matches "logs-rec"/,
    ],
    ['no time field', { info: info7, caps: { indices: ['a'], fields: {} } }, /has the time field "@timestamp"/],
    [
      'time field not a date',
      { info: info7, caps: { indices: ['a'], fields: { '@timestamp': { keyword: { type: 'keyword' } } } } },
      /mapped as keyword, not as a date/,
    ],
  ])('fails clearly when %s', async (_label, replies, message) => {
    const result = await checkHealth(clientAnswering(replies), settings, 'none', now);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(message);
  });

  it('warns when the message field is not text, so tags cannot be searched', async () => {
    const caps = {
      indices: ['a'],
      fields: { '@timestamp': { date: { type: 'date' } }, message: { keyword: { type: 'keyword' } } },
    };
    const result = await checkHealth(
      clientAnswering({ info: info8, caps, count: { count: 3 } }),
      settings,
      'none',
      now
    );
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(/3 session-tagged lines.*mapped as keyword, not text/);
  });
});

describe('checkHealth and the log layout', () => {
  const keyword = { keyword: { type: 'keyword' } };
  const OTEL_INDEX = '.ds-logs-generic.otel-default-2026.11.27-000001';
  /** Elastic's OTel-native stream (logs-otel@mappings, otel@mappings): aliases and passthrough leaves included. */
  const otelCaps = {
    indices: [OTEL_INDEX],
    fields: {
      '@timestamp': { date: { type: 'date' } },
      'body.text': { match_only_text: { type: 'match_only_text' } },
      message: { match_only_text: { type: 'match_only_text' } },
      severity_text: keyword,
      'log.level': keyword,
      'attributes.session.id': keyword,
      'session.id': keyword,
    },
  };
  const otelLines = {
    hits: {
      hits: [
        { _index: OTEL_INDEX, _id: '1', _source: { body: { text: 'declined' }, attributes: { 'session.id': '42' } } },
      ],
    },
  };
  const otelSettings = resolveSettings({ indexPattern: 'logs-*' });

  it('says which saved settings the cluster contradicts and names the proposal, changing nothing', async () => {
    const seen: ClusterRequest[] = [];
    const result = await checkHealth(
      clientAnswering({ info: info8, caps: otelCaps, count: { count: 0 }, search: otelLines }, seen),
      otelSettings,
      'none',
      now
    );
    expect(result).toEqual({
      status: 'warning',
      message:
        'Connected to Elasticsearch 8.14.1. No session-tagged lines in "logs-*" in the last 24 hours: check that your backend tags its logs (message tags or the session id field). ' +
        'The saved settings do not match what "logs-*" holds: ' +
        'the message field "message" is only an alias here, absent from the lines ("body.text" is there); ' +
        'no session field is set, but "attributes.session.id" holds session ids. ' +
        'This looks like Elastic OTel-native logs: apply the proposed settings in the editor (Detect layout).',
    });
    // Reads only: the banner, every field's caps, one bounded sample, the count.
    expect(seen.map((r) => `${r.method} ${r.operation}`)).toEqual([
      'GET info',
      'GET fieldCaps',
      'POST search',
      'POST count',
    ]);
    expect(seen[1].url).toContain('fields=*');
    expect(seen[2].data).toMatchObject({ size: 20, aggs: { indices: { terms: { size: 10 } } } });
  });

  it('turns a success into a warning when the settings find lines but miss a layout field', async () => {
    const settings = resolveSettings({ indexPattern: 'logs-*', sessionFields: ['attributes.session.id'] });
    const result = await checkHealth(
      clientAnswering({ info: info8, caps: otelCaps, count: { count: 4 }, search: otelLines }),
      settings,
      'none',
      now
    );
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(
      /^Connected to Elasticsearch 8.14.1. 4 session-tagged lines in "logs-\*" in the last 24 hours. The saved settings do not match what "logs-\*" holds: the message field "message" is only an alias/
    );
    expect(result.message).not.toMatch(/session field/);
  });

  it('adds the proposal to a missing time field', async () => {
    const dataPrepper = {
      indices: ['logs-otel-v1-000001'],
      fields: { time: { date: { type: 'date' } }, body: { text: { type: 'text' } }, severityText: keyword },
    };
    const result = await checkHealth(
      clientAnswering({ info: infoOpenSearch, caps: dataPrepper }),
      resolveSettings({ indexPattern: 'logs-otel-v1-*', messageTags: ['asayer_session_id'] }),
      'none',
      now
    );
    expect(result).toEqual({
      status: 'error',
      message:
        'Connected to OpenSearch 2.19.6, but no index matching "logs-otel-v1-*" has the time field "@timestamp". ' +
        'The saved settings do not match what "logs-otel-v1-*" holds: the time field "@timestamp" is in no index ("time" is there); ' +
        'the message field "message" is in no index ("body" is there); the level field "log.level" is in no index ("severityText" is there). ' +
        'This looks like OpenSearch Data Prepper logs: apply the proposed settings in the editor (Detect layout).',
    });
  });

  it('adds the proposal where nothing identifies tagged lines', async () => {
    const result = await checkHealth(
      clientAnswering({ info: info8, caps: otelCaps, search: otelLines }),
      resolveSettings({
        indexPattern: 'logs-*',
        messageField: 'body.text',
        levelField: 'severity_text',
        messageTags: [],
      }),
      'none',
      now
    );
    expect(result).toEqual({
      status: 'error',
      message:
        'Nothing identifies tagged lines: enable a message tag or set a session id field. ' +
        'The saved settings do not match what "logs-*" holds: no session field is set, but "attributes.session.id" holds session ids. ' +
        'This looks like Elastic OTel-native logs: apply the proposed settings in the editor (Detect layout).',
    });
  });

  it('reads the mappings alone when the sample search fails, and says so only with advice', async () => {
    const refused = {
      fail: { status: 400, data: { error: { type: 'search_phase_execution_exception', reason: 'no' } } },
    };
    const result = await checkHealth(
      clientAnswering({ info: info8, caps: otelCaps, count: { count: 0 }, search: refused }),
      otelSettings,
      'none',
      now
    );
    expect(result.message).toMatch(/the message field "message" is only an alias here/);
    expect(result.message).toMatch(/\(Detect layout\)\. Layout detection could not sample lines: /);
    const fitting = await checkHealth(
      clientAnswering({ info: info8, caps: fieldCaps, count: { count: 2 }, search: refused }),
      settings,
      'none',
      now
    );
    expect(fitting).toEqual({
      status: 'success',
      message: 'Connected to Elasticsearch 8.14.1. 2 session-tagged lines in "logs-rec" in the last 24 hours.',
    });
  });
});

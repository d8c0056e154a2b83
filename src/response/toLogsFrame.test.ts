import { DataFrameType, FieldType, findHighlightChunksInText, type DataFrame } from '@grafana/data';
import recorded from '../../tests/fixtures/opensearch/search-three-hits.json';
import { resolveSettings } from '../settings';
import { openReplaySessionIdAt } from '../session/sessionId';
import {
  documentTiebreakNanos,
  REPLAY_LINK_TITLE,
  searchWordPattern,
  subMillisecondNanos,
  toLogsFrame,
  type LogSearchResponse,
} from './toLogsFrame';

const SESSION = '3864047860558056943'; // starts 2026-06-01T12:00:00.123Z
const response = recorded as unknown as LogSearchResponse;
const settingsInput = {
  sessionField: 'session.id',
  replayLink: 'openreplay',
  openReplayUrl: 'https://replay.example.com',
  openReplayProjectId: '5',
  leadInSeconds: 2,
  detailFields: ['error.*'],
} as const;
const settings = resolveSettings({ ...settingsInput, detailFields: [...settingsInput.detailFields] });
const field = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name);

/** The recorded response, as the session view asks for it: built in each test, never shared. */
const recordedFrame = (body: LogSearchResponse = response) =>
  toLogsFrame(body, settings, { refId: 'A', sessionId: SESSION, limit: 100 });

describe('toLogsFrame on a recorded OpenSearch response', () => {
  it('is a logs frame Grafana reads natively', () => {
    const frame = recordedFrame();
    expect(frame.meta).toMatchObject({
      type: DataFrameType.LogLines,
      typeVersion: [0, 0],
      preferredVisualisationType: 'logs',
      custom: { searchWords: [`(?i)${SESSION}`] },
    });
    expect(frame.fields.slice(0, 5).map((f) => [f.name, f.type])).toEqual([
      ['timestamp', FieldType.time],
      ['body', FieldType.string],
      ['severity', FieldType.string],
      ['id', FieldType.string],
      ['labels', FieldType.other],
    ]);
    expect(frame.length).toBe(3);
    expect(frame.refId).toBe('A');
    expect(frame.name).toBe(`Session ${SESSION}`);
  });

  it('reads times from epoch_millis doc values, newest first', () => {
    // The same hits with _source times a year off: only the doc values give the times below.
    const body = JSON.parse(JSON.stringify(response)) as LogSearchResponse;
    body.hits.hits.forEach((hit) => {
      hit._source = { ...hit._source, '@timestamp': '2025-01-01T00:00:00.000Z' };
    });
    const frame = recordedFrame(body);
    expect(field(frame, 'timestamp')?.values).toEqual([
      Date.parse('2026-11-20T09:01:30.500Z'),
      Date.parse('2026-11-20T09:01:10.000Z'),
      Date.parse('2026-11-20T09:00:59.000Z'),
    ]);
  });

  it('removes the session tag from the body and joins message arrays by line', () => {
    const frame = recordedFrame();
    expect(field(frame, 'body')?.values).toEqual([
      'PaymentDeclined: card expired',
      'slow upstream',
      'retry 1\nretry 2',
    ]);
  });

  it('maps levels of any spelling, including numbers', () => {
    const frame = recordedFrame();
    expect(field(frame, 'severity')?.values).toEqual(['error', 'warning', 'error']);
  });

  it('labels the session from the tag, a dotted key or nested field, service, host and the detail fields', () => {
    const frame = recordedFrame();
    expect(field(frame, 'labels')?.values).toEqual([
      {
        session_id: SESSION,
        service: 'payments',
        host: 'pay-1',
        'error.type': 'PaymentDeclined',
        'error.stack_trace': 'PaymentDeclined: card expired\n    at charge (pay.js:10)',
      },
      { session_id: SESSION, service: 'checkout', host: 'co-1, co-2' },
      { session_id: SESSION, service: 'api' },
    ]);
  });

  it('keeps 19-digit session ids as exact strings', () => {
    const frame = recordedFrame();
    expect(field(frame, 'session_id')?.values).toEqual([SESSION, SESSION, SESSION]);
    expect(field(frame, 'session_id')?.type).toBe(FieldType.string);
    expect(field(frame, 'session_id')?.config).toEqual({ displayName: 'Session' });
  });

  it('gives stable ids from index and document id', () => {
    const frame = recordedFrame();
    expect(field(frame, 'id')?.values).toEqual(['logs-rec:a1', 'logs-rec:a2', 'logs-rec:a3']);
  });

  it('links each line to the replay at the error minus the lead-in, without re-encoding', () => {
    const frame = recordedFrame();
    const replay = field(frame, 'replay_url');
    expect(replay?.values[0]).toBe(
      `https://replay.example.com/5/session/${SESSION}?jumpto=${Date.parse('2026-11-20T09:01:28.500Z')}`
    );
    expect(replay?.config.links).toEqual([{ title: REPLAY_LINK_TITLE, url: '${__value.raw:raw}', targetBlank: true }]);
  });

  it('expands wildcard detail fields and leaves gaps empty', () => {
    const frame = recordedFrame();
    expect(field(frame, 'error.type')?.values).toEqual(['PaymentDeclined', null, null]);
    expect(field(frame, 'error.stack_trace')?.values[0]).toContain('at charge (pay.js:10)');
  });

  it('adds no notices for a complete response under the limit', () => {
    const frame = recordedFrame();
    expect(frame.meta?.notices).toBeUndefined();
  });
});

describe('toLogsFrame edge cases', () => {
  const plain = resolveSettings({});

  it.each([
    ['empty hits', { hits: { hits: [] } }],
    ['no hits object', {}],
    ['hits not an array', { hits: { hits: null } }],
    ['null response', null],
  ])('returns an empty logs frame for %s', (_label, body) => {
    const frame = toLogsFrame(body as unknown as LogSearchResponse, plain, { refId: 'A', limit: 10 });
    expect(frame.length).toBe(0);
    expect(frame.fields.map((f) => [f.name, f.values])).toEqual([
      ['timestamp', []],
      ['body', []],
      ['severity', []],
      ['id', []],
      ['labels', []],
      ['session_id', []],
    ]);
    expect(frame.name).toBe('Session errors');
    expect(frame.meta?.custom).toBeUndefined();
    expect(frame.meta?.type).toBe(DataFrameType.LogLines);
    expect(frame.fields.find((f) => f.name === 'replay_url')).toBeUndefined();
  });

  it('survives missing fields, odd levels and a _source time', () => {
    const body = {
      hits: {
        hits: [
          { _index: 'i', _id: '1', _source: { '@timestamp': '2026-01-01T00:00:00Z' } },
          {
            _index: 'i',
            _id: '2',
            _source: {
              '@timestamp': 1767225600000,
              message: { text: 'object message' },
              log: { level: ['WARN', 'x'] },
            },
          },
          { _index: 'i', _id: '3' },
        ],
      },
    } as unknown as LogSearchResponse;
    const frame = toLogsFrame(body, plain, { refId: 'B', limit: 10 });
    expect(field(frame, 'timestamp')?.values.slice(0, 2)).toEqual([Date.parse('2026-01-01T00:00:00Z'), 1767225600000]);
    expect(Number.isNaN(field(frame, 'timestamp')?.values[2])).toBe(true);
    expect(field(frame, 'body')?.values).toEqual(['', '{"text":"object message"}', '']);
    expect(field(frame, 'severity')?.values).toEqual(['unknown', 'warning', 'unknown']);
    expect(field(frame, 'labels')?.values).toEqual([{}, {}, {}]);
  });

  it('prefers the session field over a tag in the message', () => {
    const body = {
      hits: {
        hits: [{ _index: 'i', _id: '1', _source: { message: '[asayer_session_id=1] x', session: { id: '2' } } }],
      },
    } as unknown as LogSearchResponse;
    const frame = toLogsFrame(body, resolveSettings({ sessionField: 'session.id' }), { refId: 'A', limit: 10 });
    expect(field(frame, 'session_id')?.values).toEqual(['2']);
    expect(field(frame, 'body')?.values).toEqual(['x']);
  });

  it('reads the session from the first session field that has one, then from the tags', () => {
    const hit = (id: string, source: Record<string, unknown>, fields?: Record<string, unknown>) => ({
      _index: 'i',
      _id: id,
      _source: { message: 'x session_id=Faro1', ...source },
      ...(fields ? { fields } : {}),
    });
    const body = {
      hits: {
        hits: [
          hit('1', { session: { id: 'first' }, attributes: { session: { id: 'second' } } }),
          hit('2', { attributes: { session: { id: 'second' } } }),
          // The fields API of the second field before the _source of a later one.
          hit('3', { sid: 'third' }, { 'attributes.session.id': ['from-fields'] }),
          hit('4', { session: { id: '' } }),
        ],
      },
    } as unknown as LogSearchResponse;
    const frame = toLogsFrame(
      body,
      resolveSettings({
        sessionFields: ['session.id', 'attributes.session.id', 'sid'],
        messageTags: ['session_id'],
      }),
      { refId: 'A', limit: 10 }
    );
    expect(field(frame, 'session_id')?.values).toEqual(['first', 'second', 'from-fields', 'Faro1']);
    expect(field(frame, 'body')?.values).toEqual(['x', 'x', 'x', 'x']);
  });

  it('reads level, service, host and details from the fields API where _source has no such name', () => {
    // An alias (log.level → severity_text), a multi-field (service.keyword) and a passthrough
    // sub-field (host.name in resource.attributes), as Elasticsearch answers them.
    const body = {
      hits: {
        hits: [
          {
            _index: 'i',
            _id: '1',
            _source: {
              message: 'x',
              severity_text: 'WARN',
              service: 'shop',
              resource: { attributes: { 'host.name': 'h1' } },
            },
            fields: { 'log.level': ['WARN'], 'service.keyword': ['shop'], 'host.name': ['h1'], 'trace.id': ['t9'] },
          },
          // _source wins for a detail field, the fields API for the level, service and host.
          {
            _index: 'i',
            _id: '2',
            _source: { message: 'y', log: { level: 'INFO' }, service: { keyword: 'a' }, trace: { id: 'src' } },
            fields: { 'log.level': ['ERROR'], 'service.keyword': ['b'], 'trace.id': ['api'] },
          },
        ],
      },
    } as unknown as LogSearchResponse;
    const frame = toLogsFrame(body, resolveSettings({ serviceField: 'service.keyword', detailFields: [] }), {
      refId: 'A',
      limit: 10,
    });
    expect(field(frame, 'severity')?.values).toEqual(['warning', 'error']);
    expect(field(frame, 'labels')?.values).toEqual([
      { service: 'shop', host: 'h1', 'trace.id': 't9' },
      { service: 'b', 'trace.id': 'src' },
    ]);
  });

  it('names the session field whose ids were rounded', () => {
    const body = JSON.parse(`{"hits":{"hits":[
      {"_index":"i","_id":"1","_source":{"message":"a","attributes":{"session":{"id":${SESSION}}}}},
      {"_index":"i","_id":"2","_source":{"message":"b","sid":${SESSION}}},
      {"_index":"i","_id":"3","_source":{"message":"c","sid":"exact"}}
    ]}}`) as LogSearchResponse;
    const frame = toLogsFrame(
      body,
      resolveSettings({ sessionFields: ['session.id', 'attributes.session.id', 'sid'] }),
      {
        refId: 'A',
        limit: 10,
      }
    );
    expect(field(frame, 'session_id')?.values).toEqual(['', '', 'exact']);
    expect(frame.meta?.notices).toEqual([
      expect.objectContaining({ text: expect.stringMatching(/^2 session ids in attributes.session.id are stored/) }),
    ]);
  });

  it('always shows the trace id, from the configured trace field, as a detail and a label', () => {
    const body = {
      hits: {
        hits: [
          { _index: 'i', _id: '1', _source: { message: 'x', traceId: 'abc', trace: { id: 'ecs' } } },
          { _index: 'i', _id: '2', _source: { message: 'y' } },
        ],
      },
    } as unknown as LogSearchResponse;
    const otel = toLogsFrame(body, resolveSettings({ traceField: 'traceId', detailFields: [] }), {
      refId: 'A',
      limit: 10,
    });
    expect(field(otel, 'traceId')?.values).toEqual(['abc', null]);
    expect(field(otel, 'trace.id')).toBeUndefined();
    expect(field(otel, 'labels')?.values[0]).toEqual({ traceId: 'abc' });
    // Listed among the detail fields already: one column, where the list puts it.
    const listed = toLogsFrame(body, resolveSettings({ detailFields: ['trace.id', 'traceId'] }), {
      refId: 'A',
      limit: 10,
    });
    expect(listed.fields.filter((f) => f.name.startsWith('trace')).map((f) => f.name)).toEqual(['trace.id', 'traceId']);
  });

  it('leaves tags in the body when tags are disabled', () => {
    const body = {
      hits: { hits: [{ _index: 'i', _id: '1', _source: { message: '[asayer_session_id=1] x' } }] },
    } as unknown as LogSearchResponse;
    const frame = toLogsFrame(body, resolveSettings({ messageTags: [] }), { refId: 'A', limit: 10 });
    expect(field(frame, 'body')?.values).toEqual(['[asayer_session_id=1] x']);
  });

  it('says when the limit was reached', () => {
    const frame = toLogsFrame(response, plain, { refId: 'A', limit: 3 });
    expect(frame.meta?.notices).toEqual([
      expect.objectContaining({ severity: 'info', text: expect.stringMatching(/newest 3 lines/) }),
    ]);
  });

  it('reads a session id logged as a 19-digit JSON number exactly from the fields API, never from the rounded _source', () => {
    // As the engine answers: _source keeps the number as logged, the fields API gives the keyword text.
    const body = JSON.parse(`{"hits":{"hits":[
      {"_index":"i","_id":"1","_source":{"@timestamp":"2026-06-01T12:05:00Z","message":"boom","session":{"id":${SESSION}}},
       "fields":{"session.id":["${SESSION}"],"@timestamp":[1780315500000]}},
      {"_index":"i","_id":"2","_source":{"@timestamp":"2026-06-01T12:06:00Z","message":"boom","session":{"id":${SESSION}}},
       "fields":{"@timestamp":[1780315560000]}}
    ]}}`) as LogSearchResponse;
    // JSON.parse already rounded the _source number: it names another session.
    expect(String((body.hits.hits[1]._source as { session: { id: number } }).session.id)).not.toBe(SESSION);
    const frame = toLogsFrame(body, settings, {
      refId: 'A',
      limit: 10,
    });
    expect(field(frame, 'session_id')?.values).toEqual([SESSION, '']);
    expect(field(frame, 'labels')?.values[0]).toMatchObject({ session_id: SESSION });
    expect(field(frame, 'labels')?.values[1]).not.toHaveProperty('session_id');
    expect(field(frame, 'replay_url')?.values[0]).toContain(`/session/${SESSION}?`);
    // null, not '': Grafana shows a link row for '' and hides only null and undefined.
    expect(field(frame, 'replay_url')?.values[1]).toBeNull();
    expect(frame.meta?.notices).toEqual([
      expect.objectContaining({
        severity: 'warning',
        text: expect.stringMatching(/^1 session id in session.id is stored as a number/),
      }),
    ]);
  });

  it('shows where each line falls in an OpenReplay session, as the player’s clock', () => {
    const start = Date.UTC(2026, 10, 20, 9, 0, 0);
    const id = openReplaySessionIdAt(start, 9);
    const hit = (n: number, at: number, session?: string) => ({
      _index: 'i',
      _id: String(n),
      _source: { message: 'x', ...(session ? { session: { id: session } } : {}) },
      fields: { '@timestamp': [at] },
    });
    const body = {
      hits: {
        hits: [
          hit(1, start + 724_000, id),
          hit(2, start + 3_729_000, id),
          hit(3, start, 'not-openreplay'),
          hit(4, start),
        ],
      },
    } as unknown as LogSearchResponse;
    const frame = toLogsFrame(body, settings, { refId: 'A', limit: 10 });
    expect(field(frame, 'session_time')?.values).toEqual(['12:04', '1:02:09', null, null]);
    // Log details list labels: the clock is one on the lines that have it.
    expect((field(frame, 'labels')?.values as Array<Record<string, string>>).map((l) => l.session_time)).toEqual([
      '12:04',
      '1:02:09',
      undefined,
      undefined,
    ]);
    expect(field(frame, 'session_time')?.config.displayName).toBe('Session time');
  });

  it('highlights the session and the words the filter searched for', () => {
    const frame = toLogsFrame(response, settings, {
      refId: 'A',
      limit: 10,
      sessionId: SESSION,
      searchWords: ['timeout', SESSION],
    });
    expect(frame.meta?.custom?.searchWords).toEqual([`(?i)${SESSION}`, '(?i)timeout']);
  });

  it('puts configured data links on the fields they match, beside the replay link', () => {
    const linked = resolveSettings({
      ...settingsInput,
      detailFields: ['error.*'],
      dataLinks: [
        { field: '/^error\\./', title: 'Search the error', url: 'https://errors.example/?q=${__value.raw}' },
        { field: 'session_id', url: '${__value.raw}', datasourceUid: 'other-logs' },
      ],
    });
    const frame = toLogsFrame(response, linked, { refId: 'A', limit: 10 });
    const errorFields = frame.fields.filter((f) => f.name.startsWith('error.'));
    expect(errorFields.length).toBeGreaterThan(0);
    for (const f of errorFields) {
      expect(f.config.links).toEqual([
        { title: 'Search the error', url: 'https://errors.example/?q=${__value.raw:uriencode}', targetBlank: true },
      ]);
    }
    expect(field(frame, 'session_id')?.config.links?.[0].internal?.datasourceUid).toBe('other-logs');
    expect(field(frame, 'replay_url')?.config.links?.map((l) => l.title)).toEqual([REPLAY_LINK_TITLE]);
    expect(field(frame, 'body')?.config).toEqual({});
    expect(field(frame, 'timestamp')?.config).toEqual({});
  });
});

describe('toLogsFrame detail fields and search positions', () => {
  const hit = (id: string, source: Record<string, unknown>, sort?: unknown[]) => ({
    _index: 'i',
    _id: id,
    _source: { message: 'x', ...source },
    ...(sort ? { sort } : {}),
  });
  const frameOf = (hits: unknown[], detailFields: string[]) =>
    toLogsFrame({ hits: { hits } } as unknown as LogSearchResponse, resolveSettings({ detailFields }), {
      refId: 'A',
      limit: 10,
    });

  it.each([
    ['an exact pattern', ['error.type']],
    ['a wildcard pattern', ['error.*']],
  ])('fills one column from every hit that has the field, with %s', (_label, patterns) => {
    const frame = frameOf(
      [
        hit('1', { error: { type: 'Timeout' } }),
        hit('2', { message: 'no error' }),
        hit('3', { 'error.type': 'Declined' }),
      ],
      patterns
    );
    expect(frame.fields.filter((f) => f.name === 'error.type')).toHaveLength(1);
    expect(field(frame, 'error.type')?.values).toEqual(['Timeout', null, 'Declined']);
    expect(field(frame, 'error.type')?.type).toBe(FieldType.string);
  });

  it('mixes exact and wildcard patterns, in the order configured, each field once', () => {
    const frame = frameOf(
      [
        hit('1', { trace: { id: 't-1' }, error: { type: 'Timeout', code: 504 }, url: { path: '/pay' } }),
        hit('2', { error: { message: 'card expired' }, 'url.path': '/checkout', tags: [{ name: 'a' }, { name: 'b' }] }),
      ],
      ['url.path', 'error.*', 'trace.id', 'error.type', 'tags.name']
    );
    const details = frame.fields.map((f) => f.name).filter((name) => /^(url|error|trace|tags)\./.test(name));
    expect(details).toEqual(['url.path', 'error.type', 'error.code', 'trace.id', 'error.message', 'tags.name']);
    expect(field(frame, 'tags.name')?.values).toEqual([null, 'a\nb']);
    expect(field(frame, 'url.path')?.values).toEqual(['/pay', '/checkout']);
    expect(field(frame, 'error.code')?.values).toEqual(['504', null]);
    expect(field(frame, 'error.message')?.values).toEqual([null, 'card expired']);
    expect(field(frame, 'trace.id')?.values).toEqual(['t-1', null]);
  });

  it('matches wildcards on whole keys, with regex characters taken literally', () => {
    const frame = frameOf(
      [hit('1', { 'http.request.method': 'GET', 'http+request': 'odd', labels: { 'a.b': '1', axb: '2' } })],
      ['http.*', 'labels.a.b*', '*.method']
    );
    const details = frame.fields.map((f) => f.name).filter((name) => /^(http|labels)\./.test(name));
    expect(details).toEqual(['http.request.method', 'labels.a.b']);
    expect(field(frame, 'labels.a.b')?.values).toEqual(['1']);
  });

  it('adds no column for a pattern no hit has', () => {
    const frame = frameOf([hit('1', { error: {} })], ['error.*', 'trace.id']);
    expect(frame.fields.map((f) => f.name)).toEqual(['timestamp', 'body', 'severity', 'id', 'labels', 'session_id']);
  });

  it('keeps each line’s search position in a hidden sort field, for log context', () => {
    const frame = frameOf(
      [hit('1', {}, [1795165290500, 'i', 7]), hit('2', {}), hit('3', {}, [1795165259000, 'i', 2])],
      []
    );
    const sort = field(frame, 'sort');
    expect(sort?.values).toEqual(['[1795165290500,"i",7]', '', '[1795165259000,"i",2]']);
    expect(sort?.type).toBe(FieldType.string);
    expect(sort?.config).toEqual({ custom: { hidden: true } });
  });

  it('has no sort field when the search returned no positions', () => {
    const frame = frameOf([hit('1', {}), hit('2', {})], []);
    expect(field(frame, 'sort')).toBeUndefined();
  });
});

describe('toLogsFrame times', () => {
  const T = Date.parse('2026-01-01T00:00:00Z');
  const timeOf = (hit: Record<string, unknown>) =>
    toLogsFrame(
      { hits: { hits: [{ _index: 'i', _id: '1', ...hit }] } } as unknown as LogSearchResponse,
      resolveSettings({}),
      { refId: 'A', limit: 10 }
    ).fields[0].values[0];

  it.each([
    ['an ISO string', '2026-01-01T00:00:00Z', T],
    ['an ISO string with an offset', '2026-01-01T01:00:00.000+01:00', T],
    ['epoch millis as a string', String(T), T],
    ['epoch millis as a number', T, T],
    ['an array of strings: the first', ['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'], T],
    ['an array of numbers: the first', [T, T + 1], T],
    ['digits with text after them', `${T}x`, NaN],
    ['a nested array', [['2026-01-01T00:00:00Z']], NaN],
    ['a boolean', true, NaN],
    ['nothing', undefined, NaN],
  ])('reads a _source time given as %s', (_label, time, expected) => {
    expect(timeOf({ _source: { '@timestamp': time } })).toEqual(expected);
  });

  it.each([
    ['a number', [T + 5], T + 5],
    ['a number, passed on as is even when -0', [-0], -0],
    ['a string', [String(T + 5)], T + 5],
    ['a fractional string', [`${T + 5}.25`], T + 5.25],
    ['text that is no number: the _source time', ['soon'], T],
    ['an empty list: the _source time', [], T],
    ['null: the _source time', [null], T],
  ])('reads a doc value given as %s', (_label, docValues, expected) => {
    expect(timeOf({ _source: { '@timestamp': '2026-01-01T00:00:00Z' }, fields: { '@timestamp': docValues } })).toEqual(
      expected
    );
  });

  it('reads the _source time when the fields API returned other fields only', () => {
    expect(timeOf({ _source: { '@timestamp': '2026-01-01T00:00:00Z' }, fields: { 'session.id': ['1'] } })).toBe(T);
  });
});

describe('searchWordPattern, read by Grafana’s own highlighter', () => {
  // @grafana/data findHighlightChunksInText: each word a regular expression, `(?i)` for no case.
  const highlighted = (word: string, text: string) =>
    findHighlightChunksInText({
      searchWords: [searchWordPattern(word)],
      textToHighlight: text,
    }).map((chunk) => text.slice(chunk.start, chunk.end));
  it.each([
    ['declined', 'Payment Declined: card DECLINED', ['Declined', 'DECLINED']],
    ['card.expired', 'card.expired, not cardXexpired', ['card.expired']],
    ['retry(', 'call retry(3) then retry(', ['retry(', 'retry(']],
    ['a+b', 'a+b aab', ['a+b']],
    ['[x]', 'see [x] or x', ['[x]']],
    ['C:\\tmp', 'path C:\\tmp', ['C:\\tmp']],
    ['€5', 'pay €5 now', ['€5']],
    ['😀 ok', 'said 😀 ok', ['😀 ok']],
    ['3864047860558056943', 'session 3864047860558056943.', ['3864047860558056943']],
  ])('%p highlights %j in %p', (word, text, expected) => {
    expect(highlighted(word, text)).toEqual(expected);
  });
});

describe('the time below the millisecond', () => {
  it.each([
    ['2026-11-20T09:01:28.500123Z', 123000],
    ['2026-11-20T09:01:28.500123456Z', 123456],
    ['2026-11-20T09:01:28.5001+01:00', 100000],
    [['2026-11-20T09:01:28.500999Z'], 999000],
    ['2026-11-20T09:01:28.500Z', undefined],
    ['2026-11-20T09:01:28Z', undefined],
    [1795165288500, undefined],
    [undefined, undefined],
  ])('of %p is %p ns', (raw, expected) => {
    expect(subMillisecondNanos(raw)).toBe(expected);
  });

  it('keeps two distinct identical errors of one millisecond apart, and one line the same each time', () => {
    const hit = (id: string) => ({
      _index: 'logs-a',
      _id: id,
      _source: { '@timestamp': '2026-11-20T09:01:28.500Z', message: 'timeout' },
    });
    const body = { hits: { hits: [hit('x1'), hit('x2')] } } as unknown as LogSearchResponse;
    const epochNs = () => {
      const time = toLogsFrame(body, settings, { refId: 'A', limit: 10 }).fields[0] as {
        values: number[];
        nanos?: number[];
      };
      // logsModel.ts: the row's timeEpochNs is the ms followed by the 6-digit nanos.
      return time.values.map((ms, i) => `${ms}${String(time.nanos![i]).padStart(6, '0')}`);
    };
    const [a, b] = epochNs();
    expect(a).not.toBe(b);
    expect(epochNs()).toEqual([a, b]);
    expect(documentTiebreakNanos('logs-a', 'x1')).toBeLessThan(1_000_000);
    expect(documentTiebreakNanos('logs-a', 'x1')).not.toBe(documentTiebreakNanos('logs-b', 'x1'));
    // A hit without index or id still gets a place, the one of empty text.
    expect(documentTiebreakNanos(undefined, undefined)).toBe(documentTiebreakNanos('', ''));
    expect(documentTiebreakNanos(undefined, 'x1')).not.toBe(documentTiebreakNanos('logs-a', 'x1'));
  });

  it('gives an empty answer no times below the millisecond either', () => {
    const frame = toLogsFrame({ hits: { hits: [] } } as unknown as LogSearchResponse, settings, {
      refId: 'A',
      limit: 10,
    });
    expect((frame.fields[0] as { nanos?: number[] }).nanos).toEqual([]);
  });

  it('takes the logged digits below the millisecond where there are some', () => {
    const body = {
      hits: {
        hits: [{ _index: 'i', _id: '1', _source: { '@timestamp': '2026-11-20T09:01:28.500123Z', message: 'm' } }],
      },
    } as unknown as LogSearchResponse;
    expect((toLogsFrame(body, settings, { refId: 'A', limit: 10 }).fields[0] as { nanos?: number[] }).nanos).toEqual([
      123000,
    ]);
  });
});

describe('toLogsFrame replay links of several tools', () => {
  const OR_ID = openReplaySessionIdAt(Date.UTC(2026, 10, 20, 9), 3);
  const DD_ID = '4f1f473a-1624-46e9-84a7-08cd826d0188';
  const AT = Date.UTC(2026, 10, 20, 9, 1);
  const several = resolveSettings({
    sessionFields: ['session.id'],
    messageTags: ['openReplaySession.id', 'session_id'],
    leadInSeconds: 0,
    replayTools: [
      { kind: 'openreplay', url: 'https://or', projectId: '1', sources: ['openReplaySession.id'] },
      { kind: 'datadog', sources: ['session.id'] },
    ],
  });
  const hit = (id: string, source: Record<string, unknown>) => ({
    _index: 'i',
    _id: id,
    _source: { '@timestamp': new Date(AT).toISOString(), ...source },
  });
  const frameOf = (hits: unknown[]) =>
    toLogsFrame({ hits: { hits } } as unknown as LogSearchResponse, several, { refId: 'A', limit: 100 });

  it('links each line by the tool of the field or tag its id came from', () => {
    const frame = frameOf([
      hit('tag', { message: `[openReplaySession.id=${OR_ID}] failed` }),
      // The field's id wins over the tag's, and links by the field's tool.
      hit('field', { message: `[openReplaySession.id=${OR_ID}] failed`, session: { id: DD_ID } }),
      // A field id rounded as a JSON number is not read: the tag's id links, by the tag's tool.
      hit('rounded', { message: `[openReplaySession.id=${OR_ID}] failed`, session: { id: Number(OR_ID) } }),
    ]);
    expect(field(frame, 'replay_url')?.values).toEqual([
      `https://or/1/session/${OR_ID}?jumpto=${AT}`,
      `https://app.datadoghq.com/rum/replay/sessions/${DD_ID}?from=${AT}`,
      `https://or/1/session/${OR_ID}?jumpto=${AT}`,
    ]);
    expect(frame.meta?.notices?.filter((n) => n.severity === 'info')).toBeUndefined();
  });

  it('links no id that fits no tool of its field or tag, and says why once for all such lines', () => {
    const frame = frameOf([
      // An OpenReplay id in the Datadog field.
      hit('misfit', { message: 'failed', session: { id: OR_ID } }),
      hit('faro', { message: 'failed session_id=k3Jh7mNp2Q' }),
      hit('none', { message: 'no session' }),
    ]);
    expect(field(frame, 'replay_url')).toBeUndefined();
    expect(frame.meta?.notices).toEqual([
      {
        severity: 'info',
        text: `2 lines have a session id without a replay link. Session id "${OR_ID}" links to no replay tool. Datadog RUM: Datadog RUM session ids are UUIDs (8-4-4-4-12 hex digits).`,
      },
    ]);
  });
});

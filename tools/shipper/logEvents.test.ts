import { eventsOf, linesOf, toLogDocument } from './logEvents';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) {
    out.push(item);
  }
  return out;
}

async function* chunks(...parts: string[]) {
  for (const part of parts) {
    yield Buffer.from(part);
  }
}

const now = () => new Date('2026-11-28T10:00:00.000Z');

describe('linesOf', () => {
  it('splits lines across chunk borders, drops \\r, keeps a last unterminated line', async () => {
    expect(await collect(linesOf(chunks('a\r\nb', 'c\n', '\nd')))).toEqual(['a', 'bc', '', 'd']);
  });
});

describe('eventsOf', () => {
  it.each<[string, string[], string[]]>([
    ['single lines', ['one', 'two'], ['one', 'two']],
    [
      'a Node stack',
      [
        '[openReplaySession.id=1] Uncaught exception: TypeError: x',
        '    at f (a.js:1:1)',
        '    at g (b.js:2:2)',
        'next',
      ],
      ['[openReplaySession.id=1] Uncaught exception: TypeError: x\n    at f (a.js:1:1)\n    at g (b.js:2:2)', 'next'],
    ],
    [
      'a Python traceback after a tagged line, closed by its exception line',
      [
        'ERROR [openReplaySession.id=2] order failed',
        'Traceback (most recent call last):',
        '  File "app.py", line 3, in handle',
        '    total = order["total"]',
        "KeyError: 'total'",
        'INFO next request',
      ],
      [
        'ERROR [openReplaySession.id=2] order failed\nTraceback (most recent call last):\n  File "app.py", line 3, in handle\n    total = order["total"]\nKeyError: \'total\'',
        'INFO next request',
      ],
    ],
    [
      'a traceback that the first line announces',
      ['Uncaught exception: Traceback (most recent call last):', '  File "x.py", line 1', 'ValueError: bad', 'after'],
      ['Uncaught exception: Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad', 'after'],
    ],
    ['blank lines between events', ['a', '', '   ', 'b'], ['a', 'b']],
    ['JSON lines are whole events', ['{"a":1}', '{"b":2}'], ['{"a":1}', '{"b":2}']],
  ])('%s', async (_name, lines, events) => {
    expect(await collect(eventsOf(chunksToLines(lines)))).toEqual(events);
  });
});

async function* chunksToLines(lines: string[]) {
  yield* lines;
}

describe('toLogDocument', () => {
  it.each<[string, string, Record<string, unknown> | undefined, Record<string, unknown>?]>([
    [
      'a tagged stderr line takes the stream’s level',
      '[openReplaySession.id=7] payment failed',
      {
        '@timestamp': '2026-11-28T10:00:00.000Z',
        message: '[openReplaySession.id=7] payment failed',
        log: { level: 'error' },
        service: { name: 'api' },
      },
    ],
    [
      'a leading time and level word',
      '2026-11-28T09:59:58.123Z WARNING [openReplaySession.id=7] slow',
      {
        '@timestamp': '2026-11-28T09:59:58.123Z',
        message: '[openReplaySession.id=7] slow',
        log: { level: 'warning' },
        service: { name: 'api' },
      },
    ],
    [
      'Python’s default asctime (no zone: read as UTC would be wrong, so as local time)',
      '2026-11-28 09:59:58,123 ERROR boom',
      {
        '@timestamp': new Date(2026, 10, 28, 9, 59, 58, 123).toISOString(),
        message: 'boom',
        log: { level: 'error' },
        service: { name: 'api' },
      },
    ],
    [
      'a bracketed lower-case level',
      '[warn] disk almost full',
      {
        '@timestamp': '2026-11-28T10:00:00.000Z',
        message: 'disk almost full',
        log: { level: 'warning' },
        service: { name: 'api' },
      },
    ],
    [
      'an ordinary first word is not a level',
      'Alert sent to on-call',
      {
        '@timestamp': '2026-11-28T10:00:00.000Z',
        message: 'Alert sent to on-call',
        log: { level: 'error' },
        service: { name: 'api' },
      },
    ],
    [
      'an uncaught exception is critical',
      'Uncaught exception: Error: x',
      {
        '@timestamp': '2026-11-28T10:00:00.000Z',
        message: 'Uncaught exception: Error: x',
        log: { level: 'critical' },
        service: { name: 'api' },
      },
    ],
    [
      'a tagged uncaught exception is critical too',
      '[openReplaySession.id=7] Uncaught exception: TypeError: y',
      {
        '@timestamp': '2026-11-28T10:00:00.000Z',
        message: '[openReplaySession.id=7] Uncaught exception: TypeError: y',
        log: { level: 'critical' },
        service: { name: 'api' },
      },
    ],
    [
      'pino’s own field names',
      '{"level":50,"time":1795850000000,"msg":"db down","session":{"id":"9"}}',
      {
        level: 50,
        time: 1795850000000,
        '@timestamp': '2026-11-28T07:13:20.000Z',
        message: 'db down',
        session: { id: '9' },
        service: { name: 'api' },
      },
    ],
    [
      'the helpers’ field names pass through, service kept',
      '{"@timestamp":"2026-11-28T09:00:00.000Z","message":"m","log":{"level":"error"},"service":{"name":"billing"}}',
      { '@timestamp': '2026-11-28T09:00:00.000Z', message: 'm', log: { level: 'error' }, service: { name: 'billing' } },
    ],
    [
      'text that only looks like JSON',
      '{not json',
      {
        '@timestamp': '2026-11-28T10:00:00.000Z',
        message: '{not json',
        log: { level: 'error' },
        service: { name: 'api' },
      },
    ],
    ['only a level word', 'ERROR   ', undefined],
  ])('%s', (_name, event, expected) => {
    expect(toLogDocument(event, { service: 'api', level: 'error', now })).toEqual(expected);
  });

  it('without defaults, a text line has no level and no service', () => {
    expect(toLogDocument('hello', { now })).toEqual({ '@timestamp': '2026-11-28T10:00:00.000Z', message: 'hello' });
  });
});

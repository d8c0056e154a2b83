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

  it('passes an event on once no line has come for idleMs, without waiting for the next event or the end', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    async function* quietService() {
      yield 'ERROR card declined';
      yield '    at charge (pay.js:1:1)';
      await held; // the service goes quiet
      yield 'INFO later';
    }
    const it = eventsOf(quietService(), 20)[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ done: false, value: 'ERROR card declined\n    at charge (pay.js:1:1)' });
    release();
    expect(await it.next()).toEqual({ done: false, value: 'INFO later' });
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('keeps a traceback that still waits for its exception line whole across a pause', async () => {
    async function* slowTraceback() {
      yield 'Traceback (most recent call last):';
      yield '  File "x.py", line 1';
      await new Promise((r) => setTimeout(r, 60));
      yield 'ValueError: bad';
    }
    expect(await collect(eventsOf(slowTraceback(), 20))).toEqual([
      'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad',
    ]);
  });
});

async function* chunksToLines(lines: string[]) {
  yield* lines;
}

/** A text line's document, read at `now` unless the line carries its own time. */
const textDoc = (message: string, level: string, at = '2026-11-28T10:00:00.000Z') => ({
  '@timestamp': at,
  message,
  log: { level },
  service: { name: 'api' },
});

describe('toLogDocument', () => {
  it.each<[string, string, Record<string, unknown> | undefined, Record<string, unknown>?]>([
    [
      'a tagged stderr line takes the stream’s level',
      '[openReplaySession.id=7] payment failed',
      textDoc('[openReplaySession.id=7] payment failed', 'error'),
    ],
    [
      'a leading time and level word',
      '2026-11-28T09:59:58.123Z WARNING [openReplaySession.id=7] slow',
      textDoc('[openReplaySession.id=7] slow', 'warning', '2026-11-28T09:59:58.123Z'),
    ],
    [
      'Python’s default asctime (no zone: read as UTC would be wrong, so as local time)',
      '2026-11-28 09:59:58,123 ERROR boom',
      textDoc('boom', 'error', new Date(2026, 10, 28, 9, 59, 58, 123).toISOString()),
    ],
    ['a bracketed lower-case level', '[warn] disk almost full', textDoc('disk almost full', 'warning')],
    ['an ordinary first word is not a level', 'Alert sent to on-call', textDoc('Alert sent to on-call', 'error')],
    [
      'an uncaught exception is critical',
      'Uncaught exception: Error: x',
      textDoc('Uncaught exception: Error: x', 'critical'),
    ],
    [
      'a tagged uncaught exception is critical too',
      '[openReplaySession.id=7] Uncaught exception: TypeError: y',
      textDoc('[openReplaySession.id=7] Uncaught exception: TypeError: y', 'critical'),
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
    ['text that only looks like JSON', '{not json', textDoc('{not json', 'error')],
    ['only a level word', 'ERROR   ', undefined],
  ])('%s', (_name, event, expected) => {
    expect(toLogDocument(event, { service: 'api', level: 'error', now })).toEqual(expected);
  });

  it('without defaults, a text line has no level and no service', () => {
    expect(toLogDocument('hello', { now })).toEqual({ '@timestamp': '2026-11-28T10:00:00.000Z', message: 'hello' });
  });
});

/**
 * From a service's output to log documents: lines are split from byte chunks, multi-line events
 * (stack traces, Python tracebacks) are joined, and each event becomes a document with the field
 * names Session Replay Errors reads by default. JSON lines (pino, winston, the Python helper's
 * JsonFormatter) pass through; text lines become `message` with a level and a time.
 */
import { LEVEL_SPELLINGS } from '../../src/query/levelSpellings';

export interface EventDefaults {
  /** `service.name` for documents that have none. */
  service?: string;
  /** Level for text lines that name none (e.g. `error` for a stderr stream). */
  level?: string;
  /** Time for events without one (the time they were read). */
  now?: () => Date;
}

export type LogEventDocument = Record<string, unknown> & { '@timestamp': string };

/** Lines from byte chunks, pulled one chunk at a time: the source is read only as fast as lines are taken. */
export async function* linesOf(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk.toString();
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const part of parts) {
      yield part.endsWith('\r') ? part.slice(0, -1) : part;
    }
  }
  if (rest) {
    yield rest;
  }
}

const TRACEBACK_HEADER = 'Traceback (most recent call last):';

/**
 * The source's items, with `IDLE` whenever the next one has not come within `idleMs`: the pending
 * read is kept, never lost.
 */
export const IDLE = Symbol('idle');
async function* withIdle<T>(source: AsyncIterable<T>, idleMs: number): AsyncGenerator<T | typeof IDLE> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<typeof IDLE>((resolve) => (timer = setTimeout(() => resolve(IDLE), idleMs)));
      const result = await Promise.race([next, idle]);
      clearTimeout(timer);
      if (result === IDLE) {
        yield IDLE;
        continue;
      }
      if (result.done) {
        return;
      }
      next = it.next();
      yield result.value;
    }
  } finally {
    void it.return?.();
  }
}

/**
 * Joins continuation lines to the event they belong to: indented lines (stack frames), a Python
 * traceback and its closing exception line. Blank lines are dropped. An event is complete when the
 * next one starts, or when no line has come for `idleMs` (a service that logs one error and then
 * goes quiet: its frames come in the same write, not 200 ms later).
 */
export async function* eventsOf(lines: AsyncIterable<string>, idleMs = 200): AsyncGenerator<string> {
  let current: string[] = [];
  let inTraceback = false;
  for await (const line of withIdle(lines, idleMs)) {
    if (line === IDLE) {
      // A traceback still waiting for its exception line is kept: it is one event.
      if (current.length && !inTraceback) {
        yield current.join('\n');
        current = [];
      }
      continue;
    }
    const indented = /^[ \t]/.test(line);
    if (current.length && inTraceback) {
      current.push(line);
      // The first unindented line after the frames names the exception and closes the traceback.
      if (!indented && line !== TRACEBACK_HEADER && line.trim() !== '') {
        inTraceback = false;
      }
      continue;
    }
    if (line.trim() === '') {
      continue;
    }
    if (current.length && (indented || line === TRACEBACK_HEADER)) {
      current.push(line);
      inTraceback = line === TRACEBACK_HEADER;
      continue;
    }
    if (current.length) {
      yield current.join('\n');
    }
    current = [line];
    inTraceback = line.endsWith(TRACEBACK_HEADER);
  }
  if (current.length) {
    yield current.join('\n');
  }
}

const LEVEL_WORDS = new Map<string, string>(
  Object.entries(LEVEL_SPELLINGS).flatMap(([level, spellings]) => spellings.map((s) => [s.toLowerCase(), level]))
);
const LEADING_TIME = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+/;
/** The helpers' uncaught-exception lines (Node and Python), after a session tag if any. */
const CRASH = /^(?:\[[^\]\n]*\]\s*)?(?:Uncaught exception|Unhandled rejection):/;

/** `ERROR `, `WARNING: `, `[error] `: upper case or bracketed, so that "Alert sent" stays a message. */
const LEADING_LEVEL = /^(?:([A-Z]+):?|\[([A-Za-z]+)\])\s+/;

/** The level a text line starts with, as the plugin's levels name it, or undefined. */
function leadingLevel(text: string): { level: string; rest: string } | undefined {
  const match = LEADING_LEVEL.exec(text);
  const level = match && LEVEL_WORDS.get((match[1] ?? match[2]).toLowerCase());
  return level ? { level, rest: text.slice(match[0].length) } : undefined;
}

/** One event as a document; undefined for an empty one. */
export function toLogDocument(event: string, defaults: EventDefaults = {}): LogEventDocument | undefined {
  const now = (defaults.now ?? (() => new Date()))();
  if (event.startsWith('{')) {
    try {
      const parsed = JSON.parse(event) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return jsonDocument(parsed, defaults, now);
      }
    } catch {
      // Not JSON after all: shipped as text.
    }
  }
  let text = event;
  let time: string | undefined;
  const timeMatch = LEADING_TIME.exec(text);
  // Python's asctime writes "2026-11-28 09:59:58,123": the ISO form with a space and a comma.
  const leadingMs = timeMatch ? Date.parse(timeMatch[1].replace(' ', 'T').replace(',', '.')) : NaN;
  if (timeMatch && !Number.isNaN(leadingMs)) {
    time = new Date(leadingMs).toISOString();
    text = text.slice(timeMatch[0].length);
  }
  const leading = leadingLevel(text);
  if (leading) {
    text = leading.rest;
  }
  if (!text.trim()) {
    return undefined;
  }
  const level = leading?.level ?? (CRASH.test(text) ? 'critical' : defaults.level);
  return {
    '@timestamp': time ?? now.toISOString(),
    message: text,
    ...(level ? { log: { level } } : {}),
    ...(defaults.service ? { service: { name: defaults.service } } : {}),
  };
}

function jsonDocument(parsed: Record<string, unknown>, defaults: EventDefaults, now: Date): LogEventDocument {
  const doc: Record<string, unknown> = { ...parsed };
  // pino's and winston's own names, when they were not configured to the plugin's.
  const time = doc['@timestamp'] ?? doc.time ?? doc.timestamp;
  doc['@timestamp'] =
    typeof time === 'number' ? new Date(time).toISOString() : typeof time === 'string' ? time : now.toISOString();
  if (doc.message === undefined && typeof doc.msg === 'string') {
    doc.message = doc.msg;
    delete doc.msg;
  }
  if (defaults.service && doc.service === undefined && doc['service.name'] === undefined) {
    doc.service = { name: defaults.service };
  }
  return doc as LogEventDocument;
}

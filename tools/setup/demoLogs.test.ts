import { openReplaySessionStartMs } from '../../src/session/sessionId';
import { extractSessionTag } from '../../src/session/sessionTags';
import { demoSessions, fillMessage, generateDemoLogs, randomHex, seededRandom, type LogDocument } from './demoLogs';

const END = Date.UTC(2026, 10, 27, 12);
const options = { lines: 4000, endMs: END, seed: 7 };
const sessions = demoSessions(options);
const docs = [...generateDemoLogs(options, sessions)];

type Doc = LogDocument & {
  message: string;
  '@timestamp': string;
  session?: { id: string };
  log: { level: string };
  error?: { stack_trace?: string };
};
const typed = docs as Doc[];
const sessionOf = (d: Doc) => d.session?.id ?? extractSessionTag(d.message)?.sessionId;

describe('generateDemoLogs', () => {
  it('writes the number of lines asked for, the same for the same seed', () => {
    expect(docs).toHaveLength(4000);
    expect([...generateDemoLogs({ ...options, lines: 50 })]).toEqual([...generateDemoLogs({ ...options, lines: 50 })]);
    expect([...generateDemoLogs({ ...options, lines: 50, seed: 8 })]).not.toEqual([
      ...generateDemoLogs({ ...options, lines: 50 }),
    ]);
  });

  it('uses all three tagging styles', () => {
    expect(typed.some((d) => d.message.startsWith('[asayer_session_id='))).toBe(true);
    expect(typed.some((d) => d.message.startsWith('[openReplaySession.id='))).toBe(true);
    expect(typed.some((d) => d.session?.id && !d.message.includes('session'))).toBe(true);
  });

  it('has untagged noise, about 40 %', () => {
    const untagged = typed.filter((d) => !sessionOf(d)).length;
    expect(untagged / docs.length).toBeGreaterThan(0.33);
    expect(untagged / docs.length).toBeLessThan(0.47);
  });

  it('uses 19-digit OpenReplay ids whose encoded start is at or before every line of the session, within 40 minutes', () => {
    for (const doc of typed.filter(sessionOf)) {
      const id = sessionOf(doc)!;
      expect(id).toMatch(/^[0-9]{19}$/);
      const start = openReplaySessionStartMs(id, END)!;
      const at = Date.parse(doc['@timestamp']);
      expect(at).toBeGreaterThanOrEqual(start);
      expect(at - start).toBeLessThanOrEqual(40 * 60_000);
    }
  });

  it('keeps every line inside the day before the end', () => {
    for (const doc of typed) {
      const at = Date.parse(doc['@timestamp']);
      expect(at).toBeLessThanOrEqual(END);
      expect(at).toBeGreaterThanOrEqual(END - 24 * 3600_000);
    }
  });

  it('gives errors stack traces, and warnings and errors to sessions', () => {
    const errors = typed.filter((d) => d.log.level === 'ERROR' || d.log.level === 'FATAL');
    expect(typed.some((d) => d.log.level === 'FATAL')).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((d) => (d.error?.stack_trace ?? '').split('\n').length >= 3)).toBe(true);
    expect(typed.some((d) => d.log.level === 'WARN' && sessionOf(d))).toBe(true);
  });

  it('spreads many sessions over several services', () => {
    expect(sessions.length).toBe(160);
    expect(new Set(typed.map((d) => (d.service as { name: string }).name)).size).toBe(6);
  });
});

describe('shipper metadata', () => {
  it('carries what Filebeat adds on Kubernetes, beside the fields the plugin reads', () => {
    const doc = typed[0] as Record<string, unknown>;
    expect(doc).toMatchObject({
      agent: { type: 'filebeat' },
      ecs: { version: '8.11.0' },
      kubernetes: { namespace: 'prod' },
    });
    expect((doc.log as { level: string; file: { path: string } }).file.path).toMatch(/^\/var\/log\/containers\//);
    expect((doc.log as { level: string }).level).toMatch(/^(FATAL|ERROR|WARN|INFO|DEBUG)$/);
  });
});

describe('fillMessage', () => {
  it('fills every placeholder with a value of its kind', () => {
    const text = fillMessage('order {order} id {hex} took {ms} ms for {amount} EUR x{n}', seededRandom(1));
    expect(text).toMatch(/^order \d{7} id [0-9a-f]{12} took \d+ ms for \d+\.\d{2} EUR x\d+$/);
  });

  it('gives messages many distinct words, as real logs have', () => {
    const words = new Set(typed.flatMap((d) => d.message.split(/\W+/)));
    expect(words.size).toBeGreaterThan(docs.length);
  });
});

describe('randomHex', () => {
  it('fills every digit, not only the high ones', () => {
    const random = seededRandom(9);
    const ids = Array.from({ length: 200 }, () => randomHex(random, 16));
    expect(ids.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(ids.filter((id) => id.endsWith('0000')).length).toBeLessThan(5);
  });
});

describe('seededRandom', () => {
  it('stays in [0, 1)', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

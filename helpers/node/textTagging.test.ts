import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { extractSessionTag } from '../../src/session/sessionTags';
import { runWithSessionId } from './sessionContext';
import { tagConsole, tagMessage } from './textTagging';

describe('tagMessage', () => {
  it('leads the message with the tag the plugin reads, only inside a session', () => {
    const tagged = runWithSessionId('123', () => tagMessage('checkout failed'));
    expect(tagged).toBe('[openReplaySession.id=123] checkout failed');
    // The plugin's own extractor finds it and gives back the message.
    expect(extractSessionTag(tagged)).toEqual({
      tag: 'openReplaySession.id',
      sessionId: '123',
      body: 'checkout failed',
    });
    expect(tagMessage('no session')).toBe('no session');
  });
});

describe('tagConsole', () => {
  it('prefixes error and warning lines while a session is current, and is removable', () => {
    const lines: string[] = [];
    const fake = {
      error: (...args: unknown[]) => lines.push(`E ${args.join(' ')}`),
      warn: (...args: unknown[]) => lines.push(`W ${args.join(' ')}`),
      info: (...args: unknown[]) => lines.push(`I ${args.join(' ')}`),
    } as unknown as Console;
    const restore = tagConsole(['error', 'warn'], fake);
    runWithSessionId('42', () => {
      fake.error('order %s failed:', 'A-1', { code: 502 });
      fake.warn('slow');
      fake.info('fine');
    });
    fake.error('outside');
    restore();
    runWithSessionId('42', () => fake.error('restored'));
    expect(lines).toEqual([
      'E [openReplaySession.id=42] order A-1 failed: { code: 502 }',
      'W [openReplaySession.id=42] slow',
      'I fine',
      'E outside',
      'E restored',
    ]);
  });
});

describe('tagUncaughtExceptions (in a child process)', () => {
  const run = (kind: string) =>
    spawnSync(
      path.resolve(__dirname, '../../node_modules/.bin/tsx'),
      [path.join(__dirname, 'fixtures/crashInSession.ts'), kind],
      { encoding: 'utf8', timeout: 30_000 }
    );

  it.each([
    [
      'exception',
      "[openReplaySession.id=7368123456789012345] Uncaught exception: TypeError: Cannot read properties of undefined (reading 'total')",
    ],
    ['rejection', '[openReplaySession.id=7368123456789012345] Unhandled rejection: Error: payment provider refused'],
  ])('an uncaught %s is written with its session’s tag and the process exits 1', (kind, firstLine) => {
    const result = run(kind);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(firstLine);
    // The stack follows on the next lines, as Node prints it.
    expect(result.stderr.split('\n')[1]).toMatch(/^\s+at /);
  });
});

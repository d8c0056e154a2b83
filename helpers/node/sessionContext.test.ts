import { describeSessionIdCases } from '../sessionIdCases';
import { currentSessionId, runWithSessionId, sessionIdFromHeaders, validSessionId } from './sessionContext';

describeSessionIdCases('validSessionId', (raw, pattern) => validSessionId(raw, { pattern }));

describe('validSessionId', () => {
  it('keeps the length bound and the log-safe characters whatever the pattern', () => {
    expect(validSessionId('a'.repeat(129), { pattern: /.*/ })).toBeUndefined();
    expect(validSessionId('a'.repeat(128), { pattern: /.*/ })).toBe('a'.repeat(128));
    expect(validSessionId('abcdef', { pattern: /.*/, maxLength: 5 })).toBeUndefined();
    expect(validSessionId('a]b', { pattern: /.*/ })).toBeUndefined();
    expect(validSessionId('a\nb', { pattern: /.*/ })).toBeUndefined();
    expect(validSessionId('a"b', { pattern: /.*/ })).toBeUndefined();
    expect(validSessionId(12345 as unknown)).toBeUndefined();
  });
});

describe('sessionIdFromHeaders', () => {
  it.each([
    [{ 'x-session-id': '123' }, undefined, '123'],
    [{ 'openreplaysession.id': '456' }, undefined, '456'],
    // The first configured header present wins, even when its value is refused.
    [{ 'x-session-id': 'bad id', 'openreplaysession.id': '456' }, undefined, undefined],
    [{ 'x-session-id': ['1', '2'] }, undefined, undefined],
    [{ 'x-replay': '789' }, ['X-Replay'], '789'],
    [{ 'x-session-id': '123' }, ['X-Replay'], undefined],
    [{}, undefined, undefined],
  ])('%j with %j → %j', (headers, names, expected) => {
    expect(sessionIdFromHeaders(headers, { headers: names })).toBe(expected);
  });
});

describe('runWithSessionId', () => {
  it('keeps each concurrent request’s id through its awaits and timers, and none outside', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const seen: string[] = [];
    await Promise.all(
      ['1', '2', '3'].map((id, i) =>
        runWithSessionId(id, async () => {
          await sleep(30 - i * 10);
          seen.push(`${id}:${currentSessionId()}`);
          await new Promise<void>((r) => setImmediate(r));
          seen.push(`${id}:${currentSessionId()}`);
        })
      )
    );
    expect(seen.sort()).toEqual(['1:1', '1:1', '2:2', '2:2', '3:3', '3:3']);
    expect(currentSessionId()).toBeUndefined();
    expect(runWithSessionId(undefined, () => currentSessionId())).toBeUndefined();
  });
});

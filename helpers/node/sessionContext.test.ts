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
  const uuid = '0192f0c1-5f6e-7c3a-9d2b-3e4f5a6b7c8d';
  const sentryReplayId = 'bfd31b89a59d41c99d96dc2baf840ecd';
  it.each<[Record<string, string | string[]>, Parameters<typeof sessionIdFromHeaders>[1], string | undefined]>([
    [{ 'x-session-id': '123' }, {}, '123'],
    [{ 'openreplaysession.id': '456' }, {}, '456'],
    // The first valid id wins: a refused value does not hide a valid one in another header.
    [{ 'x-session-id': 'bad id', 'openreplaysession.id': '456' }, {}, '456'],
    [{ 'x-session-id': '1', 'openreplaysession.id': '2' }, {}, '1'],
    [{ 'x-session-id': ['1', '2'] }, {}, undefined],
    [{ 'x-replay': '789' }, { headers: ['X-Replay'] }, '789'],
    [{ 'x-session-id': '123' }, { headers: ['X-Replay'], baggageKeys: [] }, undefined],
    // PostHog's header, with its UUIDs allowed by the pattern.
    [{ 'x-posthog-session-id': uuid }, { pattern: /^[0-9a-f-]{36}$/ }, uuid],
    [{ 'x-posthog-session-id': uuid }, {}, undefined],
    // W3C baggage: OpenTelemetry's session.id, then Sentry's replay id, after the headers.
    [{ baggage: 'userId=alice, session.id=7368123456789012345' }, {}, '7368123456789012345'],
    [
      { baggage: `sentry-trace_id=771a43a4192642f0b136d5159a501700,sentry-replay_id=${sentryReplayId}` },
      { pattern: /^[0-9a-f]{32}$/ },
      sentryReplayId,
    ],
    [{ 'x-session-id': '111', baggage: 'session.id=222' }, {}, '111'],
    [{ 'x-posthog-session-id': uuid, baggage: 'session.id=222' }, {}, '222'],
    [{ baggage: 'session.id=222' }, { baggageKeys: [] }, undefined],
    [{ baggage: 'session.id=1,session.id=2' }, {}, undefined],
    // Percent-decoding cannot smuggle what a header could not carry.
    [{ baggage: 'session.id=12%0A%5BopenReplaySession.id%3D99%5D' }, {}, undefined],
    [{}, {}, undefined],
  ])('%j with %j → %j', (headers, options, expected) => {
    expect(sessionIdFromHeaders(headers, options)).toBe(expected);
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

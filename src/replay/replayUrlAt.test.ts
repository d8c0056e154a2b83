import { openReplaySessionIdAt } from '../session/sessionId';
import type { ReplayTool } from '../types';
import { replayLinkAt } from './replayUrlAt';

const START = Date.UTC(2026, 10, 20, 9, 0, 0);
const ERROR_AT = START + 90_500;
const tools: Record<string, ReplayTool> = {
  openreplay: {
    kind: 'openreplay',
    sessionsUrl: 'https://or/3/session/',
    jumpMode: 'offset',
    leadInMs: 5000,
    sources: [],
  },
  datadog: { kind: 'datadog', sessionsUrl: 'https://app.datadoghq.com/rum/replay/sessions/', leadInMs: 0, sources: [] },
  sentry: { kind: 'sentry', sessionsUrl: 'https://acme.sentry.io/replays/', leadInMs: 0, sources: [] },
  template: { kind: 'template', template: 'https://x/{sessionId}?t={offsetMs}', leadInMs: 0, sources: [] },
};

describe('replayLinkAt', () => {
  it("builds each tool's link by its own rule", () => {
    const id = openReplaySessionIdAt(START, 7);
    expect(replayLinkAt(tools.openreplay, id, ERROR_AT)).toEqual({ url: `https://or/3/session/${id}?jumpto=85500` });
    expect(replayLinkAt(tools.template, id, ERROR_AT)).toEqual({ url: `https://x/${id}?t=90500` });
    const uuid = '4f1f473a-1624-46e9-84a7-08cd826d0188';
    expect(replayLinkAt(tools.datadog, uuid, ERROR_AT)).toEqual({
      url: `https://app.datadoghq.com/rum/replay/sessions/${uuid}?from=${ERROR_AT}`,
    });
  });

  it('links the id a check gives, not the one logged', () => {
    // Sentry's URLs carry replay ids without dashes.
    expect(replayLinkAt(tools.sentry, '4f1f473a-1624-46e9-84a7-08cd826d0188', ERROR_AT)).toEqual({
      url: `https://acme.sentry.io/replays/4f1f473a162446e984a708cd826d0188/?event_t=${ERROR_AT}`,
    });
  });

  it('links an id padded with blanks as the id itself', () => {
    const id = openReplaySessionIdAt(START, 7);
    expect(replayLinkAt(tools.openreplay, ` ${id}\t`, ERROR_AT)).toEqual({
      url: `https://or/3/session/${id}?jumpto=85500`,
    });
  });

  it.each([
    ['a dot segment', '..'],
    ['a slash', '1/../../admin'],
    ['a query', '1?x=y'],
    ['a space', '1 2'],
    ['another tool id', '4f1f473a-1624-46e9-84a7-08cd826d0188'],
  ])('gives no OpenReplay link for %s, with the reason', (_label, id) => {
    expect(replayLinkAt(tools.openreplay, id, ERROR_AT)).toEqual({
      reason: 'OpenReplay session ids are digits (snowflake ids, at most 20).',
    });
  });

  it.each([NaN, Infinity, -Infinity])('gives no link at the time %p', (time) => {
    expect(replayLinkAt(tools.datadog, '4f1f473a-1624-46e9-84a7-08cd826d0188', time)).toEqual({
      reason: 'The line has no time.',
    });
  });

  it("passes on a tool's own reason for an id it fits but cannot link", () => {
    expect(replayLinkAt(tools.template, 'abc', ERROR_AT)).toEqual({
      reason: "The template's offset needs the session start, which only OpenReplay ids encode.",
    });
  });
});

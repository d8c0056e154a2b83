import { openReplaySessionIdAt } from '../session/sessionId';
import type { ReplayTool } from '../types';
import { replayLinkFor, replayUrlFor, toolsForSource, UnlinkedSessions } from './replayLink';

const START = Date.UTC(2026, 10, 20, 9, 0, 0);
const ERROR_AT = START + 90_500;
const UUID = '4f1f473a-1624-46e9-84a7-08cd826d0188';
const openReplay = (sources: string[] = []): ReplayTool => ({
  kind: 'openreplay',
  sessionsUrl: 'https://or/3/session/',
  jumpMode: 'absolute',
  leadInMs: 0,
  sources,
});
const datadog = (sources: string[] = []): ReplayTool => ({
  kind: 'datadog',
  sessionsUrl: 'https://app.datadoghq.com/rum/replay/sessions/',
  leadInMs: 0,
  sources,
});
const postHog = (sources: string[] = []): ReplayTool => ({
  kind: 'posthog',
  sessionsUrl: 'https://us.posthog.com/project/1/replay/',
  leadInMs: 0,
  sources,
});
const orUrl = (id: string) => `https://or/3/session/${id}?jumpto=${ERROR_AT}`;
const ddUrl = (id: string) => `https://app.datadoghq.com/rum/replay/sessions/${id}?from=${ERROR_AT}`;
const phUrl = (id: string) => `https://us.posthog.com/project/1/replay/${id}`;

describe('toolsForSource', () => {
  const a = openReplay(['openReplaySession.id']);
  const b = datadog(['session.id']);
  const any = postHog();
  it.each([
    ['openReplaySession.id', [a, any]],
    ['session.id', [b, any]],
    ['other', [any]],
    [undefined, [a, b, any]],
  ])('for %p: the tools that name it, then those that name none', (source, expected) => {
    expect(toolsForSource([any, a, b], source)).toEqual(source === undefined ? [any, a, b] : expected);
  });

  it('tries a tool that names several sources for each', () => {
    const both = datadog(['session.id', 'attributes.session.id']);
    expect(toolsForSource([both], 'attributes.session.id')).toEqual([both]);
    expect(toolsForSource([both], 'session.id')).toEqual([both]);
    expect(toolsForSource([both], 'x')).toEqual([]);
  });
});

describe('replayLinkFor', () => {
  const id = () => openReplaySessionIdAt(START, 9);

  it('links each line by the tool its field or tag names', () => {
    const tools = [openReplay(['openReplaySession.id']), datadog(['session.id'])];
    expect(replayLinkFor(tools, { source: 'openReplaySession.id', sessionId: id(), timeMs: ERROR_AT })).toEqual({
      url: orUrl(id()),
      tool: 'openreplay',
    });
    expect(replayLinkFor(tools, { source: 'session.id', sessionId: UUID, timeMs: ERROR_AT })).toEqual({
      url: ddUrl(UUID),
      tool: 'datadog',
    });
  });

  it('prefers the tool that names the source to one that takes any, even for an id both fit', () => {
    const tools = [postHog(), datadog(['session.id'])];
    expect(replayLinkFor(tools, { source: 'session.id', sessionId: UUID, timeMs: ERROR_AT }).tool).toBe('datadog');
    expect(replayLinkFor(tools, { source: 'sessionId', sessionId: UUID, timeMs: ERROR_AT }).tool).toBe('posthog');
  });

  it('passes over a tool whose id shape the id does not fit, to the next', () => {
    const tools = [openReplay(), datadog()];
    expect(replayUrlFor(tools, { source: 'session.id', sessionId: UUID, timeMs: ERROR_AT })).toBe(ddUrl(UUID));
    expect(replayUrlFor(tools, { source: 'session.id', sessionId: id(), timeMs: ERROR_AT })).toBe(orUrl(id()));
    // The named tool first, then any other the id fits.
    expect(
      replayUrlFor([datadog(['session.id']), openReplay()], { source: 'session.id', sessionId: id(), timeMs: ERROR_AT })
    ).toBe(orUrl(id()));
  });

  it('tries every tool, in order, for an id from an unknown source', () => {
    const tools = [datadog(['session.id']), openReplay(['openReplaySession.id'])];
    expect(replayUrlFor(tools, { sessionId: id(), timeMs: ERROR_AT })).toBe(orUrl(id()));
    expect(replayUrlFor(tools, { sessionId: UUID, timeMs: ERROR_AT })).toBe(ddUrl(UUID));
  });

  it("keeps a tool's note on where its link opens", () => {
    const v4 = UUID;
    expect(replayLinkFor([postHog()], { source: 'sessionId', sessionId: v4, timeMs: ERROR_AT })).toEqual({
      url: phUrl(v4),
      tool: 'posthog',
      note: 'Its id does not encode the session start (posthog-js ids are UUIDv7s that do): the replay opens at its beginning.',
    });
  });

  it('links the id trimmed', () => {
    expect(replayUrlFor([datadog()], { sessionId: ` ${UUID} `, timeMs: ERROR_AT })).toBe(ddUrl(UUID));
  });

  it.each([
    ['no tool', [], UUID],
    ['no id', [datadog()], undefined],
    ['a blank id', [datadog()], '  '],
  ])('has nothing to link, and no reason, with %s', (_label, tools, sessionId) => {
    expect(replayLinkFor(tools, { source: 'session.id', sessionId, timeMs: ERROR_AT })).toEqual({});
  });

  it('says when no tool takes ids from the source', () => {
    expect(
      replayLinkFor([datadog(['session.id'])], { source: 'openReplaySession.id', sessionId: id(), timeMs: ERROR_AT })
    ).toEqual({
      reason: "No replay tool takes ids from openReplaySession.id: add it to a tool's fields and tags.",
    });
  });

  it("says why an id fits no tool, each tool's reason once", () => {
    expect(
      replayLinkFor([openReplay(), datadog(), postHog()], { source: 'session.id', sessionId: 'abc', timeMs: ERROR_AT })
    ).toEqual({
      reason:
        'Session id "abc" links to no replay tool. OpenReplay: OpenReplay session ids are digits (snowflake ids, at most 20). ' +
        'Datadog RUM: Datadog RUM session ids are UUIDs (8-4-4-4-12 hex digits). PostHog: PostHog session ids are UUIDs (8-4-4-4-12 hex digits).',
    });
    expect(replayLinkFor([datadog(), datadog()], { sessionId: 'abc', timeMs: ERROR_AT }).reason).toBe(
      'Session id "abc" links to no replay tool. Datadog RUM: Datadog RUM session ids are UUIDs (8-4-4-4-12 hex digits).'
    );
  });

  it('abbreviates a long id in the reason', () => {
    const long = 'a'.repeat(41);
    expect(replayLinkFor([datadog()], { sessionId: long, timeMs: ERROR_AT }).reason).toMatch(
      new RegExp(`^Session id "${'a'.repeat(37)}\\.\\.\\." links`)
    );
    expect(replayLinkFor([datadog()], { sessionId: 'a'.repeat(40), timeMs: ERROR_AT }).reason).toMatch(
      new RegExp(`^Session id "${'a'.repeat(40)}" links`)
    );
  });
});

describe('UnlinkedSessions', () => {
  it('counts the ids without a link and keeps the first reason', () => {
    const unlinked = new UnlinkedSessions();
    expect(unlinked.notice()).toBeUndefined();
    unlinked.add({ url: 'https://x', tool: 'datadog' });
    unlinked.add({});
    expect(unlinked.notice()).toBeUndefined();
    unlinked.add({ reason: 'First.' });
    expect(unlinked.notice()).toBe('1 line has a session id without a replay link. First.');
    unlinked.add({ reason: 'Second.' });
    expect(unlinked.count).toBe(2);
    expect(unlinked.notice()).toBe('2 lines have a session id without a replay link. First.');
  });
});

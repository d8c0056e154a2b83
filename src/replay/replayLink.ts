import type { ReplayTool, ReplayToolKind } from '../types';
import { replayLinkAt } from './replayUrlAt';
import { REPLAY_TOOL_RULES } from './tools';

/** A line's session id, where it came from, and the moment to open. */
export interface ReplayLinkRequest {
  /** The session field or message tag that gave the id (`session.id`, `openReplaySession.id`); unknown: undefined. */
  source?: string;
  sessionId: string | undefined;
  /** The error's time, epoch ms; the link opens the lead-in before it. */
  timeMs: number;
}

/**
 * A line's replay link and the tool it opens, or none: `reason` says why a line's id links nowhere
 * (for a notice), and is absent where there is nothing to link (no tool, no id).
 */
export type ReplayLink =
  | { url: string; tool: ReplayToolKind; note?: string; reason?: undefined }
  | { url?: undefined; tool?: undefined; reason?: string };

/**
 * The tools that may link an id from `source`, in the order they are tried: those that name the
 * source, then those that name none (any source). An unknown source (an aggregation's key, which
 * may come from any session field) may be any tool's.
 */
export function toolsForSource(tools: readonly ReplayTool[], source: string | undefined): ReplayTool[] {
  if (source === undefined) {
    return [...tools];
  }
  return [
    ...tools.filter((tool) => tool.sources.includes(source)),
    ...tools.filter((tool) => tool.sources.length === 0),
  ];
}

/**
 * A line's replay link: the first tool for its id's source whose id shape the id fits. A tool whose
 * shape it does not fit is passed over (a Datadog UUID is no OpenReplay id), never linked broken.
 */
export function replayLinkFor(tools: readonly ReplayTool[], request: ReplayLinkRequest): ReplayLink {
  const sessionId = request.sessionId?.trim();
  if (!sessionId || tools.length === 0) {
    return {};
  }
  const candidates = toolsForSource(tools, request.source);
  if (candidates.length === 0) {
    return { reason: `No replay tool takes ids from ${request.source}: add it to a tool's fields and tags.` };
  }
  const reasons: string[] = [];
  for (const tool of candidates) {
    const link = replayLinkAt(tool, sessionId, request.timeMs);
    if (link.url !== undefined) {
      return { url: link.url, tool: tool.kind, ...(link.note ? { note: link.note } : {}) };
    }
    reasons.push(`${REPLAY_TOOL_RULES[tool.kind].label}: ${link.reason}`);
  }
  return {
    reason: `Session id "${abbreviate(sessionId)}" links to no replay tool. ${[...new Set(reasons)].join(' ')}`,
  };
}

/** A line's replay URL, or undefined. */
export function replayUrlFor(tools: readonly ReplayTool[], request: ReplayLinkRequest): string | undefined {
  return replayLinkFor(tools, request).url;
}

function abbreviate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

/**
 * Counts the lines whose id links nowhere and keeps the first reason, for one notice a response
 * (lines without an id, or without any tool, are not counted).
 */
export class UnlinkedSessions {
  count = 0;
  private firstReason?: string;

  add(link: ReplayLink): void {
    if (link.reason) {
      this.count++;
      this.firstReason ??= link.reason;
    }
  }

  /** The notice text, or undefined when every id was linked. */
  notice(): string | undefined {
    if (this.count === 0) {
      return undefined;
    }
    const lines = this.count === 1 ? '1 line has' : `${this.count} lines have`;
    return `${lines} a session id without a replay link. ${this.firstReason}`;
  }
}

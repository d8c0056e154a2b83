import { REPLAY_TOOL_RULES } from './tools';
import type { LinkAt, ReplayToolRule, ResolvedTool } from './toolRule';
import type { ReplayTool, ReplayToolKind } from '../types';

export { isHttpUrl } from './toolRule';

/**
 * The link of one tool that opens `sessionId` at `errorTimeMs` minus the lead-in, or why there is
 * none. Ids come from log lines as well as from the editor: each is checked here against the tool's
 * id shape, where every link is built, so that no id (`..`, `a/b`, `?x`) can change the URL's path
 * or query and no id of another tool becomes a broken link.
 */
export function replayLinkAt(tool: ReplayTool, sessionId: string, errorTimeMs: number): LinkAt {
  // The one cast: a tool's rule takes that tool's resolved settings (REPLAY_TOOL_RULES pairs them).
  const rule = REPLAY_TOOL_RULES[tool.kind] as unknown as ReplayToolRule<ReplayToolKind>;
  if (!Number.isFinite(errorTimeMs)) {
    return { reason: 'The line has no time.' };
  }
  // The id as checked: without the blanks a log line may pad it with.
  const check = rule.checkId(sessionId.trim());
  return check.ok
    ? rule.linkAt(tool as ResolvedTool<ReplayToolKind>, check.sessionId, errorTimeMs)
    : { reason: check.reason };
}

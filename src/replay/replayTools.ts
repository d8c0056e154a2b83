import {
  REPLAY_TOOL_KINDS,
  type ReplayTool,
  type ReplayToolKind,
  type ReplayToolSetting,
  type SessionErrorsOptions,
} from '../types';
import type { ReplayToolRule, SettingProblem } from './toolRule';
import { REPLAY_TOOL_RULES } from './tools';

/** Seconds the replay opens before the error, by default. */
export const DEFAULT_LEAD_IN_SECONDS = 5;

type ReplayOptions = Pick<
  SessionErrorsOptions,
  'replayTools' | 'replayLink' | 'openReplayUrl' | 'openReplayProjectId' | 'jumpMode' | 'replayUrlTemplate'
>;

/**
 * The replay tools as saved: the list, or else the one tool of the settings saved before lists
 * (`replayLink` with `openReplayUrl`, `openReplayProjectId`, `jumpMode` or `replayUrlTemplate`,
 * which provisioning files still have; without `replayLink`, the tool whose settings are there).
 */
export function savedReplayTools(options: ReplayOptions): ReplayToolSetting[] {
  if (Array.isArray(options.replayTools)) {
    return options.replayTools;
  }
  // Without replayLink: the tool whose settings are there, or none.
  const kind = options.replayLink ?? (options.openReplayUrl ? 'openreplay' : options.replayUrlTemplate && 'template');
  if (kind === 'openreplay') {
    return [{ kind, url: options.openReplayUrl, projectId: options.openReplayProjectId, jumpMode: options.jumpMode }];
  }
  return kind === 'template' ? [{ kind, template: options.replayUrlTemplate }] : [];
}

/** The rule of a tool kind; undefined for a kind this version does not know (a typo in a provisioning file). */
export function replayToolRule(kind: unknown): ReplayToolRule | undefined {
  return REPLAY_TOOL_KINDS.includes(kind as ReplayToolKind)
    ? (REPLAY_TOOL_RULES[kind as ReplayToolKind] as unknown as ReplayToolRule)
    : undefined;
}

/** A tool's fields and tags: trimmed, blanks and repeats dropped; one name where a list belongs is a list. */
export function toolSources(sources: unknown): string[] {
  const names: unknown[] = Array.isArray(sources) ? sources : [sources];
  const trimmed = names.filter((name): name is string => typeof name === 'string').map((name) => name.trim());
  return [...new Set(trimmed.filter(Boolean))];
}

/** The lead-in in ms: never negative; blank or not a number is none. */
export function leadInMs(leadInSeconds: number | undefined): number {
  return Math.max(0, Number(leadInSeconds ?? DEFAULT_LEAD_IN_SECONDS) || 0) * 1000;
}

/** One saved tool resolved, or what to fix in it. */
export function resolveReplayTool(
  setting: ReplayToolSetting,
  leadInSeconds: number | undefined
): { tool: ReplayTool } | { problems: SettingProblem[] } {
  const rule = replayToolRule(setting?.kind);
  if (!rule) {
    return { problems: [] };
  }
  return rule.resolve(setting, { leadInMs: leadInMs(leadInSeconds), sources: toolSources(setting.sources) });
}

/**
 * The replay tools that can build links, in the order a line's id is tried. A tool with a setting
 * to fix, or of a kind this version does not know, builds none (the editor says what to fix).
 */
export function resolveReplayTools(options: ReplayOptions & Pick<SessionErrorsOptions, 'leadInSeconds'>): ReplayTool[] {
  return savedReplayTools(options).flatMap((setting) => {
    const resolved = resolveReplayTool(setting, options.leadInSeconds);
    return 'tool' in resolved ? [resolved.tool] : [];
  });
}

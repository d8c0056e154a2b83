import type { ReplayTool, ReplayToolKind, ReplayToolSetting } from '../types';

/** A setting of a tool, as the editor asks for it (src/components/replayToolForms.ts). */
export type ReplayToolSettingKey =
  'url' | 'projectId' | 'appId' | 'org' | 'site' | 'subdomain' | 'jumpMode' | 'template';

/** What is wrong with one setting, said as what to enter. */
export interface SettingProblem {
  key: ReplayToolSettingKey;
  message: string;
}

/** The resolved settings of a tool of kind K (an intersection: several tools share one shape). */
export type ResolvedTool<K extends ReplayToolKind> = ReplayTool & { kind: K };

export type ToolResolution<K extends ReplayToolKind> = { tool: ResolvedTool<K> } | { problems: SettingProblem[] };

/** A session id as a tool's URLs carry it, or why it is not one of the tool's ids. */
export type IdCheck = { ok: true; sessionId: string } | { ok: false; reason: string };

/**
 * A link at the error's moment; `note` says why it opens elsewhere (the session's start or page).
 * Or, for an id that fits the tool but cannot be linked, why not.
 */
export type LinkAt = { url: string; note?: string } | { url?: undefined; reason: string };

/** One replay tool: its settings, its id shape and its URL rule (each in src/replay/tools, with its source). */
export interface ReplayToolRule<K extends ReplayToolKind = ReplayToolKind> {
  kind: K;
  /** The tool's name, in the editor and in the reasons a line has no link. */
  label: string;
  resolve(setting: ReplayToolSetting, common: { leadInMs: number; sources: string[] }): ToolResolution<K>;
  checkId(sessionId: string): IdCheck;
  /** The link for an id that passed checkId; the time is the error's, before the lead-in. */
  linkAt(tool: ResolvedTool<K>, sessionId: string, errorTimeMs: number): LinkAt;
  /** An id of the tool's shape for a session that started at `startMs`, for the editor's example link. */
  exampleSessionId(startMs: number): string;
}

/** A UUID in its 8-4-4-4-12 form, any version, either case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The time a link opens at: the error minus the lead-in, a whole millisecond. */
export function linkTimeMs(errorTimeMs: number, leadInMs: number): number {
  return Math.round(errorTimeMs - leadInMs);
}

/** Whether a configured URL may be linked to: http or https only (never javascript:, data:, ...). */
export function isHttpUrl(url: string): boolean {
  // One host character is enough: the pattern is not anchored at its end.
  return /^https?:\/\/[^\s/?#]/i.test(url.trim());
}

/** A URL setting as links use it: trimmed, without trailing slashes; undefined unless http(s) with a host. */
export function httpBaseUrl(value: string | undefined): string | undefined {
  const url = value?.trim().replace(/\/+$/, '');
  return url && isHttpUrl(url) ? url : undefined;
}

/** A setting's text, trimmed; blank is unset. */
export function settingText(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

/** A deterministic hex string for example ids: the same example on every render. */
export function exampleHex(seed: number, length: number): string {
  let hex = '';
  // xorshift32 stays at 0 from 0.
  let state = seed >>> 0 || 0x9e3779b9;
  while (hex.length < length) {
    // xorshift32, a hex digit a step: enough to look random, and always the same.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    hex += (state & 15).toString(16);
  }
  return hex;
}

/** `hex` (32 digits) in the 8-4-4-4-12 form. */
export function dashedUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An example UUID: the 32 hex digits given, with the version and variant digits a generator of that version sets. */
export function exampleUuid(hex: string, version: string, variant: string): string {
  const digits = [...hex];
  digits[12] = version;
  digits[16] = variant;
  return dashedUuid(digits.join(''));
}

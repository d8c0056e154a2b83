import type { TimeWindow } from '../types';

/**
 * The hourly error-group summary: one document per error group and hour, written by the
 * summarizer (`npm run summarize`), read by the Error groups query together with the raw lines of
 * the range's partial hours. The summary index holds, besides those documents, one checkpoint
 * document: every hour before its time is summarized.
 *
 * Sessions and users are counted over numeric hashes that the ingest pipeline writes on each line
 * at warning level or above (53 bits, exact in JSON numbers): a summary document keeps the distinct
 * hashes of its hour, so one cardinality over lines and summaries counts each session once.
 */
export const HOUR_MS = 3600_000;

/** Written by the ingest pipeline on lines at warning level or above (tools/setup/errorFingerprint.ts). */
export const FINGERPRINT_FIELD = 'error.fingerprint';
export const GROUP_MESSAGE_FIELD = 'error.group_message';
export const ERROR_TYPE_FIELD = 'error.type';

/** On lines at warning level or above: the session id's hash (ingest pipeline). */
export const SESSION_HASH_FIELD = 'error.session_hash';
/** On lines at warning level or above, when the setup tool was given a user field: the user's hash. */
export const USER_HASH_FIELD = 'error.user_hash';
/** Lines a summary document stands for; only summary documents have it. */
export const SUMMARY_LINES_FIELD = 'error.lines';
export const SUMMARY_FIRST_SEEN_FIELD = 'error.first_seen';
export const SUMMARY_LAST_SEEN_FIELD = 'error.last_seen';
/** The group's latest line in the hour: `{ time, message, session }`, stored, not indexed. */
export const SUMMARY_LATEST_FIELD = 'error.latest';
/** On the checkpoint document: every hour before this time is summarized. */
export const SUMMARY_CHECKPOINT_FIELD = 'summary.through';
export const SUMMARY_CHECKPOINT_ID = 'checkpoint';
export const DEFAULT_SUMMARY_INDEX = 'sessionreplay-error-groups';

/** What a summary document holds of the group's latest line in its hour. */
export interface SummaryLatestLine {
  time: number;
  message?: string;
  session?: string;
}

/** Hours [fromMs, toMs), whole. */
export interface HourSpan {
  fromMs: number;
  toMs: number;
}

/**
 * Which hours of an Error groups search the summary answers: the whole hours of the look-back and
 * of the range, up to the summary's checkpoint. Everything else in the look-back and the range (the
 * partial hours at the edges, and whatever the summarizer has not reached) is read as lines.
 */
export interface SummaryPlan {
  /** Whole hours, at most two spans, in time order; the lines outside them are read as lines. */
  summarized: HourSpan[];
}

export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
/** Rounded up to whole hours: a time to the next hour's start, a duration to whole hours. */
export const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

export function summaryPlan(window: TimeWindow, lookbackMs: number, checkpointMs: number): SummaryPlan {
  const through = floorHour(checkpointMs);
  const spans: HourSpan[] = [
    // The look-back's whole hours before the hour that holds `from`...
    { fromMs: ceilHour(window.fromMs - lookbackMs), toMs: Math.min(floorHour(window.fromMs), through) },
    // ...and the range's whole hours; the hour holding `to` is partial unless `to` starts it.
    { fromMs: ceilHour(window.fromMs), toMs: Math.min(floorHour(window.toMs), through) },
  ];
  return { summarized: spans.filter((span) => span.toMs > span.fromMs) };
}

/** The hours a summarizer run should (re)write: whole hours before `nowMs - latenessMs`, since `sinceMs`. */
export function hoursToSummarize(sinceMs: number, nowMs: number, latenessMs: number): number[] {
  const hours: number[] = [];
  for (let h = floorHour(sinceMs); h + HOUR_MS <= nowMs - latenessMs; h += HOUR_MS) {
    hours.push(h);
  }
  return hours;
}

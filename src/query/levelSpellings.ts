/**
 * Log levels as loggers spell them, with no Grafana import, so that the Node tools (the ingest
 * pipeline's fingerprint condition) read the same table as the plugin.
 */

/** The levels a user can filter on, in Grafana's vocabulary (the LogLevel enum's values). */
export const FILTER_LEVELS = ['critical', 'error', 'warning', 'info', 'debug', 'trace'] as const;
export type FilterLevel = (typeof FILTER_LEVELS)[number];

/** Spellings that loggers write for each level (syslog, log4j, Python, Go, pino/bunyan numbers). */
export const LEVEL_SPELLINGS: Record<FilterLevel, string[]> = {
  critical: ['critical', 'crit', 'fatal', 'emerg', 'emergency', 'alert', 'panic'],
  error: ['error', 'err', 'eror', 'severe'],
  warning: ['warning', 'warn'],
  info: ['info', 'information', 'informational', 'notice'],
  debug: ['debug', 'dbug', 'fine'],
  trace: ['trace', 'finer', 'finest'],
};

/** The keyword values a level filter must match: each spelling in lower, UPPER and Capitalised case. */
export function levelFilterValues(levels: readonly string[]): string[] {
  const values = new Set<string>();
  for (const level of levels) {
    for (const spelling of LEVEL_SPELLINGS[level as FilterLevel] ?? []) {
      values.add(spelling);
      values.add(spelling.toUpperCase());
      values.add(spelling[0].toUpperCase() + spelling.slice(1));
    }
  }
  return [...values];
}

import { LogLevel } from '@grafana/data';

/** The levels a user can filter on, in Grafana's vocabulary (the LogLevel enum's values). */
export const FILTER_LEVELS = ['critical', 'error', 'warning', 'info', 'debug', 'trace'] as const;
export type FilterLevel = (typeof FILTER_LEVELS)[number];

/** Spellings that loggers write for each level (syslog, log4j, Python, Go, pino/bunyan numbers). */
const LEVEL_SPELLINGS: Record<FilterLevel, string[]> = {
  critical: ['critical', 'crit', 'fatal', 'emerg', 'emergency', 'alert', 'panic'],
  error: ['error', 'err', 'eror', 'severe'],
  warning: ['warning', 'warn'],
  info: ['info', 'information', 'informational', 'notice'],
  debug: ['debug', 'dbug', 'fine'],
  trace: ['trace', 'finer', 'finest'],
};

/** pino and bunyan write numbers. */
const NUMERIC_LEVELS: Array<[number, FilterLevel]> = [
  [60, 'critical'],
  [50, 'error'],
  [40, 'warning'],
  [30, 'info'],
  [20, 'debug'],
  [10, 'trace'],
];

const BY_SPELLING = new Map<string, FilterLevel>(
  (Object.entries(LEVEL_SPELLINGS) as Array<[FilterLevel, string[]]>).flatMap(([level, spellings]) =>
    spellings.map((s) => [s, level] as [string, FilterLevel])
  )
);

/** Maps whatever the level field holds to a Grafana log level. */
export function toLogLevel(raw: unknown): LogLevel {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    const found = NUMERIC_LEVELS.find(([threshold]) => raw >= threshold);
    return found ? (found[1] as LogLevel) : LogLevel.trace;
  }
  if (typeof raw !== 'string' || !raw.trim()) {
    return LogLevel.unknown;
  }
  const spelled = raw.trim().toLowerCase();
  if (/^[0-9]+$/.test(spelled)) {
    return toLogLevel(Number(spelled));
  }
  return (BY_SPELLING.get(spelled) as LogLevel | undefined) ?? LogLevel.unknown;
}

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

export function isFilterLevel(level: string): level is FilterLevel {
  return (FILTER_LEVELS as readonly string[]).includes(level);
}

/**
 * The levels a query filters on, in Grafana's vocabulary. Saved queries, provisioned dashboards and
 * the API may spell them as loggers do (`ERROR`, `err`, `fatal`, `50`): those map to their level.
 * A word that is no level is refused, never dropped, because dropping it would widen the filter.
 */
export function resolveLevels(
  levels: readonly string[] | undefined
): { ok: true; levels: FilterLevel[] } | { ok: false; error: string } {
  const resolved = new Set<FilterLevel>();
  for (const raw of levels ?? []) {
    const level = isFilterLevel(raw) ? raw : toLogLevel(raw);
    if (!isFilterLevel(level)) {
      return {
        ok: false,
        error: `"${String(raw).slice(0, 40)}" is not a log level: use ${FILTER_LEVELS.join(', ')} (or a spelling of one, such as ERROR or warn).`,
      };
    }
    resolved.add(level);
  }
  return { ok: true, levels: [...resolved] };
}

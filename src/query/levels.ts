import { LogLevel } from '../grafanaData';
import { FILTER_LEVELS, levelFilterValues, LEVEL_SPELLINGS, type FilterLevel } from './levelSpellings';

export { FILTER_LEVELS, levelFilterValues, type FilterLevel };

/** pino and bunyan write numbers: each level from its threshold up, trace (10) below debug. */
const NUMERIC_LEVELS: Array<[number, FilterLevel]> = [
  [60, 'critical'],
  [50, 'error'],
  [40, 'warning'],
  [30, 'info'],
  [20, 'debug'],
];

const BY_SPELLING = new Map<string, FilterLevel>(
  (Object.entries(LEVEL_SPELLINGS) as Array<[FilterLevel, string[]]>).flatMap(([level, spellings]) =>
    spellings.map((s) => [s, level] as [string, FilterLevel])
  )
);

/** Maps whatever the level field holds to a Grafana log level. */
export function toLogLevel(raw: unknown): LogLevel {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) {
      return LogLevel.unknown;
    }
    const found = NUMERIC_LEVELS.find(([threshold]) => raw >= threshold);
    return found ? (found[1] as LogLevel) : LogLevel.trace;
  }
  if (typeof raw !== 'string') {
    return LogLevel.unknown;
  }
  const spelled = raw.trim().toLowerCase();
  if (/^[0-9]+$/.test(spelled)) {
    return toLogLevel(Number(spelled));
  }
  return (BY_SPELLING.get(spelled) as LogLevel | undefined) ?? LogLevel.unknown;
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

/**
 * pino: every line logged while a request with a session is handled gets `session.id`.
 *
 *   const logger = pino({ ...pinoSessionOptions() });
 */
import type { LoggerOptions } from 'pino';
import { currentSessionId } from './sessionContext';

/** pino's `mixin`: `{ session: { id } }` while a session is current, nothing otherwise. */
export function pinoSessionMixin(): Record<string, unknown> {
  const id = currentSessionId();
  return id === undefined ? {} : { session: { id } };
}

/**
 * The mixin, plus the field names Session Replay Errors reads by default (`@timestamp`, `message`,
 * `log.level`) so that shipped lines need no mapping. Options given win over these.
 */
export function pinoSessionOptions(options: LoggerOptions = {}): LoggerOptions {
  return {
    messageKey: 'message',
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ log: { level: label } }) },
    ...options,
    mixin: (mergeObject, level, logger) => ({
      ...(options.mixin?.(mergeObject, level, logger) ?? {}),
      ...pinoSessionMixin(),
    }),
  };
}

/** One day in milliseconds: the default look-back of suggestions, health checks and log context. */
export const DAY_MS = 24 * 3600_000;

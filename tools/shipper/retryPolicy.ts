/**
 * What the shipper retries, and how long it waits between attempts. Pure: the randomness is passed in.
 *
 * A small module rather than a library: p-retry is ESM-only (the jest projects transform no ESM
 * package outside their list), and exponential-backoff's waits cannot be cut short, whereas the drain
 * deadline must end a wait at once.
 */

export interface BackoffPolicy {
  /** Ceiling of the first wait. */
  initialMs: number;
  /** No wait is longer than this, however many attempts failed. */
  maxMs: number;
  factor: number;
}

/** At most 5 s between attempts: a cluster back from a restart is used again within seconds. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 5_000, factor: 2 };

/**
 * The wait before retry number `retry` (0 for the first retry): exponential, capped, with "equal
 * jitter" (half the ceiling fixed, half random), so that shippers restarted together do not retry in
 * step, and a refused connection, which fails at once, never turns into a busy loop.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, retry));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Whole-request answers worth retrying: a timeout, too many requests, and the gateway and
 * availability answers a restarting cluster or a load balancer in front of it gives (a cluster not
 * yet ready answers 503: no master, state not recovered). Anything else (400, 401, 403, 404, 413)
 * would fail again the same way.
 */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 502 || status === 503 || status === 504;
}

/** Bulk items worth sending again: rejected execution (429) and shards not available yet (503). */
export function isTransientItemStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** Connection failures of a cluster that is restarting or briefly unreachable. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/**
 * Whether a request that got no answer is worth retrying. A name that does not resolve (ENOTFOUND)
 * or a certificate that is not trusted is a mistake in the settings: retrying would hide it.
 */
export function isTransientTransportError(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_CODES.has(code);
}

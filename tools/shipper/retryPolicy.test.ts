import {
  backoffDelayMs,
  isTransientItemStatus,
  isTransientStatus,
  isTransientTransportError,
  type BackoffPolicy,
} from './retryPolicy';

const POLICY: BackoffPolicy = { initialMs: 100, maxMs: 1_000, factor: 2 };

describe('backoffDelayMs', () => {
  it('doubles its ceiling with each retry up to the cap, half of it fixed and half random', () => {
    const low = () => 0;
    const high = () => 1;
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffDelayMs(r, POLICY, low))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffDelayMs(r, POLICY, high))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs(2, POLICY, () => 0.5)).toBe(300);
  });

  it('never waits less than half the first ceiling, so that a refused connection is no busy loop', () => {
    for (let i = 0; i < 100; i++) {
      expect(backoffDelayMs(0, POLICY)).toBeGreaterThanOrEqual(50);
    }
  });
});

describe('what is retried', () => {
  it('retries timeouts, 429 and the gateway and availability statuses; not what would fail again', () => {
    expect([408, 429, 502, 503, 504].every(isTransientStatus)).toBe(true);
    expect([400, 401, 403, 404, 413, 500].some(isTransientStatus)).toBe(false);
  });

  it('retries items rejected for load or unavailable shards; not a mapping conflict or a failing pipeline', () => {
    expect([429, 503].every(isTransientItemStatus)).toBe(true);
    expect([400, 404, 409].some(isTransientItemStatus)).toBe(false);
  });

  it('retries refused, reset and timed-out connections; not a name that does not resolve or an untrusted certificate', () => {
    expect(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].every(isTransientTransportError)).toBe(
      true
    );
    expect(
      ['ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', undefined].some(
        isTransientTransportError
      )
    ).toBe(false);
  });
});

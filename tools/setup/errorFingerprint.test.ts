import {
  errorFingerprint,
  identityHash,
  javaStringHash,
  normalizeErrorMessage,
  topInAppFrame,
} from './errorFingerprint';
import { FINGERPRINT_CASES } from './errorFingerprintCases';

describe('error fingerprints', () => {
  it.each(FINGERPRINT_CASES.map((c) => [c.name, c] as const))(
    '%s: normalized message and top in-app frame',
    (_n, c) => {
      expect(normalizeErrorMessage(c.message)).toBe(c.groupMessage);
      expect(topInAppFrame(c.stack ?? '')).toBe(c.frame);
    }
  );

  it('gives the same fingerprint to the same error whatever its variable parts', () => {
    const a = errorFingerprint({ type: 'KeyError', message: "KeyError: 'variant_id' for product 8081723" });
    const b = errorFingerprint({ type: 'KeyError', message: "[asayer_session_id=1] KeyError: 'size' for product 17" });
    expect(a).toEqual(b);
  });

  it.each([
    ['another type', { type: 'ValueError', message: 'x 1' }],
    ['another message', { type: 'KeyError', message: 'y 1' }],
    ['another frame', { type: 'KeyError', message: 'x 1', stack: '  File "/app/a.py", line 1, in other' }],
  ])('tells apart %s', (_label, other) => {
    const base = errorFingerprint({ type: 'KeyError', message: 'x 2', stack: '  File "/app/a.py", line 1, in f' });
    expect(errorFingerprint(other).fingerprint).not.toBe(base.fingerprint);
  });

  it('hashes as Java’s String.hashCode does', () => {
    // Known values of "hello".hashCode() and "".hashCode() in Java.
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
  });
});

describe('identityHash', () => {
  it('puts 21 bits of the Java hash above 32 bits of the 131-multiplier hash', () => {
    // "hello".hashCode() is 99162322; its low 21 bits are 596946.
    expect(Math.floor(identityHash('hello') / 2 ** 32)).toBe(99162322 & 0x1fffff);
    expect(identityHash('hello') % 2 ** 32).toBe(javaStringHash('hello', 131) >>> 0);
  });

  it('is a whole number a JSON number holds exactly, and tells ids apart', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => String(4124612903183694947n + BigInt(i * 7919)));
    const hashes = ids.map(identityHash);
    expect(hashes.every((h) => Number.isSafeInteger(h) && h >= 0)).toBe(true);
    expect(new Set(hashes).size).toBe(ids.length);
    expect(JSON.parse(JSON.stringify(hashes))).toEqual(hashes);
  });
});

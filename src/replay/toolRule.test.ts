import {
  dashedUuid,
  exampleHex,
  exampleUuid,
  httpBaseUrl,
  isHttpUrl,
  linkTimeMs,
  settingText,
  UUID_PATTERN,
} from './toolRule';

describe('isHttpUrl', () => {
  it.each([
    ['https://x', true],
    ['http://x', true],
    ['HTTPS://X.EXAMPLE', true],
    ['Http://x/path?q#f', true],
    ['  https://x  ', true],
    ['\thttp://x\n', true],
    ['https://x:8080/', true],
    ['https://', false],
    ['https:///x', false],
    ['https://?x', false],
    ['https://#x', false],
    ['https:// x', false],
    ['https:x', false],
    ['https:/x', false],
    ['ftp://x', false],
    ['httpss://x', false],
    ['xhttps://x', false],
    ['javascript:alert(1)//https://x', false],
    ['data:text/html,https://x', false],
    ['/grafana/path', false],
    ['', false],
  ])('%p is %p', (url, expected) => {
    expect(isHttpUrl(url)).toBe(expected);
  });
});

describe('httpBaseUrl', () => {
  it.each([
    ['https://x', 'https://x'],
    ['  https://x/a///  ', 'https://x/a'],
    ['https://x/', 'https://x'],
    ['x.example', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%p is %p', (value, expected) => {
    expect(httpBaseUrl(value)).toBe(expected);
  });
});

describe('settingText', () => {
  it.each([
    [' a ', 'a'],
    ['  ', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%p is %p', (value, expected) => {
    expect(settingText(value)).toBe(expected);
  });
});

describe('linkTimeMs', () => {
  it.each([
    [10_000, 5000, 5000],
    [10_000, 0, 10_000],
    [10_000.5, 0, 10_001],
    [10_000.4, 0, 10_000],
  ])('%p minus %p is %p', (errorMs, leadInMs, expected) => {
    expect(linkTimeMs(errorMs, leadInMs)).toBe(expected);
  });
});

describe('example ids', () => {
  it.each([0, 1, 2 ** 32, Date.UTC(2026, 0, 15)])(
    'exampleHex(%p) gives lowercase hex of each length, the same each time',
    (seed) => {
      for (const length of [1, 8, 12, 20, 32, 33]) {
        const hex = exampleHex(seed, length);
        expect(hex).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
        expect(exampleHex(seed, length)).toBe(hex);
      }
      // Not a run of one digit, as xorshift gives from 0.
      expect(new Set(exampleHex(seed, 32)).size).toBeGreaterThan(4);
    }
  );

  it('differs from seed to seed', () => {
    expect(exampleHex(1, 32)).not.toBe(exampleHex(2, 32));
  });

  it('sets the version and variant digits of an example UUID', () => {
    expect(exampleUuid('0123456789abcdef0123456789abcdef', '4', 'a')).toBe('01234567-89ab-4def-a123-456789abcdef');
  });

  it('dashes a UUID 8-4-4-4-12', () => {
    const uuid = dashedUuid('0123456789abcdef0123456789abcdef');
    expect(uuid).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(UUID_PATTERN.test(uuid)).toBe(true);
  });

  it.each([
    ['01234567-89ab-cdef-0123-456789abcdef', true],
    ['01234567-89AB-CDEF-0123-456789ABCDEF', true],
    ['01234567-89ab-cdef-0123-456789abcdeg', false],
    ['01234567-89ab-cdef-0123-456789abcdef0', false],
    ['001234567-89ab-cdef-0123-456789abcdef', false],
    ['0123456789abcdef0123456789abcdef', false],
  ])('%p is a UUID: %p', (value, expected) => {
    expect(UUID_PATTERN.test(value)).toBe(expected);
  });
});

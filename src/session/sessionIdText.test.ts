import { inexactSessionIdsNotice, sessionIdText } from './sessionIdText';

describe('sessionIdText', () => {
  it.each([
    ['exact text', '7301928374659648775', { exact: true, id: '7301928374659648775' }],
    ['the first of several', ['abc', 'def'], { exact: true, id: 'abc' }],
    ['the first of several numbers', [42, 43], { exact: true, id: '42' }],
    ['a safe integer', 9007199254740991, { exact: true, id: '9007199254740991' }],
    ['the smallest safe integer', -9007199254740991, { exact: true, id: '-9007199254740991' }],
    ['a small number', 42, { exact: true, id: '42' }],
    ['zero', 0, { exact: true, id: '0' }],
    ['a fraction', 1.5, { exact: true, id: '1.5' }],
    ['a bigint', 7301928374659648775n, { exact: true, id: '7301928374659648775' }],
    ['true', true, { exact: true, id: 'true' }],
    ['false', false, { exact: true, id: 'false' }],
    // What JSON.parse makes of 7301928374659648775: another session's id.
    ['a rounded 19-digit number', 7301928374659648775, { exact: false, rounded: '7301928374659648512' }],
    ['a rounded number in a list', [7301928374659648775], { exact: false, rounded: '7301928374659648512' }],
    ['an unsafe integer', 9007199254740993, { exact: false, rounded: '9007199254740992' }],
    ['a negative unsafe integer', -9007199254740993, { exact: false, rounded: '-9007199254740992' }],
  ])('%s', (_label, value, expected) => {
    expect(sessionIdText(value)).toEqual(expected);
  });

  it.each([[undefined], [null], [''], [[]], [['']], [{}], [NaN], [Infinity], [-Infinity], [Symbol('id')]])(
    'nothing for %p',
    (value) => {
      expect(sessionIdText(value)).toBeUndefined();
    }
  );
});

describe('inexactSessionIdsNotice', () => {
  it('names the field and the fix', () => {
    expect(inexactSessionIdsNotice(2, 'session.id')).toBe(
      "2 session ids in session.id are stored as a number beyond JavaScript's exact integers (2^53), so they are " +
        'shown without a session id or replay link rather than rounded to another session. Map session.id as ' +
        "keyword (the setup tool's index template does) or log the id as a string."
    );
  });

  it('speaks of one id in the singular', () => {
    expect(inexactSessionIdsNotice(1, 'sid')).toBe(
      "1 session id in sid is stored as a number beyond JavaScript's exact integers (2^53), so it is " +
        'shown without a session id or replay link rather than rounded to another session. Map sid as ' +
        "keyword (the setup tool's index template does) or log the id as a string."
    );
  });

  it.each([0, 3])('speaks of %d ids in the plural', (count) => {
    expect(inexactSessionIdsNotice(count, 'sid')).toMatch(
      new RegExp(`^${count} session ids in sid are stored as a number .*, so they are shown without`)
    );
  });
});

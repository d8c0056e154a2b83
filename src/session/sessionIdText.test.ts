import { inexactSessionIdsNotice, sessionIdText } from './sessionIdText';

describe('sessionIdText', () => {
  it.each([
    ['exact text', '7301928374659648775', { exact: true, id: '7301928374659648775' }],
    ['the first of several', ['abc', 'def'], { exact: true, id: 'abc' }],
    ['a safe integer', 9007199254740991, { exact: true, id: '9007199254740991' }],
    ['a small number', 42, { exact: true, id: '42' }],
    ['a bigint', 7301928374659648775n, { exact: true, id: '7301928374659648775' }],
    // What JSON.parse makes of 7301928374659648775: another session's id.
    ['a rounded 19-digit number', 7301928374659648775, { exact: false, rounded: '7301928374659648512' }],
    ['an unsafe integer', 9007199254740993, { exact: false, rounded: '9007199254740992' }],
  ])('%s', (_label, value, expected) => {
    expect(sessionIdText(value)).toEqual(expected);
  });

  it.each([[undefined], [null], [''], [[]], [{}], [NaN]])('nothing for %p', (value) => {
    expect(sessionIdText(value)).toBeUndefined();
  });

  it('names the field and the fix', () => {
    expect(inexactSessionIdsNotice(2, 'session.id')).toMatch(
      /^2 session ids in session.id are stored as a number.*Map session.id as keyword/
    );
  });
});

import { baggageValue, parseBaggage } from './baggage';

// The rules are W3C Baggage's (w3c/baggage, baggage/HTTP_HEADER_FORMAT.md).
describe('parseBaggage', () => {
  it('reads the spec’s own examples: properties, blanks, percent-encoded values, "=" in a value', () => {
    expect(
      parseBaggage('key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue')
    ).toEqual([
      { key: 'key1', value: 'value1' },
      { key: 'key2', value: 'value2' },
      { key: 'key3', value: 'value3' },
    ]);
    expect(parseBaggage('userId =   alice, serverNode = DF%2028, isProduction = false')).toEqual([
      { key: 'userId', value: 'alice' },
      { key: 'serverNode', value: 'DF 28' },
      { key: 'isProduction', value: 'false' },
    ]);
    expect(parseBaggage('token=a=b==')).toEqual([{ key: 'token', value: 'a=b==' }]);
  });

  it('skips members that are not valid, keeping the others', () => {
    expect(parseBaggage('a b=1,ok=1,no-equals,q="x",bad=%E0%A4%A,sp=x y,=v,,last=2')).toEqual([
      { key: 'ok', value: '1' },
      { key: 'last', value: '2' },
    ]);
  });
});

describe('baggageValue', () => {
  it.each<[string, string, string | undefined]>([
    ['session.id=123', 'session.id', '123'],
    ['userId=alice, session.id = 123;source=web', 'session.id', '123'],
    ['session.id=%31%32', 'session.id', '12'],
    // Repeated with one value (two headers joined) is one value; with two it is ambiguous.
    ['session.id=5, session.id=5', 'session.id', '5'],
    ['session.id=5,session.id=6', 'session.id', undefined],
    // Keys are case-sensitive tokens.
    ['Session.Id=5', 'session.id', undefined],
    ['userId=alice', 'session.id', undefined],
  ])('%j, %s → %j', (header, key, expected) => {
    expect(baggageValue(header, key)).toBe(expected);
  });
});

import { flattenSourceKeys, readSourceField, sourceFieldReader, sourceValueText } from './sourceFields';

const SHAPES: Array<[string, unknown, string, unknown]> = [
  ['flat key', { message: 'm' }, 'message', 'm'],
  ['nested object', { session: { id: '1' } }, 'session.id', '1'],
  ['dotted key', { 'session.id': '2' }, 'session.id', '2'],
  ['mixed: dotted under nested', { log: { 'level.name': 'x' } }, 'log.level.name', 'x'],
  ['mixed: nested under dotted', { 'log.level': { name: 'y' } }, 'log.level.name', 'y'],
  ['deep nesting', { a: { b: { c: { d: 4 } } } }, 'a.b.c.d', 4],
  ['array of objects', { tags: [{ id: 'a' }, { id: 'b' }] }, 'tags.id', ['a', 'b']],
  ['array with one match', { tags: [{ id: 'a' }, { other: 1 }] }, 'tags.id', 'a'],
  ['array value', { ids: ['x', 'y'] }, 'ids', ['x', 'y']],
  ['missing', { a: 1 }, 'b', undefined],
  ['missing nested', { a: { b: 1 } }, 'a.c', undefined],
  ['null value', { a: null }, 'a', null],
  ['through a scalar', { a: 'text' }, 'a.b', undefined],
  ['not an object', 'text', 'a', undefined],
  ['null source', null, 'a', undefined],
  ['prefers the exact key', { 'a.b': 1, a: { b: 2 } }, 'a.b', 1],
  ['falls back when the first split has nothing', { a: {}, 'a.b': { c: 3 } }, 'a.b.c', 3],
  ['array with no match', { tags: [{ other: 1 }, { other: 2 }] }, 'tags.id', undefined],
  ['empty array', { tags: [] }, 'tags.id', undefined],
  ['inherited method is not a field', {}, 'constructor', undefined],
  ['inherited method on a nested object', { a: { b: 1 } }, 'a.toString', undefined],
  ['a key named "undefined" is not read for another path', { undefined: { x: 1 } }, 'a', undefined],
  ['a key named "undefined" under a nested path', { a: { undefined: { x: 1 } } }, 'a.b', undefined],
];

describe('readSourceField', () => {
  it.each(SHAPES)('%s', (_label, source, path, expected) => {
    expect(readSourceField(source, path)).toEqual(expected);
  });
});

describe('sourceFieldReader', () => {
  it.each(SHAPES)('agrees with readSourceField: %s', (_label, source, path, expected) => {
    expect(sourceFieldReader(path)(source)).toEqual(expected);
  });
});

describe('sourceValueText', () => {
  it.each([
    [undefined, ''],
    [null, ''],
    ['s', 's'],
    [12, '12'],
    [false, 'false'],
    [true, 'true'],
    [BigInt('12345678901234567890'), '12345678901234567890'],
    [Infinity, 'Infinity'],
    [NaN, 'NaN'],
    [[1, true, BigInt(2)], '1, true, 2'],
    [['a', 'b'], 'a, b'],
    [['a', null, 'b'], 'a, b'],
    [{ k: 1 }, '{"k":1}'],
  ])('%p -> %p', (value, expected) => {
    expect(sourceValueText(value)).toBe(expected);
  });

  it('joins message arrays with newlines when asked', () => {
    expect(sourceValueText(['line 1', 'line 2'], '\n')).toBe('line 1\nline 2');
  });
});

describe('flattenSourceKeys', () => {
  it('lists leaf paths', () => {
    expect(flattenSourceKeys({ a: 1, b: { c: 2, 'd.e': [1] }, f: null })).toEqual(['a', 'b.c', 'b.d.e', 'f']);
  });

  it.each([
    ['a scalar', 'text'],
    ['null', null],
    ['an array', [1, 2]],
    ['an empty object', {}],
  ])('lists no keys for %s', (_label, source) => {
    expect(flattenSourceKeys(source)).toEqual([]);
  });
});

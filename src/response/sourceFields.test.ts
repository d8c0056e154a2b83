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
});

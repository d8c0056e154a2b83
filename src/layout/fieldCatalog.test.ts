import fieldCaps from '../../tests/fixtures/opensearch/field-caps.json';
import { fieldCatalog, type FieldCapsAnswer } from './fieldCatalog';

describe('fieldCatalog', () => {
  it('reads a recorded OpenSearch answer', () => {
    const catalog = fieldCatalog(fieldCaps as FieldCapsAnswer);
    expect(catalog.indices).toEqual(['logs-rec']);
    expect(catalog.names).toEqual(['@timestamp', 'log', 'log.level', 'message']);
    expect(catalog.types('message')).toEqual(['text']);
    expect(catalog.types('session.id')).toEqual([]);
    expect(catalog.hasFamily('message', ['text'])).toBe(true);
    expect(catalog.hasFamily('log.level', ['text'])).toBe(false);
    expect(catalog.hasFamily('log', ['keyword', 'text', 'date', 'number'])).toBe(false);
    expect(catalog.hasFamily('log', ['other'])).toBe(true);
  });

  it('takes one index as a string, as Elasticsearch may give it', () => {
    expect(fieldCatalog({ indices: 'only', fields: {} }).indices).toEqual(['only']);
    expect(fieldCatalog({} as FieldCapsAnswer).indices).toEqual([]);
    expect(fieldCatalog({} as FieldCapsAnswer).names).toEqual([]);
  });

  it.each([
    ['date_nanos', 'date'],
    ['match_only_text', 'text'],
    ['constant_keyword', 'keyword'],
    ['wildcard', 'keyword'],
    ['unsigned_long', 'number'],
    ['byte', 'number'],
    ['short', 'number'],
    ['integer', 'number'],
    ['long', 'number'],
    ['keyword', 'keyword'],
    ['text', 'text'],
    ['date', 'date'],
  ] as const)('puts %s in the %s family', (type, family) => {
    const catalog = fieldCatalog({ indices: ['a'], fields: { f: { [type]: { type } } } } as unknown as FieldCapsAnswer);
    expect(catalog.hasFamily('f', [family])).toBe(true);
    expect(catalog.hasFamily('f', ['other'])).toBe(false);
  });

  it('leaves unmapped out of the types and never reads the prototype', () => {
    const catalog = fieldCatalog({
      indices: ['a', 'b'],
      fields: { x: { keyword: { type: 'keyword' }, unmapped: { type: 'unmapped', indices: ['b'] } } },
    } as unknown as FieldCapsAnswer);
    expect(catalog.types('x')).toEqual(['keyword']);
    expect(catalog.types('constructor')).toEqual([]);
    expect(catalog.indicesOf('constructor')).toBeUndefined();
  });

  it.each([
    [
      'two types, each with its indices',
      { keyword: { type: 'keyword', indices: ['a', 'b'] }, long: { type: 'long', indices: 'c' } },
      ['a', 'b', 'c'],
    ],
    [
      'include_unmapped: every index but the unmapped ones',
      { keyword: { type: 'keyword' }, unmapped: { type: 'unmapped', indices: ['b'] } },
      ['a', 'c'],
    ],
    ['one type everywhere it is mapped: unknown where', { keyword: { type: 'keyword' } }, undefined],
    [
      'a list named twice',
      { keyword: { type: 'keyword', indices: ['a'] }, long: { type: 'long', indices: ['a'] } },
      ['a'],
    ],
  ])('knows the indices of a field with %s', (_label, entry, indices) => {
    const catalog = fieldCatalog({ indices: ['a', 'b', 'c'], fields: { x: entry } } as unknown as FieldCapsAnswer);
    expect(catalog.indicesOf('x')).toEqual(indices);
  });
});

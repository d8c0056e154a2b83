import { FieldType, type DataFrame } from '@grafana/data';
import { contextAnchor, rowKeysAt } from './contextAnchor';

const frame = (sort: unknown[]): DataFrame => ({
  length: sort.length,
  fields: [
    { name: 'timestamp', type: FieldType.time, config: {}, values: [1000, 2000] },
    { name: 'id', type: FieldType.string, config: {}, values: ['i:a', 'i:b:c'] },
    { name: 'labels', type: FieldType.other, config: {}, values: [{ service: 'checkout' }, {}] },
    { name: 'session_id', type: FieldType.string, config: {}, values: ['42', ''] },
    { name: 'trace.id', type: FieldType.string, config: {}, values: ['t-1', ''] },
    { name: 'sort', type: FieldType.string, config: { custom: { hidden: true } }, values: sort },
  ],
});

describe('contextAnchor', () => {
  it('reads the line’s sort values, time, session, service and trace', () => {
    expect(contextAnchor(frame(['[1000,"i",3]', '[2000,"i",4]']), 0, 'trace.id')).toEqual({
      sort: [1000, 'i', 3],
      timeMs: 1000,
      key: { index: 'i', id: 'a' },
      sessionId: '42',
      service: 'checkout',
      traceId: 't-1',
    });
    expect(contextAnchor(frame(['[1000,"i",3]', '[2000,"i",4]']), 1, 'trace.id')).toEqual({
      sort: [2000, 'i', 4],
      timeMs: 2000,
      key: { index: 'i', id: 'b:c' },
      sessionId: undefined,
      service: undefined,
      traceId: undefined,
    });
  });

  it.each([[['', '']], [['not json', '']], [['{"a":1}', '']], [['null', '']], [[[1000, 'i', 3], '']]])(
    'none without a position: %j',
    (sort) => {
      expect(contextAnchor(frame(sort), 0, 'trace.id')).toBeUndefined();
    }
  );

  it('none for a frame without a sort field, such as one from another data source', () => {
    const withoutSort = { ...frame(['[1000,"i",3]']), fields: frame(['[1000,"i",3]']).fields.slice(0, 5) };
    expect(contextAnchor(withoutSort, 0, 'trace.id')).toBeUndefined();
  });

  it('none for a line without a usable time', () => {
    const f = frame(['[1000,"i",3]', '[2000,"i",4]']);
    f.fields[0].values = ['not a time', 2000];
    expect(contextAnchor(f, 0, 'trace.id')).toBeUndefined();
  });

  it('anchors a line of a frame without labels, session or trace fields', () => {
    const f = frame(['[1000,"i",3]']);
    const bare: DataFrame = { ...f, fields: [f.fields[0], f.fields[1], f.fields[5]] };
    expect(contextAnchor(bare, 0, 'trace.id')).toEqual({
      sort: [1000, 'i', 3],
      timeMs: 1000,
      key: { index: 'i', id: 'a' },
      sessionId: undefined,
      service: undefined,
      traceId: undefined,
    });
  });

  it('reads the trace id from the configured trace field', () => {
    const f = frame(['[1000,"i",3]']);
    f.fields.push({ name: 'traceId', type: FieldType.string, config: {}, values: ['otel-trace'] });
    expect(contextAnchor(f, 0, 'traceId')?.traceId).toBe('otel-trace');
    expect(contextAnchor(f, 0, 'trace.id')?.traceId).toBe('t-1');
  });

  it('takes only non-empty text as the session and trace', () => {
    const f = frame(['[1000,"i",3]']);
    f.fields[3].values = [42];
    f.fields[4].values = [{ id: 't' }];
    expect(contextAnchor(f, 0, 'trace.id')).toMatchObject({ sessionId: undefined, traceId: undefined });
  });
});

describe('contextAnchor, the line’s key', () => {
  it.each([
    ['an id of another index', '[1000,"i",3]', 'j:a'],
    ['an id without its index', '[1000,"i",3]', 'a'],
    ['no id', '[1000,"i",3]', undefined],
    ['an id that is not text', '[1000,"i",3]', 7],
    ['no index in the sort values', '[1000,7,3]', '7:a'],
    ['sort values of one value', '[1000]', 'i:a'],
  ])('none for %s', (_label, sort, id) => {
    const f = frame([sort]);
    f.fields[1].values = [id];
    expect(contextAnchor(f, 0, 'trace.id')).toBeUndefined();
  });

  it('keeps an id with colons whole after its index', () => {
    const f = frame(['[1000,"logs:x",3]']);
    f.fields[1].values = ['logs:x:id:1'];
    expect(contextAnchor(f, 0, 'trace.id')?.key).toEqual({ index: 'logs:x', id: 'id:1' });
  });
});

describe('rowKeysAt', () => {
  const rows = (times: number[], ids: unknown[], sorts: unknown[]): DataFrame => ({
    length: times.length,
    fields: [
      { name: 'timestamp', type: FieldType.time, config: {}, values: times },
      { name: 'id', type: FieldType.string, config: {}, values: ids },
      { name: 'sort', type: FieldType.string, config: {}, values: sorts },
    ],
  });

  it('gives the keys of the rows at that time, in row order', () => {
    const f = rows([5, 4, 5, 5], ['a:1', 'a:2', 'b:3', 'a:4'], ['[5,"a",1]', '[4,"a",2]', '[5,"b",1]', '[5,"a",9]']);
    expect(rowKeysAt(f, 5)).toEqual([
      { index: 'a', id: '1' },
      { index: 'b', id: '3' },
      { index: 'a', id: '4' },
    ]);
    expect(rowKeysAt(f, 4)).toEqual([{ index: 'a', id: '2' }]);
    expect(rowKeysAt(f, 6)).toEqual([]);
  });

  it('leaves out rows without a position', () => {
    const f = rows([5, 5, 5, 5], ['a:1', 'a:2', 'x:3', 'a:4'], ['', 'not json', '[5,"a",1]', '{"a":1}']);
    expect(rowKeysAt(f, 5)).toEqual([]);
  });

  it('is empty for a frame without those fields', () => {
    expect(rowKeysAt({ length: 1, fields: [] }, 5)).toEqual([]);
  });
});

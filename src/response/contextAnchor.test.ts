import { FieldType, type DataFrame } from '@grafana/data';
import { contextAnchor } from './contextAnchor';

const frame = (sort: unknown[]): DataFrame => ({
  length: sort.length,
  fields: [
    { name: 'timestamp', type: FieldType.time, config: {}, values: [1000, 2000] },
    { name: 'labels', type: FieldType.other, config: {}, values: [{ service: 'checkout' }, {}] },
    { name: 'session_id', type: FieldType.string, config: {}, values: ['42', ''] },
    { name: 'trace.id', type: FieldType.string, config: {}, values: ['t-1', ''] },
    { name: 'sort', type: FieldType.string, config: { custom: { hidden: true } }, values: sort },
  ],
});

describe('contextAnchor', () => {
  it('reads the line’s sort values, time, session, service and trace', () => {
    expect(contextAnchor(frame(['[1000,"i",3]', '[2000,"i",4]']), 0)).toEqual({
      sort: [1000, 'i', 3],
      timeMs: 1000,
      sessionId: '42',
      service: 'checkout',
      traceId: 't-1',
    });
    expect(contextAnchor(frame(['[1000,"i",3]', '[2000,"i",4]']), 1)).toEqual({
      sort: [2000, 'i', 4],
      timeMs: 2000,
      sessionId: undefined,
      service: undefined,
      traceId: undefined,
    });
  });

  it.each([[['', '']], [['not json', '']], [['{"a":1}', '']], [['null', '']], [[[1000, 'i', 3], '']]])(
    'none without a position: %j',
    (sort) => {
      expect(contextAnchor(frame(sort), 0)).toBeUndefined();
    }
  );

  it('none for a frame without a sort field, such as one from another data source', () => {
    const withoutSort = { ...frame(['[1000,"i",3]']), fields: frame(['[1000,"i",3]']).fields.slice(0, 4) };
    expect(contextAnchor(withoutSort, 0)).toBeUndefined();
  });

  it('none for a line without a usable time', () => {
    const f = frame(['[1000,"i",3]', '[2000,"i",4]']);
    f.fields[0].values = ['not a time', 2000];
    expect(contextAnchor(f, 0)).toBeUndefined();
  });

  it('anchors a line of a frame without labels, session or trace fields', () => {
    const f = frame(['[1000,"i",3]']);
    const bare: DataFrame = { ...f, fields: [f.fields[0], f.fields[4]] };
    expect(contextAnchor(bare, 0)).toEqual({
      sort: [1000, 'i', 3],
      timeMs: 1000,
      sessionId: undefined,
      service: undefined,
      traceId: undefined,
    });
  });

  it('takes only non-empty text as the session and trace', () => {
    const f = frame(['[1000,"i",3]']);
    f.fields[2].values = [42];
    f.fields[3].values = [{ id: 't' }];
    expect(contextAnchor(f, 0)).toMatchObject({ sessionId: undefined, traceId: undefined });
  });
});

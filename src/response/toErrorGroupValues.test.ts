import { FieldType, type DataFrame } from '@grafana/data';
import { ERROR_LABEL_LENGTH, toErrorGroupValues } from './toErrorGroupValues';

const LONG = 'x'.repeat(ERROR_LABEL_LENGTH + 5);
function table(): DataFrame {
  const column = (name: string, type: FieldType, values: unknown[]) => ({ name, type, config: {}, values });
  return {
    refId: 'G',
    length: 3,
    fields: [
      column('fingerprint', FieldType.string, ['f1', 'f2', 'f3']),
      column('error', FieldType.string, ['KeyError: <id>', LONG, '']),
      column('type', FieldType.string, ['KeyError', '', 'Timeout']),
      column('lines', FieldType.number, [10, 4, 7]),
      column('sessions', FieldType.number, [3, 1, null]),
      column('new', FieldType.boolean, [true, false, true]),
    ],
    meta: { notices: [{ severity: 'info', text: 'counted from lines' }] },
  };
}

describe('toErrorGroupValues', () => {
  it('gives one numeric frame a group, labelled with it, of the sessions affected', () => {
    const frames = toErrorGroupValues(table(), { value: 'sessions', newOnly: false });
    expect(frames.map((f) => [f.refId, f.name, f.length, f.meta?.type, f.meta?.typeVersion])).toEqual([
      ['G', 'sessions', 1, 'numeric-multi', [0, 1]],
      ['G', 'sessions', 1, 'numeric-multi', [0, 1]],
      ['G', 'sessions', 1, 'numeric-multi', [0, 1]],
    ]);
    expect(frames.map((f) => [f.fields[0].name, f.fields[0].type, f.fields[0].labels, f.fields[0].values])).toEqual([
      ['sessions', FieldType.number, { group: 'f1', type: 'KeyError', error: 'KeyError: <id>' }, [3]],
      ['sessions', FieldType.number, { group: 'f2', error: LONG.slice(0, ERROR_LABEL_LENGTH) }, [1]],
      ['sessions', FieldType.number, { group: 'f3', type: 'Timeout' }, [null]],
    ]);
    expect(frames[0].meta?.notices).toEqual([{ severity: 'info', text: 'counted from lines' }]);
    expect(frames[1].meta?.notices).toBeUndefined();
  });

  it('of the lines, and only the new groups when asked', () => {
    const frames = toErrorGroupValues(table(), { value: 'lines', newOnly: true });
    expect(frames.map((f) => [f.fields[0].labels?.group, f.fields[0].values[0]])).toEqual([
      ['f1', 10],
      ['f3', 7],
    ]);
  });

  it('labels a group with its latest replay link only when asked, and only where it has one', () => {
    const withReplays = table();
    withReplays.fields.push({
      name: 'replay_url',
      type: FieldType.string,
      config: {},
      values: ['https://replay/s1?jumpto=5', null, ''],
    });
    const labelled = toErrorGroupValues(withReplays, { value: 'sessions', newOnly: false, replayLabel: true });
    expect(labelled.map((f) => f.fields[0].labels?.replay)).toEqual([
      'https://replay/s1?jumpto=5',
      undefined,
      undefined,
    ]);
    const plain = toErrorGroupValues(withReplays, { value: 'sessions', newOnly: false });
    expect(plain.map((f) => f.fields[0].labels?.replay)).toEqual([undefined, undefined, undefined]);
  });

  it('without a group is the data plane’s "no data": one typed frame without fields', () => {
    const none = { ...table(), length: 0, fields: table().fields.map((f) => ({ ...f, values: [] })) };
    expect(toErrorGroupValues(none, { value: 'sessions', newOnly: false })).toEqual([
      {
        refId: 'G',
        name: 'sessions',
        length: 0,
        fields: [],
        meta: {
          type: 'numeric-multi',
          typeVersion: [0, 1],
          notices: [{ severity: 'info', text: 'counted from lines' }],
        },
      },
    ]);
    const oldOnly = toErrorGroupValues(
      {
        ...table(),
        fields: table().fields.map((f) => (f.name === 'new' ? { ...f, values: [false, false, false] } : f)),
      },
      { value: 'lines', newOnly: true }
    );
    expect(oldOnly).toHaveLength(1);
    expect(oldOnly[0].fields).toEqual([]);
  });

  it('reads a table without some columns or meta as empty: a group without labels it cannot name', () => {
    const bare: DataFrame = {
      refId: 'G',
      length: 1,
      fields: [{ name: 'fingerprint', type: FieldType.string, config: {}, values: ['f1'] }],
    };
    const [frame] = toErrorGroupValues(bare, { value: 'lines', newOnly: false });
    expect(frame.fields[0].labels).toEqual({ group: 'f1' });
    expect(frame.fields[0].values).toEqual([undefined]);
    expect(frame.meta?.notices).toBeUndefined();
  });
});

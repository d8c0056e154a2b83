import { SESSION_KEY_SCRIPT, sessionKeySource } from './sessionKey';

describe('sessionKeySource', () => {
  it.each([
    ['no session field', [], undefined],
    ['one field: the field itself, no script', ['session.id'], { field: 'session.id' }],
    [
      'several: a script reading them in order',
      ['session.id', 'attributes.session.id'],
      {
        script: {
          lang: 'painless',
          source: SESSION_KEY_SCRIPT,
          params: { fields: ['session.id', 'attributes.session.id'] },
        },
      },
    ],
  ])('%s', (_name, fields, expected) => {
    expect(sessionKeySource(fields)).toEqual(expected);
  });

  it('copies the fields, so a later change of the settings list changes no built search', () => {
    const fields = ['a', 'b'];
    const source = sessionKeySource(fields);
    fields.push('c');
    expect(source).toMatchObject({ script: { params: { fields: ['a', 'b'] } } });
  });

  it('skips an index without a field, and a line without a value, instead of failing or keying it', () => {
    // What the engine runs: guarded lookups, the first value as text (a long-mapped field exact), else null.
    expect(SESSION_KEY_SCRIPT).toContain('doc.containsKey(f) && doc[f].size() > 0');
    expect(SESSION_KEY_SCRIPT).toMatch(/return doc\[f\]\.value\.toString\(\);.*return null;$/);
  });
});

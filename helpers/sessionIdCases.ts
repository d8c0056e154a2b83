import cases from './session-id-cases.json';

/**
 * The shared session id cases (session-id-cases.json) as a jest table, for each TypeScript helper's
 * validation; the Python helper reads the same file in its pytest suite.
 */
export function describeSessionIdCases(name: string, validate: (raw: string, pattern?: RegExp) => string | undefined) {
  describe(`${name}: the shared session id cases`, () => {
    it.each(cases.accepted)('takes %j', (id) => {
      expect(validate(id)).toBe(id.trim());
    });
    it.each(cases.refused)('refuses %j', (id) => {
      expect(validate(id)).toBeUndefined();
    });
    it.each(cases.custom.accepted)('takes %j with a configured pattern', (id) => {
      expect(validate(id, new RegExp(cases.custom.pattern))).toBe(id);
    });
    it.each(cases.custom.refused)('refuses %j with a configured pattern', (id) => {
      expect(validate(id, new RegExp(cases.custom.pattern))).toBeUndefined();
    });
  });
}

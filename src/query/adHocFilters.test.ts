import { adHocFilterClauses, suggestionFilters } from './adHocFilters';

describe('adHocFilterClauses', () => {
  it.each([
    ['=', { term: { k: 'v' } }],
    ['!=', { bool: { must_not: [{ term: { k: 'v' } }] } }],
    ['=~', { regexp: { k: 'v' } }],
    ['!~', { bool: { must_not: [{ regexp: { k: 'v' } }] } }],
    ['<', { range: { k: { lt: 'v' } } }],
    ['>', { range: { k: { gt: 'v' } } }],
  ])('%s', (operator, clause) => {
    expect(adHocFilterClauses([{ key: 'k', operator, value: 'v' }])).toEqual({ ok: true, clauses: [clause] });
  });

  it('refuses unknown operators rather than dropping the filter', () => {
    const result = adHocFilterClauses([{ key: 'k', operator: '=|', value: 'a' }]);
    expect(!result.ok && result.error).toMatch(/"=\|" on k is not supported/);
  });

  it('is empty without filters and skips filters without a key', () => {
    expect(adHocFilterClauses(undefined)).toEqual({ ok: true, clauses: [] });
    expect(adHocFilterClauses([{ key: '', operator: '=', value: 'x' }])).toEqual({ ok: true, clauses: [] });
  });
});

describe('suggestionFilters', () => {
  it('leaves out only the filters with an unsupported operator', () => {
    const filters = [
      { key: 'service.name', operator: '=', value: 'checkout' },
      { key: 'host.name', operator: '=|', value: 'a' },
      { key: 'log.level', operator: '!=', value: 'DEBUG' },
    ];
    expect(suggestionFilters(filters)).toEqual([filters[0], filters[2]]);
    expect(suggestionFilters(undefined)).toEqual([]);
  });
});

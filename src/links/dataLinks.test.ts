import { dataLinkProblem, linksForField, resolveDataLinks } from './dataLinks';

describe('dataLinkProblem', () => {
  it.each([
    [{ field: 'trace.id', url: 'https://tempo.example/trace/${__value.raw}' }, undefined],
    [{ field: '/^trace\\./', url: '/explore?left=${__value.raw}' }, undefined],
    [{ field: 'trace.id', url: '${__value.raw}', datasourceUid: 'tempo' }, undefined],
    [{ field: '', url: 'https://x' }, /Name the field/],
    [{ field: '/(/', url: 'https://x' }, /not a valid regular expression/],
    [{ field: 'trace.id', url: '' }, /Enter the URL/],
    [{ field: 'trace.id', url: '', datasourceUid: 'tempo' }, /Enter the query/],
    [{ field: 'trace.id', url: 'javascript:alert(1)' }, /must start with http/],
    [{ field: 'trace.id', url: 'tempo.example/x' }, /must start with http/],
  ])('%j', (link, expected) => {
    const problem = dataLinkProblem(link);
    if (expected) {
      expect(problem).toMatch(expected);
    } else {
      expect(problem).toBeUndefined();
    }
  });
});

describe('linksForField', () => {
  const links = resolveDataLinks([
    { field: 'trace.id', title: 'Trace', url: 'https://tempo.example/trace/${__value.raw}' },
    { field: '/^trace\\./', url: '${__value.raw}', datasourceUid: 'tempo-uid' },
    { field: 'broken', url: 'javascript:x' },
  ]);

  it('leaves out links that cannot be right', () => {
    expect(links).toHaveLength(2);
  });

  it('gives a field every link that matches it, external and internal', () => {
    expect(linksForField('trace.id', links)).toEqual([
      { title: 'Trace', url: 'https://tempo.example/trace/${__value.raw}', targetBlank: true },
      {
        title: 'Open in tempo-uid',
        url: '',
        internal: { datasourceUid: 'tempo-uid', datasourceName: 'tempo-uid', query: { query: '${__value.raw}' } },
      },
    ]);
    expect(linksForField('trace.span_id', links)).toHaveLength(1);
    expect(linksForField('error.type', links)).toEqual([]);
  });
});

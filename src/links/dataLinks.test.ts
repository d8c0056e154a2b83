import type { DataLinkSetting } from '../types';
import { withUriEncoding, dataLinkProblem, linksForField, resolveDataLinks } from './dataLinks';

describe('dataLinkProblem', () => {
  it.each([
    [{ field: 'trace.id', url: 'https://tempo.example/trace/${__value.raw}' }, undefined],
    [{ field: 'trace.id', url: 'http://tempo.example/trace/${__value.raw}' }, undefined],
    [{ field: ' trace.id ', url: '  https://x  ' }, undefined],
    [{ field: '/^trace\\./', url: '/explore?left=${__value.raw}' }, undefined],
    [{ field: 'trace.id', url: '${__value.raw}', datasourceUid: 'tempo' }, undefined],
    [{ field: 'trace.id', url: 'tempo.example/x', datasourceUid: ' tempo ' }, undefined],
    // Only a whole /.../ is a pattern: a field name may hold slashes.
    [{ field: 'x/(/', url: 'https://x' }, undefined],
    [{ field: '/(/x', url: 'https://x' }, undefined],
    [{ field: '', url: 'https://x' }, /Name the field/],
    [{ field: '   ', url: 'https://x' }, /Name the field/],
    [{ url: 'https://x' }, /Name the field/],
    [{ field: '/(/', url: 'https://x' }, /not a valid regular expression/],
    [{ field: ' /((/ ', url: 'https://x' }, /not a valid regular expression/],
    [{ field: 'trace.id', url: '' }, /Enter the URL/],
    [{ field: 'trace.id', url: '   ' }, /Enter the URL/],
    [{ field: 'trace.id' }, /Enter the URL/],
    [{ field: 'trace.id', url: '', datasourceUid: 'tempo' }, /Enter the query/],
    [{ field: 'trace.id', url: 'x', datasourceUid: '' }, /Enter the uid/],
    [{ field: 'trace.id', url: 'x', datasourceUid: '  ' }, /Enter the uid/],
    [{ field: 'trace.id', url: 'javascript:alert(1)' }, /must start with http/],
    [{ field: 'trace.id', url: 'tempo.example/x' }, /must start with http/],
    [{ field: 'trace.id', url: 'tempo.example/' }, /must start with http/],
  ])('%j', (link, expected) => {
    const problem = dataLinkProblem(link as DataLinkSetting);
    if (expected) {
      expect(problem).toMatch(expected);
    } else {
      expect(problem).toBeUndefined();
    }
  });

  it.each([
    [{ field: '' }, 'Name the field the link is for, or a /regular expression/ of field names.'],
    [
      { field: 'a', url: 'x', datasourceUid: ' ' },
      'Enter the uid of the data source to link to (in its settings page URL).',
    ],
    [
      { field: 'a', url: ' ', datasourceUid: 'tempo' },
      'Enter the query for the linked data source, e.g. ${__value.raw}.',
    ],
    [{ field: 'a', url: ' ' }, 'Enter the URL.'],
    [{ field: 'a', url: 'x' }, 'The URL must start with http://, https:// or / (a Grafana path).'],
  ])('tells %j what to fix', (link, message) => {
    expect(dataLinkProblem(link as DataLinkSetting)).toBe(message);
  });

  it("quotes the regular expression's own error", () => {
    let expected = '';
    try {
      new RegExp('(');
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).not.toBe('');
    expect(dataLinkProblem({ field: '/(/', url: 'https://x' })).toBe(
      `The field pattern is not a valid regular expression: ${expected}.`
    );
  });
});

const settings = (): DataLinkSetting[] => [
  { field: 'trace.id', title: 'Trace', url: 'https://tempo.example/trace/${__value.raw}' },
  { field: '/^trace\\./', url: '${__value.raw}', datasourceUid: 'tempo-uid' },
  { field: 'broken', url: 'javascript:x' },
];

describe('resolveDataLinks', () => {
  it('leaves out links that cannot be right', () => {
    const links = resolveDataLinks(settings());
    expect(links.map(({ title, url, datasourceUid }) => ({ title, url, datasourceUid }))).toEqual([
      { title: 'Trace', url: 'https://tempo.example/trace/${__value.raw}', datasourceUid: undefined },
      { title: 'Open in tempo-uid', url: '${__value.raw}', datasourceUid: 'tempo-uid' },
    ]);
  });

  it.each([[undefined], [[]]])('has no links for %p', (links) => {
    expect(resolveDataLinks(links)).toEqual([]);
  });

  it('trims what was typed, and names untitled links by their target', () => {
    const links = resolveDataLinks([
      { field: ' a ', title: '  Logs  ', url: '  https://x/a  ' },
      { field: 'b', title: '   ', url: 'https://x/b' },
      { field: 'c', url: ' q ', datasourceUid: ' loki ' },
      { field: 'd', title: '', url: '/d' },
    ]);
    expect(links.map(({ title, url, datasourceUid }) => ({ title, url, datasourceUid }))).toEqual([
      { title: 'Logs', url: 'https://x/a', datasourceUid: undefined },
      { title: 'Open link', url: 'https://x/b', datasourceUid: undefined },
      { title: 'Open in loki', url: 'q', datasourceUid: 'loki' },
      { title: 'Open link', url: '/d', datasourceUid: undefined },
    ]);
    expect(links.map((link) => ['a', 'b', 'c', 'd'].filter(link.matches))).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it.each([
    [
      'a field name matches only itself',
      'trace.id',
      ['trace.id'],
      ['trace.ids', 'xtrace.id', 'trace_id', 'TRACE.ID', ''],
    ],
    ['a pattern matches what it matches', '/^trace\\./', ['trace.id', 'trace.span_id'], ['xtrace.id', 'trace_id']],
    ['an unanchored pattern matches inside', '/span/', ['trace.span_id', 'span'], ['trace.id']],
    ['// matches every field', '//', ['a', 'trace.id'], []],
    ['a name with slashes is a name', 'x/y/', ['x/y/'], ['/y', 'a/y', 'y/', 'x/y']],
    ['a name starting with a slash is a name', '/y/x', ['/y/x'], ['y/', 'y/x', '/y/']],
  ])('%s', (_label, field, matching, others) => {
    const [link] = resolveDataLinks([{ field, url: 'https://x' }]);
    expect(matching.filter((name) => link.matches(name))).toEqual(matching);
    expect(others.filter((name) => link.matches(name))).toEqual([]);
  });
});

describe('linksForField', () => {
  it('gives a field every link that matches it, external and internal', () => {
    const links = resolveDataLinks(settings());
    expect(linksForField('trace.id', links)).toEqual([
      { title: 'Trace', url: 'https://tempo.example/trace/${__value.raw:uriencode}', targetBlank: true },
      {
        title: 'Open in tempo-uid',
        url: '',
        internal: { datasourceUid: 'tempo-uid', datasourceName: 'tempo-uid', query: { query: '${__value.raw}' } },
      },
    ]);
    expect(linksForField('trace.span_id', links)).toEqual([
      {
        title: 'Open in tempo-uid',
        url: '',
        internal: { datasourceUid: 'tempo-uid', datasourceName: 'tempo-uid', query: { query: '${__value.raw}' } },
      },
    ]);
    expect(linksForField('error.type', links)).toEqual([]);
    expect(linksForField('broken', links)).toEqual([]);
  });

  it('has no links without links', () => {
    expect(linksForField('trace.id', [])).toEqual([]);
  });
});

describe('withUriEncoding', () => {
  it.each([
    ['https://x/?q=${__value.raw}', 'https://x/?q=${__value.raw:uriencode}'],
    [
      'https://x/${__data.fields.host}/${__value.text}',
      'https://x/${__data.fields.host:uriencode}/${__value.text:uriencode}',
    ],
    ['https://x/?q=${__value.raw:raw}', 'https://x/?q=${__value.raw:raw}'],
    ['https://x/?${__url_time_range}&q=${__value.raw}', 'https://x/?${__url_time_range}&q=${__value.raw:uriencode}'],
    ['https://x/?${__all_variables}', 'https://x/?${__all_variables}'],
    // Only those two names exactly: others that merely contain them are values like any other.
    ['https://x/?${my__url_time_range}', 'https://x/?${my__url_time_range:uriencode}'],
    ['https://x/?${__all_variables_copy}', 'https://x/?${__all_variables_copy:uriencode}'],
    ['https://x/plain', 'https://x/plain'],
  ])('%s -> %s', (url, expected) => {
    expect(withUriEncoding(url)).toBe(expected);
  });
});

import {
  MANAGED_BY,
  PIPELINE_MARK,
  patternsOverlap,
  pipelineConflict,
  redactUrl,
  templateConflicts,
  type ExistingTemplate,
} from './ownership';

describe('patternsOverlap', () => {
  it.each([
    ['logs-*', 'logs-*-*', true],
    ['logs-sessionreplay-*', 'logs-*-*', true],
    ['logs-sessionreplay-*', 'metrics-*-*', false],
    ['logs-a', 'logs-b', false],
    ['logs-a', 'logs-*', true],
    ['*', 'anything', true],
    ['a*b', 'ac*', true],
    ['a*b', '*c', false],
    ['x-*-y', 'x-1-*', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });
});

describe('templateConflicts', () => {
  // Elasticsearch 8's built-in logs template and a Fleet integration's.
  const existing: ExistingTemplate[] = [
    { name: 'logs', index_patterns: ['logs-*-*'], priority: 100, _meta: { managed: true } },
    {
      name: 'logs-nginx.access',
      index_patterns: ['logs-nginx.access-*'],
      priority: 200,
      _meta: { managed_by: 'fleet' },
    },
    { name: 'metrics', index_patterns: ['metrics-*-*'], priority: 100 },
  ];
  const ours = (pattern: string) => ({ name: 'sessionreplay-logs', patterns: [pattern], priority: 250 });

  it('lets a pattern named for us sit inside the built-in logs template', () => {
    expect(templateConflicts(ours('logs-sessionreplay-*'), existing)).toEqual([]);
  });

  it.each([
    [
      'logs-*',
      [
        '"logs-*" would take over indices of the index template "logs"',
        '"logs-*" would take over indices of the index template "logs-nginx.access"',
      ],
    ],
    [
      '*',
      ['logs', 'logs-nginx.access', 'metrics'].map((n) => `"*" would take over indices of the index template "${n}"`),
    ],
  ])('refuses %s, naming every template it would take over', (pattern, expected) => {
    expect(templateConflicts(ours(pattern), existing).map((c) => c.split(' (')[0])).toEqual(expected);
  });

  it('does not count a template of higher priority, which keeps its indices', () => {
    expect(templateConflicts(ours('logs-*'), [{ name: 'x', index_patterns: ['logs-x-*'], priority: 500 }])).toEqual([]);
  });

  it('updates its own template, and refuses someone else’s of the same name', () => {
    expect(
      templateConflicts(ours('logs-s-*'), [
        { name: 'sessionreplay-logs', index_patterns: ['*'], _meta: { managed_by: MANAGED_BY } },
      ])
    ).toEqual([]);
    expect(templateConflicts(ours('logs-s-*'), [{ name: 'sessionreplay-logs', index_patterns: ['logs-s-*'] }])).toEqual(
      ['an index template named "sessionreplay-logs" exists and was not written by this tool']
    );
  });
});

describe('pipelineConflict', () => {
  it.each([
    [undefined, undefined],
    [`Session Replay Errors ${PIPELINE_MARK}`, undefined],
    ['Parses nginx access logs', /exists and was not written by this tool/],
    ['', /exists and was not written by this tool/],
  ])('description %p', (description, expected) => {
    const conflict = pipelineConflict('p', description);
    if (expected) {
      expect(conflict).toMatch(expected);
    } else {
      expect(conflict).toBeUndefined();
    }
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://elastic:s3cret@es.internal:9200/', 'https://***:***@es.internal:9200'],
    ['https://es.internal:9200/es/', 'https://es.internal:9200/es'],
    ['http://user@host', 'http://***@host'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

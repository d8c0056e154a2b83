import { indexPatternFor, indexPatternOf } from './indexPatterns';

describe('indexPatternOf', () => {
  it.each([
    ['an OTel-native backing index', '.ds-logs-generic.otel-default-2026.11.27-000001', 'logs-*.otel-*'],
    ['an OTel-native data stream', 'logs-checkout.otel-production', 'logs-*.otel-*'],
    ['an ECS backing index', '.ds-logs-app-default-2026.11.27-000003', 'logs-app-default'],
    ['Data Prepper rollover', 'logs-otel-v1-000001', 'logs-otel-v1-*'],
    ['a daily index', 'app-logs-2026.11.27', 'app-logs-*'],
    ['a monthly index with dashes', 'app_logs_2026-11', 'app_logs_*'],
    ['a yearly index', 'archive.2026', 'archive.*'],
    ['an ss4o index', 'ss4o_logs-default-namespace', 'ss4o_logs-default-namespace'],
    ['a plain name', 'logs-rec', 'logs-rec'],
    ['a name ending in a word with digits', 'logs-v2', 'logs-v2'],
    ['a name only containing a backing index name', 'x.ds-app-2026.11.27-000001', 'x.ds-app-2026.11.27-*'],
    [
      'a backing index name with more after it',
      '.ds-app-2026.11.27-000001-restored',
      '.ds-app-2026.11.27-000001-restored',
    ],
    ['a name only containing an OTel stream name', 'old-logs-a.otel-b', 'old-logs-a.otel-b'],
    ['a number inside the name', 'app-1-x', 'app-1-x'],
  ])('generalizes %s', (_label, index, pattern) => {
    expect(indexPatternOf(index)).toBe(pattern);
  });
});

describe('indexPatternFor', () => {
  it('joins the patterns once each, in the order first seen', () => {
    expect(
      indexPatternFor([
        '.ds-logs-generic.otel-default-2026.11.27-000001',
        'app-logs-2026.11.27',
        '.ds-logs-nginx.otel-default-2026.11.27-000002',
        'app-logs-2026.11.28',
      ])
    ).toBe('logs-*.otel-*,app-logs-*');
    expect(indexPatternFor([])).toBe('');
  });
});

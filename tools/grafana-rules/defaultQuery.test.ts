import { grafanaRunsOnNewPanel, hasNonEmptyQuery } from './defaultQuery';

// After grafana/grafana public/app/core/utils/explore.test.ts (hasNonEmptyQuery).
describe('whether Grafana runs a new panel’s query', () => {
  it('ignores refId, key, context and datasource', () => {
    expect(hasNonEmptyQuery([{ refId: 'A', key: 'k', context: 'explore', datasource: { uid: 'x' } }])).toBe(false);
  });

  it('runs a query with any other key set', () => {
    expect(hasNonEmptyQuery([{ refId: 'A', expr: 'foo' }])).toBe(true);
    expect(hasNonEmptyQuery([{ refId: 'A', expr: '' }])).toBe(false);
  });

  it('runs a default query that only names its type, even one with an empty session id', () => {
    expect(grafanaRunsOnNewPanel({ queryType: 'logs', mode: 'session', sessionId: '' })).toBe(true);
    expect(grafanaRunsOnNewPanel(undefined)).toBe(false);
  });
});

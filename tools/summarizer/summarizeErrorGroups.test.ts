import '../node/browserGlobals';
import { resolveSettings } from '../../src/settings';
import { hourQuery, summaryDocument, summaryDocumentId, summaryMappings } from './summarizeErrorGroups';

const HOUR = Date.UTC(2026, 10, 28, 9);
const settings = resolveSettings({ sessionField: 'session.id', serviceField: 'app.service', userField: 'user.id' });
const group = {
  lines: 12,
  firstMs: HOUR + 60_000,
  lastMs: HOUR + 3_000_000,
  services: ['api', 'worker'],
  latest: { time: HOUR + 3_000_000, message: 'Timeout after 3s', session: '4124612903183694947' },
  groupMessage: 'Timeout after <n>s',
  type: 'TimeoutError',
  sessionHashes: [11, 12],
  userHashes: [7],
};

describe('summary documents', () => {
  it('keep the lines’ field names, so one search reads lines and summaries alike', () => {
    expect(summaryDocument(settings, 'fp1', HOUR, group)).toEqual({
      '@timestamp': '2026-11-28T09:00:00.000Z',
      app: { service: ['api', 'worker'] },
      error: {
        fingerprint: 'fp1',
        group_message: 'Timeout after <n>s',
        type: 'TimeoutError',
        lines: 12,
        first_seen: HOUR + 60_000,
        last_seen: HOUR + 3_000_000,
        session_hash: [11, 12],
        user_hash: [7],
        latest: group.latest,
      },
    });
  });

  it('are mapped for aggregations: hashes as doc values only, the latest line stored, not indexed', () => {
    type Level = { type?: string; properties: Record<string, Level> } & Record<string, unknown>;
    const mappings = summaryMappings(settings) as unknown as { dynamic: boolean; properties: Record<string, Level> };
    expect(mappings.dynamic).toBe(false);
    const error = mappings.properties.error.properties;
    expect(error.session_hash).toEqual({ type: 'long', index: false });
    expect(error.latest).toEqual({ type: 'object', enabled: false });
    expect(error.lines).toEqual({ type: 'long' });
    expect(mappings.properties.app.properties.service.type).toBe('keyword');
    expect(mappings.properties['@timestamp']).toEqual({ type: 'date' });
    expect(mappings.properties.summary.properties.through).toEqual({ type: 'date' });
  });

  it('have one id per group and hour, whatever the fingerprint’s length', () => {
    const id = summaryDocumentId('x'.repeat(5000), HOUR);
    expect(id).toMatch(/^2026-11-28T09-[0-9a-f]{20}$/);
    expect(summaryDocumentId('x'.repeat(5000), HOUR)).toBe(id);
    expect(summaryDocumentId('y', HOUR)).not.toBe(id);
    expect(summaryDocumentId('x'.repeat(5000), HOUR + 3_600_000)).not.toBe(id);
  });

  it('read the hour’s tagged, fingerprinted lines, the hour’s end excluded', () => {
    const text = JSON.stringify(hourQuery(settings, HOUR));
    expect(text).toContain(`"gte":${HOUR},"lte":${HOUR + 3_600_000 - 1}`);
    expect(text).toContain('{"exists":{"field":"error.fingerprint"}}');
    expect(text).toContain('{"exists":{"field":"session.id"}}');
  });
});

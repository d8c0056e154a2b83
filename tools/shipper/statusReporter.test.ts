import { emptyCounters, statusLine, StatusReporter, summaryLine, type ShipCounters } from './statusReporter';

const counters = (patch: Partial<ShipCounters>): ShipCounters => ({ ...emptyCounters(), ...patch });

describe('summaryLine', () => {
  it('is the shipped count alone when every event read was shipped', () => {
    expect(summaryLine('logs-x', counters({ read: 5, shipped: 5 }), {})).toBe('Shipped 5 of 5 events to logs-x');
  });

  it('says how many were not shipped and why, in one line', () => {
    const line = summaryLine('logs-x', counters({ read: 100, shipped: 80, refused: 2, dropped: 8, unsent: 10 }), {
      firstRefusal: 'HTTP 400 mapper_parsing_exception: failed to parse',
      unsentReason: 'retried for 30 s (--max-retry-time): ECONNREFUSED',
    });
    expect(line).toBe(
      'Shipped 80 of 100 events to logs-x; 20 NOT shipped: 2 refused by the cluster (first: HTTP 400 mapper_parsing_exception: failed to parse); ' +
        '8 dropped because the buffer was full (--when-full drop); 10 unsent: retried for 30 s (--max-retry-time): ECONNREFUSED'
    );
    expect(line).not.toContain('\n');
  });
});

describe('StatusReporter', () => {
  it('says when the cluster starts failing and when it answers again, and the counts on each tick', () => {
    let now = 0;
    const reporter = new StatusReporter(() => now);
    expect(reporter.update(counters({ read: 3, shipped: 3 }), undefined)).toEqual([]);
    expect(reporter.update(counters({ read: 4, shipped: 3, buffered: 1 }), 'ECONNREFUSED')).toEqual([
      'cluster failing (ECONNREFUSED): retrying with backoff, reading on into the buffer',
    ]);
    expect(reporter.update(counters({ read: 5, shipped: 3, buffered: 2 }), 'ECONNRESET')).toEqual([]);
    expect(reporter.tick(counters({ read: 5, shipped: 3, buffered: 2, bufferedBytes: 2048, retries: 4 }))).toBe(
      'status: shipped 3, buffered 2 (2 KB), retries 4, dropped 0, refused 0, unsent 0; cluster unreachable: ECONNRESET'
    );
    now = 4_500;
    expect(reporter.update(counters({ read: 5, shipped: 5 }), undefined)).toEqual([
      `cluster answering again after 4.5 s: ${statusLine(counters({ read: 5, shipped: 5 }))}`,
    ]);
  });
});

import type { DataFrame } from '@grafana/data';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import { errorFingerprint } from '../../tools/setup/errorFingerprint';
import { PIPELINE_NAME } from '../../tools/setup/template';
import {
  createLogsIndex,
  fieldValues,
  installSessionIdPipeline,
  openHarness,
  replaySettings,
  runQueries,
  writeRawDocuments,
  type Harness,
} from './harness';

/** Error groups on the engine: fingerprints from the ingest pipeline, groups by aggregation. */
const INDEX = 'logs-groups-a';
const NOW = Date.now();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const S = [1, 2, 3].map((n) => openReplaySessionIdAt(NOW - 50 * MINUTE, n));

const line = (minutesAgo: number, session: string, message: string, level = 'ERROR', type?: string) =>
  JSON.stringify({
    '@timestamp': new Date(NOW - minutesAgo * MINUTE).toISOString(),
    message,
    log: { level },
    service: { name: 'shop' },
    session: { id: session },
    ...(type ? { error: { type } } : {}),
  });

let harness: Harness;

beforeAll(async () => {
  await installSessionIdPipeline();
  await createLogsIndex(INDEX);
  await writeRawDocuments(
    INDEX,
    [
      // Group A: one error with changing details, 6 lines in 3 sessions, all in the range.
      ...[0, 1, 2, 3, 4, 5].map((i) =>
        line(40 - i, S[i % 3], `KeyError: 'variant_${i}' for product ${1000 + i}`, 'ERROR', 'KeyError')
      ),
      // Group B: 2 lines in one session in the range, and one 3 days before: not new.
      line(20, S[0], 'Timeout after 3s calling payments', 'WARN'),
      line(10, S[0], 'Timeout after 5s calling payments', 'WARN'),
      line(3 * 24 * 60, S[1], 'Timeout after 9s calling payments', 'WARN'),
      // Only before the range: not a row.
      line(2 * 24 * 60, S[2], 'Disk full on /var/log', 'ERROR'),
      // Info lines get no fingerprint.
      line(5, S[1], 'served 42 requests', 'INFO'),
    ],
    PIPELINE_NAME
  );
  harness = await openHarness(replaySettings('logs-groups-*'));
});
afterAll(() => harness.close());

describe('error groups against the engine', () => {
  it('one row a group, most affected sessions first, with counts, newness and the latest session’s replay', async () => {
    const response = await runQueries(harness.ds, [{ queryType: 'errorGroups' }], {
      fromMs: NOW - 60 * MINUTE,
      toMs: NOW,
    });
    expect(response.errors).toBeUndefined();
    const frame = response.data[0] as DataFrame;
    expect(fieldValues(frame, 'error')).toEqual([
      'KeyError: <str> for product <n>',
      'Timeout after <n>s calling payments',
    ]);
    expect(fieldValues(frame, 'fingerprint')[0]).toBe(
      errorFingerprint({ type: 'KeyError', message: "KeyError: 'x' for product 1" }).fingerprint
    );
    expect(fieldValues(frame, 'type')).toEqual(['KeyError', '']);
    expect(fieldValues(frame, 'lines')).toEqual([6, 2]);
    expect(fieldValues(frame, 'sessions')).toEqual([3, 1]);
    expect(fieldValues(frame, 'new')).toEqual([true, false]);
    expect(fieldValues(frame, 'first_seen')[1]).toBeLessThan(NOW - 2 * DAY);
    expect(fieldValues(frame, 'sample')[0]).toBe("KeyError: 'variant_5' for product 1005");
    const trend = fieldValues(frame, 'trend')[0] as DataFrame;
    expect((trend.fields[1].values as number[]).reduce((a, b) => a + b, 0)).toBe(6);
    // The latest line of group A is variant_5, in session S[2].
    expect(fieldValues(frame, 'replay_url')[0]).toMatch(
      new RegExp(`^https://replay.test/9/session/${S[2]}\\?jumpto=\\d+$`)
    );
  });

  it('a look-back shorter than the old line makes that group new', async () => {
    const response = await runQueries(harness.ds, [{ queryType: 'errorGroups', newLookback: '1d' }], {
      fromMs: NOW - 60 * MINUTE,
      toMs: NOW,
    });
    expect(fieldValues(response.data[0] as DataFrame, 'new')).toEqual([true, true]);
  });

  it('says what is wrong with a look-back that is not a duration', async () => {
    const response = await runQueries(harness.ds, [{ queryType: 'errorGroups', newLookback: 'a week' }], {
      fromMs: NOW - 60 * MINUTE,
      toMs: NOW,
    });
    expect(response.errors?.[0].message).toBe('"a week" is not a duration: use for example 7d, 24h or 30m.');
  });
});

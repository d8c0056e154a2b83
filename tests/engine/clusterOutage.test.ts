import { dateTime, type DataQueryRequest } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import type { SessionErrorsQuery } from '../../src/types';
import { FaultProxy, type FaultMode } from '../../tools/faultProxy/faultProxy';
import { SESSIONS, writeFixture, type Fixture } from './fixtures';
import { engineUrl, fieldValues, openHarness, type Harness } from './harness';

/**
 * The plugin's request path (DataSource -> Grafana's data source proxy stand-in -> the cluster) with
 * the fault proxy between Grafana and the cluster: a query during an outage gets a message that says
 * Grafana cannot reach the cluster and what to check, and the first query after it answers normally.
 *
 * Grafana's side, in grafana/grafana: pkg/api/pluginproxy/ds_proxy.go HandleRequest proxies through
 * proxyutil.NewReverseProxy, whose errorHandler (pkg/util/proxyutil/reverse_proxy.go) answers an
 * upstream that fails with 502 Bad Gateway (a status and no body), and one that times out
 * (dataproxy.timeout) with 504.
 */

let fixture: Fixture;
let proxy: FaultProxy;
let harness: Harness;

beforeAll(async () => {
  fixture = await writeFixture('outage');
  proxy = await FaultProxy.start(engineUrl());
  // A short data proxy timeout, so that the black hole is a 504 within the test's time.
  harness = await openHarness({ indexPattern: fixture.pattern }, { url: proxy.url }, {}, { timeoutMs: 1_500 });
});

afterAll(async () => {
  await harness.close();
  await proxy.close();
});

function sessionQuery() {
  const from = dateTime(Date.now() - 2 * 3600_000);
  const to = dateTime(Date.now());
  return lastValueFrom(
    harness.ds.query({
      targets: [{ refId: 'A', sessionId: SESSIONS.asayer }],
      range: { from, to, raw: { from, to } },
      scopedVars: {},
    } as unknown as DataQueryRequest<SessionErrorsQuery>)
  );
}

/** The log lines the session query answers, to compare an answer after the outage with one before. */
async function answeredLines(): Promise<unknown[]> {
  const response = await sessionQuery();
  expect(response.errors).toBeUndefined();
  return response.data.flatMap((frame) => [...fieldValues(frame, 'body')]);
}

const WHAT_TO_CHECK =
  'check the URL, that the cluster is running and reachable from the Grafana server, and the TLS settings';

describe('a query while the cluster is unreachable', () => {
  it.each<[string, FaultMode, number]>([
    ['refuses connections', { kind: 'refuse' }, 502],
    ['resets connections', { kind: 'reset' }, 502],
    ['never answers', { kind: 'blackhole' }, 504],
  ])(
    'when the cluster %s, says Grafana could not reach it and what to check; the next query after answers',
    async (_label, mode, status) => {
      const before = await answeredLines();
      expect(before.length).toBeGreaterThan(0);

      await proxy.set(mode);
      const during = await sessionQuery();
      expect(during.data).toEqual([]);
      expect(during.errors).toHaveLength(1);
      expect(during.errors![0].message).toMatch(
        new RegExp(`^Grafana could not reach the cluster \\(HTTP ${status}\\)`)
      );
      expect(during.errors![0].message).toContain(WHAT_TO_CHECK);

      await proxy.set({ kind: 'pass' });
      expect(await answeredLines()).toEqual(before);
    }
  );
});

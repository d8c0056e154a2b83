import { dateTime, type DataFrame } from '@grafana/data';
import { openReplaySessionIdAt } from '../../src/session/sessionId';
import type { SessionErrorsOptions } from '../../src/types';
import {
  createLogsIndex,
  engineUrl,
  fieldValues,
  openHarness,
  runQueries,
  writeRawDocuments,
  type Harness,
} from './harness';

/**
 * One cluster, several replay tools: OpenReplay ids in message tags, Datadog RUM ids in `session.id`,
 * PostHog ids in `attributes.session.id`. Each line links to the tool its field or tag names, at its
 * moment; an id that fits no tool links nowhere, and the panel says why.
 */

const MINUTE = 60_000;
const NOW = Date.now();
const RANGE = { fromMs: NOW - 3600_000, toMs: NOW + MINUTE };
const INDEX = `logs-replaytools-${NOW}`;

const OR_START = NOW - 30 * MINUTE;
const OR_ID = openReplaySessionIdAt(OR_START, 77);
const DATADOG_ID = '4f1f473a-1624-46e9-84a7-08cd826d0188';
const PH_START = NOW - 20 * MINUTE;
/** A UUIDv7 of PH_START, as posthog-js makes session ids. */
const PH_ID = (() => {
  const hex = PH_START.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7a1b-9c2d-3e4f5a6b7c8d`;
})();
const FARO_ID = 'k3Jh7mNp2Q';

const at = {
  orTag: OR_START + 2 * MINUTE,
  orBare: OR_START + 3 * MINUTE,
  datadog: NOW - 15 * MINUTE,
  postHog: PH_START + 90_000,
  faro: NOW - 10 * MINUTE,
  misfit: NOW - 5 * MINUTE,
};

const DOCS = [
  {
    '@timestamp': new Date(at.orTag).toISOString(),
    message: `[openReplaySession.id=${OR_ID}] Checkout failed`,
    log: { level: 'ERROR' },
  },
  // OpenReplay's own Go logger: the tag bare, at the end.
  {
    '@timestamp': new Date(at.orBare).toISOString(),
    message: `Payment declined openReplaySession.id=${OR_ID}`,
    log: { level: 'ERROR' },
  },
  {
    '@timestamp': new Date(at.datadog).toISOString(),
    message: 'Cart service timeout',
    log: { level: 'ERROR' },
    session: { id: DATADOG_ID },
  },
  {
    '@timestamp': new Date(at.postHog).toISOString(),
    message: 'Search index unavailable',
    log: { level: 'ERROR' },
    attributes: { session: { id: PH_ID } },
  },
  // A Faro logfmt line, with no Frontend Observability tool set up.
  {
    '@timestamp': new Date(at.faro).toISOString(),
    message: `level=error msg="Render failed" session_id=${FARO_ID}`,
    log: { level: 'ERROR' },
  },
  // An id in the Datadog field that is no Datadog id.
  {
    '@timestamp': new Date(at.misfit).toISOString(),
    message: 'Inventory sync failed',
    log: { level: 'ERROR' },
    session: { id: 'user-42' },
  },
];

const SETTINGS: SessionErrorsOptions = {
  indexPattern: INDEX,
  sessionFields: ['session.id', 'attributes.session.id'],
  messageTags: ['openReplaySession.id', 'session_id'],
  leadInSeconds: 5,
  replayTools: [
    { kind: 'openreplay', url: 'https://replay.test', projectId: '9', sources: ['openReplaySession.id'] },
    { kind: 'datadog', site: 'datadoghq.eu', sources: ['session.id'] },
    { kind: 'posthog', url: 'https://eu.posthog.com', projectId: '321', sources: ['attributes.session.id'] },
  ],
};

let harness: Harness;

beforeAll(async () => {
  await createLogsIndex(INDEX, 'keyword', {
    attributes: { properties: { session: { properties: { id: { type: 'keyword' } } } } },
  });
  await writeRawDocuments(
    INDEX,
    DOCS.map((doc) => JSON.stringify(doc))
  );
  harness = await openHarness(SETTINGS);
});
afterAll(async () => {
  await harness?.close();
  await fetch(`${engineUrl()}/${INDEX}`, { method: 'DELETE' });
});

describe('replay links of several tools in one cluster', () => {
  it("links each line to the tool its field or tag names, at the line's moment", async () => {
    const response = await runQueries(harness.ds, [{ queryType: 'logs', mode: 'range' }], RANGE);
    expect(response.errors).toBeUndefined();
    const frame = response.data[0] as DataFrame;
    const bodies = fieldValues(frame, 'body') as string[];
    const urls = fieldValues(frame, 'replay_url');
    const linkOf = (body: string) => urls[bodies.indexOf(body)];
    expect(bodies).toHaveLength(DOCS.length);
    expect(linkOf('Checkout failed')).toBe(`https://replay.test/9/session/${OR_ID}?jumpto=${at.orTag - 5000}`);
    expect(linkOf('Payment declined')).toBe(`https://replay.test/9/session/${OR_ID}?jumpto=${at.orBare - 5000}`);
    expect(linkOf('Cart service timeout')).toBe(
      `https://app.datadoghq.eu/rum/replay/sessions/${DATADOG_ID}?from=${at.datadog - 5000}`
    );
    // 90 s into the PostHog session minus the 5 s lead-in, in whole seconds from the start its id encodes.
    expect(linkOf('Search index unavailable')).toBe(`https://eu.posthog.com/project/321/replay/${PH_ID}?t=85`);
    // No tool takes ids from the Faro tag, and user-42 is no Datadog id: no link, never a broken one.
    expect(linkOf('level=error msg="Render failed"')).toBeNull();
    expect(linkOf('Inventory sync failed')).toBeNull();
    expect(fieldValues(frame, 'session_id')[bodies.indexOf('Inventory sync failed')]).toBe('user-42');
    expect(frame.meta?.notices).toContainEqual({
      severity: 'info',
      text: expect.stringMatching(/^2 lines have a session id without a replay link\. /),
    });
  });

  it('lists the sessions of every session field, each linked by the tool of the field its id came from', async () => {
    const response = await runQueries(harness.ds, [{ queryType: 'sessions' }], RANGE);
    expect(response.errors).toBeUndefined();
    const frame = response.data[0] as DataFrame;
    const ids = fieldValues(frame, 'session_id') as string[];
    const urls = fieldValues(frame, 'replay_url');
    // Latest first; the tag-only sessions (OpenReplay, Faro) have no session field.
    expect(ids).toEqual(['user-42', DATADOG_ID, PH_ID]);
    // PostHog's UUIDv7 would fit Datadog's id shape too: it links by the tool of attributes.session.id.
    expect(urls).toEqual([
      '',
      `https://app.datadoghq.eu/rum/replay/sessions/${DATADOG_ID}?from=${at.datadog - 5000}`,
      `https://eu.posthog.com/project/321/replay/${PH_ID}?t=${(at.postHog - 5000 - PH_START) / 1000}`,
    ]);
  });

  it('counts the sessions of every session field, for alerting and the sessions variable', async () => {
    const count = await runQueries(harness.ds, [{ queryType: 'sessions', sessionsResult: 'count' }], RANGE);
    expect(count.errors).toBeUndefined();
    expect(fieldValues(count.data[0] as DataFrame, 'sessions')).toEqual([3]);
    const range = { from: dateTime(RANGE.fromMs), to: dateTime(RANGE.toMs), raw: { from: '', to: '' } };
    const values = await harness.ds.metricFindQuery('sessions', { range });
    expect(values.map((v) => v.text)).toEqual(['user-42', DATADOG_ID, PH_ID]);
  });

  it('filters a session out of every session field', async () => {
    const out = harness.ds.modifyQuery(
      { refId: 'A', queryType: 'logs', mode: 'range' },
      { type: 'ADD_FILTER_OUT', options: { key: 'session_id', value: PH_ID } }
    );
    const response = await runQueries(harness.ds, [out], RANGE);
    expect(response.errors).toBeUndefined();
    expect(fieldValues(response.data[0] as DataFrame, 'session_id')).not.toContain(PH_ID);
    expect((response.data[0] as DataFrame).length).toBe(DOCS.length - 1);
  });
});

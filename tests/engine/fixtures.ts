import { openReplaySessionIdAt } from '../../src/session/sessionId';
import { connectAdmin } from '../../tools/setup/adminClient';
import type { LogDocument } from '../../tools/setup/demoLogs';
import { DEFAULT_FIELDS, sessionIdPipeline, sessionLogsTemplate } from '../../tools/setup/template';
import { engineUrl } from './harness';

/** Known documents with known answers, written once per test file into a fresh index. */

const MINUTE = 60_000;
export const NOW = Date.now();

export const SESSION_START = {
  asayer: NOW - 50 * MINUTE,
  openreplay: NOW - 40 * MINUTE,
  field: NOW - 30 * MINUTE,
};
export const SESSIONS = {
  asayer: openReplaySessionIdAt(SESSION_START.asayer, 0x111111),
  openreplay: openReplaySessionIdAt(SESSION_START.openreplay, 0x222222),
  field: openReplaySessionIdAt(SESSION_START.field, 0x333333),
};
/** The asayer session's id without its last digit: a prefix that must not match the full id. */
export const PREFIX_SESSION = SESSIONS.asayer.slice(0, -1);

export interface Fixture {
  index: string;
  pattern: string;
  otherIndex: string;
  noiseIndex: string;
}

function line(atMs: number, message: string, level: string, service: string, extra: LogDocument = {}): LogDocument {
  return {
    '@timestamp': new Date(atMs).toISOString(),
    message,
    log: { level },
    service: { name: service },
    host: { name: `${service}-1` },
    ...extra,
  };
}

export function fixtureDocuments(): LogDocument[] {
  const a = SESSION_START.asayer;
  const o = SESSION_START.openreplay;
  const f = SESSION_START.field;
  return [
    line(a + 1 * MINUTE, `[asayer_session_id=${SESSIONS.asayer}] PaymentDeclined: card expired`, 'ERROR', 'payments', {
      error: { type: 'PaymentDeclined', stack_trace: 'PaymentDeclined: card expired\n    at charge (Pay.java:10)' },
    }),
    line(a + 2 * MINUTE, `[asayer_session_id=${SESSIONS.asayer}] PSP latency above 2s`, 'WARN', 'payments'),
    line(a + 3 * MINUTE, `[asayer_session_id=${SESSIONS.asayer}] Retrying charge`, 'INFO', 'checkout'),
    line(o + 1 * MINUTE, `[openReplaySession.id=${SESSIONS.openreplay}] KeyError: 'variant_id'`, 'error', 'catalog'),
    line(o + 2 * MINUTE, `[openReplaySession.id=${SESSIONS.openreplay}] Slow query`, 'warning', 'catalog'),
    line(f + 1 * MINUTE, 'TypeError: shippingAddress undefined', 'Error', 'checkout', {
      session: { id: SESSIONS.field },
    }),
    line(f + 2 * MINUTE, 'token is expired', 'fatal', 'auth', { session: { id: SESSIONS.field } }),
    line(
      a + 4 * MINUTE,
      `[asayer_session_id=${PREFIX_SESSION}] a different session whose id is a prefix`,
      'ERROR',
      'payments'
    ),
    ...noiseDocuments(),
  ];
}

/** Lines without any session id. */
export function noiseDocuments(): LogDocument[] {
  return [
    line(NOW - 10 * MINUTE, 'GET /healthz 200', 'INFO', 'checkout'),
    line(NOW - 9 * MINUTE, 'Cache warmed', 'DEBUG', 'catalog'),
  ];
}

export const FIXTURE_COUNTS = { asayer: 3, openreplay: 2, field: 2, prefix: 1, tagged: 8, untagged: 2 };

/** Creates template, pipeline and indices named after `name`, and writes the fixture documents. */
export async function writeFixture(name: string): Promise<Fixture> {
  const fixture = {
    index: `logs-${name}-main`,
    pattern: `logs-${name}-*`,
    otherIndex: `other-${name}`,
    noiseIndex: `noise-${name}`,
  };
  const admin = await connectAdmin(engineUrl());
  try {
    await admin.putPipeline(sessionIdPipeline(DEFAULT_FIELDS));
    const template = sessionLogsTemplate(fixture.pattern, DEFAULT_FIELDS, { replicas: 0 });
    await admin.putIndexTemplate({ ...template, name: `${template.name}-${name}` });
    await admin.putIndexTemplate({
      ...template,
      name: `${template.name}-${name}-other`,
      index_patterns: [`other-${name}`, `noise-${name}`],
    });
    const write = async (index: string, docs: LogDocument[]) => {
      const { failed, firstError } = await admin.bulkIndex(index, docs);
      if (failed) {
        throw new Error(`fixture write failed: ${firstError}`);
      }
      await admin.refresh(index);
    };
    await write(fixture.index, fixtureDocuments());
    // The same session outside the index pattern: must never show up.
    await write(fixture.otherIndex, [
      line(
        SESSION_START.asayer + 5 * MINUTE,
        `[asayer_session_id=${SESSIONS.asayer}] from another index`,
        'ERROR',
        'payments'
      ),
    ]);
    await write(fixture.noiseIndex, noiseDocuments());
  } finally {
    await admin.close();
  }
  return fixture;
}

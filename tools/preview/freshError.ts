import { openReplaySessionIdAt } from '../../src/session/sessionId';
import { connectAdmin } from '../setup/adminClient';
import { seededRandom } from '../setup/demoLogs';
import { errorFingerprint } from '../setup/errorFingerprint';
import { DEFAULT_FIELDS, sessionLogsTemplate } from '../setup/template';
import { shipLogs } from '../shipper/shipLogs';

/**
 * A new error, just now: the demo data's errors recur over the whole day, so no error group is new in
 * the last 15 minutes and the provisioned "new error group" rule would never fire in the preview.
 * These lines are one error the demo data never has, in a few fresh sessions of the checkout service
 * (which tags its lines with the `session.id` field), shipped as a service's JSON log lines through
 * the project's own shipper (tools/shipper), so that the ingest pipeline fingerprints them as it
 * fingerprints any line.
 */
export const FRESH_ERROR = {
  service: 'checkout',
  host: 'checkout-7d9f-3',
  type: 'InventoryReservationError',
  frames: [
    'at reserveStock (/app/src/inventory/reserve.ts:57:11)',
    'at CheckoutService.placeOrder (/app/src/checkout/service.ts:131:9)',
  ],
};

const freshMessage = (sku: number, ms: number) =>
  `${FRESH_ERROR.type}: Stock reservation failed for SKU ${sku}: warehouse eu-west-2 did not answer within ${ms} ms`;

/** The fingerprint the ingest pipeline gives these lines: the `group` label of their alert instance. */
export function freshErrorFingerprint(): string {
  const message = freshMessage(1, 1);
  return errorFingerprint({ type: FRESH_ERROR.type, message, stack: [message, ...FRESH_ERROR.frames].join('\n') })
    .fingerprint;
}

export interface FreshErrorOptions {
  engineUrl: string;
  /** Where the lines go; created with the setup tool's mappings and pipeline when it does not exist. */
  index: string;
  nowMs: number;
  /** How many sessions hit the error (the provisioned rule fires from 3). */
  sessions?: number;
}

/**
 * The JSON lines the checkout service would log: one to three errors a session, in the 2 minutes
 * before `nowMs`, so that the rule's 15-minute range holds them for 13 minutes.
 */
export function freshErrorLines(options: Pick<FreshErrorOptions, 'nowMs' | 'sessions'>): {
  lines: string[];
  sessionIds: string[];
} {
  const random = seededRandom(Math.floor(options.nowMs / 1000));
  const sessionIds: string[] = [];
  const lines: string[] = [];
  for (let s = 0; s < (options.sessions ?? 4); s++) {
    // Sessions that began 5 to 20 minutes ago, their errors within the last 2 minutes.
    const startMs = options.nowMs - Math.round((5 + random() * 15) * 60_000);
    const id = openReplaySessionIdAt(startMs, Math.floor(random() * 0xffffff));
    sessionIds.push(id);
    for (let e = 0, count = 1 + Math.floor(random() * 3); e < count; e++) {
      const message = freshMessage(100_000 + Math.floor(random() * 900_000), 2000 + Math.floor(random() * 3000));
      lines.push(
        JSON.stringify({
          '@timestamp': new Date(options.nowMs - Math.round(random() * 2 * 60_000)).toISOString(),
          message,
          log: { level: 'ERROR' },
          service: { name: FRESH_ERROR.service },
          host: { name: FRESH_ERROR.host },
          session: { id },
          error: {
            type: FRESH_ERROR.type,
            message: message.slice(FRESH_ERROR.type.length + 2),
            stack_trace: [message, ...FRESH_ERROR.frames.map((f) => `    ${f}`)].join('\n'),
          },
        })
      );
    }
  }
  return { lines, sessionIds };
}

/** Ships the fresh error's lines; searchable when it returns. */
export async function shipFreshError(
  options: FreshErrorOptions
): Promise<{ index: string; lines: number; sessionIds: string[]; fingerprint: string }> {
  const admin = await connectAdmin(options.engineUrl);
  try {
    // The index template's body, for an index the template's pattern may not cover (a test's own).
    const { template } = sessionLogsTemplate(options.index, DEFAULT_FIELDS, { replicas: 0 });
    await admin.ensureIndex(options.index, {
      settings: template!.settings as Record<string, unknown>,
      mappings: template!.mappings!,
    });
  } finally {
    await admin.close();
  }
  const { lines, sessionIds } = freshErrorLines(options);
  const result = await shipLogs({
    url: options.engineUrl,
    index: options.index,
    input: (async function* () {
      yield `${lines.join('\n')}\n`;
    })(),
    refresh: true,
  });
  if (result.failed || result.shipped !== lines.length) {
    throw new Error(`Shipping the fresh error: ${result.shipped} of ${lines.length} lines, ${result.firstError ?? ''}`);
  }
  return { index: options.index, lines: result.shipped, sessionIds, fingerprint: freshErrorFingerprint() };
}

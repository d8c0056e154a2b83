import { openReplaySessionIdAt } from '../../src/session/sessionId';
import { DEFAULT_FIELDS, type LogFields } from './template';

/** How a backend service tags its logs with the session id. */
export type TaggingStyle = 'asayer' | 'openreplay' | 'field';

interface ServiceProfile {
  name: string;
  style: TaggingStyle;
  hosts: string[];
  errors: Array<{ type: string; text: string; frames: string[] }>;
  warnings: string[];
  infos: string[];
}

/** Services as a real product has them: each backend tags in its own style. Messages carry the
 * variable parts real logs have ({order}, {hex}, {ms}, {amount}, {n}; see fillMessage). */
export const DEMO_SERVICES: ServiceProfile[] = [
  {
    name: 'checkout',
    style: 'field',
    hosts: ['checkout-7d9f-1', 'checkout-7d9f-2'],
    errors: [
      {
        type: 'PaymentDeclinedError',
        text: 'Payment declined by issuer for order {order}: insufficient funds ({amount} EUR)',
        frames: [
          'at chargeCard (/app/src/payments/charge.ts:88:13)',
          'at CheckoutService.placeOrder (/app/src/checkout/service.ts:142:7)',
        ],
      },
      {
        type: 'TypeError',
        text: "Cannot read properties of undefined (reading 'shippingAddress') in cart {hex}",
        frames: [
          'at buildShipment (/app/src/checkout/shipment.ts:31:22)',
          'at CheckoutService.placeOrder (/app/src/checkout/service.ts:120:5)',
        ],
      },
    ],
    warnings: [
      'Cart {hex} total recalculated: price changed during checkout ({amount} EUR)',
      'Coupon {hex} expired, ignored',
    ],
    infos: ['Order {order} placed ({n} items, {amount} EUR)', 'Cart {hex} loaded in {ms} ms'],
  },
  {
    name: 'payments',
    style: 'asayer',
    hosts: ['payments-01', 'payments-02'],
    errors: [
      {
        type: 'java.net.SocketTimeoutException',
        text: 'Read timed out after {ms} ms calling https://psp.example/v2/charges/{hex}',
        frames: [
          'at java.base/java.net.SocketInputStream.read(SocketInputStream.java:183)',
          'at com.acme.payments.PspClient.charge(PspClient.java:212)',
        ],
      },
      {
        type: 'com.acme.payments.FraudCheckException',
        text: 'Fraud score 0.{n} above threshold 0.9 for order {order}',
        frames: [
          'at com.acme.payments.FraudGate.check(FraudGate.java:64)',
          'at com.acme.payments.ChargeHandler.handle(ChargeHandler.java:51)',
        ],
      },
    ],
    warnings: ['PSP latency {ms} ms for charge ch_{hex}', 'Retrying charge ch_{hex} (attempt 2 of 3)'],
    infos: ['Charge ch_{hex} authorised ({amount} EUR)', 'Refund re_{hex} queued'],
  },
  {
    name: 'catalog',
    style: 'openreplay',
    hosts: ['catalog-a', 'catalog-b'],
    errors: [
      {
        type: 'KeyError',
        text: "KeyError: 'variant_id' for product {order}",
        frames: [
          'File "/srv/catalog/views.py", line 212, in product_detail',
          'File "/srv/catalog/pricing.py", line 48, in price_for',
        ],
      },
      {
        type: 'OperationalError',
        text: 'psycopg2.OperationalError: server closed the connection unexpectedly (query {hex})',
        frames: ['File "/srv/catalog/db.py", line 77, in fetch', 'File "/srv/catalog/views.py", line 98, in search'],
      },
    ],
    warnings: ['Slow query: {ms} ms on products_by_category', 'Image CDN returned 404 for sku {order}'],
    infos: ['Product {order} page rendered in {ms} ms', 'Category {n} listed'],
  },
  {
    name: 'auth',
    style: 'field',
    hosts: ['auth-0', 'auth-1'],
    errors: [
      {
        type: 'jwt.ErrTokenExpired',
        text: 'token {hex} is expired by {ms}ms',
        frames: ['auth/middleware.go:57 (*Verifier).Verify', 'auth/handler.go:33 Session'],
      },
    ],
    warnings: ['Refresh token reused from a new device {hex}', 'Rate limit close for user {order}'],
    infos: ['Session refreshed for user {order}', 'Login succeeded for user {order}'],
  },
  {
    name: 'search',
    style: 'openreplay',
    hosts: ['search-0'],
    errors: [
      {
        type: 'TimeoutError',
        text: 'Search backend timed out after {ms} ms for query {hex}',
        frames: ['File "/srv/search/client.py", line 41, in query', 'File "/srv/search/api.py", line 19, in search'],
      },
    ],
    warnings: ['Query {hex} rewritten: too many clauses'],
    infos: ['Search {hex} served in {ms} ms'],
  },
  {
    name: 'notifications',
    style: 'asayer',
    hosts: ['notify-01'],
    errors: [
      {
        type: 'javax.mail.MessagingException',
        text: 'Could not connect to SMTP host: smtp.example, port: 587 (message {hex})',
        frames: [
          'at com.acme.notify.Mailer.send(Mailer.java:90)',
          'at com.acme.notify.OrderMails.confirmation(OrderMails.java:33)',
        ],
      },
    ],
    warnings: ['Push provider throttled, delaying {n}s'],
    infos: ['Email {hex} queued'],
  },
];

const NOISE = [
  'GET /healthz 200 in {ms} ms',
  'Cache warmed: {n} keys',
  'Scheduled job {hex} finished in {ms} ms',
  'Connection pool resized to {n}',
  'Config reloaded ({hex})',
];

/** `digits` random hex digits; each draw gives 24 bits, as mulberry32 has 32 bits of entropy. */
export function randomHex(random: () => number, digits: number): string {
  let hex = '';
  while (hex.length < digits) {
    hex += Math.floor(random() * 0x1000000)
      .toString(16)
      .padStart(6, '0');
  }
  return hex.slice(0, digits);
}

/** mulberry32: a small, fast, seeded generator, so demo data is the same for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoSession {
  id: string;
  startMs: number;
  durationMs: number;
  services: ServiceProfile[];
}

export interface DemoOptions {
  lines: number;
  endMs: number;
  spanMs?: number;
  seed?: number;
  /** Share of lines that carry a session id; the rest is untagged noise. */
  taggedShare?: number;
  fields?: LogFields;
}

export type LogDocument = Record<string, unknown>;

/** What Filebeat or Elastic Agent add to every line on Kubernetes: real documents carry this much metadata. */
function shipperMetadata(service: ServiceProfile, host: string, random: () => number): LogDocument {
  return {
    agent: {
      type: 'filebeat',
      version: '8.15.2',
      name: host,
      id: `a1f3c2d4-${service.name}`,
      ephemeral_id: `e7${Math.floor(random() * 1e9).toString(16)}`,
    },
    ecs: { version: '8.11.0' },
    input: { type: 'container' },
    log: {
      file: { path: `/var/log/containers/${host}_prod_${service.name}-${Math.floor(random() * 1e6).toString(16)}.log` },
      offset: Math.floor(random() * 1e9),
    },
    container: {
      id: randomHex(random, 13),
      runtime: 'containerd',
      image: { name: `registry.acme.io/${service.name}:2026.11.3` },
    },
    kubernetes: {
      namespace: 'prod',
      pod: {
        name: `${host}-${Math.floor(random() * 1e5).toString(36)}`,
        uid: `9c1d${Math.floor(random() * 1e9).toString(16)}`,
      },
      node: {
        name: `ip-10-0-${1 + Math.floor(random() * 3)}-${10 + Math.floor(random() * 200)}.eu-west-1.compute.internal`,
      },
      labels: { app: service.name, team: 'web', 'pod-template-hash': '7d9f6c8b5' },
    },
    cloud: {
      provider: 'aws',
      region: 'eu-west-1',
      availability_zone: `eu-west-1${['a', 'b', 'c'][Math.floor(random() * 3)]}`,
    },
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/**
 * Fills the variable parts real log messages carry (order numbers, request ids, durations,
 * amounts): they give the message field the many distinct words that real logs have.
 */
export function fillMessage(template: string, random: () => number): string {
  return template.replace(/\{(order|hex|ms|amount|n)\}/g, (_whole, kind: string) => {
    switch (kind) {
      case 'order':
        return String(1_000_000 + Math.floor(random() * 9_000_000));
      case 'hex':
        return randomHex(random, 12);
      case 'ms':
        return String(20 + Math.floor(random() * 9000));
      case 'amount':
        return (5 + random() * 500).toFixed(2);
      default:
        return String(1 + Math.floor(random() * 99));
    }
  });
}

/** Puts a value at a dotted path of a document, creating the object levels on the way. */
export function setDocumentPath(doc: LogDocument, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let level = doc;
  for (const part of parts.slice(0, -1)) {
    level = (level[part] ??= {}) as LogDocument;
  }
  level[parts[parts.length - 1]] = value;
}

export function demoSessions(options: DemoOptions): DemoSession[] {
  const random = seededRandom((options.seed ?? 1) * 7919);
  const span = options.spanMs ?? 24 * 3600_000;
  const count = Math.max(5, Math.round(options.lines / 25));
  const sessions: DemoSession[] = [];
  for (let i = 0; i < count; i++) {
    const durationMs = Math.round((2 + random() * 38) * 60_000);
    const startMs = Math.round(options.endMs - span + random() * (span - durationMs));
    const first = Math.floor(random() * DEMO_SERVICES.length);
    const services = [DEMO_SERVICES[first]];
    if (random() < 0.5) {
      services.push(
        DEMO_SERVICES[(first + 1 + Math.floor(random() * (DEMO_SERVICES.length - 1))) % DEMO_SERVICES.length]
      );
    }
    sessions.push({
      id: openReplaySessionIdAt(startMs, Math.floor(random() * 0xffffff)),
      startMs,
      durationMs,
      services,
    });
  }
  return sessions;
}

/**
 * Realistic backend logs: several services, many sessions over the span, errors and warnings with
 * stack traces, the three tagging styles, ids whose encoded start matches the log times, and
 * untagged noise. A generator, so millions of lines never sit in memory at once.
 */
export function* generateDemoLogs(options: DemoOptions, sessions = demoSessions(options)): Generator<LogDocument> {
  const fields = options.fields ?? DEFAULT_FIELDS;
  const random = seededRandom(options.seed ?? 1);
  const span = options.spanMs ?? 24 * 3600_000;
  const taggedShare = options.taggedShare ?? 0.6;
  for (let i = 0; i < options.lines; i++) {
    let doc: LogDocument;
    if (random() < taggedShare) {
      const session = pick(random, sessions);
      const service = pick(random, session.services);
      const host = pick(random, service.hosts);
      doc = shipperMetadata(service, host, random);
      const timeMs = session.startMs + Math.round(random() * session.durationMs);
      const roll = random();
      // About 1 error in 20 is fatal: a crash that takes the request down.
      const level = roll < 0.02 ? 'FATAL' : roll < 0.45 ? 'ERROR' : roll < 0.8 ? 'WARN' : 'INFO';
      let text: string;
      if (level === 'ERROR' || level === 'FATAL') {
        const error = pick(random, service.errors);
        const errorText = fillMessage(error.text, random);
        text = `${error.type}: ${errorText}`;
        setDocumentPath(doc, 'error.type', error.type);
        setDocumentPath(doc, 'error.message', errorText);
        setDocumentPath(doc, 'error.stack_trace', [text, ...error.frames.map((f) => `    ${f}`)].join('\n'));
      } else {
        text = fillMessage(pick(random, level === 'WARN' ? service.warnings : service.infos), random);
      }
      if (service.style === 'asayer') {
        text = `[asayer_session_id=${session.id}] ${text}`;
      } else if (service.style === 'openreplay') {
        text = `[openReplaySession.id=${session.id}] ${text}`;
      } else {
        setDocumentPath(doc, fields.session, session.id);
      }
      setDocumentPath(doc, fields.time, new Date(timeMs).toISOString());
      setDocumentPath(doc, fields.message, text);
      setDocumentPath(doc, fields.level, level);
      setDocumentPath(doc, fields.service, service.name);
      setDocumentPath(doc, fields.host, host);
      setDocumentPath(doc, 'trace.id', randomHex(random, 16));
      setDocumentPath(doc, 'http.request.method', pick(random, ['GET', 'POST', 'POST', 'PUT']));
      setDocumentPath(
        doc,
        'url.path',
        `/api/${service.name}/${pick(random, ['v1', 'v2'])}/${pick(random, ['orders', 'items', 'session', 'search'])}`
      );
    } else {
      const service = pick(random, DEMO_SERVICES);
      const host = pick(random, service.hosts);
      doc = shipperMetadata(service, host, random);
      setDocumentPath(doc, fields.time, new Date(Math.round(options.endMs - random() * span)).toISOString());
      setDocumentPath(doc, fields.message, fillMessage(pick(random, NOISE), random));
      setDocumentPath(doc, fields.level, random() < 0.8 ? 'INFO' : 'DEBUG');
      setDocumentPath(doc, fields.service, service.name);
      setDocumentPath(doc, fields.host, host);
    }
    yield doc;
  }
}

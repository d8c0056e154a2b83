/** The shipper's counters, and the lines it writes about them on stderr. Pure formatting. */

export interface ShipCounters {
  /** Events read from the input. */
  read: number;
  /** Events the cluster confirmed. */
  shipped: number;
  /** Events the cluster refused for good (a mapping conflict, a failing pipeline). */
  refused: number;
  /** Events dropped because the buffer was full (--when-full drop). */
  dropped: number;
  /** Events read but given up on: the cluster stayed unreachable past --max-retry-time or the drain deadline, or refused every request. */
  unsent: number;
  /** Events read and not yet settled (queued or in flight). */
  buffered: number;
  bufferedBytes: number;
  /** Retried requests. */
  retries: number;
}

export interface NotShippedReasons {
  /** The first refusal, as the cluster gave it. */
  firstRefusal?: string;
  /** Why events were given up on. */
  unsentReason?: string;
}

export function emptyCounters(): ShipCounters {
  return { read: 0, shipped: 0, refused: 0, dropped: 0, unsent: 0, buffered: 0, bufferedBytes: 0, retries: 0 };
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${bytes} B`;
}

/** The periodic status line (--status-interval). */
export function statusLine(c: ShipCounters, outage?: string): string {
  return (
    `status: shipped ${c.shipped}, buffered ${c.buffered} (${size(c.bufferedBytes)}), retries ${c.retries}, ` +
    `dropped ${c.dropped}, refused ${c.refused}, unsent ${c.unsent}${outage ? `; cluster unreachable: ${outage}` : ''}`
  );
}

/** Events read and not shipped: refused, dropped and given up on. */
export function notShipped(c: ShipCounters): number {
  return c.refused + c.dropped + c.unsent;
}

/**
 * The one line the shipper ends with: how many events were shipped and, when not all were, how many
 * were not and why.
 */
export function summaryLine(index: string, c: ShipCounters, reasons: NotShippedReasons): string {
  const head = `Shipped ${c.shipped} of ${c.read} events to ${index}`;
  const missing = notShipped(c);
  if (!missing) {
    return head;
  }
  const parts = [
    c.refused ? `${c.refused} refused by the cluster (first: ${reasons.firstRefusal ?? 'no reason given'})` : '',
    c.dropped ? `${c.dropped} dropped because the buffer was full (--when-full drop)` : '',
    c.unsent ? `${c.unsent} unsent: ${reasons.unsentReason ?? 'given up'}` : '',
  ].filter(Boolean);
  return `${head}; ${missing} NOT shipped: ${parts.join('; ')}`;
}

/**
 * When to say what: a line when the cluster starts failing and when it answers again, and the
 * status line on every tick of --status-interval. Returns the lines to write; writes nothing itself.
 */
export class StatusReporter {
  private outage: string | undefined;
  private outageSince = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The counters changed; `outage` is the reason the cluster is failing, or undefined when it answers. */
  update(c: Readonly<ShipCounters>, outage: string | undefined): string[] {
    const lines: string[] = [];
    if (outage && !this.outage) {
      this.outageSince = this.now();
      lines.push(`cluster failing (${outage}): retrying with backoff, reading on into the buffer`);
    } else if (!outage && this.outage) {
      const seconds = ((this.now() - this.outageSince) / 1000).toFixed(1);
      lines.push(`cluster answering again after ${seconds} s: ${statusLine(c)}`);
    }
    this.outage = outage;
    return lines;
  }

  tick(c: Readonly<ShipCounters>): string {
    return statusLine(c, this.outage);
  }
}

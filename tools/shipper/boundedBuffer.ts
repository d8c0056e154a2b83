/**
 * The shipper's bounded buffer: lines read and not yet confirmed by the cluster, counted in bytes.
 * A batch taken out still counts against the bound until it is released (shipped or given up), so
 * that the bound is what the shipper holds in memory, in flight included.
 */

export interface BufferedItem<T> {
  item: T;
  bytes: number;
}

export class BoundedBuffer<T> {
  private readonly queue: Array<BufferedItem<T>> = [];
  private queuedBytes = 0;
  private heldBytes = 0;
  private oldestAt = 0;
  private ended = false;
  /** Readers waiting for room: a batch goes out at once rather than after its linger. */
  private starved = 0;
  private wakers: Array<() => void> = [];

  constructor(
    readonly capacityBytes: number,
    private readonly now: () => number = Date.now
  ) {}

  /** Bytes held: queued and taken but not yet released. */
  get bytes(): number {
    return this.queuedBytes + this.heldBytes;
  }

  /** Items queued, not yet taken. */
  get queued(): number {
    return this.queue.length;
  }

  /** Whether an item of this size fits now. An empty buffer takes any item, so that a huge line never blocks forever. */
  fits(bytes: number): boolean {
    return this.bytes === 0 || this.bytes + bytes <= this.capacityBytes;
  }

  push(item: T, bytes: number): void {
    if (this.ended) {
      throw new Error('push after end');
    }
    if (!this.queue.length) {
      this.oldestAt = this.now();
    }
    this.queue.push({ item, bytes });
    this.queuedBytes += bytes;
    this.wake();
  }

  /** No more items will come: a pending nextBatch returns what is queued at once. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Resolves once an item of this size fits, or the buffer has ended. */
  async waitForRoom(bytes: number): Promise<void> {
    this.starved++;
    this.wake();
    try {
      while (!this.ended && !this.fits(bytes)) {
        await this.changed();
      }
    } finally {
      this.starved--;
    }
  }

  /**
   * The next batch, taken from the head: up to `maxBytes` (at least one item), once the queue holds
   * `maxBytes`, or its oldest item has waited `lingerMs`, or a reader waits for room, or the buffer
   * has ended. Undefined when
   * the buffer has ended and nothing is queued.
   */
  async nextBatch(maxBytes: number, lingerMs: number): Promise<Array<BufferedItem<T>> | undefined> {
    for (;;) {
      if (this.queue.length && (this.ended || this.starved > 0 || this.queuedBytes >= maxBytes)) {
        return this.take(maxBytes);
      }
      if (!this.queue.length && this.ended) {
        return undefined;
      }
      if (!this.queue.length) {
        await this.changed();
        continue;
      }
      const waitMs = this.oldestAt + lingerMs - this.now();
      if (waitMs <= 0) {
        return this.take(maxBytes);
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.changed(), new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
      clearTimeout(timer);
    }
  }

  /** A batch taken by nextBatch is done with (shipped, refused or given up): its bytes make room. */
  release(bytes: number): void {
    this.heldBytes -= bytes;
    this.wake();
  }

  /** Everything still queued, taken out (what is left when the shipper gives up). */
  drainAll(): Array<BufferedItem<T>> {
    const all = this.queue.splice(0);
    this.queuedBytes = 0;
    this.wake();
    return all;
  }

  private take(maxBytes: number): Array<BufferedItem<T>> {
    let count = 0;
    let bytes = 0;
    while (count < this.queue.length && (count === 0 || bytes + this.queue[count].bytes <= maxBytes)) {
      bytes += this.queue[count].bytes;
      count++;
    }
    const batch = this.queue.splice(0, count);
    this.queuedBytes -= bytes;
    this.heldBytes += bytes;
    // The new head has waited since it was pushed, but no longer than the batch just taken: restart its clock.
    this.oldestAt = this.now();
    return batch;
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  private wake() {
    const wakers = this.wakers;
    this.wakers = [];
    wakers.forEach((w) => w());
  }
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

/** `33554432`, `512k`, `32mb`, `1g` (binary units). */
export function parseBytes(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = match ? SIZE_UNITS[match[2].toLowerCase().replace(/ib$/, 'b')] : undefined;
  if (!match || unit === undefined || Number(match[1]) * unit < 1) {
    throw new RangeError('a size in bytes, e.g. 33554432, 512kb or 32mb');
  }
  return Math.floor(Number(match[1]) * unit);
}

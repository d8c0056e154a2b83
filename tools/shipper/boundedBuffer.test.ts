import { BoundedBuffer, parseBytes } from './boundedBuffer';

describe('BoundedBuffer', () => {
  it('counts taken batches against the bound until they are released', async () => {
    const buffer = new BoundedBuffer<string>(10);
    buffer.push('a', 4);
    buffer.push('b', 4);
    expect(buffer.fits(2)).toBe(true);
    expect(buffer.fits(3)).toBe(false);
    buffer.end();
    const batch = await buffer.nextBatch(100, 1_000);
    expect(batch?.map((b) => b.item)).toEqual(['a', 'b']);
    expect(buffer.bytes).toBe(8);
    expect(buffer.fits(3)).toBe(false);
    buffer.release(8);
    expect(buffer.bytes).toBe(0);
    expect(await buffer.nextBatch(100, 1_000)).toBeUndefined();
  });

  it('takes any item when empty, so that a line larger than the bound never blocks for ever', () => {
    const buffer = new BoundedBuffer<string>(10);
    expect(buffer.fits(50)).toBe(true);
    buffer.push('huge', 50);
    expect(buffer.fits(1)).toBe(false);
  });

  it('wakes a reader waiting for room when a batch is released', async () => {
    const buffer = new BoundedBuffer<string>(10);
    buffer.push('a', 8);
    let roomAt = 0;
    const waiting = buffer.waitForRoom(5).then(() => (roomAt = buffer.bytes));
    const batch = await buffer.nextBatch(8, 1_000);
    await Promise.resolve();
    expect(roomAt).toBe(0); // taken, not released: still no room
    buffer.release(batch!.reduce((n, b) => n + b.bytes, 0));
    await waiting;
    expect(roomAt).toBe(0);
    expect(buffer.fits(5)).toBe(true);
  });

  it('sends a batch when it holds maxBytes, at once, or when its oldest item has waited lingerMs', async () => {
    let now = 1_000;
    const buffer = new BoundedBuffer<string>(1_000, () => now);
    buffer.push('a', 6);
    buffer.push('b', 6);
    buffer.push('c', 6);
    // Full batches: at most maxBytes, whole items, at least one.
    expect((await buffer.nextBatch(12, 60_000))?.map((b) => b.item)).toEqual(['a', 'b']);
    const lingering = buffer.nextBatch(12, 50);
    now += 50;
    expect((await lingering)?.map((b) => b.item)).toEqual(['c']);
    buffer.push('d', 20);
    expect((await buffer.nextBatch(12, 60_000))?.map((b) => b.item)).toEqual(['d']);
  });

  it('gives a waiting batch what is queued when the input ends', async () => {
    const buffer = new BoundedBuffer<string>(100);
    buffer.push('a', 1);
    const pending = buffer.nextBatch(50, 60_000);
    buffer.end();
    expect((await pending)?.map((b) => b.item)).toEqual(['a']);
  });
});

describe('parseBytes', () => {
  it('reads plain bytes and binary units', () => {
    expect(parseBytes('33554432')).toBe(33554432);
    expect(parseBytes('512k')).toBe(512 * 1024);
    expect(parseBytes('32mb')).toBe(32 * 1024 * 1024);
    expect(parseBytes('32MiB')).toBe(32 * 1024 * 1024);
    expect(parseBytes('1.5g')).toBe(1.5 * 1024 ** 3);
  });

  it('refuses what is not a size', () => {
    for (const bad of ['', 'lots', '-1', '0', '12 parsecs']) {
      expect(() => parseBytes(bad)).toThrow('a size in bytes');
    }
  });
});

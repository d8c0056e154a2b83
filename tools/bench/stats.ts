/** Percentile of already collected samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) {
    return NaN;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/**
 * Times several functions in alternation, `rounds` times each, and returns each one's median ms:
 * interleaving gives them the same garbage-collection and CPU conditions on a busy machine.
 */
export function interleavedMedians(fns: Array<() => void>, rounds = 200): number[] {
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      fn();
      samples[i].push(performance.now() - t0);
    });
  }
  return samples.map(median);
}

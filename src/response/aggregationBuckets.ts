/** The buckets of an aggregation, whether the engine answered them as a list or keyed. */
export function bucketsOf<T>(agg: { buckets?: unknown } | undefined): T[] {
  const buckets = agg?.buckets;
  return Array.isArray(buckets)
    ? (buckets as T[])
    : buckets && typeof buckets === 'object'
      ? (Object.values(buckets) as T[])
      : [];
}

/** The keys of a terms aggregation as one cell of text: "checkout, payments". */
export function bucketKeysText(agg: { buckets?: unknown } | undefined): string {
  return bucketsOf<{ key: unknown }>(agg)
    .map((b) => String(b.key))
    .join(', ');
}

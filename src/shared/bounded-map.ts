/**
 * A Map that keeps at most `limit` entries, forgetting the oldest-inserted first: for caches and "recently
 * seen" sets that must not grow with the number of citizens.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly limit: number) {
    super();
  }

  /** Adds or replaces an entry; when full, the oldest entry makes room. */
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

/**
 * A Map of at most `capacity` entries, for what a process keeps in memory: one entry more evicts the
 * oldest, the one set longest ago (setting a key again makes it the newest, so reads that set again
 * evict the least recently used).
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    /** Told of each entry evicted to make room (not of those deleted or cleared). */
    private readonly onEvict: (key: K, value: V) => void = () => undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets `key` as the newest entry, then evicts the oldest while there are more than `capacity`. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    // A read that sets its entry again evicts nothing: no iterator for it (the cached link read's hot path).
    if (this.entries.size <= this.capacity) return;
    for (const [oldest, evicted] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
      this.onEvict(oldest, evicted);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

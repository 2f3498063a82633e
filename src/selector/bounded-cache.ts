/**
 * A least-recently-used map with a fixed number of entries (Map keeps insertion order, so the
 * first key is the least recently used once hits re-insert).
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  /** Holds at most `capacity` entries; older ones are evicted first. */
  constructor(readonly capacity: number) {}

  /** The cached value, refreshed as most recently used, or undefined. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
  }
}

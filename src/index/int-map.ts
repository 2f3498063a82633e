/**
 * A hash map from 32-bit integer keys (IPv4 addresses) to values, for the address index: open
 * addressing with linear probing over an Int32Array of keys and a parallel array of values, and
 * backward-shift deletion (no tombstones). About 20 B per entry at its typical load, where a Map
 * costs ~37 B; at 100k pods that is ~1.7 MB less.
 */

const MIN_CAPACITY = 8;
// Grow past this load (entries / capacity); linear probing stays short below it.
const MAX_LOAD = 0.8;
// Fibonacci hashing: consecutive addresses (a pod CIDR) spread over the whole table.
const GOLDEN = 0x9e3779b1 | 0;

/** Map<int32, V> in a compact open-addressed table. Values must not be undefined. */
export class IntMap<V> {
  #keys = new Int32Array(MIN_CAPACITY);
  #values: (V | undefined)[] = new Array<V | undefined>(MIN_CAPACITY).fill(undefined);
  #shift = 32 - 3;
  #size = 0;

  /** Number of entries. */
  get size(): number {
    return this.#size;
  }

  /** The value for `key`, or undefined. */
  get(key: number): V | undefined {
    const keys = this.#keys;
    const values = this.#values;
    const mask = keys.length - 1;
    for (let i = this.#slot(key); ; i = (i + 1) & mask) {
      const value = values[i];
      if (value === undefined) return undefined;
      if (keys[i] === (key | 0)) return value;
    }
  }

  /** Sets `key` to `value` (not undefined). */
  set(key: number, value: V): void {
    const keys = this.#keys;
    const values = this.#values;
    const mask = keys.length - 1;
    for (let i = this.#slot(key); ; i = (i + 1) & mask) {
      if (values[i] === undefined) {
        keys[i] = key;
        values[i] = value;
        if (++this.#size > keys.length * MAX_LOAD) this.#resize(keys.length * 2);
        return;
      }
      if (keys[i] === (key | 0)) {
        values[i] = value;
        return;
      }
    }
  }

  /** Removes `key`; true when it was present. */
  delete(key: number): boolean {
    const keys = this.#keys;
    const values = this.#values;
    const mask = keys.length - 1;
    let i = this.#slot(key);
    for (; ; i = (i + 1) & mask) {
      if (values[i] === undefined) return false;
      if (keys[i] === (key | 0)) break;
    }
    // Backward-shift: move later entries of the probe run into the hole when their home slot
    // does not lie cyclically in (hole, j], so every entry stays reachable from its home.
    let hole = i;
    for (let j = (hole + 1) & mask; values[j] !== undefined; j = (j + 1) & mask) {
      const home = this.#slot(keys[j]!);
      const reachable = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (reachable) continue;
      keys[hole] = keys[j]!;
      values[hole] = values[j];
      hole = j;
    }
    values[hole] = undefined;
    this.#size--;
    if (keys.length > MIN_CAPACITY && this.#size < keys.length * MAX_LOAD * 0.25) {
      this.#resize(keys.length / 2);
    }
    return true;
  }

  /** Calls `visit` for every entry, in no particular order. */
  forEach(visit: (value: V, key: number) => void): void {
    const keys = this.#keys;
    const values = this.#values;
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      if (value !== undefined) visit(value, keys[i]!);
    }
  }

  #slot(key: number): number {
    return Math.imul(key, GOLDEN) >>> this.#shift;
  }

  #resize(capacity: number): void {
    const oldKeys = this.#keys;
    const oldValues = this.#values;
    this.#keys = new Int32Array(capacity);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#shift = 32 - Math.log2(capacity);
    this.#size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const value = oldValues[i];
      if (value !== undefined) this.set(oldKeys[i]!, value);
    }
  }
}

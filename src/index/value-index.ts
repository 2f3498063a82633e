/**
 * Felix's LabelNameValueIndex shape: label → value → set of items, with per-label item counts,
 * so a selector's label restriction can be turned into a candidate set and its size estimated
 * before any item is scanned. A value carried by a single item (a pod-template-hash, an app
 * name) stores the item itself rather than a one-element Set, ~100 B less per such value.
 */

interface LabelEntry<T> {
  /** Items carrying the label, whatever the value. */
  count: number;
  readonly values: Map<string, T | Set<T>>;
}

const EMPTY: ReadonlySet<never> = new Set();

/** label → value → items. T must not itself be a Set. */
export class ValueIndex<T extends object> {
  readonly #labels = new Map<string, LabelEntry<T>>();

  /**
   * Files `item` under (label, value), returning an item already filed there (undefined when
   * none), so the caller can share that item's copy of the strings without a second lookup.
   */
  add(label: string, value: string, item: T): T | undefined {
    let entry = this.#labels.get(label);
    if (entry === undefined) {
      entry = { count: 0, values: new Map() };
      this.#labels.set(label, entry);
    }
    const slot = entry.values.get(value);
    let other: T | undefined;
    if (slot === undefined) {
      entry.values.set(value, item);
    } else if (slot instanceof Set) {
      other = slot.values().next().value;
      // One hash probe instead of has() then add(): a large Set's probe is a cache miss.
      const before = slot.size;
      if (slot.add(item).size === before) return other;
    } else {
      if (slot === item) return undefined;
      other = slot;
      entry.values.set(value, new Set([slot, item]));
    }
    entry.count++;
    return other;
  }

  /** Removes `item` from (label, value) (no-op when absent). */
  remove(label: string, value: string, item: T): void {
    const entry = this.#labels.get(label);
    const slot = entry?.values.get(value);
    if (entry === undefined || slot === undefined) return;
    if (slot instanceof Set) {
      if (!slot.delete(item)) return;
      if (slot.size === 1) entry.values.set(value, slot.values().next().value!);
    } else {
      if (slot !== item) return;
      entry.values.delete(value);
    }
    entry.count--;
    if (entry.values.size === 0) this.#labels.delete(label);
  }

  /** Items with label = value (a live view; do not mutate). */
  itemsWith(label: string, value: string): ReadonlySet<T> | readonly T[] {
    const slot = this.#labels.get(label)?.values.get(value);
    return slot === undefined ? EMPTY : slot instanceof Set ? slot : [slot];
  }

  /** How many items carry (label, value). */
  countWith(label: string, value: string): number {
    const slot = this.#labels.get(label)?.values.get(value);
    return slot === undefined ? 0 : slot instanceof Set ? slot.size : 1;
  }

  /** How many items carry the label with any value. */
  countWithLabel(label: string): number {
    return this.#labels.get(label)?.count ?? 0;
  }

  /** Calls `visit` for every item carrying the label, whatever the value. */
  forEachWithLabel(label: string, visit: (item: T) => void): void {
    const entry = this.#labels.get(label);
    if (entry === undefined) return;
    for (const slot of entry.values.values()) {
      if (slot instanceof Set) for (const item of slot) visit(item);
      else visit(slot);
    }
  }

  /** Per value of the label: how many items carry it and up to `limit` of them (for estimates). */
  forEachValueGroup(label: string, visit: (size: number, sample: Iterable<T>) => void): void {
    const entry = this.#labels.get(label);
    if (entry === undefined) return;
    for (const slot of entry.values.values()) {
      if (slot instanceof Set) visit(slot.size, slot);
      else visit(1, [slot]);
    }
  }
}

/**
 * Felix's LabelNameValueIndex shape: label → value → set of items, with per-label item counts,
 * so a selector's label restriction can be turned into a candidate set and its size estimated
 * before any item is scanned.
 */

interface LabelEntry<T> {
  /** Items carrying the label, whatever the value. */
  count: number;
  readonly values: Map<string, Set<T>>;
}

/** label → value → items. */
export class ValueIndex<T> {
  readonly #labels = new Map<string, LabelEntry<T>>();

  /** Files `item` under (label, value). */
  add(label: string, value: string, item: T): void {
    let entry = this.#labels.get(label);
    if (entry === undefined) {
      entry = { count: 0, values: new Map() };
      this.#labels.set(label, entry);
    }
    let items = entry.values.get(value);
    if (items === undefined) {
      items = new Set();
      entry.values.set(value, items);
    }
    if (!items.has(item)) {
      items.add(item);
      entry.count++;
    }
  }

  /** Removes `item` from (label, value) (no-op when absent). */
  remove(label: string, value: string, item: T): void {
    const entry = this.#labels.get(label);
    const items = entry?.values.get(value);
    if (entry === undefined || items === undefined || !items.delete(item)) return;
    entry.count--;
    if (items.size === 0) entry.values.delete(value);
    if (entry.values.size === 0) this.#labels.delete(label);
  }

  /** Items with label = value (a live view; do not mutate). */
  itemsWith(label: string, value: string): ReadonlySet<T> | undefined {
    return this.#labels.get(label)?.values.get(value);
  }

  /** How many items carry the label with any value. */
  countWithLabel(label: string): number {
    return this.#labels.get(label)?.count ?? 0;
  }

  /** Each value set for a label (a live view). */
  valueSets(label: string): Iterable<ReadonlySet<T>> {
    return this.#labels.get(label)?.values.values() ?? [];
  }
}

/**
 * Felix's LabelNameValueIndex shape: label → value → set of items, with per-label item counts,
 * so a selector's label restriction can be turned into a candidate set and its size estimated
 * before any item is scanned.
 *
 * Each (label, value) group is stored in the smallest form for its size. A value carried by one
 * item (a pod-template-hash, an app name) stores the item itself; a few items (a namespace's
 * Deployments) an exact-size array; many items a Set. When items have small integer serials
 * (the `serials` option), a group covering a good share of them (`orchestrator=k8s`,
 * `tier=backend`) is a bitset over serials instead: 1 bit per serial in use rather than the
 * ~30 B a Set spends per member.
 */
import { appended, removedAt } from "./small-array.js";

/** How a ValueIndex maps items to small non-negative integers and back. */
export interface Serials<T> {
  /** The item's serial (unique among live items, reused after release). */
  readonly serialOf: (item: T) => number;
  /** The live item with this serial. */
  readonly itemAt: (serial: number) => T;
  /** One more than the largest serial handed out so far. */
  readonly bound: () => number;
}

// Arrays up to this size (a linear scan to remove is cheaper than a Set's ~30 B per member).
const SMALL = 32;
// A Set member costs about this many bytes; a bitset costs bound / 8 whatever its size.
const SET_BYTES_PER_ITEM = 24;

/** A bitset over item serials, with its population count. */
class Bits {
  count = 0;
  words: Uint32Array;

  constructor(bound: number) {
    this.words = new Uint32Array(Math.max(1, (bound + 31) >>> 5));
  }

  /** Sets the bit; false when it was already set. */
  add(serial: number): boolean {
    const word = serial >>> 5;
    if (word >= this.words.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    const bit = 1 << (serial & 31);
    if ((this.words[word]! & bit) !== 0) return false;
    this.words[word]! |= bit;
    this.count++;
    return true;
  }

  /** Clears the bit; false when it was not set. */
  delete(serial: number): boolean {
    const word = serial >>> 5;
    const bit = 1 << (serial & 31);
    if (word >= this.words.length || (this.words[word]! & bit) === 0) return false;
    this.words[word]! &= ~bit;
    this.count--;
    return true;
  }

  /** The lowest serial set, or -1. */
  first(): number {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      if (word !== 0) return (w << 5) + 31 - Math.clz32(word & -word);
    }
    return -1;
  }

  /** The serials set, ascending. */
  *[Symbol.iterator](): IterableIterator<number> {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const low = word & -word;
        yield (w << 5) + 31 - Math.clz32(low);
        word ^= low;
      }
    }
  }
}

type Group<T> = T | T[] | Set<T> | Bits;

interface LabelEntry<T> {
  /** Items carrying the label, whatever the value. */
  count: number;
  readonly values: Map<string, Group<T>>;
}

const EMPTY: readonly never[] = Object.freeze([]);

/** label → value → items. T must not itself be an array, a Set or a Bits. */
export class ValueIndex<T extends object> {
  readonly #labels = new Map<string, LabelEntry<T>>();
  readonly #serials: Serials<T> | undefined;

  constructor(serials?: Serials<T>) {
    this.#serials = serials;
  }

  /**
   * Files `item` under (label, value), returning another item already filed there (undefined
   * when none, or when `item` was filed already), so the caller can share that item's copy of
   * the strings without a second lookup.
   */
  add(label: string, value: string, item: T): T | undefined {
    let entry = this.#labels.get(label);
    if (entry === undefined) {
      entry = { count: 0, values: new Map() };
      this.#labels.set(label, entry);
    }
    const group = entry.values.get(value);
    let other: T | undefined;
    if (group === undefined) {
      entry.values.set(value, item);
    } else if (group instanceof Bits) {
      const first = group.first();
      if (!group.add(this.#serials!.serialOf(item))) return undefined;
      other = this.#serials!.itemAt(first);
    } else if (group instanceof Set) {
      other = group.values().next().value;
      // One hash probe instead of has() then add(): a large Set's probe is a cache miss.
      const before = group.size;
      if (group.add(item).size === before) return undefined;
      if (this.#denseEnough(group.size)) entry.values.set(value, this.#toBits(group));
    } else if (Array.isArray(group)) {
      if (group.includes(item)) return undefined;
      other = group[0];
      entry.values.set(value, group.length < SMALL ? appended(group, item) : this.#grown(group, item));
    } else {
      if (group === item) return undefined;
      other = group;
      entry.values.set(value, [group, item]);
    }
    entry.count++;
    return other;
  }

  /** Removes `item` from (label, value) (no-op when absent). */
  remove(label: string, value: string, item: T): void {
    const entry = this.#labels.get(label);
    const group = entry?.values.get(value);
    if (entry === undefined || group === undefined) return;
    if (group instanceof Bits) {
      if (!group.delete(this.#serials!.serialOf(item))) return;
      if (group.count <= SMALL >> 1) entry.values.set(value, this.#fromBits(group));
      else if (!this.#denseEnough(group.count * 2)) entry.values.set(value, new Set(this.#items(group)));
    } else if (group instanceof Set) {
      if (!group.delete(item)) return;
      if (group.size <= SMALL >> 1) entry.values.set(value, [...group]);
    } else if (Array.isArray(group)) {
      const at = group.indexOf(item);
      if (at < 0) return;
      entry.values.set(value, group.length === 2 ? group[1 - at]! : removedAt(group, at));
    } else {
      if (group !== item) return;
      entry.values.delete(value);
    }
    entry.count--;
    if (entry.values.size === 0) this.#labels.delete(label);
  }

  /** Items with label = value (a live view; do not mutate, do not update the index meanwhile). */
  itemsWith(label: string, value: string): Iterable<T> {
    const group = this.#labels.get(label)?.values.get(value);
    return group === undefined ? EMPTY : this.#iterable(group);
  }

  /** How many items carry (label, value). */
  countWith(label: string, value: string): number {
    const group = this.#labels.get(label)?.values.get(value);
    return group === undefined ? 0 : sizeOf(group);
  }

  /** How many items carry the label with any value. */
  countWithLabel(label: string): number {
    return this.#labels.get(label)?.count ?? 0;
  }

  /** Calls `visit` for every item carrying the label, whatever the value. */
  forEachWithLabel(label: string, visit: (item: T) => void): void {
    const entry = this.#labels.get(label);
    if (entry === undefined) return;
    for (const group of entry.values.values()) {
      if (group instanceof Bits) for (const item of this.#items(group)) visit(item);
      else if (group instanceof Set || Array.isArray(group)) for (const item of group) visit(item);
      else visit(group);
    }
  }

  /** Per value of the label: how many items carry it and the items (for estimates from a sample). */
  forEachValueGroup(label: string, visit: (size: number, items: Iterable<T>) => void): void {
    const entry = this.#labels.get(label);
    if (entry === undefined) return;
    for (const group of entry.values.values()) visit(sizeOf(group), this.#iterable(group));
  }

  #iterable(group: Group<T>): Iterable<T> {
    if (group instanceof Bits) return this.#items(group);
    if (group instanceof Set || Array.isArray(group)) return group;
    return [group];
  }

  *#items(bits: Bits): IterableIterator<T> {
    const itemAt = this.#serials!.itemAt;
    for (const serial of bits) yield itemAt(serial);
  }

  /** True when a bitset over the serials in use is smaller than a Set of `size` items. */
  #denseEnough(size: number): boolean {
    return this.#serials !== undefined && this.#serials.bound() / 8 <= size * SET_BYTES_PER_ITEM;
  }

  /** A full array outgrowing SMALL: a bitset when dense enough, else a Set. */
  #grown(group: readonly T[], item: T): Bits | Set<T> {
    if (!this.#denseEnough(group.length + 1)) return new Set(group).add(item);
    const bits = this.#toBits(group);
    bits.add(this.#serials!.serialOf(item));
    return bits;
  }

  #toBits(items: Iterable<T>): Bits {
    const { serialOf, bound } = this.#serials!;
    const bits = new Bits(bound());
    for (const item of items) bits.add(serialOf(item));
    return bits;
  }

  #fromBits(bits: Bits): T[] {
    return [...this.#items(bits)];
  }
}

function sizeOf<T>(group: Group<T>): number {
  if (group instanceof Bits) return group.count;
  if (group instanceof Set) return group.size;
  return Array.isArray(group) ? group.length : 1;
}

/**
 * Longest-prefix / containment lookup over IPv4 and IPv6 CIDRs: one hash map per prefix length
 * in use, probed from the longest prefix down. A lookup costs one probe per distinct prefix
 * length present (typically /32 or /128 for workloads plus a handful for network sets), not one
 * per stored CIDR.
 */
import { maskV4, maskV6, type ParsedAddress, type ParsedCidr, parseAddress, v6Key } from "./cidr.js";
import { IntMap } from "./int-map.js";

/** Anything with an id; ties at equal prefix length are ordered by id. */
export interface HasId {
  readonly id: string;
}

// One item per key is the norm (a pod IP), so a bare item is stored, an id-sorted array when a
// few share the key, and a Set beyond that (thousands of network sets on one CIDR must not cost
// a quadratic number of array moves).
type Slot<T extends HasId> = T | T[] | SharedSlot<T>;

/** Past this many items a slot becomes a SharedSlot. */
const ARRAY_LIMIT = 64;

/**
 * Many items under one key: a Set, and its id order computed when a lookup first needs it, then
 * kept by binary insertion; removals only mark it stale, and the next use drops them in one
 * pass. Loading never sorts, a lookup between changes costs no sort, and removing many costs one
 * pass, not a move of the array per removal.
 */
class SharedSlot<T extends HasId> {
  readonly items: Set<T>;
  #sorted: T[] | undefined;
  /** True when `#sorted` may still hold removed items. */
  #stale = false;

  constructor(items: Iterable<T>) {
    this.items = new Set(items);
  }

  add(item: T): void {
    if (this.items.has(item)) return;
    this.items.add(item);
    if (this.#sorted === undefined) return;
    const sorted = this.#current();
    let at = firstAtOrAfter(sorted, item.id);
    while (at < sorted.length && sorted[at]!.id === item.id) at++;
    sorted.splice(at, 0, item);
  }

  delete(item: T): void {
    if (this.items.delete(item) && this.#sorted !== undefined) this.#stale = true;
  }

  /** The items by id (in insertion order among equal ids). */
  sorted(): readonly T[] {
    if (this.#sorted === undefined) {
      this.#sorted = [...this.items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return this.#sorted;
    }
    return this.#current();
  }

  #current(): T[] {
    if (this.#stale) {
      this.#sorted = this.#sorted!.filter((item) => this.items.has(item));
      this.#stale = false;
    }
    return this.#sorted!;
  }
}

/** A slot's items in id order. */
function slotItems<T extends HasId>(slot: Slot<T>): readonly T[] {
  if (slot instanceof SharedSlot) return slot.sorted();
  return Array.isArray(slot) ? slot : [slot];
}

/** What a family needs of its per-prefix tables (Map and IntMap both qualify). */
interface KeyMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): boolean;
  readonly size: number;
}

interface Family<K, T extends HasId> {
  readonly byPrefix: Map<number, KeyMap<K, Slot<T>>>;
  /** Prefix lengths present, longest first. */
  prefixes: number[];
  /** A new, empty per-prefix table. */
  readonly table: () => KeyMap<K, Slot<T>>;
}

/** CIDR → items, answering "which items contain this address", most specific first. */
export class AddressIndex<T extends HasId> {
  // IPv4 keys are 32-bit integers: a compact IntMap per prefix (most entries are pod /32s).
  readonly #v4: Family<number, T> = { byPrefix: new Map(), prefixes: [], table: () => new IntMap() };
  readonly #v6: Family<string, T> = { byPrefix: new Map(), prefixes: [], table: () => new Map() };

  /** Files `item` under `cidr`. */
  add(cidr: ParsedCidr, item: T): void {
    if (cidr.family === 4) addTo(this.#v4, cidr.prefix, cidr.key as number, item);
    else addTo(this.#v6, cidr.prefix, cidr.key as string, item);
  }

  /** Removes `item` from `cidr` (no-op when absent). */
  remove(cidr: ParsedCidr, item: T): void {
    if (cidr.family === 4) removeFrom(this.#v4, cidr.prefix, cidr.key as number, item);
    else removeFrom(this.#v6, cidr.prefix, cidr.key as string, item);
  }

  /** Items filed under exactly this CIDR. */
  exact(cidr: ParsedCidr): readonly T[] {
    const slot =
      cidr.family === 4
        ? this.#v4.byPrefix.get(cidr.prefix)?.get(cidr.key as number)
        : this.#v6.byPrefix.get(cidr.prefix)?.get(cidr.key as string);
    return slot === undefined ? [] : slotItems(slot);
  }

  /**
   * Items whose CIDRs contain `ip`, longest prefix first, ties by id; each item once (at its
   * most specific CIDR). An invalid address contains nothing.
   */
  containing(ip: string | ParsedAddress): T[] {
    const address =
      typeof ip === "string" ? parseAddress(ip) : typeof ip === "object" && ip !== null ? ip : undefined;
    const out: T[] = [];
    if (address === undefined) return out;
    let seen: Set<T> | undefined;
    if (address.family === 4) {
      const { byPrefix, prefixes } = this.#v4;
      for (let i = 0; i < prefixes.length; i++) {
        const prefix = prefixes[i]!;
        seen = collect(byPrefix.get(prefix)!.get(maskV4(address.value, prefix)), out, seen);
      }
    } else {
      const { byPrefix, prefixes } = this.#v6;
      for (let i = 0; i < prefixes.length; i++) {
        const prefix = prefixes[i]!;
        seen = collect(byPrefix.get(prefix)!.get(v6Key(maskV6(address.parts, prefix))), out, seen);
      }
    }
    return out;
  }
}

// Beyond this many items collected, duplicates are found with a Set rather than a scan.
const SCAN_LIMIT = 16;

/**
 * Appends a slot's items not collected yet (an item filed under two containing CIDRs counts at
 * the first, most specific). Returns the Set tracking `out` once it has outgrown a scan.
 */
function collect<T extends HasId>(
  slot: Slot<T> | undefined,
  out: T[],
  seen: Set<T> | undefined,
): Set<T> | undefined {
  if (slot === undefined) return seen;
  if (slot instanceof SharedSlot) return collectAll(slot.sorted(), out, seen);
  if (!Array.isArray(slot)) return collectOne(slot, out, seen);
  return collectAll(slot, out, seen);
}

function collectAll<T>(slot: readonly T[], out: T[], seen: Set<T> | undefined): Set<T> | undefined {
  // A slot holds each item once, so the first slot needs no check.
  if (out.length === 0) {
    for (let i = 0; i < slot.length; i++) out.push(slot[i]!);
    return seen;
  }
  let tracked = seen;
  for (let i = 0; i < slot.length; i++) tracked = collectOne(slot[i]!, out, tracked);
  return tracked;
}

function collectOne<T>(item: T, out: T[], seen: Set<T> | undefined): Set<T> | undefined {
  const tracked = seen === undefined && out.length > SCAN_LIMIT ? new Set(out) : seen;
  if (tracked === undefined ? out.includes(item) : tracked.has(item)) return tracked;
  out.push(item);
  tracked?.add(item);
  return tracked;
}

function addTo<K, T extends HasId>(family: Family<K, T>, prefix: number, key: K, item: T): void {
  let map = family.byPrefix.get(prefix);
  if (map === undefined) {
    map = family.table();
    family.byPrefix.set(prefix, map);
    family.prefixes = [...family.byPrefix.keys()].sort((a, b) => b - a);
  }
  const slot = map.get(key);
  if (slot === undefined) {
    map.set(key, item);
  } else if (slot instanceof SharedSlot) {
    slot.add(item);
  } else if (!Array.isArray(slot)) {
    if (slot !== item) map.set(key, slot.id <= item.id ? [slot, item] : [item, slot]);
  } else {
    // Kept sorted by id: binary search, then insert after any equal ids (unless it is there).
    let at = firstAtOrAfter(slot, item.id);
    for (; at < slot.length && slot[at]!.id === item.id; at++) if (slot[at] === item) return;
    if (slot.length < ARRAY_LIMIT) slot.splice(at, 0, item);
    else map.set(key, new SharedSlot([...slot, item]));
  }
}

/** Position of the first item whose id is not below `id` in an id-sorted array. */
function firstAtOrAfter<T extends HasId>(items: readonly T[], id: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function removeFrom<K, T extends HasId>(family: Family<K, T>, prefix: number, key: K, item: T): void {
  const map = family.byPrefix.get(prefix);
  const slot = map?.get(key);
  if (map === undefined || slot === undefined) return;
  if (slot instanceof SharedSlot) {
    slot.delete(item);
    if (slot.items.size === 1) map.set(key, slot.items.values().next().value!);
  } else if (!Array.isArray(slot)) {
    if (slot === item) map.delete(key);
  } else {
    for (let at = firstAtOrAfter(slot, item.id); at < slot.length && slot[at]!.id === item.id; at++) {
      if (slot[at] !== item) continue;
      slot.splice(at, 1);
      break;
    }
    if (slot.length === 1) map.set(key, slot[0]!);
  }
  if (map.size === 0) {
    family.byPrefix.delete(prefix);
    family.prefixes = [...family.byPrefix.keys()].sort((a, b) => b - a);
  }
}

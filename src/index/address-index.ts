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

// One item per key is the norm (a pod IP), so a bare item is stored and an array only on sharing.
type Slot<T> = T | T[];

/** What a family needs of its per-prefix tables (Map and IntMap both qualify). */
interface KeyMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): boolean;
  readonly size: number;
}

interface Family<K, T> {
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
    return slot === undefined ? [] : Array.isArray(slot) ? slot : [slot];
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
    if (address.family === 4) {
      const { byPrefix, prefixes } = this.#v4;
      for (let i = 0; i < prefixes.length; i++) {
        const prefix = prefixes[i]!;
        collect(byPrefix.get(prefix)!.get(maskV4(address.value, prefix)), out);
      }
    } else {
      const { byPrefix, prefixes } = this.#v6;
      for (let i = 0; i < prefixes.length; i++) {
        const prefix = prefixes[i]!;
        collect(byPrefix.get(prefix)!.get(v6Key(maskV6(address.parts, prefix))), out);
      }
    }
    return out;
  }
}

function collect<T>(slot: Slot<T> | undefined, out: T[]): void {
  if (slot === undefined) return;
  if (!Array.isArray(slot)) {
    if (!out.includes(slot)) out.push(slot);
    return;
  }
  for (const item of slot) if (!out.includes(item)) out.push(item);
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
  } else if (!Array.isArray(slot)) {
    if (slot !== item) map.set(key, slot.id <= item.id ? [slot, item] : [item, slot]);
  } else if (!slot.includes(item)) {
    slot.push(item);
    slot.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

function removeFrom<K, T>(family: Family<K, T>, prefix: number, key: K, item: T): void {
  const map = family.byPrefix.get(prefix);
  const slot = map?.get(key);
  if (map === undefined || slot === undefined) return;
  if (!Array.isArray(slot)) {
    if (slot === item) map.delete(key);
  } else {
    const at = slot.indexOf(item);
    if (at >= 0) slot.splice(at, 1);
    if (slot.length === 1) map.set(key, slot[0]!);
  }
  if (map.size === 0) {
    family.byPrefix.delete(prefix);
    family.prefixes = [...family.byPrefix.keys()].sort((a, b) => b - a);
  }
}

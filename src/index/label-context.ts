/**
 * The records the index keeps: parents, endpoints, and label contexts. A label context is one
 * distinct (own labels, parent list) pair; every endpoint sharing it (the replicas of a
 * Deployment, typically) has the same effective labels, so selectors are evaluated and matches
 * stored once per context rather than once per endpoint.
 */
import type { LabelLookup } from "../selector/types.js";
import { type ParsedCidr, parseCidr, v4HostCidr } from "./cidr.js";
import type { StoredPort } from "./named-port.js";
import type { SelectorState } from "./selector-state.js";
import {
  appended,
  EMPTY_SMALL_SET,
  type SmallSet,
  smallAdd,
  smallDelete,
  smallHas,
  smallSize,
} from "./small-array.js";

/** A profile / namespace / service account whose labels its children inherit. */
export interface ParentRecord {
  readonly id: string;
  /** Null until the parent is upserted: a parent referenced before it exists contributes nothing (§E). */
  labels: Map<string, string> | null;
  /** Contexts listing this parent (read-only: change it through joinParent / leaveParent). */
  contexts: SmallSet<LabelContext>;
}

/** An endpoint (workload, host endpoint or network set) as stored. */
export interface EndpointRecord {
  readonly id: string;
  context: LabelContext;
  /**
   * Addresses, compactly: the usual single IPv4 host address as its signed 32-bit value (a small
   * integer, no allocation), another single address in ParsedCidr.stored form, else an array of
   * those. Re-parsed when needed (removal, member counting) so an endpoint keeps no parsed object.
   */
  ips: StoredIps;
  ports: readonly StoredPort[];
  /** Position in its context's `members` array (swap-removal keeps it O(1)). */
  slot: number;
}

/** An endpoint's addresses as stored (see EndpointRecord.ips). */
export type StoredIps = number | string | readonly string[];

/** The stored form of an endpoint's addresses. */
export function storedIps(cidrs: readonly ParsedCidr[]): StoredIps {
  if (cidrs.length !== 1) return cidrs.map((c) => c.stored);
  const only = cidrs[0]!;
  return only.family === 4 && only.prefix === 32 ? (only.key as number) : only.stored;
}

/** True when two stored address forms are equal. */
export function sameIps(a: StoredIps, b: StoredIps): boolean {
  if (typeof a !== "object" || typeof b !== "object") return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The endpoint's addresses, parsed again from their stored form. */
export function cidrsOf(endpoint: EndpointRecord): readonly ParsedCidr[] {
  const ips = endpoint.ips;
  if (typeof ips === "number") return [v4HostCidr(ips)];
  if (typeof ips === "string") return [parseCidr(ips)!];
  return ips.map((ip) => parseCidr(ip)!);
}

const NO_MEMBERS: readonly EndpointRecord[] = Object.freeze([]);

// Up to this many matches a context keeps them in an exact-size array (56 B for one, where a Set
// costs ~150 B); beyond it, a Set so membership tests stay O(1).
const SMALL_MATCHES = 16;
// Likewise for the contexts listing a parent (a namespace's Deployments).
const SMALL_CONTEXTS = 32;

/** A new parent record, with no labels until upserted. */
export function newParent(id: string): ParentRecord {
  return { id, labels: null, contexts: EMPTY_SMALL_SET };
}

/** Records that `context` lists `parent`. */
export function joinParent(parent: ParentRecord, context: LabelContext): void {
  parent.contexts = smallAdd(parent.contexts, context, SMALL_CONTEXTS);
}

/** Records that `context` no longer lists `parent`. */
export function leaveParent(parent: ParentRecord, context: LabelContext): void {
  parent.contexts = smallDelete(parent.contexts, context, SMALL_CONTEXTS);
}

/** How many contexts list `parent`. */
export function parentContextCount(parent: ParentRecord): number {
  return smallSize(parent.contexts);
}
// Up to this many members the array is copied exactly on join (a pushed array reserves 16 spare
// slots, ~130 B per context of five); beyond it, pushes amortise.
const SMALL_MEMBERS = 16;

/** One distinct (own labels, parents) pair and everything computed from it. */
export class LabelContext implements LabelLookup {
  /** Hash of (own labels, parent ids); equal contexts have equal hashes (see `sameAs`). */
  readonly hash: number;
  /** Own labels flattened [key, value, ...] sorted by key: half the memory of a Map, binary-searched. */
  readonly own: readonly string[];
  readonly parents: readonly ParentRecord[];
  /**
   * Endpoints in this context, unordered (read-only: change it through join / leave). An array,
   * exact-size while small: a Set costs ~200 B more per context.
   */
  members: readonly EndpointRecord[] = NO_MEMBERS;
  /**
   * Selector states whose selector matches these effective labels (read-only: change it through
   * addMatch / removeMatch): an exact-size array while small, a Set beyond SMALL_MATCHES.
   * Contexts matching nothing share one empty array.
   */
  matches: SmallSet<SelectorState> = EMPTY_SMALL_SET;
  /** Scratch marker for de-duplicating candidate scans (compared against a global epoch). */
  mark = 0;
  /** Small integer unique among live contexts (the value index's bitsets are over these). */
  readonly serial: number;

  constructor(serial: number, hash: number, own: readonly string[], parents: readonly ParentRecord[]) {
    this.serial = serial;
    this.hash = hash;
    this.own = own;
    this.parents = parents;
  }

  /** True when the selector matches this context. */
  hasMatch(state: SelectorState): boolean {
    return smallHas(this.matches, state);
  }

  /** How many selectors match this context. */
  get matchCount(): number {
    return smallSize(this.matches);
  }

  /** Records that the selector matches this context (not already recorded). */
  addMatch(state: SelectorState): void {
    this.matches = smallAdd(this.matches, state, SMALL_MATCHES);
  }

  /** Records that the selector no longer matches this context. */
  removeMatch(state: SelectorState): void {
    this.matches = smallDelete(this.matches, state, SMALL_MATCHES);
  }

  /** Adds an endpoint (not already a member). */
  join(endpoint: EndpointRecord): void {
    const members = this.members;
    endpoint.slot = members.length;
    if (members.length < SMALL_MEMBERS) this.members = appended(members, endpoint);
    else (members as EndpointRecord[]).push(endpoint);
  }

  /** Removes a member endpoint by swapping the last member into its slot. */
  leave(endpoint: EndpointRecord): void {
    const members = this.members as EndpointRecord[];
    if (members.length === 1) {
      this.members = NO_MEMBERS;
      return;
    }
    const last = members.pop()!;
    if (last !== endpoint) {
      members[endpoint.slot] = last;
      last.slot = endpoint.slot;
    }
  }

  /** True when this context is for exactly these own labels (flat, any order, unique keys) and parent ids. */
  sameAs(own: readonly string[], parentIds: readonly string[]): boolean {
    if (this.own.length !== own.length || this.parents.length !== parentIds.length) return false;
    for (let i = 0; i < parentIds.length; i++) if (this.parents[i]!.id !== parentIds[i]) return false;
    for (let i = 0; i < own.length; i += 2) if (this.ownValue(own[i]!) !== own[i + 1]) return false;
    return true;
  }

  /**
   * The context's own value for a label, or undefined. Typical label sets (≤ 16 labels) are
   * scanned with `===`, which V8 answers by pointer or length for most keys; larger ones are
   * binary-searched.
   */
  ownValue(label: string): string | undefined {
    const at = this.ownIndexOf(label);
    return at < 0 ? undefined : this.own[at + 1];
  }

  /** Position of the label's key in `own`, or -1. */
  ownIndexOf(label: string): number {
    const own = this.own;
    if (own.length <= 32) {
      for (let i = 0; i < own.length; i += 2) if (own[i] === label) return i;
      return -1;
    }
    let lo = 0;
    let hi = (own.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const key = own[2 * mid]!;
      if (key === label) return 2 * mid;
      if (key < label) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Effective label: own first, then each existing parent in order; first hit wins (§E). */
  get(label: string): string | undefined {
    const own = this.ownValue(label);
    if (own !== undefined) return own;
    const parents = this.parents;
    for (let i = 0; i < parents.length; i++) {
      const value = parents[i]!.labels?.get(label);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Calls `visit` once per effective label, shadowed parent labels skipped. */
  forEachLabel(visit: (label: string, value: string) => void): void {
    const own = this.own;
    for (let i = 0; i < own.length; i += 2) visit(own[i]!, own[i + 1]!);
    const parents = this.parents;
    for (let i = 0; i < parents.length; i++) {
      const labels = parents[i]!.labels;
      if (labels === null) continue;
      for (const [label, value] of labels) {
        if (this.#shadowed(label, i)) continue;
        visit(label, value);
      }
    }
  }

  /** Effective labels materialised, own first then parents (first hit wins). */
  effective(): Map<string, string> {
    const out = new Map<string, string>();
    this.forEachLabel((label, value) => out.set(label, value));
    return out;
  }

  #shadowed(label: string, parentIndex: number): boolean {
    if (this.ownValue(label) !== undefined) return true;
    for (let j = 0; j < parentIndex; j++) if (this.parents[j]!.labels?.has(label) === true) return true;
    return false;
  }
}

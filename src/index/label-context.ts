/**
 * The records the index keeps: parents, endpoints, and label contexts. A label context is one
 * distinct (own labels, parent list) pair; every endpoint sharing it (the replicas of a
 * Deployment, typically) has the same effective labels, so selectors are evaluated and matches
 * stored once per context rather than once per endpoint.
 */
import type { LabelLookup } from "../selector/types.js";
import { type ParsedCidr, parseCidr } from "./cidr.js";
import type { StoredPort } from "./named-port.js";
import type { SelectorState } from "./selector-state.js";

/** A profile / namespace / service account whose labels its children inherit. */
export interface ParentRecord {
  readonly id: string;
  /** Null until the parent is upserted: a parent referenced before it exists contributes nothing (§E). */
  labels: ReadonlyMap<string, string> | null;
  /** Contexts listing this parent. */
  readonly contexts: Set<LabelContext>;
}

/** An endpoint (workload, host endpoint or network set) as stored. */
export interface EndpointRecord {
  readonly id: string;
  context: LabelContext;
  /**
   * Addresses in ParsedCidr.stored form: one string for the usual single address, else an array.
   * Re-parsed when needed (removal, member counting) so each endpoint keeps ~30 B per address
   * rather than a parsed object.
   */
  ips: string | readonly string[];
  ports: readonly StoredPort[];
}

/** The stored form of an endpoint's addresses. */
export function storedIps(cidrs: readonly ParsedCidr[]): string | readonly string[] {
  return cidrs.length === 1 ? cidrs[0]!.stored : cidrs.map((c) => c.stored);
}

/** True when two stored address forms are equal. */
export function sameIps(a: string | readonly string[], b: string | readonly string[]): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The endpoint's addresses, parsed again from their stored form. */
export function cidrsOf(endpoint: EndpointRecord): readonly ParsedCidr[] {
  const ips = endpoint.ips;
  if (typeof ips === "string") return [parseCidr(ips)!];
  return ips.map((ip) => parseCidr(ip)!);
}

/** One distinct (own labels, parents) pair and everything computed from it. */
export class LabelContext implements LabelLookup {
  /** Hash of (own labels, parent ids); equal contexts have equal hashes (see `sameAs`). */
  readonly hash: number;
  /** Own labels flattened [key, value, ...] sorted by key: half the memory of a Map, binary-searched. */
  readonly own: readonly string[];
  readonly parents: readonly ParentRecord[];
  readonly members = new Set<EndpointRecord>();
  /** Selector states whose selector matches these effective labels. */
  readonly matches = new Set<SelectorState>();
  /** Scratch marker for de-duplicating candidate scans (compared against a global epoch). */
  mark = 0;

  constructor(hash: number, own: readonly string[], parents: readonly ParentRecord[]) {
    this.hash = hash;
    this.own = own;
    this.parents = parents;
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
    const own = this.own;
    if (own.length <= 32) {
      for (let i = 0; i < own.length; i += 2) if (own[i] === label) return own[i + 1];
      return undefined;
    }
    let lo = 0;
    let hi = (own.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const key = own[2 * mid]!;
      if (key === label) return own[2 * mid + 1];
      if (key < label) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
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

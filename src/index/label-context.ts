/**
 * The records the index keeps: parents, endpoints, and label contexts. A label context is one
 * distinct (own labels, parent list) pair; every endpoint sharing it (the replicas of a
 * Deployment, typically) has the same effective labels, so selectors are evaluated and matches
 * stored once per context rather than once per endpoint.
 */
import type { LabelLookup } from "../selector/types.js";
import type { ParsedCidr } from "./cidr.js";
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
  cidrs: readonly ParsedCidr[];
  ports: readonly StoredPort[];
}

/** One distinct (own labels, parents) pair and everything computed from it. */
export class LabelContext implements LabelLookup {
  readonly key: string;
  readonly own: ReadonlyMap<string, string>;
  readonly parents: readonly ParentRecord[];
  readonly members = new Set<EndpointRecord>();
  /** Selector states whose selector matches these effective labels. */
  readonly matches = new Set<SelectorState>();
  /** Scratch marker for de-duplicating candidate scans (compared against a global epoch). */
  mark = 0;

  constructor(key: string, own: ReadonlyMap<string, string>, parents: readonly ParentRecord[]) {
    this.key = key;
    this.own = own;
    this.parents = parents;
  }

  /** Effective label: own first, then each existing parent in order; first hit wins (§E). */
  get(label: string): string | undefined {
    const own = this.own.get(label);
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
    for (const [label, value] of this.own) visit(label, value);
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
    if (this.own.has(label)) return true;
    for (let j = 0; j < parentIndex; j++) if (this.parents[j]!.labels?.has(label) === true) return true;
    return false;
  }
}

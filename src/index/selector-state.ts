/**
 * Per-selector state, shared by every selector id whose selector has the same uniqueId, and the
 * IP sets hanging off it (one per named port asked for, plus the plain one).
 */
import { someLeaf } from "../selector/leaves.js";
import type { Selector, SelectorNode } from "../selector/types.js";
import type { LabelContext } from "./label-context.js";
import type { IpSetMember, NamedPortProtocol } from "./types.js";

/** Where a selector is filed for endpoint updates: one label, specific values or any value. */
export type FilingKey =
  | { readonly kind: "values"; readonly label: string; readonly values: readonly string[] }
  | { readonly kind: "wildcard"; readonly label: string }
  | { readonly kind: "unoptimized" }
  | { readonly kind: "impossible" };

/** A refcounted IP-set member. */
export interface CountedMember {
  readonly member: IpSetMember;
  count: number;
}

/** One distinct selector and the contexts it matches. */
export interface SelectorState {
  readonly selector: Selector;
  readonly filing: FilingKey;
  /** Every label the selector mentions: only changes to these can change its result. */
  readonly labels: readonly string[];
  readonly contexts: Set<LabelContext>;
  readonly ipSets: IpSet[];
  /** Scratch marker for de-duplicating candidate scans. */
  mark: number;
  /** Second scratch marker, for scans nested inside a marked set. */
  seen: number;
}

/** A selector's IP set: plain (addresses / CIDRs) or named-port (address, protocol, port). */
export interface IpSet {
  readonly key: string;
  readonly state: SelectorState;
  readonly namedPort: { readonly name: string; readonly protocol: NamedPortProtocol } | null;
  /** The caller's selector ids for this set, in the order they were added. */
  readonly ids: string[];
  /** Member refcounts, kept only while someone listens for member events. */
  members: Map<string, CountedMember> | null;
}

/** The IP-set key: the selector's uniqueId, plus protocol and port name for named-port sets. */
export function ipSetKey(
  uniqueId: string,
  namedPort: { readonly name: string; readonly protocol: NamedPortProtocol } | undefined,
): string {
  return namedPort === undefined ? uniqueId : `${uniqueId},${namedPort.protocol},${namedPort.name}`;
}

/** Every label a selector AST mentions, each once. */
export function referencedLabels(root: SelectorNode): string[] {
  const seen = new Set<string>();
  someLeaf(root, (leaf) => {
    if (leaf.kind !== "all" && leaf.kind !== "global") seen.add(leaf.label);
    return false;
  });
  return [...seen];
}

/**
 * Compiled, read-only views of tiers, policies and profiles: what evaluation walks on each check.
 */
import type { StagedAction } from "../model/types.js";
import type { CompiledRule } from "./compiled-rule.js";
import type { PolicyRef } from "./types.js";

/** A policy direction. */
export type Direction = "ingress" | "egress";

/** A tier's ordering and end-of-tier behaviour. */
export interface TierView {
  readonly name: string;
  /** False when policies name a tier that has no Tier resource (and is not a well-known tier). */
  readonly exists: boolean;
  readonly order: number | undefined;
  readonly defaultAction: "Deny" | "Pass";
}

/** A compiled policy. A direction's rules are undefined when the policy's types omit it. */
export interface PolicyView {
  /** Identity key, e.g. `NetworkPolicy|prod|allow-web`. */
  readonly key: string;
  readonly ref: PolicyRef;
  readonly tier: string;
  readonly order: number | undefined;
  readonly staged: boolean;
  /**
   * doNotTrack / preDNAT GlobalNetworkPolicies program host endpoints only (untracked and
   * pre-DNAT tiers); Felix never renders them into workload chains.
   */
  readonly hostOnly: boolean;
  readonly stagedAction: StagedAction | undefined;
  readonly ingress: readonly CompiledRule[] | undefined;
  readonly egress: readonly CompiledRule[] | undefined;
}

/** A tier placed for one endpoint and direction, with its applicable policies in order. */
export interface PlacedTier {
  readonly tier: TierView;
  readonly policies: readonly PolicyView[];
  readonly hasEnforced: boolean;
  readonly hasStaged: boolean;
}

/** A profile's rules (absent profiles still appear, with no rules, so the trace can say so). */
export interface ProfileView {
  readonly name: string;
  readonly exists: boolean;
  readonly ingress: readonly CompiledRule[];
  readonly egress: readonly CompiledRule[];
}

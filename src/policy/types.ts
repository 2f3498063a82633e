/**
 * Public shapes of flow checks and endpoint explanations (DESIGN.md "Public API"). Names and
 * fields here are a contract with the CLI, the datastore and outside callers.
 */

/** A workload endpoint's identity; its string form is "namespace/name". */
export interface EndpointRef {
  readonly namespace: string;
  readonly name: string;
}

/** One side of a flow: a known endpoint (optionally one of its addresses), or a bare address. */
export interface Peer {
  readonly endpoint?: EndpointRef | string;
  readonly ip?: string;
  readonly port?: number;
}

/** A flow to check: protocol, both peers, and ICMP type/code for ICMP flows. */
export interface FlowQuery {
  readonly protocol: string | number;
  readonly source: Peer;
  readonly destination: Peer;
  /** ICMP / ICMPv6 only; a missing type (code) stands for one no rule names. */
  readonly icmp?: { readonly type: number; readonly code?: number };
}

/** A policy's identity as Calico reports it (converted Kubernetes policies appear as `knp.default.<name>`). */
export interface PolicyRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** What ended evaluation in one direction. */
export type DecidedBy =
  | {
      readonly kind: "rule";
      readonly tier: string;
      readonly policy: PolicyRef;
      /** 0-based, in that direction's rules. */
      readonly ruleIndex: number;
    }
  | { readonly kind: "end-of-tier"; readonly tier: string }
  | { readonly kind: "profile-rule"; readonly profile: string; readonly ruleIndex: number }
  | { readonly kind: "no-match" };

/** The action a matched rule takes, lower-cased as Felix renders it. */
export type RuleVerdictAction = "allow" | "deny" | "pass" | "log";

/** One step of a direction's evaluation, in the order it happened. */
export type TraceStep =
  | {
      readonly kind: "tier";
      readonly tier: string;
      /** False when policies name a tier that is not loaded (Calico still places them, last). */
      readonly exists: boolean;
    }
  | { readonly kind: "policy"; readonly tier: string; readonly policy: PolicyRef; readonly staged: boolean }
  | {
      readonly kind: "rule";
      readonly tier: string;
      readonly policy: PolicyRef;
      readonly ruleIndex: number;
      readonly matched: boolean;
      /** The rule's action when it matched. */
      readonly action?: RuleVerdictAction;
      /** For a rule that did not match: the first criterion that failed, e.g. `port 8080 not in [80, 443]`. */
      readonly reason?: string;
      /** Criteria present on the rule that cannot be evaluated at L3/L4 (e.g. `http`). */
      readonly notEvaluated?: readonly string[];
    }
  | {
      readonly kind: "end-of-tier";
      readonly tier: string;
      /** "deny" for Calico's end-of-tier drop; "pass" for defaultAction Pass or a staged-only tier. */
      readonly action: "deny" | "pass";
    }
  | { readonly kind: "profile"; readonly profile: string; readonly exists: boolean }
  | {
      readonly kind: "profile-rule";
      readonly profile: string;
      readonly ruleIndex: number;
      readonly matched: boolean;
      readonly action?: RuleVerdictAction;
      readonly reason?: string;
      readonly notEvaluated?: readonly string[];
    }
  | { readonly kind: "no-match" };

/** The verdict in one direction (egress on the source endpoint, ingress on the destination endpoint). */
export interface DirectionVerdict {
  readonly endpoint: EndpointRef;
  readonly action: "allow" | "deny";
  readonly decidedBy: DecidedBy;
  readonly trace: TraceStep[];
  /** Present when staged policies apply: the verdict if they were enforced. */
  readonly staged?: { readonly action: "allow" | "deny"; readonly decidedBy: DecidedBy };
}

/** The verdict for a flow: allowed when every evaluated direction allows. */
export interface FlowVerdict {
  readonly allowed: boolean;
  /** Null when the source is not a known workload endpoint. */
  readonly egress: DirectionVerdict | null;
  /** Null when the destination is not a known workload endpoint. */
  readonly ingress: DirectionVerdict | null;
}

/** Options for `check`: `trace: false` skips building the trace (the verdict is the same). */
export interface CheckOptions {
  readonly trace?: boolean;
}

/** Where an effective label comes from: the endpoint itself or a parent profile. */
export type LabelSource = { readonly kind: "own" } | { readonly kind: "profile"; readonly profile: string };

/** One effective label of an endpoint. */
export interface ExplainedLabel {
  readonly key: string;
  readonly value: string;
  readonly source: LabelSource;
}

/** A policy as placed for an endpoint. */
export interface ExplainedPolicy {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Null when the policy has no order (sorted last in its tier). */
  readonly order: number | null;
  readonly staged: boolean;
}

/** A tier as placed for an endpoint, with its applicable policies in evaluation order. */
export interface ExplainedTier {
  readonly name: string;
  readonly order: number | null;
  readonly defaultAction: "Deny" | "Pass";
  readonly exists: boolean;
  readonly policies: readonly ExplainedPolicy[];
}

/** What applies to an endpoint: effective labels, ordered tiers and policies per direction, profiles. */
export interface EndpointExplanation {
  readonly endpoint: EndpointRef;
  readonly addresses: readonly string[];
  readonly labels: readonly ExplainedLabel[];
  readonly profiles: readonly string[];
  readonly ingress: readonly ExplainedTier[];
  readonly egress: readonly ExplainedTier[];
}

/**
 * What decided a flow, as one short reference people can read and write in expectation files:
 * `tier/policy#rule`, `tier/namespace/policy#rule`, `profile:name#rule`, `end-of-tier:tier`,
 * `no-match`. The CLI prints decisions in this form, so output can be pasted into expectations.
 */
import type { DecidedBy, DirectionVerdict, FlowVerdict } from "../index.js";

/** An expected decision; an omitted rule index matches any rule of that policy or profile. */
export type DecidedBySpec =
  | {
      readonly kind: "rule";
      readonly tier: string;
      readonly namespace?: string;
      readonly policy: string;
      readonly ruleIndex?: number;
    }
  | { readonly kind: "end-of-tier"; readonly tier: string }
  | { readonly kind: "profile-rule"; readonly profile: string; readonly ruleIndex?: number }
  | { readonly kind: "no-match" };

/** The reference form of a decision, e.g. `default/backend/allow-api#0`. */
export function formatDecidedBy(decision: DecidedBy): string {
  switch (decision.kind) {
    case "rule": {
      const ns = decision.policy.namespace === undefined ? "" : `${decision.policy.namespace}/`;
      return `${decision.tier}/${ns}${decision.policy.name}#${decision.ruleIndex}`;
    }
    case "end-of-tier":
      return `end-of-tier:${decision.tier}`;
    case "profile-rule":
      return `profile:${decision.profile}#${decision.ruleIndex}`;
    case "no-match":
      return "no-match";
    default: {
      const never: never = decision;
      return never;
    }
  }
}

/** The reference form of an expected decision (as written, normalised). */
export function formatDecidedBySpec(spec: DecidedBySpec): string {
  switch (spec.kind) {
    case "rule": {
      const ns = spec.namespace === undefined ? "" : `${spec.namespace}/`;
      return `${spec.tier}/${ns}${spec.policy}${spec.ruleIndex === undefined ? "" : `#${spec.ruleIndex}`}`;
    }
    case "end-of-tier":
      return `end-of-tier:${spec.tier}`;
    case "profile-rule":
      return `profile:${spec.profile}${spec.ruleIndex === undefined ? "" : `#${spec.ruleIndex}`}`;
    case "no-match":
      return "no-match";
    default: {
      const never: never = spec;
      return never;
    }
  }
}

/** A tier, namespace or policy name in a reference: no `/`, `#`, `:` or whitespace. */
const NAME = "[^/#:\\s]+";
/** A profile name may hold a colon. */
const PROFILE_NAME = "[^/#\\s]+";
/** The largest rule index a reference may name (six digits). */
export const MAX_RULE_INDEX = 999_999;
const RULE_REF = new RegExp(`^(${NAME})/(?:(${NAME})/)?(${NAME})(?:#([0-9]{1,6}))?$`);
const PROFILE_REF = new RegExp(`^profile:(${PROFILE_NAME})(?:#([0-9]{1,6}))?$`);
const END_OF_TIER_REF = new RegExp(`^end-of-tier:(${NAME})$`);
const NAME_ONLY = new RegExp(`^${NAME}$`);
const PROFILE_NAME_ONLY = new RegExp(`^${PROFILE_NAME}$`);

/** True when `text` can stand as a tier, namespace or policy name in a reference. */
export function isReferenceName(text: string): boolean {
  return NAME_ONLY.test(text);
}

/** True when `text` can stand as a profile name in a reference. */
export function isProfileReferenceName(text: string): boolean {
  return PROFILE_NAME_ONLY.test(text);
}

/** Parses the string form; the error says which forms are accepted. */
export function parseDecidedBy(text: string): DecidedBySpec | { readonly error: string } {
  if (text === "no-match") return { kind: "no-match" };
  const end = END_OF_TIER_REF.exec(text);
  if (end) return { kind: "end-of-tier", tier: end[1]! };
  const profile = PROFILE_REF.exec(text);
  if (profile) {
    return {
      kind: "profile-rule",
      profile: profile[1]!,
      ...(profile[2] === undefined ? {} : { ruleIndex: Number(profile[2]) }),
    };
  }
  const rule = RULE_REF.exec(text);
  if (rule) {
    return {
      kind: "rule",
      tier: rule[1]!,
      ...(rule[2] === undefined ? {} : { namespace: rule[2] }),
      policy: rule[3]!,
      ...(rule[4] === undefined ? {} : { ruleIndex: Number(rule[4]) }),
    };
  }
  return {
    error: `${JSON.stringify(text)} is not a decision: expected "tier/policy", "tier/namespace/policy" (either with "#rule"), "profile:name[#rule]", "end-of-tier:tier" or "no-match"`,
  };
}

/** True when the engine's decision is the expected one. */
export function decidedByMatches(spec: DecidedBySpec, decision: DecidedBy): boolean {
  switch (spec.kind) {
    case "rule":
      return (
        decision.kind === "rule" &&
        decision.tier === spec.tier &&
        decision.policy.name === spec.policy &&
        decision.policy.namespace === spec.namespace &&
        (spec.ruleIndex === undefined || spec.ruleIndex === decision.ruleIndex)
      );
    case "end-of-tier":
      return decision.kind === "end-of-tier" && decision.tier === spec.tier;
    case "profile-rule":
      return (
        decision.kind === "profile-rule" &&
        decision.profile === spec.profile &&
        (spec.ruleIndex === undefined || spec.ruleIndex === decision.ruleIndex)
      );
    case "no-match":
      return decision.kind === "no-match";
    default: {
      const never: never = spec;
      return never;
    }
  }
}

/**
 * The direction whose decision a flow's verdict rests on: for a denied flow the direction that
 * denied it (egress first, as the packet leaves the source before it reaches the destination);
 * for an allowed flow the destination's ingress, or the egress when the destination is outside.
 */
export function decisiveDirection(verdict: FlowVerdict): DirectionVerdict | null {
  if (!verdict.allowed) {
    if (verdict.egress?.action === "deny") return verdict.egress;
    return verdict.ingress;
  }
  return verdict.ingress ?? verdict.egress;
}

/** A flow's verdict in brief: allowed or not, and the decisive direction's decision (or "none"). */
export interface CellVerdict {
  readonly allowed: boolean;
  readonly decidedBy: string;
}

/** Reduces a verdict to its outcome and the reference form of what decided it. */
export function cellVerdict(verdict: FlowVerdict): CellVerdict {
  const decisive = decisiveDirection(verdict);
  return {
    allowed: verdict.allowed,
    decidedBy: decisive === null ? "none" : formatDecidedBy(decisive.decidedBy),
  };
}

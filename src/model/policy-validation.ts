/**
 * Policy-level rules of Calico's validator and CRD (calico-semantics.md B.1, B.7): policy types,
 * GlobalNetworkPolicy flag combinations, and the staged "Delete" action. Paths are relative to
 * the policy's spec.
 */
import type { IssueSink } from "./issues.js";
import { reportRepeats } from "./issues.js";
import type { PolicyType, Rule } from "./types.js";

/** A policy spec as written (before `types` is defaulted). */
export interface PolicySpecInput {
  readonly types?: readonly PolicyType[];
  readonly ingress?: readonly Rule[];
  readonly egress?: readonly Rule[];
  readonly doNotTrack?: boolean;
  readonly preDNAT?: boolean;
  readonly applyOnForward?: boolean;
  readonly stagedAction?: string;
  readonly [key: string]: unknown;
}

/** Rejects a policy type listed twice (`types: [Ingress, Ingress]`). */
export function checkPolicyTypes(types: readonly PolicyType[], report: IssueSink): void {
  reportRepeats(types, { code: "duplicate-policy-type", what: "policy type", path: [] }, report);
}

/**
 * GlobalNetworkPolicy flags (CRD CEL rules): preDNAT and doNotTrack exclude each other, preDNAT
 * policies have no egress, and either flag needs applyOnForward: true.
 */
export function checkGlobalPolicyFlags(spec: PolicySpecInput, report: IssueSink): void {
  if (spec.preDNAT === true && spec.doNotTrack === true) {
    report({
      code: "prednat-and-donottrack",
      message: "preDNAT and doNotTrack cannot both be true",
      path: ["preDNAT"],
      value: true,
    });
  }
  if (spec.preDNAT === true) {
    if (spec.egress !== undefined && spec.egress.length > 0) {
      report({
        code: "prednat-egress",
        message: `a preDNAT policy cannot have egress rules (it has ${spec.egress.length})`,
        path: ["egress"],
      });
    }
    const i = spec.types?.indexOf("Egress") ?? -1;
    if (i >= 0) {
      report({
        code: "prednat-egress",
        message: "a preDNAT policy cannot have policy type Egress",
        path: ["types", i],
        value: "Egress",
      });
    }
  }
  if ((spec.preDNAT === true || spec.doNotTrack === true) && spec.applyOnForward !== true) {
    report({
      code: "apply-on-forward-required",
      message: `${spec.preDNAT === true ? "preDNAT" : "doNotTrack"} policies must set applyOnForward: true`,
      path: ["applyOnForward"],
      value: spec.applyOnForward,
    });
  }
}

/**
 * A staged policy with stagedAction "Delete" names the policy to delete and nothing else:
 * every spec field other than tier and stagedAction must be empty (`validator.go`). `types` is
 * exempt because Calico's own defaulting fills it in before validation.
 */
export function checkStagedDelete(spec: PolicySpecInput, report: IssueSink): void {
  if (spec.stagedAction !== "Delete") return;
  for (const key of Object.keys(spec)) {
    if (key === "tier" || key === "stagedAction" || key === "types") continue;
    const value = spec[key];
    if (
      value === undefined ||
      (Array.isArray(value) && value.length === 0) ||
      value === false ||
      value === ""
    )
      continue;
    report({
      code: "staged-delete-with-spec",
      message: `stagedAction "Delete" allows no other spec fields (except tier and types), but ${key} is set`,
      path: [key],
      value,
    });
  }
}

/** Calico's types defaulting (B.7): no egress rules → [Ingress]; only egress → [Egress]; both → both. */
export function defaultPolicyTypes(spec: PolicySpecInput): readonly PolicyType[] {
  if (spec.types !== undefined && spec.types.length > 0) return spec.types;
  const hasIngress = spec.ingress !== undefined && spec.ingress.length > 0;
  const hasEgress = spec.egress !== undefined && spec.egress.length > 0;
  if (!hasEgress) return ["Ingress"];
  return hasIngress ? ["Ingress", "Egress"] : ["Egress"];
}

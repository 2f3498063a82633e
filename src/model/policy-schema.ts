/**
 * Schemas for Calico's four policy kinds (NetworkPolicy, GlobalNetworkPolicy and their staged
 * forms), with Calico's defaults: tier "default", types per B.7, stagedAction "Set".
 */
import * as z from "zod";
import {
  booleanField,
  enumField,
  listField,
  orderField,
  refineWith,
  strictObject,
  stringField,
} from "./fields.js";
import { type IssueSink, reportRepeats } from "./issues.js";
import { metadataSchema, stripUndefined } from "./metadata.js";
import { checkDnsLabel, checkGlobalNetworkPolicyName, checkNetworkPolicyName } from "./names.js";
import { once } from "./once.js";
import {
  checkGlobalPolicyFlags,
  checkPolicyTypes,
  checkStagedDelete,
  defaultPolicyTypes,
  type PolicySpecInput,
} from "./policy-validation.js";
import { rulesField } from "./rule-schema.js";
import {
  policyNamespaceSelectorField,
  policySelectorField,
  policyServiceAccountSelectorField,
} from "./selector-field.js";
import type { PolicyType } from "./types.js";

/** Which of the four policy kinds a schema is for. */
export interface PolicyKindOptions {
  readonly kind:
    | "NetworkPolicy"
    | "GlobalNetworkPolicy"
    | "StagedNetworkPolicy"
    | "StagedGlobalNetworkPolicy";
  readonly global: boolean;
  readonly staged: boolean;
}

function specShape(options: PolicyKindOptions) {
  const context = (direction: "ingress" | "egress") =>
    ({ direction, owner: options.global ? "global-policy" : "namespaced-policy" }) as const;
  return {
    tier: stringField(checkDnsLabel, "invalid-tier").optional(),
    order: orderField().optional(),
    selector: policySelectorField().optional(),
    serviceAccountSelector: policyServiceAccountSelectorField().optional(),
    ingress: rulesField(context("ingress")).optional(),
    egress: rulesField(context("egress")).optional(),
    types: listField(enumField(["Ingress", "Egress"] as const), 2)
      .superRefine(refineWith<PolicyType[]>(checkPolicyTypes))
      .optional(),
    performanceHints: z
      .array(enumField(["AssumeNeededOnEveryNode"] as const))
      .superRefine(
        refineWith((hints: readonly string[], report: IssueSink) =>
          reportRepeats(
            hints,
            { code: "duplicate-performance-hint", what: "performance hint", path: [] },
            report,
          ),
        ),
      )
      .optional(),
    ...(options.global
      ? {
          namespaceSelector: policyNamespaceSelectorField().optional(),
          doNotTrack: booleanField().optional(),
          preDNAT: booleanField().optional(),
          applyOnForward: booleanField().optional(),
        }
      : {}),
    ...(options.staged
      ? { stagedAction: enumField(["Set", "Delete", "Learn", "Ignore"] as const).optional() }
      : {}),
  };
}

/** Applies Calico's defaults to a checked spec. */
function withDefaults(spec: PolicySpecInput, staged: boolean) {
  return stripUndefined({
    ...spec,
    tier: (spec.tier as string | undefined) ?? "default",
    types: defaultPolicyTypes(spec),
    ...(staged ? { stagedAction: spec.stagedAction ?? "Set" } : {}),
  });
}

function checks(options: PolicyKindOptions) {
  return refineWith<PolicySpecInput>((spec, report) => {
    if (options.global) checkGlobalPolicyFlags(spec, report);
    if (options.staged) checkStagedDelete(spec, report);
  });
}

function policySchema(options: PolicyKindOptions) {
  return strictObject({
    apiVersion: z.literal("projectcalico.org/v3"),
    kind: z.literal(options.kind),
    metadata: metadataSchema({
      namespaced: !options.global,
      checkName: options.global ? checkGlobalNetworkPolicyName : checkNetworkPolicyName,
    }),
    spec: strictObject(specShape(options))
      .superRefine((spec, ctx) =>
        checks(options)(spec as PolicySpecInput, ctx as unknown as z.core.$RefinementCtx<PolicySpecInput>),
      )
      .transform((spec) => withDefaults(spec as PolicySpecInput, options.staged))
      .optional()
      .transform((spec) => spec ?? withDefaults({}, options.staged)),
  });
}

/** NetworkPolicy (projectcalico.org/v3). */
export const networkPolicySchema = once(() =>
  policySchema({ kind: "NetworkPolicy", global: false, staged: false }),
);
/** GlobalNetworkPolicy. */
export const globalNetworkPolicySchema = once(() =>
  policySchema({ kind: "GlobalNetworkPolicy", global: true, staged: false }),
);
/** StagedNetworkPolicy. */
export const stagedNetworkPolicySchema = once(() =>
  policySchema({ kind: "StagedNetworkPolicy", global: false, staged: true }),
);
/** StagedGlobalNetworkPolicy. */
export const stagedGlobalNetworkPolicySchema = once(() =>
  policySchema({ kind: "StagedGlobalNetworkPolicy", global: true, staged: true }),
);

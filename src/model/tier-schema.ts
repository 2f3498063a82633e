/**
 * Tier schema: name rule, defaultAction defaulted to "Deny", and the fixed order and default
 * action of Calico's well-known tiers (calico-semantics.md B.1).
 */
import * as z from "zod";
import { enumField, orderField, refineWith, strictObject } from "./fields.js";
import { describeValue } from "./issues.js";
import { metadataSchema, stripUndefined } from "./metadata.js";
import { checkDnsLabel } from "./names.js";
import { once } from "./once.js";

/** Tiers Calico creates itself, with the order and default action its CRD enforces. */
export const WELL_KNOWN_TIERS: ReadonlyMap<
  string,
  { readonly order: number; readonly defaultAction: "Deny" | "Pass" }
> = new Map([
  ["default", { order: 1_000_000, defaultAction: "Deny" }],
  ["kube-admin", { order: 1_000, defaultAction: "Pass" }],
  ["kube-baseline", { order: 10_000_000, defaultAction: "Pass" }],
]);

/** Tier (projectcalico.org/v3). Well-known tiers get their fixed order and action when omitted. */
export const tierSchema = once(() =>
  strictObject({
    apiVersion: z.literal("projectcalico.org/v3"),
    kind: z.literal("Tier"),
    metadata: metadataSchema({ namespaced: false, checkName: checkDnsLabel }),
    spec: strictObject({
      order: orderField().optional(),
      defaultAction: enumField(["Deny", "Pass"] as const).optional(),
    })
      .optional()
      .transform((s) => s ?? {}),
  })
    .superRefine(
      refineWith((tier, report) => {
        const known = WELL_KNOWN_TIERS.get(tier.metadata.name);
        if (known === undefined) return;
        for (const key of ["order", "defaultAction"] as const) {
          const written = tier.spec[key];
          if (written !== undefined && written !== known[key]) {
            report({
              code: key === "order" ? "well-known-tier-order" : "well-known-tier-action",
              message: `tier ${describeValue(tier.metadata.name)} must have ${key} ${known[key]}, got ${written}`,
              path: ["spec", key],
              value: written,
            });
          }
        }
      }),
    )
    .transform((tier) => {
      const known = WELL_KNOWN_TIERS.get(tier.metadata.name);
      return {
        ...tier,
        spec: stripUndefined({
          order: tier.spec.order ?? known?.order,
          defaultAction: tier.spec.defaultAction ?? known?.defaultAction ?? "Deny",
        }),
      };
    }),
);

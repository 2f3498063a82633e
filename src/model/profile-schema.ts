/**
 * Profile schema: ingress / egress rules and labelsToApply (inherited by endpoints that list the
 * profile; calico-semantics.md B.1, E).
 */
import * as z from "zod";
import { labelsField, strictObject } from "./fields.js";
import { metadataSchema, stripUndefined } from "./metadata.js";
import { once } from "./once.js";
import { rulesField } from "./rule-schema.js";

/** Profile (projectcalico.org/v3). Its rules are not namespaced, like a global policy's. */
export const profileSchema = once(() =>
  strictObject({
    apiVersion: z.literal("projectcalico.org/v3"),
    kind: z.literal("Profile"),
    metadata: metadataSchema({ namespaced: false }),
    spec: strictObject({
      ingress: rulesField({ direction: "ingress", owner: "profile" }).optional(),
      egress: rulesField({ direction: "egress", owner: "profile" }).optional(),
      labelsToApply: labelsField().optional(),
    })
      .transform((spec) => stripUndefined(spec))
      .optional()
      .transform((s) => s ?? {}),
  }),
);

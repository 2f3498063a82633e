/**
 * Profile schema: ingress / egress rules and labelsToApply (inherited by endpoints that list the
 * profile; calico-semantics.md B.1, E).
 */
import * as z from "zod";
import { labelsField, refineWith, strictObject } from "./fields.js";
import { metadataSchema, stripUndefined } from "./metadata.js";
import { once } from "./once.js";
import { rulesField } from "./rule-schema.js";
import type { Profile } from "./types.js";

/** The profile Calico always provides (`lib/resources/static.go`): allow all, no labels. */
export const DEFAULT_ALLOW_PROFILE_NAME = "projectcalico-default-allow";

/**
 * `projectcalico-default-allow` as Calico's datastores report it: present whether or not it is
 * stored, with one Allow rule per direction. calico-kube-controllers gives it to automatic host
 * endpoints.
 */
export const DEFAULT_ALLOW_PROFILE: Profile = Object.freeze({
  apiVersion: "projectcalico.org/v3",
  kind: "Profile",
  metadata: Object.freeze({ name: DEFAULT_ALLOW_PROFILE_NAME }),
  spec: Object.freeze({
    ingress: Object.freeze([Object.freeze({ action: "Allow" as const })]),
    egress: Object.freeze([Object.freeze({ action: "Allow" as const })]),
  }),
});

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
  }).superRefine(
    refineWith((profile, report) => {
      // Calico's profile client refuses to create, update or delete it (clientv3/profile.go).
      if (profile.metadata.name === DEFAULT_ALLOW_PROFILE_NAME) {
        report({
          code: "reserved-profile",
          message: `the profile "${DEFAULT_ALLOW_PROFILE_NAME}" is provided by Calico (one Allow rule per direction, no labels) and cannot be created or changed: endpoints may list it without it being applied`,
          path: ["metadata", "name"],
          value: profile.metadata.name,
        });
      }
    }),
  ),
);

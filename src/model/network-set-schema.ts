/**
 * NetworkSet and GlobalNetworkSet schemas: labelled lists of CIDRs that selectors can match
 * (calico-semantics.md B.1, C.5).
 */
import * as z from "zod";
import { cidrField, listField, strictObject } from "./fields.js";
import { metadataSchema, stripUndefined } from "./metadata.js";
import { once } from "./once.js";

// Calico reserves this label for namespaced endpoints; a network set carrying it could
// impersonate a namespace in `projectcalico.org/namespace == 'x'` selectors.
const FORBIDDEN_LABELS = ["projectcalico.org/namespace"] as const;
const MAX_NETS = 100_000;

function networkSetSchema<const K extends "NetworkSet" | "GlobalNetworkSet">(kind: K) {
  return strictObject({
    apiVersion: z.literal("projectcalico.org/v3"),
    kind: z.literal(kind),
    metadata: metadataSchema({ namespaced: kind === "NetworkSet", forbiddenLabels: FORBIDDEN_LABELS }),
    spec: strictObject({ nets: listField(cidrField(), MAX_NETS).optional() })
      .transform((spec) => stripUndefined(spec))
      .optional()
      .transform((s) => s ?? {}),
  });
}

/** NetworkSet (namespaced). */
export const namespacedNetworkSetSchema = once(() => networkSetSchema("NetworkSet"));
/** GlobalNetworkSet (cluster-scoped). */
export const globalNetworkSetSchema = once(() => networkSetSchema("GlobalNetworkSet"));

/**
 * The legacy v1 `workloadEndpoint` format (Calico ≤ 2.x, seed 002) and its conversion to a v3
 * WorkloadEndpoint, following Calico's v1→v3 upgrade converter: for Kubernetes, the workload
 * `<namespace>.<pod>` splits into namespace and pod, `calico/k8s_ns` becomes
 * `projectcalico.org/namespace`, and `k8s_ns.<ns>` profiles become `kns.<ns>`.
 */
import * as z from "zod";
import {
  cidrField,
  ipField,
  labelsField,
  listField,
  strictObject,
  stringField,
  stringLikeField,
} from "./fields.js";
import { annotationsField, stripUndefined } from "./metadata.js";
import { checkInterfaceName } from "./names.js";
import { canonicalProtocolName } from "./numorstring.js";
import { once } from "./once.js";
import type { Labels } from "./types.js";
import { encodeWorkloadEndpointName } from "./wep-name.js";

const LIST_MAX = 1024;

/** The v1 shape: identifiers in metadata, networking in spec. */
export const legacyWorkloadEndpointSchema = once(() =>
  strictObject({
    apiVersion: z.literal("v1"),
    kind: z.literal("workloadEndpoint"),
    metadata: strictObject({
      name: stringLikeField(),
      workload: stringLikeField(),
      orchestrator: stringLikeField(),
      node: stringLikeField(),
      activeInstanceID: stringLikeField().optional(),
      labels: labelsField().optional(),
      annotations: annotationsField().optional(),
    }),
    spec: strictObject({
      ipNetworks: listField(cidrField(), LIST_MAX).optional(),
      ipNATs: listField(strictObject({ internalIP: ipField(), externalIP: ipField() }), LIST_MAX).optional(),
      ipv4Gateway: ipField(4).optional(),
      ipv6Gateway: ipField(6).optional(),
      profiles: listField(stringField(), LIST_MAX).optional(),
      interfaceName: stringField(checkInterfaceName, "invalid-interface-name").optional(),
      mac: stringField().optional(),
      ports: z.array(z.unknown()).optional(),
    })
      .optional()
      .transform((s) => s ?? {}),
  }),
);

/** The v1 resource after structural validation. */
export type LegacyWorkloadEndpoint = z.infer<ReturnType<typeof legacyWorkloadEndpointSchema>>;

/**
 * v1 names allowed characters v3 forbids (upper case, `_`); Calico's converter lower-cases and
 * replaces the rest with `-`, so node `Rack1_Host1` becomes `rack1-host1`.
 */
function convertName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
}

/** Converts a v1 workloadEndpoint to the v3 form (the result is then validated as v3). */
export function convertLegacyWorkloadEndpoint(v1: LegacyWorkloadEndpoint): unknown {
  const { metadata, spec } = v1;
  const k8s = metadata.orchestrator === "k8s";
  const dot = metadata.workload.indexOf(".");
  const namespace = k8s && dot > 0 ? metadata.workload.slice(0, dot) : "default";
  const workload = k8s && dot > 0 ? metadata.workload.slice(dot + 1) : metadata.workload;
  const node = convertName(metadata.node);
  const labels: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(metadata.labels ?? {})) {
    if (key !== "calico/k8s_ns") labels[key] = value;
  }
  if (k8s) {
    labels["projectcalico.org/namespace"] = namespace;
    labels["projectcalico.org/orchestrator"] = "k8s";
  }
  const profiles = spec.profiles?.map((p) =>
    k8s && p.startsWith("k8s_ns.") ? `kns.${p.slice("k8s_ns.".length)}` : p,
  );
  const name = encodeWorkloadEndpointName({
    node,
    orchestrator: metadata.orchestrator,
    workload: k8s ? workload : convertName(workload),
    endpoint: metadata.name,
  });
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "WorkloadEndpoint",
    metadata: stripUndefined({
      name,
      namespace,
      labels: labels as Labels,
      annotations: metadata.annotations,
    }),
    spec: stripUndefined({
      orchestrator: metadata.orchestrator,
      node,
      ...(k8s ? { pod: workload } : { workload: convertName(workload) }),
      endpoint: metadata.name,
      ipNetworks: spec.ipNetworks,
      ipNATs: spec.ipNATs,
      ipv4Gateway: spec.ipv4Gateway,
      ipv6Gateway: spec.ipv6Gateway,
      profiles,
      interfaceName: spec.interfaceName,
      mac: spec.mac,
      ports: spec.ports?.map(v3Port),
    }),
  };
}

/** A v1 port with its protocol in v3 spelling (`ProtocolV3FromProtocolV1`: v1 wrote `tcp`). */
function v3Port(port: unknown): unknown {
  if (typeof port !== "object" || port === null || !("protocol" in port)) return port;
  const protocol = (port as { readonly protocol: unknown }).protocol;
  const canonical = typeof protocol === "string" ? canonicalProtocolName(protocol) : undefined;
  return canonical === undefined ? port : { ...port, protocol: canonical };
}

/**
 * Schemas for the Kubernetes kinds the engine converts (Namespace, ServiceAccount, Pod,
 * networking.k8s.io/v1 NetworkPolicy) or reads as Felix does (discovery.k8s.io/v1
 * EndpointSlice), and Calico's StagedKubernetesNetworkPolicy. Pods, Namespaces and
 * EndpointSlices carry many fields policy never reads: only the fields used are checked.
 */
import * as z from "zod";
import { podIpAnnotationProblem } from "./convert-k8s.js";
import {
  enumField,
  field,
  integerField,
  ipField,
  labelsField,
  listField,
  prefixedCidrField,
  refineWith,
  strictObject,
  stringField,
} from "./fields.js";
import { netContains, parseIp, parseNet } from "./ip.js";
import { describeValue, type IssueSink } from "./issues.js";
import { kubernetesMetadataSchema, metadataSchema, stripUndefined } from "./metadata.js";
import { checkDnsLabel, checkLabelKey, checkLabelValue, checkPortName } from "./names.js";
import { once } from "./once.js";
import type { EndpointSlicePort, KubernetesNetworkPolicySpec, LabelSelector, Pod } from "./types.js";

const LIST_MAX = 10_000;

/** Namespace (v1): only metadata matters (its labels become `pcns.` labels). */
export const namespaceSchema = once(() =>
  z
    .looseObject({
      apiVersion: z.literal("v1"),
      kind: z.literal("Namespace"),
      metadata: kubernetesMetadataSchema({ namespaced: false, checkName: checkDnsLabel }),
    })
    // The API server sets `kubernetes.io/metadata.name` to the name on every namespace (GA in
    // 1.22; a written value is overwritten), so `namespaceSelector` on it works in any cluster.
    .transform(({ apiVersion, kind, metadata }) => ({
      apiVersion,
      kind,
      metadata: { ...metadata, labels: { ...metadata.labels, [NAMESPACE_NAME_LABEL]: metadata.name } },
    })),
);

/** The label the API server gives every namespace: its name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** ServiceAccount (v1): only metadata matters (its labels become `pcsa.` labels). */
export const serviceAccountSchema = once(() =>
  z
    .looseObject({
      apiVersion: z.literal("v1"),
      kind: z.literal("ServiceAccount"),
      metadata: kubernetesMetadataSchema({ namespaced: true }),
    })
    .transform(({ apiVersion, kind, metadata }) => ({
      apiVersion,
      kind,
      metadata: metadata as typeof metadata & { namespace: string },
    })),
);

const containerPortSchema = once(() =>
  z
    .looseObject({
      name: stringField(checkPortName, "invalid-port-name").optional(),
      containerPort: integerField(1, 65535, "a port"),
      protocol: stringField().optional(),
      hostPort: integerField(0, 65535, "a host port").optional(),
      hostIP: stringField().optional(),
    })
    .transform(({ name, containerPort, protocol, hostPort, hostIP }) =>
      stripUndefined({ name, containerPort, protocol, hostPort, hostIP }),
    ),
);

const containerSchema = once(() =>
  z
    .looseObject({
      name: stringField(),
      ports: z.array(containerPortSchema()).optional(),
    })
    .transform(({ name, ports }) => stripUndefined({ name, ports })),
);

/** Pod (v1): labels, node, service account, container ports, host networking, IPs and phase. */
export const podSchema = once(() =>
  z
    .looseObject({
      apiVersion: z.literal("v1"),
      kind: z.literal("Pod"),
      metadata: kubernetesMetadataSchema({ namespaced: true }),
      spec: z
        .looseObject({
          nodeName: stringField().optional(),
          serviceAccountName: stringField().optional(),
          serviceAccount: stringField().optional(),
          hostNetwork: z.boolean().optional(),
          containers: z.array(containerSchema()).optional(),
          initContainers: z.array(containerSchema()).optional(),
        })
        .transform(
          ({ nodeName, serviceAccountName, serviceAccount, hostNetwork, containers, initContainers }) =>
            stripUndefined({
              nodeName,
              // The deprecated `serviceAccount` stands in for an empty serviceAccountName (core/v1 defaults).
              serviceAccountName: serviceAccountName || serviceAccount || undefined,
              hostNetwork,
              containers: containers ?? [],
              initContainers,
            }),
        ),
      status: z
        .looseObject({
          podIP: ipField().optional(),
          podIPs: z.array(z.looseObject({ ip: ipField() }).transform(({ ip }) => ({ ip }))).optional(),
          phase: stringField().optional(),
        })
        .transform(({ podIP, podIPs, phase }) => stripUndefined({ podIP, podIPs, phase }))
        .optional(),
    })
    .transform(({ apiVersion, kind, metadata, spec, status }) =>
      stripUndefined({
        apiVersion,
        kind,
        metadata: metadata as typeof metadata & { namespace: string },
        spec: withDefaultServiceAccount(spec, metadata.annotations),
        status,
      }),
    )
    .superRefine(
      refineWith((pod: Pod, report: IssueSink) => {
        const problem = podIpAnnotationProblem(pod);
        if (problem === undefined) return;
        report({
          code: "invalid-ip",
          message: `annotation ${problem.annotation} has the entry ${describeValue(problem.entry)}, which is not an IP address or CIDR: Calico's getPodIPs fails for this pod and makes no endpoint for it (entries are split on "," and not trimmed)`,
          path: ["metadata", "annotations", problem.annotation],
          value: problem.entry,
        });
      }),
    ),
);

/**
 * The ServiceAccount admission plugin (on in every standard cluster) gives a pod without one the
 * namespace's `default` service account; mirror pods (static pods, annotated
 * `kubernetes.io/config.mirror`) are left alone.
 */
function withDefaultServiceAccount<S extends { readonly serviceAccountName?: string }>(
  spec: S,
  annotations: Readonly<Record<string, string>> | undefined,
): S {
  if (spec.serviceAccountName !== undefined) return spec;
  if (annotations !== undefined && Object.hasOwn(annotations, "kubernetes.io/config.mirror")) return spec;
  return { ...spec, serviceAccountName: "default" };
}

const labelSelectorSchema = once(() =>
  strictObject({
    matchLabels: labelsField().optional(),
    matchExpressions: z
      .array(
        strictObject({
          key: stringField(checkLabelKey, "invalid-label-key"),
          operator: enumField(["In", "NotIn", "Exists", "DoesNotExist"] as const),
          values: z.array(stringField(checkLabelValue, "invalid-label-value")).optional(),
        }).superRefine(
          refineWith((req, report: IssueSink) => {
            const hasValues = (req.values ?? []).length > 0;
            if ((req.operator === "In" || req.operator === "NotIn") && !hasValues) {
              report({
                code: "selector-values-required",
                message: `operator ${req.operator} needs at least one value`,
                path: ["values"],
              });
            }
            if ((req.operator === "Exists" || req.operator === "DoesNotExist") && hasValues) {
              report({
                code: "selector-values-forbidden",
                message: `operator ${req.operator} takes no values`,
                path: ["values"],
                value: req.values,
              });
            }
          }),
        ),
      )
      .optional(),
  }),
) as () => z.ZodType<LabelSelector>;

const k8sPortSchema = once(() =>
  strictObject({
    protocol: enumField(["TCP", "UDP", "SCTP"] as const).optional(),
    port: field<number | string>((value) => {
      if (typeof value === "number") {
        return Number.isInteger(value) && value >= 1 && value <= 65535
          ? { ok: true, value }
          : { ok: false, code: "out-of-range", message: `port ${value} is out of range: expected 1-65535` };
      }
      if (typeof value === "string") {
        const problem = checkPortName(value);
        return problem === undefined
          ? { ok: true, value }
          : {
              ok: false,
              code: "invalid-port-name",
              message: `invalid port ${describeValue(value)}: expected a number or ${problem}`,
            };
      }
      return {
        ok: false,
        code: "invalid-type",
        message: `expected a port number or name, got ${describeValue(value)}`,
      };
    }).optional(),
    endPort: integerField(1, 65535, "a port").optional(),
  }).superRefine(
    refineWith((p, report: IssueSink) => {
      if (p.endPort === undefined) return;
      if (typeof p.port !== "number") {
        report({
          code: "end-port-needs-numeric-port",
          message: "endPort needs a numeric port",
          path: ["endPort"],
          value: p.endPort,
        });
      } else if (p.endPort < p.port) {
        report({
          code: "end-port-below-port",
          message: `endPort ${p.endPort} is below port ${p.port}`,
          path: ["endPort"],
          value: p.endPort,
        });
      }
    }),
  ),
);

const peerSchema = once(() =>
  strictObject({
    podSelector: labelSelectorSchema().optional(),
    namespaceSelector: labelSelectorSchema().optional(),
    ipBlock: strictObject({ cidr: prefixedCidrField(), except: z.array(prefixedCidrField()).optional() })
      .superRefine(
        refineWith((block, report: IssueSink) => {
          const outer = parseNet(block.cidr, { allowBareIp: true });
          block.except?.forEach((text, i) => {
            const inner = parseNet(text, { allowBareIp: true });
            if (outer === undefined || inner === undefined) return;
            if (!netContains(outer, inner.address) || inner.prefix <= outer.prefix) {
              report({
                code: "except-outside-cidr",
                message: `except entry ${describeValue(text)} must be strictly within cidr ${describeValue(block.cidr)}`,
                path: ["except", i],
                value: text,
              });
            }
          });
        }),
      )
      .optional(),
  }).superRefine(
    refineWith((peer, report: IssueSink) => {
      if (
        peer.ipBlock !== undefined &&
        (peer.podSelector !== undefined || peer.namespaceSelector !== undefined)
      ) {
        report({
          code: "ipblock-exclusive",
          message: "ipBlock cannot be combined with podSelector or namespaceSelector in one peer",
          path: ["ipBlock"],
        });
      }
      if (
        peer.ipBlock === undefined &&
        peer.podSelector === undefined &&
        peer.namespaceSelector === undefined
      ) {
        report({
          code: "empty-peer",
          message: "a peer needs podSelector, namespaceSelector or ipBlock",
          path: [],
        });
      }
    }),
  ),
);

function k8sRuleSchema(peers: "from" | "to") {
  return strictObject({
    [peers]: listField(peerSchema(), LIST_MAX).optional(),
    ports: listField(k8sPortSchema(), LIST_MAX).optional(),
  });
}

/** The spec of a Kubernetes NetworkPolicy; `podSelector` defaults to `{}` (all pods) when omitted. */
export const kubernetesNetworkPolicySpecShape = once(() => ({
  podSelector: labelSelectorSchema()
    .optional()
    .transform((s) => s ?? {}),
  policyTypes: listField(enumField(["Ingress", "Egress"] as const), 2).optional(),
  ingress: listField(k8sRuleSchema("from"), LIST_MAX).optional(),
  egress: listField(k8sRuleSchema("to"), LIST_MAX).optional(),
}));

/** NetworkPolicy (networking.k8s.io/v1). */
export const kubernetesNetworkPolicySchema = once(() =>
  strictObject({
    apiVersion: z.literal("networking.k8s.io/v1"),
    kind: z.literal("NetworkPolicy"),
    metadata: metadataSchema({ namespaced: true }),
    spec: strictObject(kubernetesNetworkPolicySpecShape())
      .transform((s) => defaultPolicyTypes(stripUndefined(s) as KubernetesNetworkPolicySpec))
      .optional()
      .transform((s) => s ?? defaultPolicyTypes({ podSelector: {} })),
    status: z.unknown().optional(),
  }).transform(({ status: _status, ...policy }) => policy),
);

/**
 * The API server's defaulting (`SetDefaults_NetworkPolicy`, networking/v1/defaults.go): with no
 * policyTypes, Ingress, plus Egress when there are egress rules. Calico's converter only ever
 * sees the defaulted object, so a manifest written without policyTypes still gets its egress
 * rules enforced.
 */
function defaultPolicyTypes(spec: KubernetesNetworkPolicySpec): KubernetesNetworkPolicySpec {
  if ((spec.policyTypes ?? []).length > 0) return spec;
  const egress = (spec.egress ?? []).length > 0;
  return { ...spec, policyTypes: egress ? ["Ingress", "Egress"] : ["Ingress"] };
}

/** StagedKubernetesNetworkPolicy (projectcalico.org/v3): a Kubernetes policy spec plus stagedAction. */
export const stagedKubernetesNetworkPolicySchema = once(() =>
  strictObject({
    apiVersion: z.literal("projectcalico.org/v3"),
    kind: z.literal("StagedKubernetesNetworkPolicy"),
    metadata: metadataSchema({ namespaced: true }),
    spec: strictObject({
      ...kubernetesNetworkPolicySpecShape(),
      stagedAction: enumField(["Set", "Delete", "Learn", "Ignore"] as const).optional(),
    })
      .superRefine(
        refineWith((spec: Readonly<Record<string, unknown>>, report: IssueSink) => {
          if (spec.stagedAction !== "Delete") return;
          // validateStagedKubernetesNetworkPolicy: a Delete's spec must equal the zero spec (an
          // empty podSelector is zero; an empty list is not, as Go's DeepEqual sees it).
          for (const key of Object.keys(spec)) {
            if (key === "stagedAction" || spec[key] === undefined) continue;
            const value = spec[key];
            if (
              key === "podSelector" &&
              typeof value === "object" &&
              value !== null &&
              Object.keys(value).length === 0
            )
              continue;
            report({
              code: "staged-delete-with-spec",
              message: `spec.${key} must not be set when stagedAction is Delete: a Delete carries only the stagedAction`,
              path: [key],
              value,
            });
          }
        }),
      )
      .transform((s) => stripUndefined({ ...s, stagedAction: s.stagedAction ?? "Set" }))
      .optional()
      .transform((s) => s ?? { podSelector: {}, stagedAction: "Set" as const }),
  }),
);

const endpointSlicePortSchema = once(() =>
  z
    .looseObject({
      name: stringField().optional(),
      port: integerField(1, 65535, "a port").optional(),
      protocol: enumField(["TCP", "UDP", "SCTP"] as const).optional(),
    })
    .transform(({ name, port, protocol }): EndpointSlicePort => stripUndefined({ name, port, protocol })),
);

/**
 * EndpointSlice (discovery.k8s.io/v1): its Service (label `kubernetes.io/service-name`), address
 * type, endpoint addresses (checked against the address type; FQDN slices are accepted and, as in
 * Felix, contribute nothing) and ports. Conditions, topology and targets are ignored: Felix puts
 * every endpoint's addresses in the Service's IP sets, ready or not.
 */
export const endpointSliceSchema = once(() =>
  z
    .looseObject({
      apiVersion: z.literal("discovery.k8s.io/v1"),
      kind: z.literal("EndpointSlice"),
      metadata: kubernetesMetadataSchema({ namespaced: true }),
      addressType: enumField(["IPv4", "IPv6", "FQDN"] as const),
      endpoints: listField(
        z
          .looseObject({ addresses: listField(stringField(), 1000) })
          .transform(({ addresses }) => ({ addresses })),
        LIST_MAX,
      )
        .nullish()
        .transform((e) => e ?? []),
      ports: listField(endpointSlicePortSchema(), LIST_MAX)
        .nullish()
        .transform((p) => p ?? []),
    })
    .superRefine(
      refineWith((slice, report: IssueSink) => {
        if (slice.addressType === "FQDN") return;
        const family = slice.addressType === "IPv4" ? "ipv4" : "ipv6";
        slice.endpoints.forEach((endpoint, i) => {
          endpoint.addresses.forEach((address, j) => {
            if (parseIp(address)?.kind() === family) return;
            report({
              code: "invalid-ip",
              message: `invalid address ${describeValue(address)}: expected an ${slice.addressType} address (addressType ${slice.addressType})`,
              path: ["endpoints", i, "addresses", j],
              value: address,
            });
          });
        });
      }),
    )
    .transform(({ apiVersion, kind, metadata, addressType, endpoints, ports }) => ({
      apiVersion,
      kind,
      metadata: metadata as typeof metadata & { namespace: string },
      addressType,
      endpoints,
      ports,
    })),
);

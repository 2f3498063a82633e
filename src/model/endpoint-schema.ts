/**
 * Schemas for WorkloadEndpoint and HostEndpoint (projectcalico.org/v3), every field of the
 * documented WorkloadEndpoint spec included.
 */
import * as z from "zod";
import { checkEndpointPorts, checkIpNats, checkIpNetworks } from "./endpoint-validation.js";
import {
  cidrField,
  field,
  integerField,
  ipField,
  listField,
  protocolField,
  refineWith,
  strictObject,
  stringField,
  stringLikeField,
} from "./fields.js";
import { describeValue, type IssueSink } from "./issues.js";
import { isValidMac } from "./mac.js";
import { metadataSchema, stripUndefined } from "./metadata.js";
import { checkContainerId, checkDnsSubdomain, checkInterfaceName, checkPortName } from "./names.js";
import { once } from "./once.js";
import type { EndpointPort, IPNAT } from "./types.js";

const LIST_MAX = 1024;

const macField = once(() =>
  field<string>((value) =>
    typeof value === "string" && isValidMac(value)
      ? { ok: true, value }
      : {
          ok: false,
          code: "invalid-mac",
          message: `invalid MAC address ${describeValue(value)}: expected IEEE 802 MAC-48, EUI-48 or EUI-64 such as ca:fe:1d:52:bb:e9`,
        },
  ),
);

/**
 * An optional string field whose Go struct tag is `omitempty,<check>`: Go cannot tell "" from
 * absent (both decode to the zero value, which the validator skips), and Calico's own writers
 * emit "" for fields without a JSON omitempty (a named port's `hostIP`). "" reads as absent.
 */
function omitEmpty<T>(schema: z.ZodType<T>) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
}

const endpointPortSchema = once(() =>
  strictObject({
    name: stringField((v) => (v === "" ? undefined : checkPortName(v)), "invalid-port-name").optional(),
    protocol: protocolField(),
    port: integerField(1, 65535, "a port"),
    hostPort: integerField(0, 65535, "a host port").optional(),
    hostIP: omitEmpty(ipField()),
  }).transform((p) => stripUndefined({ ...p, name: p.name ?? "" }) as EndpointPort),
);

/** A HostEndpoint's port (the API's EndpointPort): always named, no hostPort or hostIP. */
const hostEndpointPortSchema = once(() =>
  strictObject({
    name: stringField(checkPortName, "invalid-port-name"),
    protocol: protocolField(),
    port: integerField(1, 65535, "a port"),
  }).transform((p) => p as EndpointPort),
);

/** QoS controls (bandwidth, packet rate, connection limits, DSCP): accepted, not evaluated. */
const QOS_LIMITS = [
  "ingressBandwidth",
  "ingressBurst",
  "ingressPeakrate",
  "ingressMinburst",
  "egressBandwidth",
  "egressBurst",
  "egressPeakrate",
  "egressMinburst",
  "ingressPacketRate",
  "ingressPacketBurst",
  "egressPacketRate",
  "egressPacketBurst",
  "ingressMaxConnections",
  "egressMaxConnections",
] as const;

const qosControlsSchema = once(() =>
  strictObject({
    ...Object.fromEntries(
      QOS_LIMITS.map((key) => [
        key,
        integerField(0, Number.MAX_SAFE_INTEGER, "a non-negative integer").optional(),
      ]),
    ),
    dscp: z.union([integerField(0, 63, "a DSCP value 0-63"), stringField()]).optional(),
  }),
);

const nameField = () => stringLikeField(checkDnsSubdomain, "invalid-name");

const workloadEndpointSpec = once(() =>
  strictObject({
    workload: omitEmpty(nameField()),
    orchestrator: omitEmpty(nameField()),
    node: omitEmpty(nameField()),
    containerID: omitEmpty(stringLikeField(checkContainerId, "invalid-container-id")),
    pod: omitEmpty(nameField()),
    endpoint: omitEmpty(nameField()),
    serviceAccountName: omitEmpty(nameField()),
    ipNetworks: listField(cidrField(), LIST_MAX).optional(),
    ipNATs: listField(
      strictObject({ internalIP: ipField(), externalIP: ipField() }) as unknown as z.ZodType<IPNAT>,
      LIST_MAX,
    ).optional(),
    ipv4Gateway: omitEmpty(ipField(4)),
    ipv6Gateway: omitEmpty(ipField(6)),
    profiles: listField(nameField(), LIST_MAX).optional(),
    // Required, as Calico's `interface` tag has no omitempty; `*` passes validateInterface.
    interfaceName: interfaceField(),
    mac: omitEmpty(macField()),
    ports: listField(endpointPortSchema(), LIST_MAX).optional(),
    allowSpoofedSourcePrefixes: listField(cidrField(), LIST_MAX).optional(),
    qosControls: qosControlsSchema().optional(),
  })
    .superRefine(
      refineWith((spec, report: IssueSink) => {
        checkIpNetworks(spec.ipNetworks, report);
        checkIpNats(spec.ipNATs, spec.ipNetworks, report);
        checkEndpointPorts(spec.ports, report);
      }),
    )
    .transform((spec) => stripUndefined(spec)),
);

/** WorkloadEndpoint (projectcalico.org/v3). */
export const workloadEndpointSchema = once(() =>
  strictObject({
    apiVersion: z.literal("projectcalico.org/v3"),
    kind: z.literal("WorkloadEndpoint"),
    metadata: metadataSchema({ namespaced: true }),
    spec: workloadEndpointSpec(),
  }),
);

/** `validateInterface`: `*` or 1-15 letters, digits, '_', '.', '-'. */
const interfaceField = () =>
  stringField((v) => (v === "*" ? undefined : checkInterfaceName(v)), "invalid-interface-name");

/** HostEndpoint: needs an interfaceName or expectedIPs (`validator.go validateHostEndpointSpec`). */
export const hostEndpointSchema = once(() =>
  strictObject({
    apiVersion: z.literal("projectcalico.org/v3"),
    kind: z.literal("HostEndpoint"),
    metadata: metadataSchema({ namespaced: false }),
    spec: strictObject({
      node: omitEmpty(nameField()),
      interfaceName: omitEmpty(interfaceField()),
      expectedIPs: listField(ipField(), LIST_MAX).optional(),
      profiles: listField(nameField(), LIST_MAX).optional(),
      ports: listField(hostEndpointPortSchema(), LIST_MAX).optional(),
    })
      .superRefine(
        refineWith((spec, report: IssueSink) => {
          if (spec.node === undefined) {
            report({
              code: "host-endpoint-needs-node",
              message: "a host endpoint needs node: the name of the host it is on",
              path: ["node"],
            });
          }
          if (spec.interfaceName === undefined && (spec.expectedIPs ?? []).length === 0) {
            report({
              code: "host-endpoint-needs-interface-or-ips",
              message: "a host endpoint needs interfaceName or expectedIPs",
              path: [],
            });
          }
          checkEndpointPorts(spec.ports, report);
        }),
      )
      .transform((spec) => stripUndefined(spec)),
  }),
);

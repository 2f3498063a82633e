/**
 * Kubernetes resources → the Calico resources Calico itself derives from them
 * (`libcalico-go/lib/backend/k8s/conversion/`; calico-semantics.md D.4): namespaces and service
 * accounts become `kns.` / `ksa.` profiles carrying `pcns.` / `pcsa.` labels, pods become
 * WorkloadEndpoints, and NetworkPolicies become `knp.default.<name>` Calico policies.
 */
import { createHash } from "node:crypto";
import { networkText, parseNet } from "./ip.js";
import { k8sSelectorToCalico } from "./k8s-selector.js";
import { simplifyPorts } from "./simplify-ports.js";
import type {
  CalicoResource,
  EndpointPort,
  EntityRule,
  KubernetesNetworkPolicy,
  KubernetesNetworkPolicyPeer,
  KubernetesNetworkPolicyPort,
  KubernetesNetworkPolicySpec,
  Labels,
  Namespace,
  NetworkPolicy,
  ObjectMeta,
  Pod,
  PolicyType,
  PortValue,
  Profile,
  Resource,
  Rule,
  ServiceAccount,
  StagedKubernetesNetworkPolicy,
  StagedNetworkPolicy,
  WorkloadEndpoint,
} from "./types.js";
import { encodeWorkloadEndpointName } from "./wep-name.js";

/** Label Calico puts on every namespaced endpoint: its namespace. */
export const NAMESPACE_LABEL = "projectcalico.org/namespace";
/** Label Calico puts on every pod endpoint: "k8s". */
export const ORCHESTRATOR_LABEL = "projectcalico.org/orchestrator";
/** Label Calico puts on pod endpoints with a service account. */
export const SERVICE_ACCOUNT_LABEL = "projectcalico.org/serviceaccount";
/** Prefix of namespace labels inherited through `kns.` profiles. */
export const NAMESPACE_LABEL_PREFIX = "pcns.";
/** Prefix of service-account labels inherited through `ksa.` profiles. */
export const SERVICE_ACCOUNT_LABEL_PREFIX = "pcsa.";
/** Name prefix of namespace profiles: `kns.<namespace>`. */
export const NAMESPACE_PROFILE_PREFIX = "kns.";
/** Name prefix of service-account profiles: `ksa.<namespace>.<name>`. */
export const SERVICE_ACCOUNT_PROFILE_PREFIX = "ksa.";
/** Order Calico gives every converted Kubernetes NetworkPolicy. */
export const KUBERNETES_POLICY_ORDER = 1000;
/** Name prefix of converted Kubernetes NetworkPolicies. */
export const KUBERNETES_POLICY_PREFIX = "knp.default.";
/** Node name used for pods not yet scheduled (no spec.nodeName); Calico never sees such pods with an IP. */
export const UNKNOWN_NODE = "unknown";

function prefixedLabels(labels: Labels | undefined, prefix: string, name: string): Labels {
  const out: Record<string, string> = Object.create(null);
  for (const key of Object.keys(labels ?? {})) out[prefix + key] = labels![key]!;
  out[`${prefix}projectcalico.org/name`] = name;
  return out;
}

function bookkeeping(meta: ObjectMeta): Partial<ObjectMeta> {
  const out: { uid?: string; resourceVersion?: string; creationTimestamp?: string } = {};
  if (meta.uid !== undefined) out.uid = meta.uid;
  if (meta.resourceVersion !== undefined) out.resourceVersion = meta.resourceVersion;
  if (meta.creationTimestamp !== undefined) out.creationTimestamp = meta.creationTimestamp;
  return out;
}

/**
 * Namespace N → Profile `kns.N`: labelsToApply `pcns.<key>` for each namespace label plus
 * `pcns.projectcalico.org/name: N`, and allow-all ingress and egress rules.
 */
export function namespaceToProfile(ns: Namespace): Profile {
  const name = ns.metadata.name;
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "Profile",
    metadata: { name: NAMESPACE_PROFILE_PREFIX + name, ...bookkeeping(ns.metadata) },
    spec: {
      ingress: [{ action: "Allow" }],
      egress: [{ action: "Allow" }],
      labelsToApply: prefixedLabels(ns.metadata.labels, NAMESPACE_LABEL_PREFIX, name),
    },
  };
}

/**
 * ServiceAccount S in N → Profile `ksa.N.S`: labelsToApply `pcsa.<key>` for each label plus
 * `pcsa.projectcalico.org/name: S`, and no rules.
 */
export function serviceAccountToProfile(sa: ServiceAccount): Profile {
  const namespace = sa.metadata.namespace || "default";
  const name = sa.metadata.name;
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "Profile",
    metadata: { name: `${SERVICE_ACCOUNT_PROFILE_PREFIX}${namespace}.${name}`, ...bookkeeping(sa.metadata) },
    spec: { labelsToApply: prefixedLabels(sa.metadata.labels, SERVICE_ACCOUNT_LABEL_PREFIX, name) },
  };
}

/** Calico's host-side interface name for a pod: "cali" + the first 11 hex digits of SHA-1("<ns>.<pod>"). */
export function vethNameForWorkload(namespace: string, pod: string): string {
  return `cali${createHash("sha1").update(`${namespace}.${pod}`).digest("hex").slice(0, 11)}`;
}

const POD_IPS_ANNOTATION = "cni.projectcalico.org/podIPs";
const POD_IP_ANNOTATION = "cni.projectcalico.org/podIP";
const AWS_POD_IPS_ANNOTATION = "vpc.amazonaws.com/pod-ips";
const CONTAINER_ID_ANNOTATION = "cni.projectcalico.org/containerID";

/** Where a pod's address texts come from: its status, or the annotation Calico falls back to. */
interface PodIpTexts {
  readonly annotation: string | undefined;
  readonly texts: readonly string[];
}

/**
 * The pod's address texts where Calico's `getPodIPs` (conversion.go) looks for them, first
 * non-empty wins: status.podIPs, status.podIP, the Calico CNI annotations (plural, then
 * singular), the AWS VPC CNI annotation. Annotations are split on "," as Go's strings.Split does
 * (no trimming: Calico's CNI writes them without spaces).
 */
function podIpTexts(pod: Pod): PodIpTexts {
  const podIPs = pod.status?.podIPs ?? [];
  if (podIPs.length > 0) return { annotation: undefined, texts: podIPs.map((p) => p.ip) };
  if (pod.status?.podIP) return { annotation: undefined, texts: [pod.status.podIP] };
  // Absent and "" alike fall through to the next annotation.
  for (const key of [POD_IPS_ANNOTATION, POD_IP_ANNOTATION, AWS_POD_IPS_ANNOTATION]) {
    const value = ownAnnotation(pod, key);
    if (value) return { annotation: key, texts: key === POD_IP_ANNOTATION ? [value] : value.split(",") };
  }
  return { annotation: undefined, texts: [] };
}

/**
 * An address annotation entry Calico cannot parse, for a pod that would otherwise get an
 * endpoint: `getPodIPs` then fails and Calico makes no endpoint for the pod at all, so the
 * manifest is refused rather than read with the entry left out.
 */
export function podIpAnnotationProblem(
  pod: Pod,
): { readonly annotation: string; readonly entry: string } | undefined {
  if (pod.spec.hostNetwork === true || isFinished(pod)) return undefined;
  const { annotation, texts } = podIpTexts(pod);
  if (annotation === undefined) return undefined;
  for (const entry of texts) {
    if (parseNet(entry, { allowBareIp: true }) === undefined) return { annotation, entry };
  }
  return undefined;
}

/** The pod's addresses as host networks (`10.0.0.5` → `10.0.0.5/32`), each once. */
function podIpNetworks(pod: Pod): string[] {
  const out = new Set<string>();
  for (const text of podIpTexts(pod).texts) {
    const net = parseNet(text, { allowBareIp: true });
    if (net === undefined) continue;
    out.add(`${net.address.toString()}/${net.family === 4 ? 32 : 128}`);
  }
  return [...out];
}

/** A pod's own annotation (never an inherited property such as `__proto__`), or undefined. */
function ownAnnotation(pod: Pod, key: string): string | undefined {
  const annotations = pod.metadata.annotations;
  return annotations !== undefined && Object.hasOwn(annotations, key) ? annotations[key] : undefined;
}

/**
 * Calico's `IsFinished` (conversion.go): a pod being deleted whose CNI has already taken its
 * network away (the Calico or AWS IP annotation present and set to ""), or one in phase
 * Failed, Succeeded or Completed.
 */
function isFinished(pod: Pod): boolean {
  if (
    pod.metadata.deletionTimestamp !== undefined &&
    (ownAnnotation(pod, POD_IP_ANNOTATION) === "" || ownAnnotation(pod, AWS_POD_IPS_ANNOTATION) === "")
  ) {
    return true;
  }
  const phase = pod.status?.phase;
  return phase === "Failed" || phase === "Succeeded" || phase === "Completed";
}

/** Named ports from containers and init containers: ports with a name or a hostPort, TCP/UDP/SCTP only. */
function podPorts(pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = [];
  for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    for (const p of container.ports ?? []) {
      if (p.containerPort === 0 || ((p.name ?? "") === "" && (p.hostPort ?? 0) === 0)) continue;
      const protocol =
        p.protocol === undefined || p.protocol === "" || p.protocol === "TCP" ? "TCP" : p.protocol;
      if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP") continue;
      ports.push({
        name: p.name ?? "",
        protocol,
        port: p.containerPort,
        ...(p.hostPort ? { hostPort: p.hostPort } : {}),
        ...(p.hostIP ? { hostIP: p.hostIP } : {}),
      });
    }
  }
  return ports;
}

/**
 * Pod → WorkloadEndpoint `<node>-k8s-<pod>-eth0`, or undefined when Calico would have none:
 * no IP yet, host networking, or a finished pod (see isFinished).
 */
export function podToWorkloadEndpoint(pod: Pod): WorkloadEndpoint | undefined {
  if (pod.spec.hostNetwork === true || isFinished(pod)) return undefined;
  const ipNetworks = podIpNetworks(pod);
  if (ipNetworks.length === 0) return undefined;
  const namespace = pod.metadata.namespace;
  const podName = pod.metadata.name;
  const node = pod.spec.nodeName || UNKNOWN_NODE;
  const sa = pod.spec.serviceAccountName ?? "";
  const labels: Record<string, string> = Object.create(null);
  for (const key of Object.keys(pod.metadata.labels ?? {})) labels[key] = pod.metadata.labels![key]!;
  labels[NAMESPACE_LABEL] = namespace;
  labels[ORCHESTRATOR_LABEL] = "k8s";
  // Calico adds the service-account label only when it fits a label value (`len < 63`).
  if (sa !== "" && sa.length < 63) labels[SERVICE_ACCOUNT_LABEL] = sa;
  const profiles = [NAMESPACE_PROFILE_PREFIX + namespace];
  if (sa !== "") profiles.push(`${SERVICE_ACCOUNT_PROFILE_PREFIX}${namespace}.${sa}`);
  const containerID = ownAnnotation(pod, CONTAINER_ID_ANNOTATION);
  const ports = podPorts(pod);
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "WorkloadEndpoint",
    metadata: {
      name: encodeWorkloadEndpointName({ node, orchestrator: "k8s", pod: podName, endpoint: "eth0" }),
      namespace,
      labels,
      ...bookkeeping(pod.metadata),
    },
    spec: {
      orchestrator: "k8s",
      node,
      ...(containerID ? { containerID } : {}),
      pod: podName,
      endpoint: "eth0",
      ...(sa !== "" ? { serviceAccountName: sa } : {}),
      ipNetworks,
      profiles,
      interfaceName: vethNameForWorkload(namespace, podName),
      ...(ports.length > 0 ? { ports } : {}),
    },
  };
}

interface PeerFields {
  readonly selector?: string;
  readonly namespaceSelector?: string;
  readonly nets?: readonly string[];
  readonly notNets?: readonly string[];
}

/** One peer's fields (`k8sPeerToCalicoFields`): an ipBlock, or pod + namespace selectors. */
function peerFields(peer: KubernetesNetworkPolicyPeer | undefined): PeerFields {
  if (peer === undefined) return {};
  if (peer.ipBlock !== undefined) {
    const normalise = (text: string) => {
      const net = parseNet(text, { allowBareIp: true });
      return net === undefined ? text : networkText(net);
    };
    const notNets = (peer.ipBlock.except ?? []).map(normalise);
    return { nets: [normalise(peer.ipBlock.cidr)], ...(notNets.length > 0 ? { notNets } : {}) };
  }
  const selector = k8sSelectorToCalico(peer.podSelector, "pod");
  const namespaceSelector = k8sSelectorToCalico(peer.namespaceSelector, "namespace");
  return { selector, ...(namespaceSelector !== "" ? { namespaceSelector } : {}) };
}

/**
 * Ports grouped by protocol (`k8sRuleToCalico`): a missing protocol means TCP; a port entry with
 * no port means every port of that protocol; no ports at all means any protocol ("" key).
 */
function portsByProtocol(
  ports: readonly KubernetesNetworkPolicyPort[] | undefined,
): Map<string, PortValue[] | null> {
  const out = new Map<string, PortValue[] | null>();
  if (ports === undefined || ports.length === 0) return new Map([["", null]]);
  for (const p of ports) {
    const protocol = p.protocol ?? "TCP";
    const port: PortValue | undefined =
      p.port === undefined
        ? undefined
        : typeof p.port === "number" && p.endPort !== undefined
          ? `${p.port}:${p.endPort}`
          : p.port;
    if (port === undefined) {
      out.set(protocol, null);
    } else if (!out.has(protocol) || (out.get(protocol)?.length ?? 0) > 0) {
      const list = out.get(protocol) ?? [];
      list.push(port);
      out.set(protocol, list);
    }
  }
  return out;
}

function entity(fields: PeerFields & { readonly ports?: readonly PortValue[] }): EntityRule | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== "") out[k] = v;
  return Object.keys(out).length > 0 ? (out as EntityRule) : undefined;
}

/** One Kubernetes rule → Calico rules: every protocol × every peer, in the order Calico's converter emits them. */
function convertRule(
  peers: readonly KubernetesNetworkPolicyPeer[] | undefined,
  ports: readonly KubernetesNetworkPolicyPort[] | undefined,
  direction: "ingress" | "egress",
): Rule[] {
  const byProtocol = portsByProtocol(ports);
  const protocols = [...byProtocol.keys()].sort();
  const peerList = (peers === undefined || peers.length === 0 ? [undefined] : peers).map(peerFields);
  const rules: Rule[] = [];
  // Protocols outside, peers inside: the order Calico's converter emits (a trace's rule index).
  for (const protocol of protocols) {
    const list = byProtocol.get(protocol);
    const portList = list === null || list === undefined ? undefined : simplifyPorts(list);
    for (const fields of peerList) {
      const source = direction === "ingress" ? entity(fields) : undefined;
      const destination =
        direction === "ingress" ? entity({ ports: portList }) : entity({ ...fields, ports: portList });
      rules.push({
        action: "Allow",
        ...(protocol !== "" ? { protocol } : {}),
        ...(source !== undefined ? { source } : {}),
        ...(destination !== undefined ? { destination } : {}),
      });
    }
  }
  return rules;
}

function convertSpec(spec: KubernetesNetworkPolicySpec) {
  const ingress = (spec.ingress ?? []).flatMap((r) => convertRule(r.from, r.ports, "ingress"));
  const egress = (spec.egress ?? []).flatMap((r) => convertRule(r.to, r.ports, "egress"));
  const types: PolicyType[] = [];
  if (spec.policyTypes?.includes("Ingress")) types.push("Ingress");
  if (spec.policyTypes?.includes("Egress")) types.push("Egress");
  // The API server defaults policyTypes (see the schema); a spec without any (a staged
  // Kubernetes policy, which no API server defaults) is ingress-only, as K8sNetworkPolicyToCalico has it.
  if (types.length === 0) types.push("Ingress");
  return {
    tier: "default",
    order: KUBERNETES_POLICY_ORDER,
    selector: k8sSelectorToCalico(spec.podSelector, "pod"),
    ingress,
    egress,
    types,
  };
}

/** The converted policy's metadata: `knp.default.<name>` in the same namespace. */
function convertedPolicyMetadata(meta: ObjectMeta & { readonly namespace: string }) {
  return { name: KUBERNETES_POLICY_PREFIX + meta.name, namespace: meta.namespace, ...bookkeeping(meta) };
}

/**
 * Kubernetes NetworkPolicy → Calico NetworkPolicy `knp.default.<name>` in tier "default" with
 * order 1000. The peer namespaceSelector stays unprefixed, as in Calico's converter: the `pcns.`
 * prefix is added where rule selectors are lowered (calico-semantics.md D.3).
 */
export function kubernetesNetworkPolicyToCalico(knp: KubernetesNetworkPolicy): NetworkPolicy {
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "NetworkPolicy",
    metadata: convertedPolicyMetadata(knp.metadata),
    spec: convertSpec(knp.spec),
  };
}

/**
 * StagedKubernetesNetworkPolicy → a StagedNetworkPolicy `knp.default.<name>` with the same
 * conversion and its stagedAction; a "Delete" keeps only tier and types, as Calico requires.
 */
export function stagedKubernetesNetworkPolicyToCalico(
  sknp: StagedKubernetesNetworkPolicy,
): StagedNetworkPolicy {
  const converted = convertSpec(sknp.spec);
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "StagedNetworkPolicy",
    metadata: convertedPolicyMetadata(sknp.metadata),
    spec:
      sknp.spec.stagedAction === "Delete"
        ? { tier: "default", types: converted.types, stagedAction: "Delete" }
        : { ...converted, stagedAction: sknp.spec.stagedAction },
  };
}

/**
 * The Calico resources a validated resource stands for: Calico kinds unchanged, a Namespace or
 * ServiceAccount as its profile, a Pod as its WorkloadEndpoint (none without an IP), Kubernetes
 * and staged Kubernetes NetworkPolicies as their converted Calico policies; an EndpointSlice as
 * none (the engine keeps it for `services` rules, as Felix does).
 */
export function toCalicoResources(resource: Resource): CalicoResource[] {
  switch (resource.kind) {
    case "Namespace":
      return [namespaceToProfile(resource)];
    case "ServiceAccount":
      return [serviceAccountToProfile(resource)];
    case "Pod": {
      const wep = podToWorkloadEndpoint(resource);
      return wep === undefined ? [] : [wep];
    }
    case "NetworkPolicy":
      return resource.apiVersion === "networking.k8s.io/v1"
        ? [kubernetesNetworkPolicyToCalico(resource)]
        : [resource];
    case "StagedKubernetesNetworkPolicy":
      return [stagedKubernetesNetworkPolicyToCalico(resource)];
    // Felix reads EndpointSlices itself (for rules with `services`); Calico derives no resource.
    case "EndpointSlice":
      return [];
    case "WorkloadEndpoint":
    case "GlobalNetworkPolicy":
    case "StagedNetworkPolicy":
    case "StagedGlobalNetworkPolicy":
    case "Tier":
    case "Profile":
    case "NetworkSet":
    case "GlobalNetworkSet":
    case "HostEndpoint":
      return [resource];
    default: {
      const unreachable: never = resource;
      throw new Error(`unknown resource kind ${JSON.stringify((unreachable as { kind?: unknown }).kind)}`);
    }
  }
}

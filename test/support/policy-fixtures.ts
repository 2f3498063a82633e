/**
 * Builders for the resources policy tests load: plain objects shaped exactly as a user would
 * write them (projectcalico.org/v3 and Kubernetes JSON), so they pass through validation.
 */

type Obj = Record<string, unknown>;

/** A Calico Tier. */
export function tier(name: string, order?: number, defaultAction?: "Deny" | "Pass"): Obj {
  const spec: Obj = {};
  if (order !== undefined) spec.order = order;
  if (defaultAction !== undefined) spec.defaultAction = defaultAction;
  return { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name }, spec };
}

/** Options of a workload endpoint. */
export interface WepOptions {
  readonly labels?: Record<string, string>;
  readonly ips?: readonly string[];
  readonly profiles?: readonly string[];
  readonly ports?: readonly { name: string; protocol: string | number; port: number }[];
  readonly pod?: string;
  readonly serviceAccountName?: string;
}

/** A Calico WorkloadEndpoint with /32 (or /128) addresses. */
export function wep(namespace: string, name: string, options: WepOptions = {}): Obj {
  const spec: Obj = {
    orchestrator: "k8s",
    node: "node1",
    endpoint: "eth0",
    interfaceName: "cali0",
    ipNetworks: (options.ips ?? []).map((ip) =>
      ip.includes("/") ? ip : ip.includes(":") ? `${ip}/128` : `${ip}/32`,
    ),
    profiles: options.profiles ?? [`kns.${namespace}`],
  };
  if (options.pod !== undefined) spec.pod = options.pod;
  if (options.ports !== undefined) spec.ports = options.ports;
  if (options.serviceAccountName !== undefined) spec.serviceAccountName = options.serviceAccountName;
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "WorkloadEndpoint",
    metadata: { name, namespace, labels: options.labels ?? {} },
    spec,
  };
}

/** A Calico NetworkPolicy (namespaced). `spec` as written; tier defaults to "default". */
export function networkPolicy(namespace: string, name: string, spec: Obj): Obj {
  const tierName = typeof spec.tier === "string" ? spec.tier : "default";
  const fullName = tierName === "default" || name.startsWith(`${tierName}.`) ? name : `${tierName}.${name}`;
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "NetworkPolicy",
    metadata: { name: fullName, namespace },
    spec,
  };
}

/** A Calico GlobalNetworkPolicy. */
export function globalNetworkPolicy(name: string, spec: Obj): Obj {
  const tierName = typeof spec.tier === "string" ? spec.tier : "default";
  const fullName = tierName === "default" || name.startsWith(`${tierName}.`) ? name : `${tierName}.${name}`;
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalNetworkPolicy",
    metadata: { name: fullName },
    spec,
  };
}

/** A StagedNetworkPolicy or StagedGlobalNetworkPolicy (namespace "" for global). */
export function stagedPolicy(namespace: string, name: string, spec: Obj): Obj {
  const base = namespace === "" ? globalNetworkPolicy(name, spec) : networkPolicy(namespace, name, spec);
  return { ...base, kind: namespace === "" ? "StagedGlobalNetworkPolicy" : "StagedNetworkPolicy" };
}

/** A Calico Profile. */
export function profile(name: string, spec: Obj = {}): Obj {
  return { apiVersion: "projectcalico.org/v3", kind: "Profile", metadata: { name }, spec };
}

/** A namespaced NetworkSet. */
export function networkSet(
  namespace: string,
  name: string,
  nets: readonly string[],
  labels: Record<string, string> = {},
): Obj {
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "NetworkSet",
    metadata: { name, namespace, labels },
    spec: { nets },
  };
}

/** A GlobalNetworkSet. */
export function globalNetworkSet(
  name: string,
  nets: readonly string[],
  labels: Record<string, string> = {},
): Obj {
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "GlobalNetworkSet",
    metadata: { name, labels },
    spec: { nets },
  };
}

/** A Kubernetes Namespace. */
export function namespace(name: string, labels: Record<string, string> = {}): Obj {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/** A Kubernetes Pod with one container and an IP. */
export function pod(
  ns: string,
  name: string,
  labels: Record<string, string>,
  ip: string,
  options: {
    ports?: readonly { name?: string; containerPort: number; protocol?: string }[];
    serviceAccountName?: string;
  } = {},
): Obj {
  const spec: Obj = { nodeName: "node1", containers: [{ name: "main", ports: options.ports ?? [] }] };
  if (options.serviceAccountName !== undefined) spec.serviceAccountName = options.serviceAccountName;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels },
    spec,
    status: { podIP: ip, podIPs: [{ ip }] },
  };
}

/** A Kubernetes NetworkPolicy. */
export function kubernetesNetworkPolicy(ns: string, name: string, spec: Obj): Obj {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace: ns },
    spec,
  };
}

/** A discovery.k8s.io/v1 EndpointSlice of `service` (omit it for a slice with no service label). */
export function endpointSlice(
  ns: string,
  name: string,
  options: {
    readonly service?: string;
    readonly addressType?: "IPv4" | "IPv6" | "FQDN";
    readonly endpoints: readonly (readonly string[] | { addresses: readonly string[]; conditions?: Obj })[];
    readonly ports?: readonly { name?: string; port?: number; protocol?: string }[];
  },
): Obj {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name,
      namespace: ns,
      ...(options.service === undefined ? {} : { labels: { "kubernetes.io/service-name": options.service } }),
    },
    addressType: options.addressType ?? "IPv4",
    endpoints: options.endpoints.map((e) => (Array.isArray(e) ? { addresses: e } : e)),
    ports: options.ports ?? [],
  };
}

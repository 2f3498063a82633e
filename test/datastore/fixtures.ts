/**
 * A small cluster as Calico's etcdv3 datastore holds it (one value per key, every kind the
 * syncer follows), plus the flows, selectors and endpoints used to compare engines.
 */
import type { FlowQueryLike } from "./equivalence.js";

const V3 = "projectcalico.org/v3";

/** Every kind under /calico/resources/v3/projectcalico.org/ that the engine evaluates. */
export const CLUSTER: readonly Record<string, unknown>[] = [
  {
    apiVersion: V3,
    kind: "Tier",
    metadata: { name: "security" },
    spec: { order: 100, defaultAction: "Deny" },
  },
  {
    apiVersion: V3,
    kind: "Tier",
    metadata: { name: "platform" },
    spec: { order: 200, defaultAction: "Pass" },
  },
  {
    apiVersion: V3,
    kind: "GlobalNetworkPolicy",
    metadata: { name: "security.blocklist" },
    spec: {
      tier: "security",
      order: 10,
      selector: "all()",
      types: ["Ingress", "Egress"],
      ingress: [{ action: "Deny", source: { selector: 'threat == "high"' } }, { action: "Pass" }],
      egress: [{ action: "Deny", destination: { selector: 'threat == "high"' } }, { action: "Pass" }],
    },
  },
  {
    apiVersion: V3,
    kind: "StagedGlobalNetworkPolicy",
    metadata: { name: "security.staged-lockdown" },
    spec: {
      tier: "security",
      order: 20,
      selector: 'app == "db"',
      types: ["Ingress"],
      ingress: [{ action: "Deny" }],
    },
  },
  {
    apiVersion: V3,
    kind: "GlobalNetworkPolicy",
    metadata: { name: "platform.allow-dns" },
    spec: {
      tier: "platform",
      order: 10,
      selector: "all()",
      types: ["Egress"],
      egress: [{ action: "Allow", protocol: "UDP", destination: { selector: 'role == "dns"', ports: [53] } }],
    },
  },
  {
    apiVersion: V3,
    kind: "NetworkPolicy",
    metadata: { name: "default.web-to-db", namespace: "prod" },
    spec: {
      tier: "default",
      order: 100,
      selector: 'app == "db"',
      types: ["Ingress"],
      ingress: [
        {
          action: "Allow",
          protocol: "TCP",
          source: { selector: 'app == "web"' },
          destination: { ports: ["postgres"] },
        },
      ],
    },
  },
  {
    apiVersion: V3,
    kind: "NetworkPolicy",
    metadata: { name: "default.web-ingress", namespace: "prod" },
    spec: {
      tier: "default",
      order: 200,
      selector: 'app == "web"',
      types: ["Ingress"],
      ingress: [
        { action: "Allow", protocol: "TCP", source: { nets: ["0.0.0.0/0"] }, destination: { ports: [80] } },
      ],
    },
  },
  {
    apiVersion: V3,
    kind: "StagedNetworkPolicy",
    metadata: { name: "default.staged-deny-web", namespace: "prod" },
    spec: {
      tier: "default",
      order: 50,
      selector: 'app == "web"',
      types: ["Ingress"],
      ingress: [{ action: "Deny" }],
    },
  },
  {
    apiVersion: V3,
    kind: "StagedKubernetesNetworkPolicy",
    metadata: { name: "deny-all", namespace: "dev" },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  },
  {
    apiVersion: V3,
    kind: "Profile",
    metadata: { name: "kns.prod" },
    spec: {
      labelsToApply: { "pcns.env": "prod" },
      ingress: [{ action: "Allow" }],
      egress: [{ action: "Allow" }],
    },
  },
  {
    apiVersion: V3,
    kind: "Profile",
    metadata: { name: "kns.dev" },
    spec: {
      labelsToApply: { "pcns.env": "dev" },
      ingress: [{ action: "Deny" }],
      egress: [{ action: "Allow" }],
    },
  },
  {
    apiVersion: V3,
    kind: "NetworkSet",
    metadata: { name: "scanners", namespace: "prod", labels: { threat: "high" } },
    spec: { nets: ["198.51.100.0/24"] },
  },
  {
    apiVersion: V3,
    kind: "GlobalNetworkSet",
    metadata: { name: "dns-servers", labels: { role: "dns" } },
    spec: { nets: ["10.96.0.10/32"] },
  },
  {
    apiVersion: V3,
    kind: "HostEndpoint",
    metadata: { name: "node1-eth0", labels: { "host-endpoint": "node1" } },
    spec: { node: "node1", interfaceName: "eth0", expectedIPs: ["192.168.1.10"] },
  },
  wep("prod", "web-0", "10.10.1.10", { app: "web" }, "kns.prod"),
  wep("prod", "web-1", "10.10.1.11", { app: "web" }, "kns.prod"),
  wep("prod", "db-0", "10.10.2.10", { app: "db" }, "kns.prod", [
    { name: "postgres", protocol: "TCP", port: 5432 },
  ]),
  wep("dev", "tool-0", "10.20.1.10", { app: "tool" }, "kns.dev"),
];

/** A Kubernetes-style WorkloadEndpoint (`node1-k8s-<pod>-eth0`) with the labels Calico adds. */
export function wep(
  namespace: string,
  pod: string,
  ip: string,
  labels: Record<string, string>,
  profile: string,
  ports: readonly { name: string; protocol: string; port: number }[] = [],
): Record<string, unknown> {
  return {
    apiVersion: V3,
    kind: "WorkloadEndpoint",
    metadata: {
      name: `node1-k8s-${pod.replaceAll("-", "--")}-eth0`,
      namespace,
      labels: {
        ...labels,
        "projectcalico.org/namespace": namespace,
        "projectcalico.org/orchestrator": "k8s",
      },
    },
    spec: {
      orchestrator: "k8s",
      node: "node1",
      pod,
      endpoint: "eth0",
      interfaceName: `cali${pod.replaceAll("-", "")}`,
      ipNetworks: [`${ip}/32`],
      profiles: [profile],
      ports,
    },
  };
}

/** Flows whose verdicts must agree between a synced engine and a fresh one. */
export const FLOWS: readonly FlowQueryLike[] = [
  { protocol: "TCP", source: { endpoint: "prod/web-0" }, destination: { endpoint: "prod/db-0", port: 5432 } },
  { protocol: "TCP", source: { endpoint: "prod/web-1" }, destination: { endpoint: "prod/db-0", port: 5432 } },
  { protocol: "TCP", source: { endpoint: "dev/tool-0" }, destination: { endpoint: "prod/db-0", port: 5432 } },
  { protocol: "TCP", source: { ip: "203.0.113.5" }, destination: { endpoint: "prod/web-0", port: 80 } },
  { protocol: "TCP", source: { ip: "198.51.100.7" }, destination: { endpoint: "prod/web-0", port: 80 } },
  { protocol: "UDP", source: { endpoint: "prod/web-0" }, destination: { ip: "10.96.0.10", port: 53 } },
  { protocol: "TCP", source: { endpoint: "prod/db-0" }, destination: { endpoint: "dev/tool-0", port: 22 } },
  { protocol: "TCP", source: { endpoint: "dev/tool-0" }, destination: { endpoint: "prod/web-1", port: 80 } },
  {
    protocol: "TCP",
    source: { endpoint: "prod/web-0" },
    destination: { endpoint: "prod/web-1", port: 8080 },
  },
];

/** Selectors whose matches must agree. */
export const SELECTORS: readonly string[] = [
  'app == "web"',
  'app == "db"',
  "all()",
  'pcns.env == "prod"',
  "has(app)",
  'threat == "high"',
];

/** Endpoints whose explanations must agree (absent ones must fail alike). */
export const ENDPOINTS: readonly string[] = ["prod/web-0", "prod/web-1", "prod/db-0", "dev/tool-0"];

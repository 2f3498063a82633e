/**
 * The endpoints of a reachability matrix and their equivalence signatures (see equivalence.ts
 * for why the signature is exact), and the verdict of one cell.
 */
import ipaddr from "ipaddr.js";
import type { EntityRule, PolicyEngine, Resource, Rule, WorkloadEndpoint } from "../index.js";
import { calicoResources } from "./calico-view.js";
import { type CellVerdict, cellVerdict } from "./decided-by.js";
import { type ClassMatrix, classMatrix } from "./equivalence.js";
import type { CliIo } from "./io.js";
import { createProgress, type Progress } from "./progress.js";

/** One workload endpoint of the matrix. */
export interface MatrixEndpoint {
  /** `namespace/pod` for Kubernetes workloads, else `namespace/<WorkloadEndpoint name>`: as people name it. */
  readonly id: string;
  readonly namespace: string;
  /** The WorkloadEndpoint name. */
  readonly name: string;
  readonly signature: string;
}

/**
 * The cluster's workload endpoints (optionally one namespace's), in namespace/name order, with
 * their signatures. `resources` are the loaded manifests: their rule CIDRs and network sets are
 * what can tell two addresses apart.
 */
export function matrixEndpoints(
  engine: PolicyEngine,
  resources: readonly Resource[],
  namespace: string | undefined,
): MatrixEndpoint[] {
  const separators = addressSeparators(resources);
  const all = calicoResources(engine, "WorkloadEndpoint").filter(
    (r): r is WorkloadEndpoint => r.kind === "WorkloadEndpoint",
  );
  // An address two workloads hold is selected when either is, so it can tell apart endpoints whose
  // own labels agree: such an endpoint gets a class of its own.
  const addressesOf = new Map(all.map((wep) => [wep, normalisedAddresses(wep)] as const));
  const holders = new Map<string, number>();
  for (const addresses of addressesOf.values()) {
    for (const address of addresses) holders.set(address, (holders.get(address) ?? 0) + 1);
  }
  // A pod's name is how people name it, but only when `check` resolves it to this endpoint: a
  // WorkloadEndpoint name wins over a pod name, and a pod with two endpoints names neither. The
  // others show their WorkloadEndpoint names, which always resolve to them (and are unique).
  const pods = new Map<string, number>();
  const names = new Set<string>();
  for (const wep of all) {
    if (wep.spec.pod) pods.set(podKey(wep), (pods.get(podKey(wep)) ?? 0) + 1);
    names.add(`${wep.metadata.namespace}/${wep.metadata.name}`);
  }
  const idOf = (wep: WorkloadEndpoint): string => {
    const byName = `${wep.metadata.namespace}/${wep.metadata.name}`;
    if (!wep.spec.pod || pods.get(podKey(wep)) !== 1) return byName;
    const byPod = podKey(wep);
    return byPod === byName || !names.has(byPod) ? byPod : byName;
  };
  const weps = all
    // Calico drops a WorkloadEndpoint without addresses (spec D.4): nothing can reach it.
    .filter((r) => (r.spec.ipNetworks ?? []).length > 0)
    .filter((r) => namespace === undefined || r.metadata.namespace === namespace)
    .sort((a, b) => compare(idOf(a), idOf(b)));
  return weps.map((wep) => {
    const ns = wep.metadata.namespace;
    const name = wep.metadata.name;
    const explanation = engine.explain({ namespace: ns, name });
    const labels = explanation.labels.map((l) => `${l.key}=${l.value}`).sort();
    const ports = (wep.spec.ports ?? [])
      .map((p) => `${p.name}/${String(p.protocol).toLowerCase()}/${p.port}`)
      .sort();
    const own = addressesOf.get(wep)!;
    const addresses = own.map((a) => addressFeatures(a, separators));
    const shared = own.some((a) => (holders.get(a) ?? 0) > 1);
    const signature = JSON.stringify([
      ns,
      labels,
      explanation.profiles,
      ports,
      addresses,
      shared ? name : "",
    ]);
    return { id: idOf(wep), namespace: ns, name, signature };
  });
}

function podKey(wep: WorkloadEndpoint): string {
  return `${wep.metadata.namespace}/${wep.spec.pod}`;
}

/** A workload's addresses, normalised so the same address written two ways compares equal. */
function normalisedAddresses(wep: WorkloadEndpoint): string[] {
  return (wep.spec.ipNetworks ?? []).map((n) => {
    const text = n.split("/")[0]!;
    try {
      return ipaddr.parse(text).toNormalizedString();
    } catch {
      return text;
    }
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Separator {
  readonly id: string;
  readonly range: [ipaddr.IPv4 | ipaddr.IPv6, number];
}

/**
 * Every CIDR that can make two addresses match differently: rule nets / notNets (Calico
 * policies and profiles), Kubernetes ipBlocks (cidr and except), the nets of network sets and
 * host endpoints (whose labels rule selectors match by address), and the addresses of
 * EndpointSlices (which rules naming a Service match).
 */
function addressSeparators(resources: readonly Resource[]): Separator[] {
  const out: Separator[] = [];
  const add = (id: string, cidr: string): void => {
    try {
      out.push({
        id,
        range: ipaddr.parseCIDR(cidr.includes("/") ? cidr : `${cidr}/${cidr.includes(":") ? 128 : 32}`),
      });
    } catch {
      // Invalid CIDRs were rejected when the cluster was applied; nothing to separate by.
    }
  };
  const entity = (e: EntityRule | undefined): void => {
    for (const cidr of e?.nets ?? []) add(`net:${cidr}`, cidr);
    for (const cidr of e?.notNets ?? []) add(`net:${cidr}`, cidr);
  };
  const rules = (list: readonly Rule[] | undefined): void => {
    for (const rule of list ?? []) {
      entity(rule.source);
      entity(rule.destination);
    }
  };
  for (const r of resources) {
    switch (r.kind) {
      case "NetworkPolicy":
        if (r.apiVersion === "networking.k8s.io/v1") {
          for (const rule of r.spec.ingress ?? [])
            for (const peer of rule.from ?? []) ipBlock(peer.ipBlock, add);
          for (const rule of r.spec.egress ?? [])
            for (const peer of rule.to ?? []) ipBlock(peer.ipBlock, add);
        } else {
          rules(r.spec.ingress);
          rules(r.spec.egress);
        }
        break;
      case "StagedKubernetesNetworkPolicy":
        for (const rule of r.spec.ingress ?? [])
          for (const peer of rule.from ?? []) ipBlock(peer.ipBlock, add);
        for (const rule of r.spec.egress ?? []) for (const peer of rule.to ?? []) ipBlock(peer.ipBlock, add);
        break;
      case "GlobalNetworkPolicy":
      case "StagedNetworkPolicy":
      case "StagedGlobalNetworkPolicy":
      case "Profile":
        rules(r.spec.ingress);
        rules(r.spec.egress);
        break;
      case "NetworkSet":
      case "GlobalNetworkSet":
        for (const cidr of r.spec.nets ?? [])
          add(`${r.kind}:${r.metadata.namespace ?? ""}/${r.metadata.name}`, cidr);
        break;
      case "HostEndpoint":
        for (const ip of r.spec.expectedIPs ?? []) add(`HostEndpoint:${r.metadata.name}`, ip);
        break;
      case "EndpointSlice":
        for (const endpoint of r.endpoints)
          for (const address of endpoint.addresses)
            add(`EndpointSlice:${r.metadata.namespace}/${r.metadata.name}`, address);
        break;
      default:
        break;
    }
  }
  return out;
}

function ipBlock(
  block: { readonly cidr: string; readonly except?: readonly string[] } | undefined,
  add: (id: string, cidr: string) => void,
): void {
  if (block === undefined) return;
  add(`net:${block.cidr}`, block.cidr);
  for (const cidr of block.except ?? []) add(`net:${cidr}`, cidr);
}

/** The family of an address and the separators that contain it: equal features, equal treatment. */
function addressFeatures(address: string, separators: readonly Separator[]): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return `invalid:${address}`;
  }
  const inside = new Set<string>();
  for (const s of separators) {
    if (s.range[0].kind() === parsed.kind() && parsed.match(s.range)) inside.add(s.id);
  }
  return `${parsed.kind()}:${[...inside].sort().join(",")}`;
}

/**
 * Checks one cell: a flow between two workload endpoints to `port`/`protocol`. Two workloads with
 * no address family in common (IPv4-only and IPv6-only) cannot reach each other at all: the cell
 * is denied with that reason rather than by a policy.
 */
export function checkCell(
  engine: PolicyEngine,
  source: MatrixEndpoint,
  destination: MatrixEndpoint,
  protocol: string,
  port: number,
): CellVerdict {
  const result = engine.safeCheck({
    protocol,
    source: { endpoint: { namespace: source.namespace, name: source.name } },
    destination: { endpoint: { namespace: destination.namespace, name: destination.name }, port },
  });
  if (result.ok) return cellVerdict(result.verdict);
  if (result.error.code === "family-mismatch") return { allowed: false, decidedBy: NO_COMMON_FAMILY };
  throw result.error;
}

/** The reason of a cell between workloads that share no address family. */
export const NO_COMMON_FAMILY = "no common address family";

/**
 * The reachability matrix of `endpoints` on one port, over their equivalence classes, with a
 * progress bar on stderr (when it is a terminal and the work is large).
 */
export function reachability(
  engine: PolicyEngine,
  endpoints: readonly MatrixEndpoint[],
  protocol: string,
  port: number,
  io: CliIo,
  label: string,
): ClassMatrix<MatrixEndpoint, CellVerdict> {
  let bar: Progress | undefined;
  const matrix = classMatrix(
    endpoints,
    (e) => e.signature,
    (s, d) => checkCell(engine, s, d, protocol, port),
    (done, total) => {
      bar ??= createProgress(io, label, total);
      bar.update(done);
    },
  );
  bar?.finish();
  return matrix;
}

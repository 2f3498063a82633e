/**
 * A deterministic, realistic Kubernetes-shaped cluster for the label-index benchmarks (G1, C1,
 * C3, M1): namespaces with 1-3 labels as `kns.` profiles, service-account profiles, Deployments
 * of ~5 replicas with app / pod-template-hash / version / tier / team labels and 0-3 named ports,
 * and NetworkPolicy-style selectors (`ns == x && app == y`, `in`, `has`, namespace selectors,
 * one in a thousand unindexable `!=` / `all()`), so a pod matches a handful of selectors plus the
 * unindexable ones. Endpoints are generated on demand from their index so a benchmark need not
 * hold the input in memory.
 */
import type { IndexEndpoint, NamedPortProtocol } from "../../src/index/types.js";

/** Pods per Deployment. */
export const REPLICAS = 5;
/** Deployments per namespace. */
export const DEPLOYMENTS_PER_NAMESPACE = 10;

const TIERS = ["frontend", "backend", "db"] as const;
const ENVS = ["prod", "staging", "dev"] as const;
const PORTS = [
  { name: "http", protocol: "TCP", port: 8080 },
  { name: "metrics", protocol: "TCP", port: 9090 },
  { name: "dns", protocol: "UDP", port: 53 },
] as const;

/** A selector to add: caller id, text, optional named port. */
export interface SelectorSpec {
  readonly id: string;
  readonly text: string;
  readonly namedPort?: { readonly name: string; readonly protocol: NamedPortProtocol };
}

/** The cluster's sizes and generators. */
export interface Cluster {
  readonly endpointCount: number;
  readonly namespaceCount: number;
  /** Parents (namespace and service-account profiles) with their labels. */
  readonly parents: readonly (readonly [string, ReadonlyMap<string, string>])[];
  readonly selectors: readonly SelectorSpec[];
  /** Endpoint i's id. */
  endpointId(i: number): string;
  /** Endpoint i, freshly built; `generation` varies the IP (a restarted pod gets a new address). */
  endpoint(i: number, generation?: number): IndexEndpoint;
}

/** Namespace of deployment d. */
function namespaceOf(deployment: number, namespaces: number): number {
  return deployment % namespaces;
}

/** Builds the cluster for N endpoints and M selectors. */
export function cluster(endpointCount: number, selectorCount: number): Cluster {
  const deployments = Math.max(1, Math.ceil(endpointCount / REPLICAS));
  const namespaceCount = Math.max(2, Math.ceil(deployments / DEPLOYMENTS_PER_NAMESPACE));
  const parents: [string, ReadonlyMap<string, string>][] = [];
  for (let k = 0; k < namespaceCount; k++) {
    const labels = new Map([["pcns.projectcalico.org/name", `ns-${k}`]]);
    const extra = k % 3;
    if (extra >= 0) labels.set("pcns.team", `team-${k % 20}`);
    if (extra >= 1) labels.set("pcns.env", ENVS[k % 3]!);
    if (extra >= 2) labels.set("pcns.region", `region-${k % 5}`);
    parents.push([`kns.ns-${k}`, labels]);
    for (let s = 0; s < 3; s++) {
      parents.push([`ksa.ns-${k}.sa-${s}`, new Map([["pcsa.projectcalico.org/name", `sa-${s}`]])]);
    }
  }

  const app = (d: number): string => `app-${d}`;
  const selectors: SelectorSpec[] = [];
  for (let j = 0; j < selectorCount; j++) {
    // Spread over deployments with a multiplicative hash so selectors do not cluster.
    const d = ((j * 2654435761) % deployments) >>> 0;
    const ns = `ns-${namespaceOf(d, namespaceCount)}`;
    const r = j % 20;
    let text: string;
    if (j % 1000 === 999) text = j % 2000 === 1999 ? "all()" : `team != "team-${j % 7}"`;
    else if (r < 10) text = `(projectcalico.org/namespace == "${ns}") && (app == "${app(d)}")`;
    else if (r < 13) text = `(projectcalico.org/namespace == "${ns}") && (tier in {"frontend", "backend"})`;
    else if (r < 15) text = `(projectcalico.org/namespace == "${ns}") && (has(version) && version != "v1")`;
    else if (r === 15) text = `(pcns.team == "team-${d % 20}") && (app == "${app(d)}")`;
    else if (r === 16) text = `pcns.projectcalico.org/name == "${ns}"`;
    else if (r === 17) text = `(pcns.env == "${ENVS[d % 3]}") && (app == "${app(d)}")`;
    else if (r === 18)
      text = `app in {"${app(d)}", "${app((d + 1) % deployments)}", "${app((d + 7) % deployments)}"}`;
    else text = `(projectcalico.org/namespace == "${ns}") && (pcsa.projectcalico.org/name == "sa-${d % 3}")`;
    if (r === 0) selectors.push({ id: `sel-${j}`, text, namedPort: { name: "http", protocol: "tcp" } });
    else selectors.push({ id: `sel-${j}`, text });
  }

  return {
    endpointCount,
    namespaceCount,
    parents,
    selectors,
    endpointId(i) {
      const d = Math.floor(i / REPLICAS);
      return `wep:ns-${namespaceOf(d, namespaceCount)}/${app(d)}-${hash(d)}-${(i % REPLICAS).toString(36)}${i.toString(36)}`;
    },
    endpoint(i, generation = 0) {
      const d = Math.floor(i / REPLICAS);
      const ns = namespaceOf(d, namespaceCount);
      const sa = `sa-${d % 3}`;
      const ip = i + generation * endpointCount + 1;
      return {
        labels: {
          app: app(d),
          "pod-template-hash": hash(d),
          version: `v${(d % 3) + 1}`,
          tier: TIERS[d % 3]!,
          team: `team-${d % 20}`,
          "projectcalico.org/namespace": `ns-${ns}`,
          "projectcalico.org/orchestrator": "k8s",
          "projectcalico.org/serviceaccount": sa,
        },
        parents: [`kns.ns-${ns}`, `ksa.ns-${ns}.${sa}`],
        ips: [`10.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`],
        ports: PORTS.slice(0, d % 4),
      };
    },
  };
}

function hash(d: number): string {
  return ((d * 2246822519) >>> 0).toString(36).padStart(7, "0").slice(0, 10);
}

/**
 * calicoctl's resource kinds for `get`: their names and aliases (case-insensitive, as calicoctl's
 * resourcemgr registers them) and their table columns, default and wide (-o wide).
 */
import type { CalicoResource } from "../index.js";

/** How one kind is listed. */
export interface KindTable {
  readonly kind: CalicoResource["kind"];
  readonly namespaced: boolean;
  readonly aliases: readonly string[];
  readonly columns: readonly string[];
  readonly wideColumns: readonly string[];
}

/** The kinds `get` knows, with calicoctl's aliases and columns. */
export const KIND_TABLES: readonly KindTable[] = [
  {
    kind: "WorkloadEndpoint",
    namespaced: true,
    aliases: ["workloadendpoint", "workloadendpoints", "wep", "weps"],
    columns: ["WORKLOAD", "NODE", "NETWORKS", "INTERFACE"],
    wideColumns: ["NAME", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE", "PROFILES", "NATS"],
  },
  {
    kind: "NetworkPolicy",
    namespaced: true,
    aliases: ["networkpolicy", "networkpolicies", "policy", "np", "policies", "pol", "pols"],
    columns: ["NAME", "TIER"],
    wideColumns: ["NAME", "TIER", "ORDER", "SELECTOR"],
  },
  {
    kind: "GlobalNetworkPolicy",
    namespaced: false,
    aliases: ["globalnetworkpolicy", "globalnetworkpolicies", "gnp", "gnps"],
    columns: ["NAME"],
    wideColumns: ["NAME", "ORDER", "SELECTOR"],
  },
  {
    kind: "StagedNetworkPolicy",
    namespaced: true,
    aliases: [
      "stagednetworkpolicy",
      "stagednetworkpolicies",
      "stagedpolicy",
      "snp",
      "stagedpolicies",
      "spol",
      "spols",
    ],
    columns: ["NAME", "TIER"],
    wideColumns: ["NAME", "TIER", "ORDER", "SELECTOR"],
  },
  {
    kind: "StagedGlobalNetworkPolicy",
    namespaced: false,
    aliases: ["stagedglobalnetworkpolicy", "stagedglobalnetworkpolicies", "sgnp", "sgnps"],
    columns: ["NAME", "TIER"],
    wideColumns: ["NAME", "TIER", "ORDER", "SELECTOR"],
  },
  {
    kind: "StagedKubernetesNetworkPolicy",
    namespaced: true,
    aliases: [
      "stagedkubernetesnetworkpolicy",
      "stagedkubernetesnetworkpolicies",
      "stagedkubernetespolicy",
      "sknp",
      "stagedkubernetespolicies",
      "skpol",
      "skpols",
    ],
    columns: ["NAME"],
    wideColumns: ["NAME", "PODSELECTOR"],
  },
  {
    kind: "Tier",
    namespaced: false,
    aliases: ["tier", "tiers"],
    columns: ["NAME", "ORDER"],
    wideColumns: ["NAME", "ORDER"],
  },
  {
    kind: "Profile",
    namespaced: false,
    aliases: ["profile", "profiles", "pro", "pros"],
    columns: ["NAME"],
    wideColumns: ["NAME", "LABELS"],
  },
  {
    kind: "NetworkSet",
    namespaced: true,
    aliases: ["networkset", "networksets", "netsets"],
    columns: ["NAME"],
    wideColumns: ["NAME", "NETS"],
  },
  {
    kind: "GlobalNetworkSet",
    namespaced: false,
    aliases: ["globalnetworkset", "globalnetworksets", "gnetsets"],
    columns: ["NAME"],
    wideColumns: ["NAME", "NETS"],
  },
  {
    kind: "HostEndpoint",
    namespaced: false,
    aliases: ["hostendpoint", "hostendpoints", "hep", "heps"],
    columns: ["NAME", "NODE"],
    wideColumns: ["NAME", "NODE", "INTERFACE", "IPS", "PROFILES"],
  },
];

/** The kind for a name or alias, any case (`WEP`, `weps`, `GlobalNetworkPolicies`). */
export function findKind(name: string): KindTable | undefined {
  const lower = name.toLowerCase();
  return KIND_TABLES.find((k) => k.aliases.includes(lower));
}

/** One table cell of a resource (empty when the field is unset). */
export function cellOf(resource: CalicoResource, column: string): string {
  switch (column) {
    case "NAME":
      return resource.metadata.name;
    case "NAMESPACE":
      return resource.metadata.namespace ?? "";
    default:
      return specCell(resource, column);
  }
}

function specCell(resource: CalicoResource, column: string): string {
  switch (resource.kind) {
    case "WorkloadEndpoint": {
      const s = resource.spec;
      if (column === "WORKLOAD") return s.workload || s.pod || "";
      if (column === "NODE") return s.node ?? "";
      if (column === "NETWORKS") return (s.ipNetworks ?? []).join(",");
      if (column === "INTERFACE") return s.interfaceName ?? "";
      if (column === "PROFILES") return (s.profiles ?? []).join(",");
      if (column === "NATS") return (s.ipNATs ?? []).map((n) => `${n.internalIP}->${n.externalIP}`).join(",");
      return "";
    }
    case "NetworkPolicy":
    case "GlobalNetworkPolicy":
    case "StagedNetworkPolicy":
    case "StagedGlobalNetworkPolicy": {
      const s = resource.spec;
      if (column === "TIER") return s.tier;
      if (column === "ORDER") return s.order === undefined ? "" : String(s.order);
      if (column === "SELECTOR") return s.selector ?? "";
      return "";
    }
    case "StagedKubernetesNetworkPolicy":
      return column === "PODSELECTOR" ? JSON.stringify(resource.spec.podSelector) : "";
    case "Tier":
      return column === "ORDER" && resource.spec.order !== undefined ? String(resource.spec.order) : "";
    case "Profile": {
      const labels = resource.spec.labelsToApply ?? {};
      return column === "LABELS"
        ? Object.keys(labels)
            .sort()
            .map((k) => `${k}=${labels[k]}`)
            .join(",")
        : "";
    }
    case "NetworkSet":
    case "GlobalNetworkSet":
      return column === "NETS" ? truncate((resource.spec.nets ?? []).join(","), 80) : "";
    case "HostEndpoint": {
      const s = resource.spec;
      if (column === "NODE") return s.node ?? "";
      if (column === "INTERFACE") return s.interfaceName ?? "";
      if (column === "IPS") return (s.expectedIPs ?? []).join(",");
      if (column === "PROFILES") return (s.profiles ?? []).join(",");
      return "";
    }
    default: {
      const never: never = resource;
      return never;
    }
  }
}

// calicoctl's joinAndTruncate: long net lists end in "..." at 80 characters.
function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** calicoctl's listing order: by namespace then name; tiers by order (none last), then name. */
export function sortForListing(kind: KindTable, resources: readonly CalicoResource[]): CalicoResource[] {
  const byName = (a: CalicoResource, b: CalicoResource): number => {
    const an = `${a.metadata.namespace ?? ""}\u0000${a.metadata.name}`;
    const bn = `${b.metadata.namespace ?? ""}\u0000${b.metadata.name}`;
    return an < bn ? -1 : an > bn ? 1 : 0;
  };
  if (kind.kind !== "Tier") return [...resources].sort(byName);
  const order = (r: CalicoResource): number =>
    r.kind === "Tier" && r.spec.order !== undefined ? r.spec.order : Number.POSITIVE_INFINITY;
  return [...resources].sort((a, b) => order(a) - order(b) || byName(a, b));
}

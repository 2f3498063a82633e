import { describe, expect, it } from "vitest";
import { cellOf, findKind, KIND_TABLES, sortForListing } from "../../src/cli/resource-tables.js";
import type { CalicoResource } from "../../src/index.js";

describe("findKind", () => {
  it("knows calicoctl's aliases in any case", () => {
    for (const alias of ["wep", "WEPS", "WorkloadEndpoint", "workloadendpoints"]) {
      expect(findKind(alias)?.kind).toBe("WorkloadEndpoint");
    }
    expect(findKind("GNP")?.kind).toBe("GlobalNetworkPolicy");
    expect(findKind("pol")?.kind).toBe("NetworkPolicy");
    expect(findKind("netsets")?.kind).toBe("NetworkSet");
    expect(findKind("hep")?.kind).toBe("HostEndpoint");
    expect(findKind("pro")?.kind).toBe("Profile");
    expect(findKind("sknp")?.kind).toBe("StagedKubernetesNetworkPolicy");
  });

  it("does not resolve unknown kinds or inherited object keys", () => {
    expect(findKind("pods")).toBeUndefined();
    expect(findKind("__proto__")).toBeUndefined();
    expect(findKind("constructor")).toBeUndefined();
  });

  it("gives every alias to exactly one kind", () => {
    const aliases = KIND_TABLES.flatMap((k) => k.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
  });
});

describe("cellOf", () => {
  const wep: CalicoResource = {
    apiVersion: "projectcalico.org/v3",
    kind: "WorkloadEndpoint",
    metadata: { name: "node1-k8s-web--1-eth0", namespace: "shop" },
    spec: {
      pod: "web-1",
      node: "node1",
      ipNetworks: ["10.0.0.1/32", "fd00::1/128"],
      interfaceName: "cali1",
      profiles: ["kns.shop", "ksa.shop.web"],
      ipNATs: [{ internalIP: "10.0.0.1", externalIP: "192.0.2.1" }],
    },
  };

  it("fills calicoctl's WEP columns, the workload falling back to the pod name", () => {
    expect(
      ["NAMESPACE", "NAME", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE", "PROFILES", "NATS"].map((c) =>
        cellOf(wep, c),
      ),
    ).toEqual([
      "shop",
      "node1-k8s-web--1-eth0",
      "web-1",
      "node1",
      "10.0.0.1/32,fd00::1/128",
      "cali1",
      "kns.shop,ksa.shop.web",
      "10.0.0.1->192.0.2.1",
    ]);
  });

  it("truncates long net lists to 80 characters as calicoctl does", () => {
    const nets = Array.from({ length: 20 }, (_, i) => `10.${i}.0.0/16`);
    const set: CalicoResource = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkSet",
      metadata: { name: "many" },
      spec: { nets },
    };
    const cell = cellOf(set, "NETS");
    expect(cell).toHaveLength(80);
    expect(cell.endsWith("...")).toBe(true);
  });

  it("prints profile labels sorted as key=value", () => {
    const profile: CalicoResource = {
      apiVersion: "projectcalico.org/v3",
      kind: "Profile",
      metadata: { name: "p" },
      spec: { labelsToApply: { b: "2", a: "1" } },
    };
    expect(cellOf(profile, "LABELS")).toBe("a=1,b=2");
  });
});

describe("sortForListing", () => {
  it("lists tiers by order with unordered tiers last, then by name", () => {
    const tier = (name: string, order?: number): CalicoResource => ({
      apiVersion: "projectcalico.org/v3",
      kind: "Tier",
      metadata: { name },
      spec: { defaultAction: "Deny", ...(order === undefined ? {} : { order }) },
    });
    const sorted = sortForListing(findKind("tier")!, [tier("z"), tier("b", 200), tier("a"), tier("c", 100)]);
    expect(sorted.map((t) => t.metadata.name)).toEqual(["c", "b", "a", "z"]);
  });
});

import { describe, expect, it } from "vitest";
import { comparePolicies, compareTiers } from "../../src/policy/order.js";

describe("compareTiers (§C.2)", () => {
  const tier = (name: string, order: number | undefined, exists = true) => ({ name, order, exists });

  it("puts existing tiers before missing ones whatever their order", () => {
    const sorted = [tier("missing", 1, false), tier("late", 5000)].sort(compareTiers);
    expect(sorted.map((t) => t.name)).toEqual(["late", "missing"]);
  });

  it("sorts by ascending order, tiers without an order last, ties by name", () => {
    const sorted = [
      tier("z", undefined),
      tier("b", 10),
      tier("a", 10),
      tier("y", undefined),
      tier("c", 1),
    ].sort(compareTiers);
    expect(sorted.map((t) => t.name)).toEqual(["c", "a", "b", "y", "z"]);
  });
});

describe("comparePolicies (§C.2)", () => {
  const pol = (name: string, namespace: string, order?: number, kind = "NetworkPolicy") => ({
    name,
    namespace,
    order,
    kind,
  });

  it("sorts by ascending order with no order last", () => {
    const sorted = [pol("a", "n"), pol("b", "n", 5), pol("c", "n", 1)].sort(comparePolicies);
    expect(sorted.map((p) => p.name)).toEqual(["c", "b", "a"]);
  });

  it("breaks ties by name before namespace: a in namespace z before b in namespace a", () => {
    const sorted = [pol("b", "a", 1), pol("a", "z", 1)].sort(comparePolicies);
    expect(sorted.map((p) => `${p.namespace}/${p.name}`)).toEqual(["z/a", "a/b"]);
  });

  it("breaks a name and namespace tie by kind", () => {
    const sorted = [
      pol("a", "", 1, "StagedGlobalNetworkPolicy"),
      pol("a", "", 1, "GlobalNetworkPolicy"),
    ].sort(comparePolicies);
    expect(sorted.map((p) => p.kind)).toEqual(["GlobalNetworkPolicy", "StagedGlobalNetworkPolicy"]);
  });
});

import { describe, expect, it } from "vitest";
import { defaultPolicyTypes } from "../../src/model/policy-validation.js";
import type { GlobalNetworkPolicy, NetworkPolicy, StagedNetworkPolicy } from "../../src/model/types.js";
import { validateResource } from "../../src/model/validate.js";
import { codesOf, globalNetworkPolicy, networkPolicy } from "../support/model-helpers.js";

function valid<T>(value: unknown): T {
  const result = validateResource(value);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.resource as T;
}

describe("policy types defaulting (B.7)", () => {
  it("defaults to [Ingress] without egress rules, even with no rules at all", () => {
    expect(defaultPolicyTypes({})).toEqual(["Ingress"]);
    expect(defaultPolicyTypes({ ingress: [{ action: "Allow" }] })).toEqual(["Ingress"]);
  });
  it("defaults to [Egress] with only egress rules and to both with both", () => {
    expect(defaultPolicyTypes({ egress: [{ action: "Allow" }] })).toEqual(["Egress"]);
    expect(defaultPolicyTypes({ ingress: [{ action: "Deny" }], egress: [{ action: "Allow" }] })).toEqual([
      "Ingress",
      "Egress",
    ]);
  });
  it("keeps types that are written, and treats an empty list as unset", () => {
    expect(defaultPolicyTypes({ types: ["Egress"], ingress: [{ action: "Allow" }] })).toEqual(["Egress"]);
    expect(defaultPolicyTypes({ types: [], egress: [{ action: "Allow" }] })).toEqual(["Egress"]);
  });
  it("is applied by validation together with tier 'default'", () => {
    const policy = valid<NetworkPolicy>(networkPolicy({ egress: [{ action: "Allow" }] }));
    expect(policy.spec.types).toEqual(["Egress"]);
    expect(policy.spec.tier).toBe("default");
    expect(policy.metadata.namespace).toBe("ns");
  });
  it("gives a policy without spec tier 'default' and types [Ingress]", () => {
    const policy = valid<NetworkPolicy>({
      apiVersion: "projectcalico.org/v3",
      kind: "NetworkPolicy",
      metadata: { name: "p" },
    });
    expect(policy.spec).toEqual({ tier: "default", types: ["Ingress"] });
    expect(policy.metadata.namespace).toBe("default");
  });
});

describe("policy types validation", () => {
  it("rejects a type listed twice, more than two types, and unknown types", () => {
    expect(codesOf(networkPolicy({ types: ["Ingress", "Ingress"] }))).toEqual([
      ["duplicate-policy-type", ["spec", "types", 1]],
    ]);
    expect(codesOf(networkPolicy({ types: ["Ingress", "Egress", "Ingress"] }))).toEqual([
      ["too-many", ["spec", "types"]],
    ]);
    expect(codesOf(networkPolicy({ types: ["ingress"] }))).toEqual([["invalid-enum", ["spec", "types", 0]]]);
  });
});

describe("policy fields", () => {
  it("rejects an invalid tier name, a non-numeric order and unknown performance hints", () => {
    expect(codesOf(networkPolicy({ tier: "Bad_Tier", order: "10", performanceHints: ["Fast"] }))).toEqual([
      ["invalid-tier", ["spec", "tier"]],
      ["invalid-type", ["spec", "order"]],
      ["invalid-enum", ["spec", "performanceHints", 0]],
    ]);
  });
  it("accepts order as a float and the AssumeNeededOnEveryNode hint", () => {
    const policy = valid<NetworkPolicy>(
      networkPolicy({ order: 10.5, performanceHints: ["AssumeNeededOnEveryNode"] }),
    );
    expect(policy.spec.order).toBe(10.5);
  });
  it("rejects more than 1024 rules in one direction", () => {
    const ingress = Array.from({ length: 1025 }, () => ({ action: "Allow" }));
    expect(codesOf(networkPolicy({ ingress }))).toEqual([["too-many", ["spec", "ingress"]]]);
  });
  it("rejects an invalid policy selector and serviceAccountSelector", () => {
    expect(codesOf(networkPolicy({ selector: "a ==", serviceAccountSelector: "(" }))).toEqual([
      ["invalid-selector", ["spec", "selector"]],
      ["invalid-selector", ["spec", "serviceAccountSelector"]],
    ]);
  });
});

describe("policy names (B.6)", () => {
  it("accepts name, tier.name and knp.default.<subdomain> for NetworkPolicy", () => {
    for (const name of ["allow-web", "security.allow-web", "knp.default.allow.web"]) {
      expect(codesOf(networkPolicy({}, name))).toEqual([]);
    }
  });
  it("rejects other dotted names, upper case and names over 253 characters", () => {
    for (const name of ["a.b.c", "Allow", "a_b", `${"a".repeat(254)}`]) {
      expect(codesOf(networkPolicy({}, name))).toEqual([["invalid-name", ["metadata", "name"]]]);
    }
  });
  it("accepts at most one tier prefix for GlobalNetworkPolicy and no knp. form", () => {
    expect(codesOf(globalNetworkPolicy({}, "platform.deny-all"))).toEqual([]);
    expect(codesOf(globalNetworkPolicy({}, "knp.default.x"))).toEqual([
      ["invalid-name", ["metadata", "name"]],
    ]);
  });
});

describe("GlobalNetworkPolicy flags", () => {
  it("accepts preDNAT with applyOnForward and ingress only", () => {
    const policy = valid<GlobalNetworkPolicy>(
      globalNetworkPolicy({ preDNAT: true, applyOnForward: true, ingress: [{ action: "Deny" }] }),
    );
    expect(policy.spec.preDNAT).toBe(true);
  });
  it("rejects preDNAT together with doNotTrack", () => {
    expect(codesOf(globalNetworkPolicy({ preDNAT: true, doNotTrack: true, applyOnForward: true }))).toEqual([
      ["prednat-and-donottrack", ["spec", "preDNAT"]],
    ]);
  });
  it("rejects preDNAT with egress rules or type Egress", () => {
    expect(
      codesOf(
        globalNetworkPolicy({
          preDNAT: true,
          applyOnForward: true,
          egress: [{ action: "Allow" }],
          types: ["Ingress", "Egress"],
        }),
      ),
    ).toEqual([
      ["prednat-egress", ["spec", "egress"]],
      ["prednat-egress", ["spec", "types", 1]],
    ]);
  });
  it("rejects doNotTrack or preDNAT without applyOnForward", () => {
    expect(codesOf(globalNetworkPolicy({ doNotTrack: true }))).toEqual([
      ["apply-on-forward-required", ["spec", "applyOnForward"]],
    ]);
    expect(codesOf(globalNetworkPolicy({ preDNAT: true, applyOnForward: false }))).toEqual([
      ["apply-on-forward-required", ["spec", "applyOnForward"]],
    ]);
  });
  it("accepts namespaceSelector on a GlobalNetworkPolicy but not on a NetworkPolicy", () => {
    expect(codesOf(globalNetworkPolicy({ namespaceSelector: "team == 'a'" }))).toEqual([]);
    expect(codesOf(networkPolicy({ namespaceSelector: "team == 'a'" }))).toEqual([
      ["unknown-field", ["spec", "namespaceSelector"]],
    ]);
  });
});

describe("staged policies", () => {
  const staged = (spec: unknown) => ({
    apiVersion: "projectcalico.org/v3",
    kind: "StagedNetworkPolicy",
    metadata: { name: "p", namespace: "ns" },
    spec,
  });
  it("defaults stagedAction to Set", () => {
    expect(valid<StagedNetworkPolicy>(staged({ selector: "all()" })).spec.stagedAction).toBe("Set");
  });
  it("rejects an unknown stagedAction", () => {
    expect(codesOf(staged({ stagedAction: "Remove" }))).toEqual([["invalid-enum", ["spec", "stagedAction"]]]);
  });
  it("accepts Delete with only a tier, and rejects Delete with other fields", () => {
    expect(codesOf(staged({ stagedAction: "Delete", tier: "security" }))).toEqual([]);
    expect(
      codesOf(staged({ stagedAction: "Delete", selector: "all()", ingress: [{ action: "Allow" }] })),
    ).toEqual([
      ["staged-delete-with-spec", ["spec", "selector"]],
      ["staged-delete-with-spec", ["spec", "ingress"]],
    ]);
  });
  it("validates StagedGlobalNetworkPolicy like a GlobalNetworkPolicy", () => {
    const value = {
      apiVersion: "projectcalico.org/v3",
      kind: "StagedGlobalNetworkPolicy",
      metadata: { name: "g" },
      spec: { doNotTrack: true },
    };
    expect(codesOf(value)).toEqual([["apply-on-forward-required", ["spec", "applyOnForward"]]]);
  });
});

describe("performanceHints", () => {
  it("refuses a hint listed twice (the field's unique tag)", () => {
    expect(
      codesOf(
        globalNetworkPolicy({ performanceHints: ["AssumeNeededOnEveryNode", "AssumeNeededOnEveryNode"] }),
      ),
    ).toEqual([["duplicate-performance-hint", ["spec", "performanceHints", 1]]]);
  });
});

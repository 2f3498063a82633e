import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ResourceValidationError } from "../../src/model/issues.js";
import type { GlobalNetworkSet, NetworkSet, Profile, Tier, WorkloadEndpoint } from "../../src/model/types.js";
import { parseResource, supportedKinds, validateResource } from "../../src/model/validate.js";
import { codesOf, issuesOf } from "../support/model-helpers.js";

const v3 = (kind: string, metadata: Record<string, unknown>, spec?: unknown) => ({
  apiVersion: "projectcalico.org/v3",
  kind,
  metadata,
  ...(spec === undefined ? {} : { spec }),
});

describe("validateResource: dispatch", () => {
  it("accepts every supported kind", () => {
    expect(supportedKinds()).toHaveLength(16);
    const samples: unknown[] = [
      v3("NetworkPolicy", { name: "p", namespace: "n" }, {}),
      v3("GlobalNetworkPolicy", { name: "g" }, {}),
      v3("StagedNetworkPolicy", { name: "p", namespace: "n" }, {}),
      v3("StagedGlobalNetworkPolicy", { name: "g" }, {}),
      v3("StagedKubernetesNetworkPolicy", { name: "k", namespace: "n" }, { podSelector: {} }),
      v3("Tier", { name: "t" }, { order: 100 }),
      v3("Profile", { name: "kns.default" }, {}),
      v3("NetworkSet", { name: "s", namespace: "n" }, { nets: ["10.0.0.0/8"] }),
      v3("GlobalNetworkSet", { name: "s" }, { nets: ["10.0.0.0/8"] }),
      v3("HostEndpoint", { name: "h" }, { interfaceName: "eth0" }),
      v3("WorkloadEndpoint", { name: "n-k8s-p-eth0", namespace: "n" }, {}),
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa", namespace: "n" } },
      { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "n" }, spec: { containers: [] } },
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "k", namespace: "n" },
        spec: { podSelector: {} },
      },
      {
        apiVersion: "v1",
        kind: "workloadEndpoint",
        metadata: { name: "eth0", workload: "w", orchestrator: "cni", node: "n" },
      },
    ];
    for (const sample of samples) expect(issuesOf(sample)).toEqual([]);
  });
  it("rejects values that are not mappings", () => {
    for (const value of [null, 3, "x", []]) expect(codesOf(value)).toEqual([["invalid-type", []]]);
  });
  it("names a missing kind or apiVersion, with the apiVersion the kind belongs to", () => {
    expect(codesOf({ apiVersion: "v1" })).toEqual([["required", ["kind"]]]);
    const [issue] = issuesOf({ kind: "Tier", metadata: { name: "t" } });
    expect(issue).toMatchObject({ code: "required", path: ["apiVersion"] });
    expect(issue?.message).toContain('kind Tier is "projectcalico.org/v3"');
  });
  it("rejects an unknown apiVersion and says which one the kind needs", () => {
    const [issue] = issuesOf({ apiVersion: "projectcalico.org/v2", kind: "GlobalNetworkPolicy" });
    expect(issue).toMatchObject({
      code: "unknown-api-version",
      path: ["apiVersion"],
      value: "projectcalico.org/v2",
    });
    expect(issue?.message).toContain('"projectcalico.org/v3"');
  });
  it("suggests the right case for a kind and lists the kinds of the apiVersion", () => {
    const [hint] = issuesOf({ apiVersion: "projectcalico.org/v3", kind: "networkpolicy" });
    expect(hint?.message).toContain('did you mean "NetworkPolicy"?');
    const [unknown] = issuesOf({ apiVersion: "networking.k8s.io/v1", kind: "Ingress" });
    expect(unknown).toMatchObject({ code: "unknown-kind", path: ["kind"] });
    expect(unknown?.message).toContain("expected one of NetworkPolicy");
  });
  it("reports an unknown top-level field", () => {
    expect(codesOf({ ...v3("Tier", { name: "t" }), status: {} })).toEqual([["unknown-field", ["status"]]]);
  });
});

describe("validateResource: metadata", () => {
  it("defaults the namespace of namespaced kinds to 'default'", () => {
    const wep = parseResource(v3("WorkloadEndpoint", { name: "n-k8s-p-eth0" }, {})) as WorkloadEndpoint;
    expect(wep.metadata.namespace).toBe("default");
  });
  it("accepts Kubernetes bookkeeping fields and rejects others", () => {
    const meta = {
      name: "t",
      uid: "u",
      resourceVersion: "5",
      creationTimestamp: "2024-01-01T00:00:00Z",
      annotations: { a: "b" },
      generation: 2,
      managedFields: [],
    };
    expect(codesOf(v3("Tier", meta))).toEqual([]);
    expect(codesOf(v3("Tier", { name: "t", lables: { a: "b" } }))).toEqual([
      ["unknown-field", ["metadata", "lables"]],
    ]);
  });
  it("rejects names that are not DNS subdomains", () => {
    expect(codesOf(v3("GlobalNetworkSet", { name: "Has Space" }))).toEqual([
      ["invalid-name", ["metadata", "name"]],
    ]);
    expect(codesOf(v3("GlobalNetworkSet", {}))).toEqual([["required", ["metadata", "name"]]]);
  });
  it("validates label keys and values with Kubernetes' rules", () => {
    const labels = {
      "app.kubernetes.io/name": "web",
      "bad key": "x",
      ok: "bad value!",
      n: 5,
      [`x${"y".repeat(63)}`]: "v",
    };
    expect(codesOf(v3("GlobalNetworkSet", { name: "s", labels }))).toEqual([
      ["invalid-label-key", ["metadata", "labels", "bad key"]],
      ["invalid-label-value", ["metadata", "labels", "ok"]],
      ["invalid-type", ["metadata", "labels", "n"]],
      ["invalid-label-key", ["metadata", "labels", `x${"y".repeat(63)}`]],
    ]);
  });
  it("keeps a label named 'constructor' as data, in a map with no prototype", () => {
    const set = parseResource(
      v3("GlobalNetworkSet", { name: "s", labels: { constructor: "x", toString: "y" } }),
    ) as GlobalNetworkSet;
    expect(set.metadata.labels?.constructor).toBe("x");
    expect(Object.getPrototypeOf(set.metadata.labels)).toBeNull();
  });
  it("rejects a __proto__ label key without touching any prototype", () => {
    const value = JSON.parse(
      '{"apiVersion":"projectcalico.org/v3","kind":"GlobalNetworkSet","metadata":{"name":"s","labels":{"__proto__":"x"}}}',
    );
    expect(codesOf(value)).toEqual([["invalid-label-key", ["metadata", "labels", "__proto__"]]]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const top = JSON.parse(
      '{"apiVersion":"projectcalico.org/v3","kind":"Tier","metadata":{"name":"t"},"__proto__":{"polluted":1}}',
    );
    expect(codesOf(top)).toEqual([["unknown-field", ["__proto__"]]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("Tier", () => {
  it("defaults defaultAction to Deny and leaves order unset (last)", () => {
    expect((parseResource(v3("Tier", { name: "security" })) as Tier).spec).toEqual({ defaultAction: "Deny" });
  });
  it("gives the well-known tiers their fixed order and action", () => {
    expect((parseResource(v3("Tier", { name: "default" })) as Tier).spec).toEqual({
      order: 1_000_000,
      defaultAction: "Deny",
    });
    expect((parseResource(v3("Tier", { name: "kube-admin" })) as Tier).spec).toEqual({
      order: 1000,
      defaultAction: "Pass",
    });
    expect((parseResource(v3("Tier", { name: "kube-baseline" })) as Tier).spec).toEqual({
      order: 10_000_000,
      defaultAction: "Pass",
    });
  });
  it("rejects a well-known tier with another order or action", () => {
    expect(codesOf(v3("Tier", { name: "default" }, { order: 5, defaultAction: "Pass" }))).toEqual([
      ["well-known-tier-order", ["spec", "order"]],
      ["well-known-tier-action", ["spec", "defaultAction"]],
    ]);
  });
  it("rejects tier names that are not DNS labels and unknown actions", () => {
    expect(codesOf(v3("Tier", { name: "a.b" }, { defaultAction: "Allow" }))).toEqual([
      ["invalid-name", ["metadata", "name"]],
      ["invalid-enum", ["spec", "defaultAction"]],
    ]);
  });
});

describe("Profile and network sets", () => {
  it("validates profile rules and labelsToApply", () => {
    const profile = parseResource(
      v3("Profile", { name: "p" }, { ingress: [{ action: "Allow" }], labelsToApply: { team: "a" } }),
    ) as Profile;
    expect(profile.spec.labelsToApply).toEqual({ team: "a" });
    expect(
      codesOf(v3("Profile", { name: "p" }, { egress: [{ action: "Go" }], labelsToApply: { "-x": "a" } })),
    ).toEqual([
      ["invalid-enum", ["spec", "egress", 0, "action"]],
      ["invalid-label-key", ["spec", "labelsToApply", "-x"]],
    ]);
  });
  it("validates network set nets and forbids the namespace label", () => {
    const set = parseResource(
      v3("NetworkSet", { name: "s" }, { nets: ["10.0.0.0/8", "fd00::/8"] }),
    ) as NetworkSet;
    expect(set.metadata.namespace).toBe("default");
    expect(
      codesOf(
        v3(
          "NetworkSet",
          { name: "s", labels: { "projectcalico.org/namespace": "x" } },
          { nets: ["10.0.0.0/40"] },
        ),
      ),
    ).toEqual([
      ["reserved-label", ["metadata", "labels", "projectcalico.org/namespace"]],
      ["invalid-cidr", ["spec", "nets", 0]],
    ]);
  });
});

describe("parseResource", () => {
  it("throws ResourceValidationError carrying every issue", () => {
    let error: unknown;
    try {
      parseResource(v3("Tier", { name: "A" }, { defaultAction: "x" }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResourceValidationError);
    expect((error as ResourceValidationError).issues.map((i) => i.code)).toEqual([
      "invalid-name",
      "invalid-enum",
    ]);
    expect((error as Error).message).toContain("spec.defaultAction:");
  });
});

const kinds = supportedKinds();

/** Values shaped like resources: a known apiVersion and kind, arbitrary everything else. */
const resourceLike = fc
  .tuple(
    fc.constantFrom(...kinds),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 }),
    fc.jsonValue({ maxDepth: 5 }),
    fc.jsonValue({ maxDepth: 5 }),
  )
  .map(([k, extra, metadata, spec]) => ({
    ...extra,
    apiVersion: k.apiVersion,
    kind: k.kind,
    metadata,
    spec,
  }));

describe("validateResource on arbitrary input", () => {
  test.prop([fc.anything({ maxDepth: 4 })], { numRuns: 200 })(
    "never throws and always explains a failure",
    (value) => {
      const result = validateResource(value);
      if (!result.ok) {
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(issue.code).toMatch(/^[a-z-]+$/);
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }
    },
  );
  test.prop([resourceLike], { numRuns: 300 })(
    "never throws on resource-shaped input; every issue has a path and code",
    (value) => {
      const result = validateResource(value);
      if (!result.ok) {
        for (const issue of result.issues) {
          expect(Array.isArray(issue.path)).toBe(true);
          expect(issue.code).toMatch(/^[a-z-]+$/);
          expect(issue.message).not.toBe("Invalid input");
        }
      }
    },
  );
});

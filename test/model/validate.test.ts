import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ResourceValidationError } from "../../src/model/issues.js";
import { parseResource, supportedKinds, validateResource } from "../../src/model/validate.js";
import { codesOf, issuesOf, v3 } from "../support/model-helpers.js";

describe("validateResource: dispatch", () => {
  it("accepts every supported kind", () => {
    expect(supportedKinds()).toHaveLength(17);
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
      v3("HostEndpoint", { name: "h" }, { node: "n1", interfaceName: "eth0" }),
      v3("WorkloadEndpoint", { name: "n-k8s-p-eth0", namespace: "n" }, { interfaceName: "cali0" }),
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
        spec: { interfaceName: "tap0" },
      },
      {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "s-1", namespace: "n", labels: { "kubernetes.io/service-name": "s" } },
        addressType: "IPv4",
        endpoints: [{ addresses: ["10.0.0.1"] }],
        ports: [{ port: 80 }],
      },
    ];
    for (const sample of samples) {
      expect(issuesOf(sample)).toEqual([]);
      // Validation is idempotent: a validated resource validates to itself (defaults included).
      const once = parseResource(sample);
      expect(parseResource(once)).toEqual(once);
    }
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
    expect(codesOf({ ...(v3("Tier", { name: "t" }) as object), status: {} })).toEqual([
      ["unknown-field", ["status"]],
    ]);
  });
});

describe("validateResource: plain data only", () => {
  it("refuses a Map, Set, Date or class instance anywhere instead of reading it as an empty mapping", () => {
    const cases: [unknown, (string | number)[], string][] = [
      [v3("GlobalNetworkPolicy", { name: "p" }, new Map([["selector", "x"]])), ["spec"], "a Map"],
      [v3("GlobalNetworkPolicy", { name: "p", labels: new Set(["a"]) }, {}), ["metadata", "labels"], "a Set"],
      [
        v3("GlobalNetworkPolicy", { name: "p" }, { ingress: [new Date(0)] }),
        ["spec", "ingress", 0],
        "a Date",
      ],
      [v3("Tier", Object.create({ name: "inherited" })), ["metadata"], "an object with a prototype"],
      [v3("Tier", { name: "t" }, new (class Spec {})()), ["spec"], "an instance of Spec"],
    ];
    for (const [resource, path, got] of cases) {
      const result = validateResource(resource);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.issues[0]).toMatchObject({ code: "invalid-type", path });
      expect(result.issues[0]?.message).toContain(got);
    }
  });
  it("accepts objects without a prototype", () => {
    const metadata = Object.assign(Object.create(null) as object, { name: "t" });
    expect(validateResource(v3("Tier", metadata, { order: 5 })).ok).toBe(true);
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

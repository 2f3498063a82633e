import { describe, expect, it } from "vitest";
import type { GlobalNetworkSet, WorkloadEndpoint } from "../../src/model/types.js";
import { parseResource } from "../../src/model/validate.js";
import { codesOf, v3 } from "../support/model-helpers.js";

describe("validateResource: metadata", () => {
  it("defaults the namespace of namespaced kinds to 'default'", () => {
    const wep = parseResource(
      v3("WorkloadEndpoint", { name: "n-k8s-p-eth0" }, { interfaceName: "cali0" }),
    ) as WorkloadEndpoint;
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

describe("annotations (validateObjectMetaAnnotations)", () => {
  it("wants qualified-name keys, any case, in metadata and in rule metadata", () => {
    expect(codesOf(v3("Tier", { name: "t", annotations: { "Example.COM/Owner": "x" } }))).toEqual([]);
    expect(codesOf(v3("Tier", { name: "t", annotations: { "bad key!": "x" } }))).toEqual([
      ["invalid-annotation-key", ["metadata", "annotations"]],
    ]);
    const rule = { action: "Allow", metadata: { annotations: { "-x": "y" } } };
    expect(codesOf(v3("GlobalNetworkPolicy", { name: "p" }, { ingress: [rule] }))).toEqual([
      ["invalid-annotation-key", ["spec", "ingress", 0, "metadata", "annotations"]],
    ]);
  });
  it("limits their total size to 256 KiB", () => {
    const big = { a: "x".repeat(200 * 1024), b: "y".repeat(60 * 1024) };
    expect(codesOf(v3("Tier", { name: "t", annotations: big }))).toEqual([
      ["annotations-too-large", ["metadata", "annotations"]],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { safeLoadManifests } from "../../src/manifest/load.js";
import { findNonPlainValue } from "../../src/model/plain-data.js";

describe("YAML collections that are not plain mappings", () => {
  it("refuses !!omap and !!set with their location instead of emptying them", () => {
    const result = safeLoadManifests(
      [
        "apiVersion: projectcalico.org/v3",
        "kind: GlobalNetworkPolicy",
        "metadata: {name: p}",
        "spec: !!omap",
        "  - selector: app == 'x'",
        "  - ingress: [{action: Deny}]",
      ].join("\n"),
      { file: "omap.yaml" },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ file: "omap.yaml", line: 5, code: "invalid-type" });
    expect(result.issues[0]?.message).toContain("!!omap");
  });
});

describe("findNonPlainValue", () => {
  it("walks lists and mappings, and stops at a depth no resource reaches", () => {
    expect(findNonPlainValue({ a: [1, "x", null, { b: true }] })).toBeUndefined();
    expect(findNonPlainValue({ a: [1, { b: new Map() }] })).toEqual({
      path: ["a", 1, "b"],
      got: "a Map (YAML !!omap or !!pairs)",
    });
    let deep: unknown = new Set();
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(findNonPlainValue(deep)).toBeUndefined();
  });
});

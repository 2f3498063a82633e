import { describe, expect, it } from "vitest";
import type { Tier } from "../../src/model/types.js";
import { parseResource } from "../../src/model/validate.js";
import { codesOf, v3 } from "../support/model-helpers.js";

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

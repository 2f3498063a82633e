import { describe, expect, it } from "vitest";
import { MAX_VALUES, prescan } from "../../src/manifest/limits.js";

describe("prescan", () => {
  it("passes ordinary manifests", () => {
    expect(prescan("a:\n  b: [1, 2, {c: d}]\n  - e\n")).toBeUndefined();
  });
  it("finds deep flow nesting and ignores brackets inside quoted flow strings", () => {
    expect(prescan("[".repeat(1001))).toEqual({ kind: "nesting", offset: 1000 });
    expect(prescan(`["${"[".repeat(2000)}"]`)).toBeUndefined();
  });
  it("finds deep compact block nesting and indentation", () => {
    expect(prescan(`${"- ".repeat(600)}x`)?.kind).toBe("nesting");
    expect(prescan(`${" ".repeat(1001)}a: b`)?.kind).toBe("nesting");
  });
  it("counts lines and commas against the value cap", () => {
    expect(prescan(",".repeat(MAX_VALUES))).toBeUndefined();
    expect(prescan(",".repeat(MAX_VALUES + 1))).toEqual({ kind: "values", offset: MAX_VALUES });
  });
});

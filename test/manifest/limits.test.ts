import { describe, expect, it } from "vitest";
import { countValues, describeLimitProblem, MAX_VALUES } from "../../src/manifest/limits.js";

describe("countValues", () => {
  it("passes ordinary manifests", () => {
    expect(countValues("a:\n  b: [1, 2, {c: d}]\n  - e\n")).toBeUndefined();
  });
  it("counts lines and commas against the value cap", () => {
    expect(countValues(",".repeat(MAX_VALUES))).toBeUndefined();
    expect(countValues(",".repeat(MAX_VALUES + 1))).toBe(MAX_VALUES);
    expect(countValues("\n".repeat(MAX_VALUES + 1))).toBe(MAX_VALUES);
  });
});

describe("describeLimitProblem", () => {
  it("names the text, its size and the limit", () => {
    expect(describeLimitProblem({ kind: "size", offset: 0, length: 17 << 20 }, "the file")).toEqual({
      code: "manifest-too-large",
      message: "the file is 17.0 MB: at most 16 MB is accepted",
    });
    expect(describeLimitProblem({ kind: "nesting", offset: 3 }).message).toContain("at most 100 levels");
  });
});

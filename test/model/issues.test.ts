import { describe, expect, it } from "vitest";
import { describeValue, formatPath, ResourceValidationError, typeOfValue } from "../../src/model/issues.js";

describe("formatPath", () => {
  it("writes paths the way users write them", () => {
    expect(formatPath(["spec", "ingress", 0, "destination", "ports", 1])).toBe(
      "spec.ingress[0].destination.ports[1]",
    );
    expect(formatPath(["metadata", "labels", "app.kubernetes.io/name"])).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
    expect(formatPath([])).toBe("(root)");
  });
});

describe("describeValue and typeOfValue", () => {
  it("quotes strings, cuts long ones and summarises collections", () => {
    expect(describeValue("a")).toBe('"a"');
    expect(describeValue("x".repeat(100))).toMatch(/^"x{77}"\.\.\. \(100 chars\)$/);
    expect(describeValue([1, 2])).toBe("a list of 2 items");
    expect(describeValue({ a: 1 })).toBe("a mapping");
    expect(describeValue(12n)).toBe("12");
  });
  it("names JSON types in words", () => {
    expect([null, [], "s", 1, 1n, true, {}, undefined].map(typeOfValue)).toEqual([
      "null",
      "a list",
      "a string",
      "a number",
      "a number",
      "a boolean",
      "a mapping",
      "nothing",
    ]);
  });
});

describe("ResourceValidationError", () => {
  it("lists every issue with its path in the message", () => {
    const error = new ResourceValidationError([
      { code: "a", message: "first", path: ["spec", "order"] },
      { code: "b", message: "second", path: [] },
    ]);
    expect(error.message).toBe("invalid resource: 2 problems\n  spec.order: first\n  (root): second");
    expect(error.issues).toHaveLength(2);
  });
});

describe("typeOfValue for values that are not JSON", () => {
  it("names non-finite numbers, binary data, Maps and Sets", () => {
    expect(
      [Number.NaN, Number.POSITIVE_INFINITY, new Uint8Array(2), new Map(), new Set()].map(typeOfValue),
    ).toEqual(["the number NaN", "the number Infinity", "binary data", "a Map", "a Set"]);
  });
});

import { describe, expect, it } from "vitest";
import * as z from "zod";
import { labelsField, strictObject, stringLikeField } from "../../src/model/fields.js";
import { fromZodIssue } from "../../src/model/zod-issues.js";

const issues = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? [] : result.error.issues.flatMap((i) => fromZodIssue(i));
};

describe("stringLikeField", () => {
  it("keeps the digits of plain YAML integers, however large", () => {
    expect(stringLikeField().parse(1337495556942031415926535n)).toBe("1337495556942031415926535");
    expect(stringLikeField().parse(12345)).toBe("12345");
  });
  it("rejects floats and other types with the type it got", () => {
    expect(issues(stringLikeField(), 1.5)).toEqual([
      expect.objectContaining({ code: "invalid-type", message: "expected a string, got a number (1.5)" }),
    ]);
    expect(issues(stringLikeField(), true)[0]?.message).toBe("expected a string, got a boolean (true)");
  });
});

describe("strictObject", () => {
  it("lists the allowed fields for an unknown one", () => {
    expect(
      issues(strictObject({ alpha: z.string(), beta: z.string().optional() }), { alpha: "x", gamma: 1 }),
    ).toEqual([
      {
        code: "unknown-field",
        message: 'unknown field "gamma": expected one of alpha, beta',
        path: ["gamma"],
        value: 1,
      },
    ]);
  });
  it("names a missing required field", () => {
    expect(issues(strictObject({ alpha: z.string() }), {})).toEqual([
      { code: "required", message: 'missing required field "alpha"', path: ["alpha"] },
    ]);
  });
});

describe("labelsField", () => {
  it("builds a null-prototype map", () => {
    const labels = labelsField().parse({ a: "1", constructor: "2" }) as Record<string, string>;
    expect(Object.getPrototypeOf(labels)).toBeNull();
    expect({ ...labels }).toEqual({ a: "1", constructor: "2" });
  });
  it("rejects a non-mapping with what it got", () => {
    expect(issues(labelsField(), ["a"])).toEqual([
      expect.objectContaining({
        code: "invalid-type",
        message: "expected a mapping of label keys to string values, got a list",
      }),
    ]);
  });
});

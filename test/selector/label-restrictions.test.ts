import { describe, expect, it } from "vitest";
import {
  type LabelRestriction,
  labelRestrictions,
  parseSelector,
  possibleToSatisfy,
} from "../../src/selector/index.js";

const present = (values?: string[]): LabelRestriction =>
  values === undefined
    ? { mustBePresent: true, mustBeAbsent: false }
    : { mustBePresent: true, mustBeAbsent: false, mustHaveOneOfValues: values };

function restrictionsOf(text: string): Record<string, LabelRestriction> {
  return Object.fromEntries(labelRestrictions(parseSelector(text)));
}

// §A.6 examples (label_restriction_test.go) and the per-node rules.
const cases: ReadonlyArray<readonly [string, Record<string, LabelRestriction>]> = [
  ['a == "v"', { a: present(["v"]) }],
  ['a in {"y", "x"}', { a: present(["x", "y"]) }],
  ["has(a)", { a: present() }],
  ['a contains "x"', { a: present() }],
  ['a starts with "x"', { a: present() }],
  ['a ends with "x"', { a: present() }],
  ['a != "v"', {}],
  ['a not in {"v"}', {}],
  ["all()", {}],
  ["global()", {}],
  ["!has(a)", { a: { mustBePresent: false, mustBeAbsent: true } }],
  ['!a == "v"', {}],
  ["!!has(a)", { a: present() }],
  ["a == 'v1' && a == 'v2'", { a: present([]) }],
  ["has(a) && !has(a)", { a: { mustBePresent: true, mustBeAbsent: true } }],
  ["a == 'v1' || a == 'v2'", { a: present(["v1", "v2"]) }],
  ["has(a) || a == 'v2'", { a: present() }],
  ["a == 'v1' || b == 'v2'", {}],
  ["a == 'v2' || (has(b) && has(a))", { a: present() }],
  ["a in {'x', 'y'} && a in {'y', 'z'}", { a: present(["y"]) }],
  ["a == 'x' && has(b)", { a: present(["x"]), b: present() }],
  ["!has(a) || !has(a)", { a: { mustBePresent: false, mustBeAbsent: true } }],
  ["!has(a) || has(a)", {}],
];

describe("labelRestrictions", () => {
  it.each(cases)("restricts %s as expected", (text, expected) => {
    expect(restrictionsOf(text)).toEqual(expected);
  });

  it("accepts an AST as well as a Selector", () => {
    expect(Object.fromEntries(labelRestrictions({ kind: "has", label: "x" }))).toEqual({ x: present() });
  });

  it("reports impossible restrictions as unsatisfiable", () => {
    expect(possibleToSatisfy(labelRestrictions(parseSelector("a == 'v1' && a == 'v2'")))).toBe(false);
    expect(possibleToSatisfy(labelRestrictions(parseSelector("has(a) && !has(a)")))).toBe(false);
    expect(possibleToSatisfy(labelRestrictions(parseSelector("a == 'v1' || a == 'v2'")))).toBe(true);
    expect(possibleToSatisfy(labelRestrictions(parseSelector("a in {}")))).toBe(false);
  });
});

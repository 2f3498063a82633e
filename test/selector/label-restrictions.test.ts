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

// The whole labelRestrictionsTests table from label_restriction_test.go.
const upstream: ReadonlyArray<readonly [string, Record<string, LabelRestriction>]> = [
  ["", {}],
  ["all()", {}],
  ["global()", {}],
  ["a == 'value'", { a: present(["value"]) }],
  ["has(a)", { a: present() }],
  ["a in {'v1','v2'}", { a: present(["v1", "v2"]) }],
  ["a not in {'v1','v2'}", {}],
  ["a contains 'foo'", { a: present() }],
  ["a ends with 'foo'", { a: present() }],
  ["a starts with 'foo'", { a: present() }],
  ["a != 'value'", {}],
  ["a == 'v1' && a == 'v1'", { a: present(["v1"]) }],
  ["a == 'v1' && a == 'v2'", { a: present([]) }],
  ["a == 'v1' && has(a)", { a: present(["v1"]) }],
  ["a in {'v1','v2'} && a in {'v2','v3'} ", { a: present(["v2"]) }],
  ["a in {'v1','v2', 'v3'} && a in {'v2','v3'} ", { a: present(["v2", "v3"]) }],
  ["has(a) && a == 'v1'", { a: present(["v1"]) }],
  ["has(a) && !has(a)", { a: { mustBePresent: true, mustBeAbsent: true } }],
  ["a == 'v1' && b == 'v2'", { a: present(["v1"]), b: present(["v2"]) }],
  ["a == 'v1' && all()", { a: present(["v1"]) }],
  ["all() && a == 'v1'", { a: present(["v1"]) }],
  ["a == 'v1' || a == 'v2'", { a: present(["v1", "v2"]) }],
  ["has(a) || a == 'v2'", { a: present() }],
  ["a=='v2' || has(a)", { a: present() }],
  ["a=='v2' || has(b)", {}],
  ["a=='v2' || (has(b) && has(a))", { a: present() }],
  ["a == 'v1' || b == 'v2'", {}],
  ["a == 'v1' || all()", {}],
  ["all() || b == 'v2'", {}],
  ["!(a == 'value')", {}],
  ["!has(a)", { a: { mustBePresent: false, mustBeAbsent: true } }],
  ["!!has(a)", { a: present() }],
];

describe("labelRestrictions: Calico's test table", () => {
  it.each(upstream)("restricts %j as Calico does", (text, expected) => {
    expect(restrictionsOf(text)).toEqual(expected);
  });

  it.each(upstream.filter(([text]) => text !== ""))(
    "is unchanged by an extra all() && (%s)",
    (text, expected) => {
      expect(restrictionsOf(`all() && (${text})`)).toEqual(expected);
    },
  );

  it("returns equal results on a second call", () => {
    const sel = parseSelector("a in {'v1','v2'} && has(b)");
    expect(labelRestrictions(sel)).toEqual(labelRestrictions(sel));
  });
});

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

describe("labelRestrictions caching", () => {
  it("answers repeated calls for one selector from its one-entry cache, and switches selectors correctly", () => {
    const a = parseSelector("has(cache-a)");
    const b = parseSelector("has(cache-b)");
    const first = labelRestrictions(a);
    expect(labelRestrictions(a)).toBe(first);
    expect([...labelRestrictions(b).keys()]).toEqual(["cache-b"]);
    expect([...labelRestrictions(a).keys()]).toEqual(["cache-a"]);
  });
});

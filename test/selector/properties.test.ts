import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  interpret,
  labelRestrictions,
  parseSelector,
  prefixSelector,
  SelectorError,
  type SelectorNode,
  safeParseSelector,
  selectorFromNode,
} from "../../src/selector/index.js";

const RUNS = { numRuns: 250 };

const label = fc.constantFrom("a", "b", "c", "in", "has", "all", "__proto__", "constructor", "x/y.z-1_");
const value = fc.constantFrom("", "x", "y", "xy", "'", '"', "a b", "\u00e9", "\uFFFD", "\u{1F600}");
const values = fc.array(value, { maxLength: 4 });

const leaf: fc.Arbitrary<SelectorNode> = fc.oneof(
  fc.constant<SelectorNode>({ kind: "all" }),
  fc.constant<SelectorNode>({ kind: "global" }),
  label.map((l): SelectorNode => ({ kind: "has", label: l })),
  fc
    .tuple(fc.constantFrom("eq", "ne", "contains", "startsWith", "endsWith" as const), label, value)
    .map(([kind, l, v]): SelectorNode => ({ kind, label: l, value: v })),
  fc.tuple(fc.constantFrom("in", "notIn" as const), label, values).map(
    ([kind, l, vs]): SelectorNode => ({
      kind,
      label: l,
      values: vs,
    }),
  ),
);

// No not-of-not: Calico prints !(!x) as `!!x`, which reparses as x (a quirk tested separately).
const tree = fc.letrec<{ node: SelectorNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("node")
      .filter((n) => n.kind !== "not")
      .map((operand): SelectorNode => ({ kind: "not", operand })),
    fc
      .tuple(fc.constantFrom("and", "or" as const), fc.array(tie("node"), { minLength: 2, maxLength: 3 }))
      .map(([kind, operands]): SelectorNode => ({ kind, operands })),
  ),
})).node;

const labelMap = fc
  .array(fc.tuple(label, value), { maxLength: 6 })
  .map((entries) => new Map<string, string>(entries));

const soup = fc
  .array(
    fc.constantFrom(
      "a",
      "b",
      " ",
      "\t",
      "\n",
      "==",
      "!=",
      "!",
      "&&",
      "||",
      "(",
      ")",
      "has(",
      "all()",
      "global()",
      "{",
      "}",
      ",",
      '"x"',
      "'y'",
      '"',
      "'",
      "in",
      "not",
      "contains",
      "starts",
      "with",
      "=",
      "&",
      "|",
      "\u00e9",
    ),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(""));

describe("selector properties", () => {
  it("reparsing the canonical string gives the same canonical string, id and tree", () => {
    fc.assert(
      fc.property(tree, (node) => {
        const sel = selectorFromNode(node);
        const again = parseSelector(sel.canonical);
        expect(again.canonical).toBe(sel.canonical);
        expect(again.uniqueId).toBe(sel.uniqueId);
        expect(again.ast).toEqual(sel.ast);
      }),
      RUNS,
    );
  });

  it("the compiled evaluator agrees with the AST interpreter, on Maps and plain objects", () => {
    fc.assert(
      fc.property(tree, labelMap, (node, labels) => {
        const sel = selectorFromNode(node);
        const expected = interpret(sel.ast, labels);
        expect(sel.evaluate(labels)).toBe(expected);
        expect(sel.matches(labels)).toBe(expected);
        expect(sel.matches(Object.fromEntries(labels))).toBe(expected);
      }),
      RUNS,
    );
  });

  it("label restrictions hold for every label map the selector matches", () => {
    fc.assert(
      fc.property(tree, labelMap, (node, labels) => {
        const sel = selectorFromNode(node);
        if (!sel.evaluate(labels)) return;
        for (const [name, r] of labelRestrictions(sel)) {
          if (r.mustBePresent) expect(labels.has(name)).toBe(true);
          if (r.mustBeAbsent) expect(labels.has(name)).toBe(false);
          if (r.mustHaveOneOfValues !== undefined) expect(r.mustHaveOneOfValues).toContain(labels.get(name));
        }
      }),
      RUNS,
    );
  });

  it("random strings never throw anything but SelectorError, with an offset inside the text", () => {
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ unit: "binary", maxLength: 40 })), (text) => {
        try {
          parseSelector(text);
        } catch (e) {
          expect(e).toBeInstanceOf(SelectorError);
          const offset = (e as SelectorError).offset;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("the canonical form of any valid text means the same and is stable after one reparse", () => {
    fc.assert(
      fc.property(soup, labelMap, (text, labels) => {
        const first = safeParseSelector(text);
        if (!first.ok) return;
        const second = parseSelector(first.selector.canonical);
        const third = parseSelector(second.canonical);
        expect(third.canonical).toBe(second.canonical);
        expect(second.evaluate(labels)).toBe(first.selector.evaluate(labels));
      }),
      { numRuns: 500 },
    );
  });

  it("a prefixed selector on prefixed labels agrees with the original on the original labels", () => {
    fc.assert(
      fc.property(tree, labelMap, (node, labels) => {
        const sel = selectorFromNode(node);
        const prefixed = new Map([...labels].map(([k, v]) => [`pcns.${k}`, v]));
        expect(prefixSelector(sel, "pcns.").evaluate(prefixed)).toBe(sel.evaluate(labels));
      }),
      RUNS,
    );
  });
});

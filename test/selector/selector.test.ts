import { describe, expect, it } from "vitest";
import {
  parseSelector,
  SelectorError,
  type SelectorNode,
  selectorFromNode,
} from "../../src/selector/index.js";

describe("selectorFromNode", () => {
  it("builds the interned selector for a hand-built tree", () => {
    const node: SelectorNode = {
      kind: "and",
      operands: [
        { kind: "eq", label: "a", value: "b" },
        { kind: "has", label: "c" },
      ],
    };
    const sel = selectorFromNode(node);
    expect(sel.canonical).toBe('(a == "b" && has(c))');
    expect(sel).toBe(parseSelector("a == 'b' && has(c)"));
  });

  it("sorts and de-duplicates set values", () => {
    expect(selectorFromNode({ kind: "in", label: "a", values: ["b", "a", "b"] }).canonical).toBe(
      'a in {"a", "b"}',
    );
  });

  it("prints a one-operand and/or as its operand, as it would reparse", () => {
    expect(selectorFromNode({ kind: "or", operands: [{ kind: "has", label: "a" }] }).canonical).toBe(
      "has(a)",
    );
  });

  it("quotes a value containing a double quote with single quotes", () => {
    expect(selectorFromNode({ kind: "eq", label: "a", value: 'x"y' }).canonical).toBe(`a == 'x"y'`);
  });

  it.each<[string, SelectorNode]>([
    ["an invalid label", { kind: "has", label: "a b" }],
    ["an empty label", { kind: "has", label: "" }],
    ["a value with both quote kinds", { kind: "eq", label: "a", value: `'"` }],
    ["an empty operand list", { kind: "and", operands: [] }],
    ["an unknown kind", { kind: "xor" } as unknown as SelectorNode],
  ])("rejects %s with a SelectorError", (_what, node) => {
    expect(() => selectorFromNode(node)).toThrow(SelectorError);
  });

  it("rejects a hand-built tree nested deeper than the bound instead of overflowing", () => {
    let node: SelectorNode = { kind: "all" };
    for (let i = 0; i < 5000; i++) node = { kind: "not", operand: node };
    expect(() => selectorFromNode(node)).toThrow(/nested deeper/);
  });
});

describe("Selector objects", () => {
  it("evaluate reads labels only through the lookup's get", () => {
    const seen: string[] = [];
    const lookup = {
      get(key: string) {
        seen.push(key);
        return key === "a" ? "1" : undefined;
      },
    };
    expect(parseSelector("a == '1' && !has(b)").evaluate(lookup)).toBe(true);
    expect(seen).toEqual(["a", "b"]);
  });

  it("short-circuits || on the first true operand", () => {
    const seen: string[] = [];
    const lookup = {
      get(key: string) {
        seen.push(key);
        return "x";
      },
    };
    expect(parseSelector("has(a) || has(b)").evaluate(lookup)).toBe(true);
    expect(seen).toEqual(["a"]);
  });
});

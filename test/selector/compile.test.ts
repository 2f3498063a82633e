import { describe, expect, it } from "vitest";
import { compile } from "../../src/selector/compile.js";
import { interpret, type SelectorNode } from "../../src/selector/index.js";

// The compiler specialises some shapes; each must still mean what the interpreter says.
const specialised: ReadonlyArray<readonly [string, SelectorNode]> = [
  ["an empty in-set", { kind: "in", label: "a", values: [] }],
  ["a one-value in-set", { kind: "in", label: "a", values: ["x"] }],
  ["a many-value in-set", { kind: "in", label: "a", values: ["w", "x", "y"] }],
  ["an empty not-in-set", { kind: "notIn", label: "a", values: [] }],
  [
    "a two-operand and",
    {
      kind: "and",
      operands: [
        { kind: "has", label: "a" },
        { kind: "ne", label: "b", value: "x" },
      ],
    },
  ],
  [
    "a three-operand and",
    {
      kind: "and",
      operands: [
        { kind: "has", label: "a" },
        { kind: "has", label: "b" },
        { kind: "has", label: "c" },
      ],
    },
  ],
  [
    "a three-operand or",
    {
      kind: "or",
      operands: [
        { kind: "eq", label: "a", value: "x" },
        { kind: "eq", label: "b", value: "x" },
        { kind: "eq", label: "c", value: "x" },
      ],
    },
  ],
];

const labelSets: ReadonlyArray<ReadonlyMap<string, string>> = [
  new Map(),
  new Map([["a", "x"]]),
  new Map([["a", ""]]),
  new Map([
    ["a", "y"],
    ["b", "x"],
  ]),
  new Map([
    ["a", "x"],
    ["b", "x"],
    ["c", "x"],
  ]),
];

describe("compile", () => {
  it.each(specialised)("compiles %s to the interpreter's meaning", (_name, node) => {
    const evaluate = compile(node);
    for (const labels of labelSets) expect(evaluate(labels)).toBe(interpret(node, labels));
  });

  it("never matches an empty in-set, even for an empty value", () => {
    expect(compile({ kind: "in", label: "a", values: [] })(new Map([["a", ""]]))).toBe(false);
  });

  it("shares one evaluator for all() and global()", () => {
    expect(compile({ kind: "all" })).toBe(compile({ kind: "global" }));
  });
});

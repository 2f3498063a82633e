import { describe, expect, it } from "vitest";
import {
  isValidSelector,
  SelectorError,
  type SelectorErrorCode,
  safeParseSelector,
} from "../../src/selector/index.js";
import { parseSelectorNode } from "../../src/selector/parse.js";
import { upstreamBadSelectors } from "./cases.js";

function problemOf(text: string) {
  const result = parseSelectorNode(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return result.problem;
}

// Every error class, at the offset Calico's tokenizer/parser would stop at.
const rejects: ReadonlyArray<readonly [string, SelectorErrorCode, number]> = [
  ["a == b", "expected-string", 5],
  ["a != b", "expected-string", 5],
  ["b == b", "expected-string", 5],
  ["a contains", "expected-string", 10],
  ["a === 'b'", "expected-string", 4],
  ['a in "x"', "expected-set", 5],
  ['a not in "x"', "expected-set", 9],
  ["b", "expected-operator", 1],
  ["a b", "expected-operator", 2],
  ["a = 'b'", "expected-operator", 2],
  ['a inx {"a"}', "expected-operator", 2],
  ['a containsx "a"', "expected-operator", 2],
  ["has (a)", "expected-operator", 4],
  ['a\n== "b"', "expected-operator", 1],
  ['a:b == "x"', "expected-operator", 1],
  ["has()", "expected-label", 4],
  ["'b1' == b", "unexpected-token", 0],
  [")", "unexpected-token", 0],
  ["()", "unexpected-token", 1],
  ["has(a) & has(b)", "unexpected-token", 7],
  ["has(a) | has(b)", "unexpected-token", 7],
  ['a == "b" c == "d"', "unexpected-token", 9],
  ['a in {"a" "b"}', "unexpected-token", 10],
  ["all() == 'x'", "unexpected-token", 6],
  ['\u00e9 == "x"', "unexpected-token", 0],
  ["\n", "unexpected-token", 0],
  ["(", "unexpected-end", 1],
  ["!", "unexpected-end", 1],
  ["has(foo", "unexpected-end", 7],
  ["has( foo ", "unexpected-end", 9],
  ['a == "b" &&', "unexpected-end", 11],
  ['a in {"a"', "unexpected-end", 9],
  ["a in {,}", "expected-string", 6],
  ['a in {"a",,}', "expected-string", 10],
  ['a == "b', "unterminated-string", 5],
  ["a == 'b", "unterminated-string", 5],
  [`${"x".repeat(513)} == "a"`, "label-too-long", 0],
  [`has(${"x".repeat(513)})`, "label-too-long", 4],
  [`${"(".repeat(641)}has(a)${")".repeat(641)}`, "too-deep", 640],
];

const accepts: readonly string[] = [
  "",
  " \t ",
  `${"x".repeat(512)} == "a"`,
  `${"(".repeat(640)}has(a)${")".repeat(640)}`,
  `${"!".repeat(10_001)}has(a)`,
  'a in {"a",}',
  "a in {}",
  "a in{}",
  'a contains"x"',
  "a startswith'x'",
  'a == "x" && b == "y"||c=="z"',
  "has(a)&&!has(b)",
  "has(\ta\t)",
  'a == "(((("',
  'a == "line\nbreak"',
];

describe("parseSelectorNode", () => {
  it.each(rejects)("rejects %j with %s at offset %i", (text, code, offset) => {
    const problem = problemOf(text);
    expect(problem.code).toBe(code);
    expect(problem.offset).toBe(offset);
  });

  it.each(accepts.map((s) => [s]))("accepts %j", (text) => {
    expect(parseSelectorNode(text).ok).toBe(true);
  });

  it("says what was expected and what was found", () => {
    const problem = problemOf("a == b");
    expect(problem.message).toBe('expected string literal after "==" at offset 5, found "b"');
    expect(problem.expected).toContain("string literal");
    expect(problem.found).toBe("b");
  });

  it("names the end of input when the selector stops early", () => {
    const problem = problemOf('a == "b" &&');
    expect(problem.message).toContain("found end of input");
    expect(problem.found).toBeNull();
  });

  it("reports unexpected trailing content with the tokens that could continue", () => {
    const problem = problemOf('a == "b" c');
    expect(problem.message).toBe('expected "&&", "||" or end of selector after "b" at offset 9, found "c"');
  });

  it("rejects a label one byte over 512 with its length", () => {
    expect(problemOf(`${"x".repeat(513)} == "a"`).message).toMatch(/513 bytes, the maximum is 512/);
  });

  it("does not count parentheses inside string literals towards nesting", () => {
    expect(parseSelectorNode(`a == "${"(".repeat(1000)}"`).ok).toBe(true);
  });

  it("rejects a non-string input as data", () => {
    expect(problemOf(42 as unknown as string).code).toBe("invalid-input");
    expect(problemOf(null as unknown as string).message).toBe("selector must be a string, got null");
  });
});

describe("Calico's badSelectors", () => {
  it.each(upstreamBadSelectors.map((s) => [s]))("rejects %j with a SelectorError", (text) => {
    const result = safeParseSelector(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBeInstanceOf(SelectorError);
  });
});

describe("hostile input", () => {
  it("parses a 1 MB string literal quickly", () => {
    const start = performance.now();
    expect(parseSelectorNode(`a == "${"x".repeat(1 << 20)}"`).ok).toBe(true);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("rejects a 1 MB unterminated string quickly", () => {
    const start = performance.now();
    expect(problemOf(`a == "${"x".repeat(1 << 20)}`).code).toBe("unterminated-string");
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("rejects a million opening parentheses without overflowing the stack", () => {
    expect(problemOf("(".repeat(1_000_000)).code).toBe("too-deep");
  });

  it("rejects a 1 MB label without hanging", () => {
    expect(problemOf("x".repeat(1 << 20)).code).toBe("label-too-long");
  });

  it("handles a 100,000-term conjunction", () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `has(l${i})`).join(" && ");
    const result = safeParseSelector(text);
    expect(result.ok && result.selector.matches({ l0: "" })).toBe(false);
  });

  it("collapses a million-long run of ! iteratively", () => {
    expect(isValidSelector(`${"!".repeat(1_000_000)}has(a)`)).toBe(true);
  });
});

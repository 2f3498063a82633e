import { describe, expect, it } from "vitest";
import { parseSelector, SelectorError, safeParseSelector } from "../../src/selector/index.js";

function errorOf(text: string): SelectorError {
  const result = safeParseSelector(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return result.error;
}

describe("SelectorError", () => {
  it("is an Error carrying the offset, expected and found", () => {
    const error = errorOf("a == b");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("SelectorError");
    expect(error.offset).toBe(5);
    expect(error.expected).toEqual(["string literal"]);
    expect(error.found).toBe("b");
    expect(error.source).toBe("a == b");
  });

  it("renders the source with a caret under the offset", () => {
    expect(errorOf("a == b").format()).toBe(
      [
        'error: expected string literal after "==" at offset 5, found "b"',
        " --> selector:1:6",
        "  |",
        "1 | a == b",
        "  |      ^",
      ].join("\n"),
    );
  });

  it("counts lines when a string literal spans a newline", () => {
    const formatted = errorOf('a == "x\ny" b').format("policy.spec.selector");
    expect(formatted).toContain(" --> policy.spec.selector:2:4");
    expect(formatted).toContain('2 | y" b');
  });

  it("windows very long lines around the caret", () => {
    const text = `a == "${"x".repeat(10_000)}" b`;
    const lines = errorOf(text).format().split("\n");
    expect(lines[3]!.length).toBeLessThan(140);
    expect(lines[4]!.indexOf("^")).toBe(lines[3]!.indexOf(" b") + 1);
  });

  it("is thrown by parseSelector", () => {
    expect(() => parseSelector("a ==")).toThrow(SelectorError);
  });

  it("converts to a plain problem record", () => {
    expect(errorOf("(").toProblem()).toEqual({
      code: "unexpected-end",
      message: expect.stringContaining("at offset 1, found end of input"),
      offset: 1,
      expected: expect.arrayContaining(['"("', '"has("', "label"]),
      found: null,
    });
  });
});

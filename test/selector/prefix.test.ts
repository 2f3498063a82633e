import { describe, expect, it } from "vitest";
import { parseSelector, prefixSelector, SelectorError } from "../../src/selector/index.js";

describe("prefixSelector", () => {
  // §A.4 Visitor tests (parser_test.go), prefix "visited/".
  it.each([
    ["k == 'v'", 'visited/k == "v"'],
    ["!(k == 'v')", '!visited/k == "v"'],
    ["k == 'v' && x == 'y'", '(visited/k == "v" && visited/x == "y")'],
    ["k == 'v' || has(x)", '(visited/k == "v" || has(visited/x))'],
    [
      "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))",
      '!(!((visited/k == "v" && has(visited/t)) || all()) && visited/a in {"b", "c"})',
    ],
  ])("prefixes every label of %s as Calico's visitor test expects", (source, expected) => {
    expect(prefixSelector(parseSelector(source), "visited/").canonical).toBe(expected);
  });

  it("prefixes with pcns. as the rules update processor test expects", () => {
    const sel = parseSelector("!has(key) || (has(key) && !key in {'value'})");
    expect(prefixSelector(sel, "pcns.").canonical).toBe(
      '(!has(pcns.key) || (has(pcns.key) && !pcns.key in {"value"}))',
    );
  });

  it("prefixes every leaf kind", () => {
    const sel = parseSelector(
      "a != 'x' && b contains 'y' && c starts with 'z' && d ends with 'w' && e not in {'v'} && global()",
    );
    expect(prefixSelector(sel, "p.").canonical).toBe(
      '(p.a != "x" && p.b contains "y" && p.c starts with "z" && p.d ends with "w" && p.e not in {"v"} && global())',
    );
  });

  it("returns the interned selector for the prefixed canonical form", () => {
    expect(prefixSelector(parseSelector("has(a)"), "pcsa.")).toBe(parseSelector("has( pcsa.a )"));
  });

  it("leaves the original selector unchanged", () => {
    const sel = parseSelector("has(orig)");
    prefixSelector(sel, "x.");
    expect(sel.canonical).toBe("has(orig)");
  });

  it("rejects a prefix that makes a label invalid", () => {
    expect(() => prefixSelector(parseSelector("has(a)"), "bad prefix:")).toThrow(SelectorError);
    expect(() => prefixSelector(parseSelector("has(a)"), "x".repeat(512))).toThrow(/invalid label/);
  });
});

import { describe, expect, it } from "vitest";
import { parseSelector } from "../../src/selector/index.js";

// §A.4: canonicalisationTests from libcalico-go/lib/selector/parser/parser_test.go, plus the
// examples derived from collectFragments.
const upstream: ReadonlyArray<readonly [string, string]> = [
  ["", "all()"],
  [" all() ", "all()"],
  [" (all() )", "all()"],
  ["! (has( b)||! has(a ))", "!(has(b) || !has(a))"],
  ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
  [`a == "'"`, `a == "'"`],
  [`a == '"'`, `a == '"'`],
  [`a contains '"'`, `a contains '"'`],
  [`a contains "'"`, `a contains "'"`],
  [`a startswith '"'`, `a starts with '"'`],
  [`a endswith "'"`, `a ends with "'"`],
  [`a!='"'`, `a != '"'`],
  ['a in {"d"}', 'a in {"d"}'],
  ['a in {"a", "b"}', 'a in {"a", "b"}'],
  ['a in {"d", "a", "b"}', 'a in {"a", "b", "d"}'],
  ['a in {"z", "x", "y", "a"}', 'a in {"a", "x", "y", "z"}'],
  ['a in {"z", "z", "x", "y", "x", "a"}', 'a in {"a", "x", "y", "z"}'],
];

const derived: ReadonlyArray<readonly [string, string]> = [
  ["a=='b'", 'a == "b"'],
  ['a == "b" || c == "d" && e == "f"', '(a == "b" || (c == "d" && e == "f"))'],
  ['a == "b" && (c == "d" && e == "f")', '(a == "b" && (c == "d" && e == "f"))'],
  ["!!has(a)", "has(a)"],
  ['a notin {"x"}', 'a not in {"x"}'],
  ["has( a )", "has(a)"],
  ["a in {}", "a in {}"],
  ["!!!has(a)", "!has(a)"],
  ["!! ! has(a)", "!has(a)"],
  ["! !!has(a)", "!has(a)"],
  ["!(a == 'x')", '!a == "x"'],
  ["!(!has(a))", "!!has(a)"],
  ['a == "b" && c == "d" && e == "f"', '(a == "b" && c == "d" && e == "f")'],
  ['a starts  with "x"', 'a starts with "x"'],
  ['a ends\twith "x"', 'a ends with "x"'],
  ['a not   in {"x",}', 'a not in {"x"}'],
  ["global()", "global()"],
  ["all( )", "all()"],
  ['contains contains "contains"', 'contains contains "contains"'],
  ['in in {"in"}', 'in in {"in"}'],
  ['has == "x" && all != "y"', '(has == "x" && all != "y")'],
];

describe("canonical string", () => {
  it.each(upstream)("prints Calico's test example %j as %s", (source, canonical) => {
    expect(parseSelector(source).canonical).toBe(canonical);
  });

  it.each(upstream)(
    "round-trips Calico's example %j through its canonical form with the same id",
    (source) => {
      const sel = parseSelector(source);
      const again = parseSelector(sel.canonical);
      expect(again.canonical).toBe(sel.canonical);
      expect(again.uniqueId).toBe(sel.uniqueId);
    },
  );

  it.each(derived)("prints %j as %s", (source, canonical) => {
    expect(parseSelector(source).canonical).toBe(canonical);
  });

  it("returns the canonical string from toString()", () => {
    expect(String(parseSelector("a=='b'&&has(c)"))).toBe('(a == "b" && has(c))');
  });

  it("sorts set values by UTF-8 bytes, not UTF-16 code units", () => {
    // U+1F600 is a surrogate pair in UTF-16 (D83D...) but F0 9F 98 80 in UTF-8, after U+FFFD (EF BF BD).
    expect(parseSelector('a in {"\u{1F600}", "\uFFFD"}').canonical).toBe('a in {"\uFFFD", "\u{1F600}"}');
  });
});

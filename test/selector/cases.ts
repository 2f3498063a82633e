/**
 * The selector conformance table: `{ selector, labels, matches }`, run against every evaluator
 * (compiled closures, the AST interpreter, `matches` on objects and on Maps).
 */

/** One conformance case: does `selector` match `labels`? */
export interface MatchCase {
  readonly selector: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly matches: boolean;
}

const c = (selector: string, labels: Record<string, string>, matches: boolean): MatchCase => ({
  selector,
  labels,
  matches,
});

/** Every operator with matches and non-matches, absent labels, precedence and Calico quirks. */
export const matchCases: readonly MatchCase[] = [
  // == : present and equal, byte-exact.
  c('a == "b"', { a: "b" }, true),
  c('a == "b"', { a: "c" }, false),
  c('a == "b"', {}, false),
  c('a == "b"', { b: "b" }, false),
  c('a == "B"', { a: "b" }, false),
  c('a == "b"', { a: "b " }, false),
  c('a == ""', { a: "" }, true),
  c('a == ""', {}, false),
  c('a == "caf\u00e9"', { a: "caf\u00e9" }, true),
  c('a == "caf\u00e9"', { a: "cafe\u0301" }, false), // no unicode normalisation
  c(`a == "'"`, { a: "'" }, true),
  c(`a == '"'`, { a: '"' }, true),
  // != : matches when the label is absent.
  c('a != "b"', { a: "c" }, true),
  c('a != "b"', { a: "b" }, false),
  c('a != "b"', {}, true),
  c('a != ""', {}, true),
  c('a != ""', { a: "" }, false),
  // has
  c("has(a)", { a: "" }, true),
  c("has(a)", { a: "x" }, true),
  c("has(a)", { b: "x" }, false),
  c("!has(a)", {}, true),
  c("!has(a)", { a: "" }, false),
  // in / not in
  c('a in {"x", "y"}', { a: "x" }, true),
  c('a in {"x", "y"}', { a: "y" }, true),
  c('a in {"x", "y"}', { a: "z" }, false),
  c('a in {"x", "y"}', {}, false),
  c('a in {"x"}', { a: "x" }, true),
  c("a in {}", { a: "" }, false),
  c("a in {}", {}, false),
  c('a not in {"x", "y"}', { a: "z" }, true),
  c('a not in {"x", "y"}', { a: "x" }, false),
  c('a not in {"x", "y"}', {}, true),
  c("a not in {}", { a: "x" }, true),
  c('a notin {"x",}', { a: "x" }, false),
  c('!a in {"a"}', { a: "a" }, false),
  c('!a in {"a"}', { a: "b" }, true),
  // contains / starts with / ends with: present and byte-wise substring tests.
  c('a contains "bc"', { a: "abcd" }, true),
  c('a contains "bc"', { a: "acbd" }, false),
  c('a contains "bc"', {}, false),
  c('a contains ""', { a: "" }, true),
  c('a contains ""', {}, false),
  c('a starts with "ab"', { a: "abc" }, true),
  c('a startswith "ab"', { a: "cab" }, false),
  c('a starts with "ab"', {}, false),
  c('a ends with "bc"', { a: "abc" }, true),
  c('a endswith "bc"', { a: "bca" }, false),
  c('a ends with "bc"', {}, false),
  c('a starts with "AB"', { a: "abc" }, false),
  // all() and global() always match (global()'s meaning is injected by policy conversion).
  c("all()", {}, true),
  c("", { a: "b" }, true),
  c("global()", {}, true),
  c("!all()", {}, false),
  // && / || and precedence (! > && > ||).
  c('a == "1" && b == "2"', { a: "1", b: "2" }, true),
  c('a == "1" && b == "2"', { a: "1" }, false),
  c('a == "1" || b == "2"', { b: "2" }, true),
  c('a == "1" || b == "2"', {}, false),
  c('a == "1" || b == "2" && c == "3"', { a: "1" }, true),
  c('a == "1" || b == "2" && c == "3"', { b: "2" }, false),
  c('a == "1" || b == "2" && c == "3"', { b: "2", c: "3" }, true),
  c('(a == "1" || b == "2") && c == "3"', { a: "1" }, false),
  c('!a == "x" && has(b)', { a: "x", b: "" }, false),
  c('!a == "x" && has(b)', { b: "" }, true),
  c("!!has(b)", { b: "" }, true),
  c("!!!has(a)", { a: "" }, false),
  c("!! ! has(a)", {}, true),
  c('! (a == "b"&&! c != "d")', { a: "b", c: "d" }, false),
  c('! (a == "b"&&! c != "d")', { a: "b" }, true),
  c("! (has( b)||! has(a ))", { a: "" }, true),
  c("! (has( b)||! has(a ))", { a: "", b: "" }, false),
  // Labels named like keywords, and unusual label characters.
  c('contains contains "contains"', { contains: "xcontainsx" }, true),
  c('in in {"in"}', { in: "in" }, true),
  c('has == "x"', { has: "x" }, true),
  c('all != "x"', { all: "x" }, false),
  c('projectcalico.org/namespace == "ns1"', { "projectcalico.org/namespace": "ns1" }, true),
  c('0-_./x == "v"', { "0-_./x": "v" }, true),
  // Prototype-ish label names are ordinary labels.
  c("has(constructor)", {}, false),
  c("has(toString)", {}, false),
  c('toString != "x"', {}, true),
  c('__proto__ == "x"', {}, false),
  c("has(hasOwnProperty)", { hasOwnProperty: "1" }, true),
  // Whitespace: tabs are whitespace.
  c('a\t==\t"b"', { a: "b" }, true),
];

type Maps = ReadonlyArray<Record<string, string>>;
const expand = (selector: string, yes: Maps, no: Maps): MatchCase[] => [
  ...yes.map((labels) => c(selector, labels, true)),
  ...no.map((labels) => c(selector, labels, false)),
];

/** The selectorTests table of libcalico-go/lib/selector/parser/parser_test.go, expanded to cases. */
export const upstreamMatchCases: readonly MatchCase[] = [
  ...expand('a == "b"', [{ a: "b" }, { a: "b", c: "d" }], [{}, { a: "c" }, { c: "d" }]),
  ...expand(
    'a == "b" && c == "d"',
    [{ a: "b", c: "d" }],
    [{}, { a: "b", c: "e" }, { a: "c", c: "d" }, { c: "d" }, { a: "b" }],
  ),
  ...expand(
    'a == "b" || c == "d"',
    [{ a: "b", c: "d" }, { a: "b" }, { c: "d" }],
    [{}, { a: "e", c: "e" }, { c: "e" }, { a: "e" }],
  ),
  ...expand(`a in {"'", '"', "c"}`, [{ a: "c" }, { a: '"' }, { a: "'" }], [{}, { a: "e" }]),
  ...expand(`a not in {"'", '"', "c"}`, [{}, { a: "e" }], [{ a: "c" }, { a: '"' }, { a: "'" }]),
  ...expand("a == 'a'", [{ a: "a" }], []),
  ...expand('a == "a"', [{ a: "a" }], []),
  ...expand('a != "b"', [{ a: "a" }], []),
  ...expand('a != "a"', [{}], []),
  ...expand(
    'a contains "a"',
    [{ a: "a" }, { a: "bab" }, { a: "aaa", b: "c" }],
    [{}, { a: "b" }, { b: "aaa" }],
  ),
  ...expand(
    'a starts with "a"',
    [{ a: "a" }, { a: "abb" }, { a: "aaa", b: "c" }],
    [{}, { a: "b" }, { a: "baa" }, { b: "aaa" }],
  ),
  ...expand(
    'a ends with "a"',
    [{ a: "a" }, { a: "bba" }, { a: "aaa", b: "c" }],
    [{}, { a: "b" }, { a: "aab" }, { b: "aaa" }],
  ),
  ...expand('a in {"a"}', [{ a: "a" }], []),
  ...expand('!a in {"a"}', [{ a: "b" }], []),
  ...expand('a in {"a", "b"}', [{ a: "a" }, { a: "b" }], []),
  ...expand('a not in {"d", "e"}', [{ a: "a" }], []),
  ...expand("has(a)", [{ a: "b" }], []),
  ...expand("!has(a)", [{ b: "b" }], []),
  ...expand("", [{}, { a: "b" }], []),
  ...expand(" ", [{}], []),
  ...expand("all()", [{}], []),
  ...expand(" all()", [{}, { a: "b" }], []),
  ...expand("global()", [{}], []),
  ...expand(" global()", [{}, { a: "b" }], []),
  ...expand("a == 'a'", [], [{ a: "b" }, {}]),
  ...expand('a != "a"', [], [{ a: "a" }]),
  ...expand("a != 'a'", [], [{ a: "a" }]),
  ...expand('a in {"a"}', [], [{ a: "b" }]),
  ...expand('a not in {"a"}', [], [{ a: "a" }]),
  ...expand('a in {"a", "b"}', [], [{ a: "c" }]),
  ...expand("has(b)", [], [{ a: "b" }]),
  ...expand("!!has(b)", [], [{ a: "b" }]),
  ...expand("! has(a)", [], [{ a: "b" }]),
  ...expand("!has(a)", [], [{ a: "b" }]),
  ...expand("!!! has(a)", [], [{ a: "b" }]),
  ...expand("!!!has(a)", [], [{ a: "b" }]),
  ...expand("!! ! has(a)", [], [{ a: "b" }]),
  ...expand("! !!has(a)", [], [{ a: "b" }]),
  ...expand("a == 'a1' && b == 'b1'", [{ a: "a1", b: "b1" }], []),
  ...expand("a == 'a1' && b != 'b1'", [], [{ a: "a1", b: "b1" }]),
  ...expand("a != 'a1' && b == 'b1'", [], [{ a: "a1", b: "b1" }]),
  ...expand("a != 'a1' && b != 'b1'", [], [{ a: "a1", b: "b1" }]),
  ...expand("a != 'a1' && !b == 'b1'", [], [{ a: "a1", b: "b1" }]),
  ...expand("!a == 'a1' && b == 'b1'", [], [{ a: "a1", b: "b1" }]),
  ...expand("has(a) && !has(b)", [{ a: "a" }], []),
  ...expand("!has(b) && has(a)", [{ a: "a" }], []),
  ...expand("!(!has(a) || has(b))", [{ a: "a" }], []),
  ...expand("!(has(b) || !has(a))", [{ a: "a" }], []),
  ...expand("a == 'a1' || b == 'b1'", [{ a: "a1", b: "b1" }], []),
  ...expand("a == 'a1' || b != 'b1'", [{ a: "a1", b: "b1" }], []),
  ...expand("a != 'a1' || b == 'b1'", [{ a: "a1", b: "b1" }], []),
  ...expand("a != 'a1' || b != 'b1'", [], [{ a: "a1", b: "b1" }]),
  ...expand("! a == 'a1' || ! b == 'b1'", [], [{ a: "a1", b: "b1" }]),
];

/** The badSelectors list of parser_test.go: each must be rejected. */
export const upstreamBadSelectors: readonly string[] = [
  "b == b",
  "b contains b",
  "b starts with b",
  "b ends with b",
  "'b1' == b",
  "b",
  "a b",
  "!",
  'foo == "bar" &',
  'foo == "bar" |',
  "foo != ||",
  'foo in {"", ||',
  'foo in ""',
  '"FOO',
  "\"FOO'",
  "'FOO",
  "(",
  '(a == "foo"',
  ")",
  "()",
  "%",
  'a == "b" && %',
  'a == "b" || %',
  "a ",
  "has(foo) &&",
];

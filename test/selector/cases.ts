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

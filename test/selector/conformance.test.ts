import { describe, expect, it } from "vitest";
import { interpret, parseSelector } from "../../src/selector/index.js";
import { matchCases, upstreamMatchCases } from "./cases.js";

// One table, four implementations: they must agree with the table and with each other.
const implementations: ReadonlyArray<
  readonly [string, (selector: string, labels: Record<string, string>) => boolean]
> = [
  ["matches(object)", (s, labels) => parseSelector(s).matches(labels)],
  ["matches(Map)", (s, labels) => parseSelector(s).matches(new Map(Object.entries(labels)))],
  ["evaluate(lookup)", (s, labels) => parseSelector(s).evaluate(new Map(Object.entries(labels)))],
  ["interpret(ast)", (s, labels) => interpret(parseSelector(s).ast, new Map(Object.entries(labels)))],
];

describe.each(implementations)("selector conformance: %s", (_name, evaluate) => {
  it.each(matchCases)("$selector on $labels gives $matches", ({ selector, labels, matches }) => {
    expect(evaluate(selector, labels)).toBe(matches);
  });

  it.each(upstreamMatchCases)(
    "Calico's test: $selector on $labels gives $matches",
    ({ selector, labels, matches }) => {
      expect(evaluate(selector, labels)).toBe(matches);
    },
  );

  it.each(upstreamMatchCases)("after canonicalising, $selector on $labels gives $matches", (t) => {
    expect(evaluate(parseSelector(t.selector).canonical, t.labels)).toBe(t.matches);
  });
});

describe("matches on plain objects", () => {
  it("treats an own __proto__ key (as JSON.parse creates) as an ordinary label", () => {
    const labels = JSON.parse('{"__proto__": "x"}') as Record<string, string>;
    expect(parseSelector('__proto__ == "x"').matches(labels)).toBe(true);
    expect(parseSelector("has(__proto__)").matches({})).toBe(false);
  });

  it("treats null or undefined labels as no labels instead of crashing", () => {
    expect(parseSelector('a != "x"').matches(null as unknown as Record<string, string>)).toBe(true);
    expect(parseSelector("has(a)").matches(undefined as unknown as Record<string, string>)).toBe(false);
  });

  it("ignores inherited properties", () => {
    const labels = Object.create({ a: "b" }) as Record<string, string>;
    expect(parseSelector("has(a)").matches(labels)).toBe(false);
  });

  it("works on null-prototype objects", () => {
    const labels = Object.assign(Object.create(null), { a: "b" }) as Record<string, string>;
    expect(parseSelector('a == "b"').matches(labels)).toBe(true);
  });

  it("treats a non-string value as absent instead of crashing", () => {
    const labels = { a: 5 } as unknown as Record<string, string>;
    expect(parseSelector('a contains "5"').matches(labels)).toBe(false);
    expect(parseSelector('a != "5"').matches(labels)).toBe(true);
  });

  it("sees the right labels when a getter re-enters matches", () => {
    const inner = parseSelector('b == "2"');
    const labels = {
      get a(): string {
        return inner.matches({ b: "2" }) ? "1" : "0";
      },
    };
    expect(parseSelector('a == "1" && !has(b)').matches(labels)).toBe(true);
  });
});

describe("matches on Map-like lookups", () => {
  it("accepts a ReadonlyMap view that is not a Map instance", () => {
    const view = { get: (key: string) => (key === "a" ? "b" : undefined), has: (key: string) => key === "a" };
    expect(parseSelector('a == "b"').matches(view as unknown as ReadonlyMap<string, string>)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import {
  allSelector,
  isValidSelector,
  noMatchSelector,
  normaliseSelector,
  parseSelector,
  parseSelectorUncached,
  SelectorError,
  safeParseSelector,
} from "../../src/selector/index.js";

describe("parseSelector", () => {
  it("returns one shared object for selectors with the same canonical form", () => {
    const a = parseSelector("a=='b'&&has(c)");
    const b = parseSelector(' ( a == "b" ) && has( c )');
    expect(a).toBe(b);
    expect(a.source).toBe("a=='b'&&has(c)");
  });

  it("returns the same object for the same text", () => {
    expect(parseSelector("has(same)")).toBe(parseSelector("has(same)"));
  });

  it("returns frozen selectors", () => {
    expect(Object.isFrozen(parseSelector("has(x)"))).toBe(true);
  });

  it("throws SelectorError for invalid text", () => {
    expect(() => parseSelector("has(")).toThrow(SelectorError);
  });
});

describe("safeParseSelector", () => {
  it("returns the selector on success", () => {
    const result = safeParseSelector("has(a)");
    expect(result.ok && result.selector.canonical).toBe("has(a)");
  });

  it("returns the error on failure without throwing", () => {
    const result = safeParseSelector("a ==");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe("expected-string");
  });

  it("returns an error for a non-string", () => {
    const result = safeParseSelector(undefined as unknown as string);
    expect(!result.ok && result.error.code).toBe("invalid-input");
  });
});

describe("parseSelectorUncached", () => {
  it("builds a fresh but equal selector every call", () => {
    const a = parseSelectorUncached("has(u)");
    const b = parseSelectorUncached("has(u)");
    expect(a).not.toBe(b);
    expect(a.uniqueId).toBe(b.uniqueId);
  });

  it("throws SelectorError for invalid text", () => {
    expect(() => parseSelectorUncached("(")).toThrow(SelectorError);
  });
});

describe("isValidSelector", () => {
  it("accepts valid and rejects invalid selectors", () => {
    expect(isValidSelector("all()")).toBe(true);
    expect(isValidSelector("all(")).toBe(false);
  });
});

describe("allSelector and noMatchSelector", () => {
  it("match everything and nothing, as Calico's selector.All and selector.NoMatch", () => {
    expect(allSelector().canonical).toBe("all()");
    expect(allSelector().matches({})).toBe(true);
    expect(noMatchSelector().canonical).toBe("!all()");
    expect(noMatchSelector().matches({ a: "b" })).toBe(false);
  });
});

describe("hostile non-string input", () => {
  it("reports an object that cannot even be converted to a string as an error", () => {
    const result = safeParseSelector(Object.create(null) as string);
    expect(!result.ok && result.error.message).toBe("selector must be a string, got object");
  });
});

describe("normaliseSelector", () => {
  it("trims Go whitespace, including newlines, then prints the canonical form", () => {
    expect(normaliseSelector("\n  a=='b' \r\n")).toBe('a == "b"');
    expect(normaliseSelector("\u0085has(a)")).toBe("has(a)");
  });

  it("does not trim U+FEFF, which Go does not treat as space", () => {
    expect(normaliseSelector("\uFEFFhas(a)")).toBe("\uFEFFhas(a)");
  });

  it("returns unparsable text trimmed but otherwise unchanged, as Go's Normalise returns its trimmed variable", () => {
    expect(normaliseSelector(" a == ")).toBe("a ==");
    expect(normaliseSelector("a  ==")).toBe("a  ==");
  });

  it("turns empty text into all()", () => {
    expect(normaliseSelector("  ")).toBe("all()");
  });

  it("trims every Go space at the ends, and only there, however long the inner runs", () => {
    const spaces = "\t\n\v\f\r \u0085\u00A0\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000";
    expect(normaliseSelector(`${spaces}has(a)${spaces}`)).toBe("has(a)");
    // 200k spaces inside unparsable text: returned as is (a regex trim took seconds here).
    const inner = `a${" ".repeat(200_000)}b`;
    expect(normaliseSelector(inner)).toBe(inner);
  });

  it("refuses anything but text with the parser's SelectorError", () => {
    for (const bad of [null, 5, {}]) {
      expect(() => normaliseSelector(bad as never)).toThrow(SelectorError);
    }
  });
});

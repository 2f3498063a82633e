import { describe, expect, it } from "vitest";
import { sortedUnique } from "../../src/selector/bytewise.js";
import { compareBytewise } from "../../src/selector/index.js";

describe("compareBytewise", () => {
  it("orders ASCII like Go", () => {
    expect(compareBytewise("a", "b")).toBeLessThan(0);
    expect(compareBytewise("B", "a")).toBeLessThan(0);
    expect(compareBytewise("ab", "a")).toBeGreaterThan(0);
    expect(compareBytewise("x", "x")).toBe(0);
  });

  it("puts astral characters after U+E000-U+FFFF, as their UTF-8 bytes sort", () => {
    expect(compareBytewise("\u{1F600}", "\uFFFD")).toBeGreaterThan(0);
    expect(compareBytewise("\uE000", "\u{10000}")).toBeLessThan(0);
    expect(compareBytewise("\uD7FF", "\u{10000}")).toBeLessThan(0);
  });

  it("agrees with comparing UTF-8 buffers", () => {
    const samples = [
      "",
      "a",
      "\u00e9",
      "\uD7FF",
      "\uE000",
      "\uFFFD",
      "\u{10000}",
      "\u{1F600}",
      "a\u{1F600}",
      "a\uFFFD",
    ];
    for (const x of samples) {
      for (const y of samples) {
        expect(Math.sign(compareBytewise(x, y))).toBe(
          Math.sign(Buffer.compare(Buffer.from(x), Buffer.from(y))),
        );
      }
    }
  });
});

describe("sortedUnique", () => {
  it("sorts and removes duplicates without touching its input", () => {
    const input = ["z", "z", "x", "y", "x", "a"];
    expect(sortedUnique(input)).toEqual(["a", "x", "y", "z"]);
    expect(input).toEqual(["z", "z", "x", "y", "x", "a"]);
  });
});

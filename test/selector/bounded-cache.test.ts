import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/selector/bounded-cache.js";

describe("BoundedCache", () => {
  it("evicts the least recently used entry when full", () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recent
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("replaces an existing key without evicting another", () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("a", 3);
    expect(cache.get("a")).toBe(3);
    expect(cache.get("b")).toBe(2);
  });

  it("treats __proto__ as an ordinary key", () => {
    const cache = new BoundedCache<string, number>(4);
    cache.set("__proto__", 1);
    expect(cache.get("__proto__")).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

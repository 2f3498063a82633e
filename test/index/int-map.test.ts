import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IntMap } from "../../src/index/int-map.js";

type Op = { readonly kind: "set" | "delete" | "get"; readonly key: number; readonly value: number };

// Keys from a small pool (so sets, deletes and gets collide) mixed with arbitrary int32s.
const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom("set", "delete", "get"),
  key,
  value: fc.nat(),
});

describe("IntMap", () => {
  it("behaves like a Map<int32, V> under random sets, deletes and gets (growth and shrinking included)", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const map = new IntMap<number>();
        const model = new Map<number, number>();
        for (const { kind, key: k, value } of ops) {
          if (kind === "set") {
            map.set(k, value);
            model.set(k, value);
          } else if (kind === "delete") {
            expect(map.delete(k)).toBe(model.delete(k));
          } else {
            expect(map.get(k)).toBe(model.get(k));
          }
          expect(map.size).toBe(model.size);
        }
        for (const [k, v] of model) expect(map.get(k)).toBe(v);
        const seen = new Map<number, number>();
        map.forEach((v, k) => {
          seen.set(k, v);
        });
        expect(seen).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every entry reachable after deleting from the middle of long probe runs", () => {
    const map = new IntMap<string>();
    // Consecutive addresses of one /16, as a pod CIDR hands them out.
    const base = (10 << 24) | (1 << 16);
    for (let i = 0; i < 5000; i++) map.set(base + i, `pod-${i}`);
    for (let i = 0; i < 5000; i += 3) expect(map.delete(base + i)).toBe(true);
    for (let i = 0; i < 5000; i++) expect(map.get(base + i)).toBe(i % 3 === 0 ? undefined : `pod-${i}`);
    expect(map.size).toBe(5000 - 1667);
    expect(map.delete(base)).toBe(false);
  });

  it("treats a key and its unsigned 32-bit form as the same address", () => {
    const map = new IntMap<string>();
    map.set(0xc0a80001, "a");
    expect(map.get(0xc0a80001 | 0)).toBe("a");
    expect(map.delete(0xc0a80001 | 0)).toBe(true);
    expect(map.size).toBe(0);
  });
});

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { bruteForceMatrix, cell, classMatrix, groupBySignature } from "../../src/cli/equivalence.js";

describe("groupBySignature", () => {
  it("puts items with equal signatures in one class, in first-seen order", () => {
    const { classOf, classes } = groupBySignature(["a1", "b1", "a2", "c1", "b2"], (s) => s[0]!);
    expect(classOf).toEqual([0, 1, 0, 2, 1]);
    expect(classes).toEqual([[0, 2], [1, 4], [3]]);
  });
});

describe("classMatrix", () => {
  it("checks one pair per class pair and reports progress up to the total", () => {
    const calls: string[] = [];
    const progress: number[] = [];
    const items = ["a1", "a2", "b1"];
    const matrix = classMatrix(
      items,
      (s) => s[0]!,
      (s, d) => {
        calls.push(`${s}>${d}`);
        return s[0] === d[0];
      },
      (done, total) => progress.push(done, total),
    );
    expect(calls).toEqual(["a1>a1", "a1>b1", "b1>a1", "b1>b1"]);
    expect(progress.slice(-2)).toEqual([4, 4]);
    expect(cell(matrix, 1, 0)).toBe(true);
    expect(cell(matrix, 1, 2)).toBe(false);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 25 })], { numRuns: 200 })(
    "equals the brute-force matrix whenever the verdict depends only on the signature",
    (values) => {
      const items = values.map((v, i) => ({ id: i, kind: v }));
      const check = (s: { kind: number }, d: { kind: number }) => (s.kind * 7 + d.kind * 3) % 4 === 0;
      const matrix = classMatrix(items, (x) => String(x.kind), check);
      const brute = bruteForceMatrix(items, check);
      for (let i = 0; i < items.length; i++) {
        for (let j = 0; j < items.length; j++) expect(cell(matrix, i, j)).toBe(brute[i]![j]);
      }
    },
  );
});

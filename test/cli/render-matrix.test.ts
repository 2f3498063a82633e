import { describe, expect, it } from "vitest";
import type { CellVerdict } from "../../src/cli/decided-by.js";
import { classMatrix } from "../../src/cli/equivalence.js";
import type { MatrixEndpoint } from "../../src/cli/matrix-data.js";
import { matrixCsv, matrixDot, matrixJson, renderMatrixText } from "../../src/cli/render-matrix.js";
import { createStyle } from "../../src/cli/style.js";

const endpoint = (namespace: string, name: string): MatrixEndpoint => ({
  id: `${namespace}/${name}`,
  namespace,
  name,
  signature: name,
});
const items = [endpoint("a", "x"), endpoint("a", 'q"uote,d'), endpoint("b", "y")];
const matrix = classMatrix(
  items,
  (e) => e.signature,
  (s, d): CellVerdict => ({
    allowed: s.namespace === d.namespace,
    decidedBy: s.namespace === d.namespace ? "profile:kns.a#0" : "end-of-tier:default",
  }),
);
const info = { protocol: "TCP", port: 80 };

describe("render-matrix", () => {
  it("draws a numbered grid with a count of allowed pairs", () => {
    const text = renderMatrixText(matrix, info, createStyle(false));
    expect(text).toContain(
      "reachability to TCP/80: 3 endpoints in 3 equivalence classes (9 checks instead of 9)",
    );
    expect(text).toMatch(/^1 {2}a\/x\s+✓ ✓ ·$/m);
    expect(text).toMatch(/^3 {2}b\/y\s+· · ✓$/m);
    expect(text).toContain("5 of 9 pairs allowed");
  });

  it("quotes CSV fields that contain commas or quotes", () => {
    const rows = matrixCsv(matrix, info).trimEnd().split("\n");
    expect(rows).toHaveLength(10);
    expect(rows[2]).toBe('a/x,"a/q""uote,d",TCP,80,true,profile:kns.a#0');
  });

  it("escapes DOT identifiers and leaves out self-loops", () => {
    const dot = matrixDot(matrix, info);
    expect(dot).toContain('"a/x" -> "a/q\\"uote,d";');
    expect(dot).not.toContain('"a/x" -> "a/x"');
    expect(dot).toContain('subgraph cluster_1 {\n    label="b";');
  });

  it("lists every pair and the classes in JSON", () => {
    const json = matrixJson(matrix, info) as { pairs: unknown[]; classes: string[][] };
    expect(json.pairs).toHaveLength(9);
    expect(json.classes).toEqual([["a/x"], ['a/q"uote,d'], ["b/y"]]);
  });
});

import { describe, expect, it } from "vitest";
import { formatManifestIssue, ManifestError } from "../../src/manifest/issues.js";

const issue = {
  code: "invalid-enum",
  message: 'invalid value "Allw"',
  file: "p.yaml",
  line: 2,
  column: 13,
  path: ["spec", "ingress", 0, "action"],
  length: 4,
};

describe("formatManifestIssue", () => {
  it("prints the message, the --> location, the source line and a caret under the value", () => {
    expect(formatManifestIssue(issue, "spec:\n  - action: Allw\n")).toBe(
      'error[invalid-enum]: spec.ingress[0].action: invalid value "Allw"\n --> p.yaml:2:13\n  |\n2 |   - action: Allw\n  |             ^^^^',
    );
  });
  it("prints only the location when the source is unknown", () => {
    expect(formatManifestIssue(issue, undefined)).toBe(
      'error[invalid-enum]: spec.ingress[0].action: invalid value "Allw"\n --> p.yaml:2:13',
    );
  });
  it("accepts any line and column without throwing", () => {
    const source = "a: 1\nb: 2\n";
    for (const [line, column] of [
      [0, 0],
      [-1, -5],
      [1, 0],
      [2, 999],
      [99, 1],
      [Number.NaN, Number.NaN],
      [Number.POSITIVE_INFINITY, 1],
    ] as const) {
      const text = formatManifestIssue({ ...issue, line, column, length: -3 }, source);
      expect(text).toContain(` --> p.yaml:${line}:${column}`);
    }
    expect(formatManifestIssue({ ...issue, line: 0, column: 0 }, source)).not.toContain("|");
    expect(formatManifestIssue({ ...issue, line: 1, column: 0, length: 1 }, source)).toMatch(
      /1 \| a: 1\n {2}\| \^$/,
    );
    expect(formatManifestIssue({ ...issue, line: 2, column: 999, length: 1 }, source)).toMatch(
      /2 \| b: 2\n {2}\| {5}\^$/,
    );
  });
  it("cuts very long source lines", () => {
    const text = formatManifestIssue({ ...issue, line: 1, column: 1, length: 5000 }, "x".repeat(5000));
    expect(text.split("\n")[3]).toHaveLength(4 + 201);
  });
});

describe("ManifestError", () => {
  it("summarises the first problem in its message and formats every problem", () => {
    const error = new ManifestError(
      [issue, { ...issue, line: 1, column: 1, path: [], code: "x", message: "second" }],
      new Map([["p.yaml", "a\nb"]]),
    );
    expect(error.message).toBe(
      '2 problems in manifests; first: p.yaml:2:13: spec.ingress[0].action: invalid value "Allw"',
    );
    expect(error.format().split("\n\n")).toHaveLength(2);
    expect(error.issues).toHaveLength(2);
  });
});

import { describe, expect, it } from "vitest";
import { caretDetail, formatProblem } from "../../src/cli/problems.js";

describe("problems", () => {
  it("formats a problem as location: message, with detail lines below", () => {
    expect(formatProblem({ code: "x", location: "a.yaml:3:5", message: "bad" })).toBe("a.yaml:3:5: bad");
    expect(formatProblem({ code: "x", message: "bad", detail: "  |\n1 | x" })).toBe("bad\n  |\n1 | x");
  });

  it("keeps only the source and caret lines of a peggy-style view", () => {
    const view = 'error: expected ")"\n --> selector:1:4\n  |\n1 | (a\n  |    ^';
    expect(caretDetail(view)).toBe("  |\n1 | (a\n  |    ^");
    expect(caretDetail("error: no location")).toBeUndefined();
  });
});

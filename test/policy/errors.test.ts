import { describe, expect, it } from "vitest";
import { ApplyError, FlowQueryError, formatApplyIssue } from "../../src/policy/errors.js";

describe("ApplyError", () => {
  it("names the resource, the field path and the problem for every issue", () => {
    const error = new ApplyError([
      {
        code: "invalid-selector",
        message: 'invalid selector "a ==": expected a string',
        path: ["spec", "ingress", 0, "source", "selector"],
        index: 3,
        resource: { kind: "NetworkPolicy", name: "db", namespace: "prod" },
      },
      { code: "invalid-type", message: "expected a resource", path: [], index: 4 },
    ]);
    expect(error.message).toBe(
      'apply rejected 2 problem(s); nothing was applied:\n  NetworkPolicy prod/db spec.ingress[0].source.selector: invalid selector "a ==": expected a string\n  resource #4: expected a resource',
    );
    expect(error.issues).toHaveLength(2);
  });

  it("formats a cluster-scoped resource without a namespace", () => {
    expect(
      formatApplyIssue({
        code: "x",
        message: "bad",
        path: ["spec"],
        index: 0,
        resource: { kind: "Tier", name: "t" },
      }),
    ).toBe("  Tier t spec: bad");
  });
});

describe("FlowQueryError", () => {
  it("carries code, field and value as data", () => {
    const error = new FlowQueryError({
      code: "bad-port",
      field: "destination.port",
      value: 0,
      message: "invalid destination.port 0",
    });
    expect(error).toMatchObject({
      name: "FlowQueryError",
      code: "bad-port",
      field: "destination.port",
      value: 0,
    });
    expect(error.message).toBe("invalid destination.port 0");
  });
});

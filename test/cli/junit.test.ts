import { describe, expect, it } from "vitest";
import { renderJUnit } from "../../src/cli/junit.js";

describe("renderJUnit", () => {
  it("writes one testcase per flow and counts failures", () => {
    const xml = renderJUnit(
      "suite",
      [
        { name: "ok flow", classname: "flows.yaml", seconds: 0.001 },
        {
          name: "bad flow",
          classname: "flows.yaml",
          seconds: 0.002,
          failure: { message: "expected deny", detail: "a → b" },
        },
      ],
      0.003,
    );
    expect(xml).toContain(
      '<testsuite name="suite" tests="2" failures="1" errors="0" skipped="0" time="0.003000">',
    );
    expect(xml).toContain('<testcase name="ok flow" classname="flows.yaml" time="0.001000"/>');
    expect(xml).toContain('<failure message="expected deny" type="FlowVerdictMismatch">a → b</failure>');
  });

  it("escapes markup and drops characters XML cannot carry", () => {
    const xml = renderJUnit(
      'a "<suite>" & co',
      [
        {
          name: "x\u0001<y>",
          classname: "c",
          seconds: 0,
          failure: { message: 'm"\n', detail: "</failure>&" },
        },
      ],
      0,
    );
    expect(xml).toContain('name="a &quot;&lt;suite&gt;&quot; &amp; co"');
    expect(xml).toContain('name="x&lt;y&gt;"');
    expect(xml).toContain('message="m&quot;&#10;"');
    expect(xml).toContain("&lt;/failure&gt;&amp;</failure>");
    expect(xml).not.toContain("\u0001");
  });
});

import { describe, expect, it } from "vitest";
import { LineCounter } from "yaml";
import { MAX_LINE_NESTING, MAX_MANIFEST_LENGTH } from "../../src/manifest/limits.js";
import { parseWithinLimits } from "../../src/manifest/parse-within-limits.js";

/** The limit problem of a text, with its line:col, or "ok" and the documents' values. */
function outcome(text: string) {
  const lineCounter = new LineCounter();
  const parsed = parseWithinLimits(text, lineCounter);
  if (parsed.ok) return { ok: parsed.documents.map((d) => d.toJS()) };
  const { line, col } = lineCounter.linePos(parsed.problem.offset);
  return { kind: parsed.problem.kind, at: `${line}:${col}` };
}

const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

describe("parseWithinLimits", () => {
  it("parses every document", () => {
    expect(outcome('a: 1\n---\n{"b": [true, "x"]}\n')).toEqual({ ok: [{ a: 1 }, { b: [true, "x"] }] });
  });

  it("refuses text over the size cap at 1:1, before parsing it", () => {
    expect(outcome(" ".repeat(MAX_MANIFEST_LENGTH + 1))).toEqual({ kind: "size", at: "1:1" });
  });

  it("accepts 100 nested flow collections and refuses 101 at the 101st bracket", () => {
    expect(outcome(nested(100))).not.toHaveProperty("kind");
    expect(outcome(nested(101))).toEqual({ kind: "nesting", at: "1:101" });
    // 999 levels once got past a coarse bound and overflowed the stack in yaml's composer.
    expect(outcome(nested(999))).toEqual({ kind: "nesting", at: "1:101" });
    expect(outcome(`{a: ${"{a: ".repeat(120)}`)).toEqual({ kind: "nesting", at: "1:401" });
  });

  it("counts a key: value pair inside a flow sequence as the map it becomes", () => {
    expect(outcome(`${"[a: ".repeat(51)}${"]".repeat(51)}`)).toEqual({ kind: "nesting", at: "1:201" });
  });

  it("is not fooled by quotes inside plain scalars or by escaped quotes (200 000 brackets)", () => {
    const brackets = "[".repeat(200_000);
    for (const text of [
      `[a'b, ${brackets}`,
      `[a"b, ${brackets}`,
      `["a\\"b", ${brackets}`,
      `['it''s', ${brackets}`,
      `a: it's\nb: ${brackets}`,
      `a: "x\\" [" # '\nb: ${brackets}`,
    ]) {
      const start = Date.now();
      expect(outcome(text)).toMatchObject({ kind: "nesting" });
      expect(Date.now() - start).toBeLessThan(2_000);
    }
  });

  it("ignores brackets inside quoted scalars, comments and block scalars", () => {
    const many = "[".repeat(500);
    expect(outcome(`- "${many}"\n- '${many}'\n- x # ${many}\n- |\n  ${many}\n`)).toEqual({
      ok: [[many, many, "x", `${many}\n`]],
    });
    expect(outcome(`# ${many}\n[a, "]]]", '}}', b] # ]]]\n`)).toEqual({ ok: [["a", "]]]", "}}", "b"]] });
  });

  it("refuses deep block nesting: compact sequences, indentation, explicit keys", () => {
    expect(outcome(`${"- ".repeat(50_000)}x`)).toMatchObject({ kind: "nesting" });
    expect(outcome(Array.from({ length: 950 }, (_, i) => `${" ".repeat(i)}a:`).join("\n"))).toMatchObject({
      kind: "nesting",
    });
    expect(outcome(`${"? ".repeat(MAX_LINE_NESTING + 1)}x`)).toMatchObject({ kind: "nesting" });
    expect(outcome(`${"- ".repeat(120)}x`)).toEqual({ kind: "nesting", at: "1:201" });
  });

  it("does not count the indentation of lines inside a flow collection", () => {
    const pad = " ".repeat(MAX_LINE_NESTING + 1);
    expect(outcome(`{\n${pad}"a": [\n${pad}${pad}"x"\n${pad}]\n}\n`)).toEqual({ ok: [{ a: ["x"] }] });
  });

  it("refuses a document with too many values before parsing it", () => {
    const start = Date.now();
    expect(outcome(`[${"1,".repeat(2_000_000)}1]`)).toEqual({ kind: "values", at: "1:2000003" });
    expect(Date.now() - start).toBeLessThan(2_000);
  });
});

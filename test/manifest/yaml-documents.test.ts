import { describe, expect, it } from "vitest";
import { MAX_MANIFEST_LENGTH } from "../../src/manifest/limits.js";
import { parseYamlDocuments } from "../../src/manifest/yaml-documents.js";

const codes = (text: string) => {
  const parsed = parseYamlDocuments(text);
  return [...parsed.fatal, ...parsed.documents.flatMap((d) => d.errors)].map((e) => e.code);
};

describe("parseYamlDocuments", () => {
  it("reads several YAML documents and JSON", () => {
    const parsed = parseYamlDocuments('a: 1\n---\n{"b": [true, null, "x"]}\n');
    expect(parsed.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: [true, null, "x"] }]);
  });
  it("keeps integers too large for a double exact, as bigint", () => {
    const [doc] = parseYamlDocuments("id: 1337495556942031415926535\nsmall: 42\n").documents;
    expect(doc?.value).toEqual({ id: 1337495556942031415926535n, small: 42 });
  });
  it("reports syntax errors with their offset", () => {
    const parsed = parseYamlDocuments("a: [1, 2\nb: 3\n");
    expect(parsed.documents[0]?.errors[0]).toMatchObject({ code: expect.stringMatching(/^yaml-/) });
    expect(parsed.documents[0]?.value).toBeUndefined();
  });
  it("warns about a key repeated with the same value and rejects one with a different value", () => {
    const same = parseYamlDocuments("a: 1\na: 1\n").documents[0]!;
    expect(same.errors).toEqual([]);
    expect(same.warnings).toEqual([
      expect.objectContaining({ code: "duplicate-key", offset: 5, path: ["a"] }),
    ]);
    const different = parseYamlDocuments("m:\n  a: 1\n  a: 2\n").documents[0]!;
    expect(different.errors).toEqual([
      expect.objectContaining({ code: "conflicting-duplicate-key", path: ["m", "a"] }),
    ]);
  });
  it("rejects non-scalar mapping keys", () => {
    expect(codes("? [a]\n: 1\n")).toEqual(["complex-key"]);
  });
  it("keeps __proto__ and constructor keys as own data without polluting prototypes", () => {
    const [doc] = parseYamlDocuments("__proto__:\n  polluted: yes\nconstructor: x\n").documents;
    const value = doc?.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: "yes" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

describe("parseYamlDocuments: hostile input", () => {
  it("rejects text over the size cap before parsing", () => {
    const parsed = parseYamlDocuments(`a: "${"x".repeat(MAX_MANIFEST_LENGTH)}"`);
    expect(parsed.fatal.map((e) => e.code)).toEqual(["manifest-too-large"]);
    expect(parsed.documents).toEqual([]);
  });
  it("parses a 10 MB document quickly", () => {
    const start = Date.now();
    const parsed = parseYamlDocuments(`a: ${"x".repeat(10_000_000)}\n`);
    expect(parsed.fatal).toEqual([]);
    expect((parsed.documents[0]?.value as { a: string } | undefined)?.a).toHaveLength(10_000_000);
    expect(Date.now() - start).toBeLessThan(10_000);
  });
  it("rejects extreme nesting before the YAML parser sees it (compact sequences, flow, indentation)", () => {
    expect(codes(`${"- ".repeat(50_000)}x`)).toEqual(["nesting-too-deep"]);
    expect(codes(`${"[".repeat(100_000)}`)).toEqual(["nesting-too-deep"]);
    expect(codes(Array.from({ length: 1200 }, (_, i) => `${" ".repeat(i)}a:`).join("\n"))).toEqual([
      "nesting-too-deep",
    ]);
  });
  it("rejects moderate nesting beyond the document depth limit", () => {
    expect(codes(`${"[".repeat(150)}${"]".repeat(150)}`)).toEqual(["nesting-too-deep"]);
    expect(codes(`${"[".repeat(50)}${"]".repeat(50)}`)).toEqual([]);
  });
  it("rejects 999 nested brackets with the nesting error, where yaml's composer overflowed the stack", () => {
    expect(codes("[".repeat(999))).toEqual(["nesting-too-deep"]);
    expect(codes(`${"[".repeat(999)}${"]".repeat(999)}`)).toEqual(["nesting-too-deep"]);
  });
  it("is not fooled by a quote inside a plain scalar, an escaped quote or a comment", () => {
    const start = Date.now();
    expect(codes(`[a'b, ${"[".repeat(200_000)}`)).toEqual(["nesting-too-deep"]);
    expect(codes(`["a\\"b", ${"[".repeat(200_000)}`)).toEqual(["nesting-too-deep"]);
    expect(codes(`a: 1 # it's "\nb: ${"[".repeat(200_000)}`)).toEqual(["nesting-too-deep"]);
    expect(Date.now() - start).toBeLessThan(3_000);
  });
  it("reports unknown and recursive aliases at the alias, not as alias bombs", () => {
    expect(parseYamlDocuments("a: 1\nb: *nope\n").documents[0]?.errors).toEqual([
      expect.objectContaining({ code: "unknown-alias", offset: 8, length: 5 }),
    ]);
    expect(codes("a: &x [b, *x]\n")).toEqual(["recursive-alias"]);
    expect(codes("a: &x [b]\nc: [*x, *x]\n")).toEqual([]);
  });
  it("rejects a 10 MB flow list of tiny values before parsing it, instead of spending a minute", () => {
    const start = Date.now();
    expect(codes(`[${"1,".repeat(5_000_000)}1]`)).toEqual(["too-many-values"]);
    expect(Date.now() - start).toBeLessThan(5_000);
  });
  it("stops alias expansion bombs ('billion laughs')", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const start = Date.now();
    expect(codes(lines.join("\n"))).toEqual(["alias-expansion-too-large"]);
    expect(Date.now() - start).toBeLessThan(5_000);
    // Shown where expansion multiplies (the first alias of a node holding aliases), not at the
    // top of the document or at an innocent alias before the bomb.
    const text = `v: &v 1\nx: *v\n${lines.join("\n")}`;
    const [doc] = parseYamlDocuments(text).documents;
    expect(doc?.errors[0]?.offset).toBe(text.indexOf("*b"));
  });
  it("accepts a few ordinary aliases", () => {
    const [doc] = parseYamlDocuments("base: &l {app: web}\ncopy: *l\n").documents;
    expect(doc?.value).toEqual({ base: { app: "web" }, copy: { app: "web" } });
  });
  it("merges << keys as Go's YAML readers do: own keys win, sources in order", () => {
    const [doc] = parseYamlDocuments(
      "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\nd: {<<: {w: 4}}\n",
    ).documents;
    expect(doc?.value).toEqual({
      a: { x: 1, y: 1 },
      b: { y: 2, z: 2 },
      c: { x: 3, y: 1, z: 2 },
      d: { w: 4 },
    });
    // A quoted "<<" is an ordinary key.
    expect(parseYamlDocuments('"<<": {w: 4}\n').documents[0]?.value).toEqual({ "<<": { w: 4 } });
  });
  it("checks merge sources in linear time and leaves unknown aliases to their own error", () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `k${i}: ${i}`).join(", ");
    const merges = Array.from({ length: 3000 }, (_, i) => `m${i}: {<<: *big}`).join("\n");
    // 3,000 merges of one 3,000-key mapping: each merge check once walked the whole document.
    expect(codes(`big: &big {${keys}}\n${merges}\n`)).toEqual(["alias-expansion-too-large"]);
    expect(codes("m: {<<: *nowhere}\n")).toEqual(["unknown-alias"]);
  });
  it("refuses a << merge after a key it also sets, where Go's yaml.v2 and YAML 1.1 disagree", () => {
    const text = "b: &b {name: y, team: t}\nm: {name: x, <<: *b}\n";
    const [doc] = parseYamlDocuments(text).documents;
    expect(doc?.errors.map((e) => [e.code, e.offset])).toEqual([["ambiguous-merge", text.indexOf("<<")]]);
    expect(doc?.errors[0]?.message).toContain('after key "name"');
    // Keys the source does not set, and keys after the merge, read the same in both.
    expect(codes("b: &b {team: t}\nm: {name: x, <<: *b}\nn: {<<: *b, team: u}\n")).toEqual([]);
  });
  it("rejects a << merge whose source is not a mapping, at the source", () => {
    for (const [text, offset] of [
      ["m:\n  <<: 5\n", 9],
      ["m:\n  <<: [{a: 1}, 2]\n", 18],
      ["s: &s 5\nm:\n  <<: *s\n", 17],
    ] as const) {
      const [doc] = parseYamlDocuments(text).documents;
      expect(doc?.errors.map((e) => [e.code, e.offset])).toEqual([["invalid-merge", offset]]);
    }
  });
});

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  listManifestFiles,
  loadManifestFiles,
  readManifestFile,
  safeLoadManifestFiles,
} from "../../src/manifest/files.js";
import { ManifestError } from "../../src/manifest/issues.js";

const tier = (name: string) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ${name}\n`;
let root = "";

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "manifests-"));
  mkdirSync(join(root, "b-dir", "nested"), { recursive: true });
  writeFileSync(join(root, "z.yaml"), tier("z"));
  writeFileSync(join(root, "a.yml"), tier("a"));
  writeFileSync(
    join(root, "b-dir", "nested", "m.json"),
    JSON.stringify({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "m" } }),
  );
  writeFileSync(join(root, "notes.txt"), "not a manifest");
  symlinkSync(root, join(root, "b-dir", "loop"));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("loadManifestFiles", () => {
  it("reads directories recursively in sorted order, only .yaml, .yml and .json, without looping", () => {
    const { files } = listManifestFiles([root]);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual([
      "a.yml",
      join("b-dir", "nested", "m.json"),
      "z.yaml",
    ]);
    expect(loadManifestFiles([root]).map((r) => r.metadata.name)).toEqual(["a", "m", "z"]);
  });
  it("reads a file named explicitly whatever its extension", () => {
    writeFileSync(join(root, "tier.manifest"), tier("explicit"));
    expect(loadManifestFiles([join(root, "tier.manifest")]).map((r) => r.metadata.name)).toEqual([
      "explicit",
    ]);
    rmSync(join(root, "tier.manifest"));
  });
  it("warns at a resource defined again in a later file, naming the first definition", () => {
    const dir = mkdtempSync(join(tmpdir(), "manifests-twice-"));
    writeFileSync(join(dir, "1.yaml"), `${tier("t")}---\n${tier("u")}`);
    writeFileSync(join(dir, "2.yaml"), `# again\n${tier("u")}---\n${tier("u")}`);
    const result = safeLoadManifestFiles([dir]);
    expect(result.ok && result.resources.map((r) => r.metadata.name)).toEqual(["t", "u", "u", "u"]);
    expect(result.ok && result.origins.map((o) => [o.file.slice(dir.length + 1), o.line, o.column])).toEqual([
      ["1.yaml", 1, 1],
      ["1.yaml", 6, 1],
      ["2.yaml", 2, 1],
      ["2.yaml", 7, 1],
    ]);
    // One warning per redefinition, naming the definition it replaces.
    expect(result.warnings.map((w) => [w.code, w.file.slice(dir.length + 1), w.line, w.message])).toEqual([
      [
        "redefined",
        "2.yaml",
        7,
        `Tier u is defined again here (before at ${join(dir, "2.yaml")}:2:1); this later definition replaces the earlier one, as kubectl and calicoctl apply would`,
      ],
      [
        "redefined",
        "2.yaml",
        2,
        `Tier u is defined again here (before at ${join(dir, "1.yaml")}:6:1); this later definition replaces the earlier one, as kubectl and calicoctl apply would`,
      ],
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("collects problems across files and reports a missing path", () => {
    const bad = mkdtempSync(join(tmpdir(), "manifests-bad-"));
    writeFileSync(join(bad, "1.yaml"), tier("One"));
    writeFileSync(join(bad, "2.yaml"), tier("Two"));
    const result = safeLoadManifestFiles([bad, join(bad, "missing.yaml")]);
    expect(!result.ok && result.issues.map((i) => [i.code, i.file.slice(bad.length + 1), i.line])).toEqual([
      ["invalid-name", "1.yaml", 4],
      ["invalid-name", "2.yaml", 4],
      ["file-not-found", "missing.yaml", 1],
    ]);
    let error: unknown;
    try {
      loadManifestFiles([bad]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).format()).toContain("4 |   name: One");
    rmSync(bad, { recursive: true, force: true });
  });
});

describe("reading files safely", () => {
  const posix = process.platform !== "win32";

  it("reads a regular file", () => {
    const dir = mkdtempSync(join(tmpdir(), "manifests-read-"));
    writeFileSync(join(dir, "t.yaml"), tier("t"));
    expect(readManifestFile(join(dir, "t.yaml"))).toEqual({ ok: true, text: tier("t") });
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a file over the size limit from its size alone, at 1:1", () => {
    const dir = mkdtempSync(join(tmpdir(), "manifests-big-"));
    const big = join(dir, "big.yaml");
    writeFileSync(big, "");
    truncateSync(big, 17 << 20); // sparse: nothing is written
    const read = readManifestFile(big);
    expect(read).toEqual({
      ok: false,
      issue: {
        code: "manifest-too-large",
        message: "the file is 17.0 MB: at most 16 MB is accepted",
        file: big,
        line: 1,
        column: 1,
        path: [],
      },
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(posix)("refuses a device named on the command line without reading it", () => {
    const result = safeLoadManifestFiles(["/dev/zero"]);
    expect(!result.ok && result.issues).toEqual([
      expect.objectContaining({
        code: "not-a-regular-file",
        file: "/dev/zero",
        message: "cannot read /dev/zero: it is a device, not a regular file",
      }),
    ]);
    expect(readManifestFile("/dev/zero")).toMatchObject({ ok: false, issue: { code: "not-a-regular-file" } });
  });

  it.runIf(posix)(
    "reports a named pipe in a directory, without waiting on it, and reads the other files",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "manifests-fifo-"));
      writeFileSync(join(dir, "a.yaml"), tier("a"));
      execFileSync("mkfifo", [join(dir, "x.yaml")]);
      const listed = listManifestFiles([dir]);
      expect(listed.files).toEqual([join(dir, "a.yaml")]);
      expect(listed.issues).toEqual([
        expect.objectContaining({
          code: "not-a-regular-file",
          file: join(dir, "x.yaml"),
          message: `cannot read ${join(dir, "x.yaml")}: it is a named pipe, not a regular file`,
        }),
      ]);
      expect(readManifestFile(join(dir, "x.yaml"))).toMatchObject({
        ok: false,
        issue: { code: "not-a-regular-file" },
      });
      const result = safeLoadManifestFiles([dir]);
      expect(!result.ok && result.issues.map((i) => i.code)).toEqual(["not-a-regular-file"]);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});

describe("safeLoadManifestFiles on arguments of the wrong type", () => {
  it("reports a non-list or a non-string path instead of throwing", () => {
    const none = safeLoadManifestFiles(undefined as never);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.issues[0]?.message).toContain("expected a list of paths, got nothing");
    const mixed = safeLoadManifestFiles([42 as never]);
    expect(mixed.ok).toBe(false);
    if (!mixed.ok) expect(mixed.issues[0]?.message).toContain("expected a path (a string), got a number");
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listManifestFiles, loadManifestFiles, safeLoadManifestFiles } from "../../src/manifest/files.js";
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

import { execFileSync } from "node:child_process";
import { mkdirSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyProblems, loadManifestSources, loadResources } from "../../src/cli/sources.js";
import { ApplyError } from "../../src/index.js";
import { EXAMPLE, tempFiles } from "./run-cli.js";

describe("loadManifestSources", () => {
  it("reads a directory recursively and remembers which file each resource came from", () => {
    const loaded = loadManifestSources([EXAMPLE.cluster]);
    expect(loaded.problems).toEqual([]);
    expect(loaded.files).toHaveLength(12);
    expect(loaded.origins).toHaveLength(loaded.resources.length);
    const tier = loaded.resources.findIndex((r) => r.kind === "Tier");
    expect(loaded.origins[tier]).toBe(join(EXAMPLE.cluster, "10-tiers.yaml"));
  });

  it("reports a directory without manifests and a missing path", () => {
    const dir = tempFiles({ "notes.txt": "not a manifest" });
    mkdirSync(join(dir, "empty"));
    expect(loadManifestSources([join(dir, "empty")]).problems).toEqual([
      { code: "no-manifests", location: join(dir, "empty"), message: "no .yaml, .yml or .json files found" },
    ]);
    const missing = loadManifestSources([join(dir, "nope.yaml")]).problems;
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ location: join(dir, "nope.yaml") });
    expect(missing[0]?.message).toContain("no such file or directory");
  });

  it("reports every problem of every file, with a caret view of the line", () => {
    const dir = tempFiles({
      "a.yaml": "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: Bad_Name\nspec: {}\n",
      "b.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n",
    });
    const loaded = loadManifestSources([dir]);
    expect(loaded.resources.map((r) => r.metadata.name)).toEqual(["ok"]);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]?.location).toBe(`${join(dir, "a.yaml")}:4:9`);
    expect(loaded.problems[0]?.message).toContain("metadata.name");
    expect(loaded.problems[0]?.detail).toContain("4 |   name: Bad_Name");
  });
});

describe("loadManifestSources: files that must not be read", () => {
  it.runIf(process.platform !== "win32")(
    "reports a named pipe and a file over the size limit by path, and reads the rest",
    () => {
      const dir = tempFiles({
        "a.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n",
        "big.yaml": "",
      });
      truncateSync(join(dir, "big.yaml"), 17 << 20);
      execFileSync("mkfifo", [join(dir, "x.yaml")]);
      const loaded = loadManifestSources([dir]);
      expect(loaded.resources.map((r) => r.metadata.name)).toEqual(["ok"]);
      expect(loaded.problems).toEqual([
        {
          code: "not-a-regular-file",
          location: join(dir, "x.yaml"),
          message: `cannot read ${join(dir, "x.yaml")}: it is a named pipe, not a regular file`,
        },
        {
          code: "manifest-too-large",
          location: join(dir, "big.yaml"),
          message: "the file is 17.0 MB: at most 16 MB is accepted",
        },
      ]);
      expect(loaded.files).toEqual([join(dir, "a.yaml"), join(dir, "big.yaml")]);
    },
  );
});

describe("applyProblems", () => {
  it("names the file, the resource and the field of each problem", () => {
    const loaded = {
      resources: [],
      origins: ["a.yaml", "b.yaml"],
      problems: [],
      warnings: [],
      skipped: [],
      files: [],
    };
    const error = new ApplyError([
      {
        code: "invalid-cidr",
        message: 'invalid CIDR "x"',
        path: ["spec", "nets", 0],
        index: 1,
        resource: { kind: "NetworkSet", name: "s", namespace: "ns" },
      },
      { code: "bad", message: "not a resource", path: [], index: 0 },
    ]);
    expect(applyProblems(error, loaded)).toEqual([
      { code: "invalid-cidr", location: "b.yaml", message: 'NetworkSet ns/s spec.nets[0]: invalid CIDR "x"' },
      { code: "bad", location: "a.yaml", message: "resource #0: not a resource" },
    ]);
  });
});

describe("loadResources", () => {
  it("needs exactly one source", async () => {
    await expect(loadResources({ files: [], etcd: undefined })).rejects.toThrow("no cluster given");
    await expect(loadResources({ files: ["x"], etcd: "http://127.0.0.1:1" })).rejects.toThrow(
      "give either -f files or --etcd, not both",
    );
  });
});

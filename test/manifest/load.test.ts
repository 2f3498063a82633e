import { describe, expect, it } from "vitest";
import { ManifestError } from "../../src/manifest/issues.js";
import { loadManifests, safeLoadManifests } from "../../src/manifest/load.js";
import type { WorkloadEndpoint } from "../../src/model/types.js";
import { modelFixture } from "../support/model-fixtures.js";

describe("loadManifests: the seed samples", () => {
  it("loads the documented v3 WorkloadEndpoint exactly as written, warning about the repeated endpoint key", () => {
    const result = safeLoadManifests(modelFixture("seed-wep-v3-en.yaml"), { file: "wep.yaml" });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.resources).toHaveLength(1);
    const wep = result.resources[0] as WorkloadEndpoint;
    expect(wep.kind).toBe("WorkloadEndpoint");
    expect(wep.metadata.name).toBe("node1-k8s-my--nginx--b1337a-eth0");
    expect(wep.spec).toMatchObject({
      node: "node1",
      orchestrator: "k8s",
      endpoint: "eth0",
      containerID: "1337495556942031415926535",
      pod: "my-nginx-b1337a",
      interfaceName: "cali0ef24ba",
      mac: "ca:fe:1d:52:bb:e9",
      ipNetworks: ["192.168.0.0/32"],
      profiles: ["profile1"],
      ports: [
        { name: "some-port", port: 1234, protocol: "TCP" },
        { name: "another-port", port: 5432, protocol: "UDP" },
      ],
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: "duplicate-key",
        file: "wep.yaml",
        line: 18,
        column: 3,
        path: ["spec", "endpoint"],
      }),
    ]);
  });

  it("loads the seed 003 sample with its comments", () => {
    const [wep] = loadManifests(modelFixture("seed-wep-v3-zh.yaml")) as WorkloadEndpoint[];
    expect(wep?.spec).toMatchObject({
      endpoint: "eth0",
      interfaceName: "cali0ef24ba",
      ipNetworks: ["192.168.0.1/32"],
    });
  });

  it("rejects a repeated key with a different value at the repetition", () => {
    const text = "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: a\n  name: b\n";
    const result = safeLoadManifests(text, { file: "t.yaml" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: "conflicting-duplicate-key",
        line: 5,
        column: 3,
        path: ["metadata", "name"],
      }),
    ]);
  });
});

describe("loadManifests: errors", () => {
  it("throws a ManifestError listing every problem with file, line, column and path", () => {
    const text = [
      "apiVersion: projectcalico.org/v3",
      "kind: NetworkPolicy",
      "metadata:",
      "  name: allow-web",
      "spec:",
      "  selectr: app == 'web'",
      "  ingress:",
      "  - action: Allw",
    ].join("\n");
    let error: unknown;
    try {
      loadManifests(text, { file: "p.yaml" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const issues = (error as ManifestError).issues;
    expect(issues.map((i) => [i.code, i.line, i.column, i.path])).toEqual([
      ["unknown-field", 6, 3, ["spec", "selectr"]],
      ["invalid-enum", 8, 13, ["spec", "ingress", 0, "action"]],
    ]);
    expect((error as ManifestError).format()).toContain(
      " --> p.yaml:8:13\n  |\n8 |   - action: Allw\n  |             ^^^^",
    );
  });
});

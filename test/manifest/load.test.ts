import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ManifestError } from "../../src/manifest/issues.js";
import { MAX_MANIFEST_LENGTH } from "../../src/manifest/limits.js";
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

describe("loadManifests: limits and aliases", () => {
  const thrown = (text: string): ManifestError => {
    try {
      loadManifests(text, { file: "m.yaml" });
    } catch (error) {
      if (error instanceof ManifestError) return error;
      throw error;
    }
    throw new Error("expected a ManifestError");
  };

  it("reports text over the size cap at 1:1 and formats it", () => {
    const error = thrown("x".repeat(MAX_MANIFEST_LENGTH + 1));
    expect(error.issues.map((i) => [i.code, i.line, i.column])).toEqual([["manifest-too-large", 1, 1]]);
    expect(error.format()).toBe(
      "error[manifest-too-large]: the manifest is 16.0 MB: at most 16 MB is accepted\n --> m.yaml:1:1\n  |\n1 | " +
        `${"x".repeat(200)}…\n  | ^`,
    );
  });

  it("reports 999 nested brackets as too deep, not as a stack overflow", () => {
    const error = thrown(`a: ${"[".repeat(999)}`);
    expect(error.issues.map((i) => [i.code, i.line, i.column])).toEqual([["nesting-too-deep", 1, 104]]);
    expect(error.issues[0]?.message).toContain("at most 100 levels");
  });

  it("reports an unknown alias as such, at the alias", () => {
    const error = thrown("kind: Tier\nmetadata:\n  labels: *nope\n");
    expect(error.issues.map((i) => [i.code, i.line, i.column, i.message])).toEqual([
      [
        "unknown-alias",
        3,
        11,
        "unknown alias *nope: no anchor &nope comes before it in this document (anchors do not carry over a --- line)",
      ],
    ]);
    expect(error.format()).toContain("3 |   labels: *nope\n  |           ^^^^^");
  });

  it("does not resolve an alias to an anchor of an earlier document", () => {
    const error = thrown("a: &x 1\n---\nkind: Tier\nb: *x\n");
    expect(error.issues.filter((i) => i.code === "unknown-alias").map((i) => [i.line, i.column])).toEqual([
      [4, 4],
    ]);
  });

  it("reports an alias inside its own anchor's node instead of recursing", () => {
    const error = thrown("kind: Tier\nspec: &s {order: *s}\n");
    expect(error.issues.map((i) => [i.code, i.line, i.column])).toEqual([["recursive-alias", 2, 18]]);
  });

  it("still expands ordinary aliases", () => {
    const [tier] = loadManifests(
      "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: a\n  labels: &l {x: y}\n  annotations: *l\n",
    );
    expect(tier?.metadata.annotations).toEqual({ x: "y" });
  });
});

describe("loadManifests: documents and lists", () => {
  const tier = (name: string) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ${name}\n`;
  it("loads several documents in order and skips empty ones", () => {
    const resources = loadManifests(`---\n${tier("a")}---\n---\n${tier("b")}---\n`);
    expect(resources.map((r) => r.metadata.name)).toEqual(["a", "b"]);
  });
  it("unwraps kind: List and *List items, locating item problems under items[i]", () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- ${tier("a").replaceAll("\n", "\n  ").trimEnd()}\n- apiVersion: projectcalico.org/v3\n  kind: Tier\n  metadata:\n    name: B\n`;
    const result = safeLoadManifests(text, { file: "l.yaml" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: "invalid-name",
        line: 11,
        column: 11,
        path: ["items", 1, "metadata", "name"],
        value: "B",
      }),
    ]);
    const ok = loadManifests(
      `apiVersion: projectcalico.org/v3\nkind: TierList\nitems:\n- ${tier("x").replaceAll("\n", "\n  ").trimEnd()}\n`,
    );
    expect(ok.map((r) => r.metadata.name)).toEqual(["x"]);
  });
  it("rejects a List whose items is not a list", () => {
    const result = safeLoadManifests("apiVersion: v1\nkind: List\nitems: 3\n");
    expect(!result.ok && result.issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ["invalid-list", 3, 8],
    ]);
  });
  it("loads JSON, locating problems by line and column", () => {
    const json =
      '{\n  "apiVersion": "projectcalico.org/v3",\n  "kind": "GlobalNetworkSet",\n  "metadata": {"name": "s"},\n  "spec": {"nets": ["10.0.0.0/8", "300.0.0.0/8"]}\n}\n';
    const result = safeLoadManifests(json, { file: "s.json" });
    expect(!result.ok && result.issues.map((i) => [i.code, i.file, i.line, i.column, i.path])).toEqual([
      ["invalid-cidr", "s.json", 5, 35, ["spec", "nets", 1]],
    ]);
  });
  it("returns nothing when any document is invalid", () => {
    const result = safeLoadManifests(`${tier("good")}---\n${tier("Bad")}`);
    expect(result.ok).toBe(false);
    expect("resources" in result).toBe(false);
  });
  it("reports YAML syntax errors with their location and keeps checking other documents", () => {
    const result = safeLoadManifests(`a: [1, 2\n---\n${tier("Bad")}`, { file: "x.yaml" });
    expect(
      !result.ok && result.issues.map((i) => [i.code.startsWith("yaml-") ? "yaml" : i.code, i.line]),
    ).toEqual([
      ["yaml", 2],
      ["invalid-name", 6],
    ]);
  });
  it("rejects a document that is not a mapping", () => {
    const result = safeLoadManifests("just text\n");
    expect(!result.ok && result.issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ["invalid-type", 1, 1],
    ]);
  });
  it("points a missing required field at its parent mapping", () => {
    const result = safeLoadManifests(
      "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  labels: {a: b}\n",
    );
    expect(!result.ok && result.issues.map((i) => [i.code, i.line, i.column, i.path])).toEqual([
      ["required", 4, 3, ["metadata", "name"]],
    ]);
  });
  it("passes on validation warnings with their location", () => {
    const text =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k}\nspec:\n  policyTypes: [Ingress]\n  egress: [{}]\n";
    const result = safeLoadManifests(text);
    expect(result.ok && result.warnings.map((w) => [w.code, w.line])).toEqual([["egress-rules-ignored", 6]]);
  });
  it("checks a List wrapper itself: apiVersion required, no unknown fields", () => {
    const item = "items:\n- {apiVersion: projectcalico.org/v3, kind: Tier, metadata: {name: t}}\n";
    const result = safeLoadManifests(`kind: List\nextra: 1\n${item}`);
    expect(!result.ok && result.issues.map((i) => [i.code, i.line, i.column, i.path])).toEqual([
      ["required", 1, 1, ["apiVersion"]],
      ["unknown-field", 2, 1, ["extra"]],
    ]);
    // The items are still read, and their own problems reported with the wrapper's.
    const both = safeLoadManifests("kind: List\nitems:\n- {kind: Tier}\n");
    expect(!both.ok && both.issues.map((i) => i.path.join("."))).toEqual([
      "apiVersion",
      "items.0.apiVersion",
    ]);
    for (const apiVersion of ["v1", "projectcalico.org/v3"]) {
      const list = safeLoadManifests(
        `apiVersion: ${apiVersion}\nkind: TierList\nmetadata: {resourceVersion: "1"}\n${item}`,
      );
      expect(list.ok && list.resources.map((r) => r.metadata.name)).toEqual(["t"]);
    }
  });
  it("warns at a resource defined again in the same text, and keeps both (the later one applies last)", () => {
    const np = (apiVersion: string, extra = "") =>
      `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {${extra}}\n`;
    const text = [
      np("projectcalico.org/v3", "order: 1"),
      // The same name as a Kubernetes NetworkPolicy is another resource.
      np("networking.k8s.io/v1", "podSelector: {}"),
      "apiVersion: v1\nkind: List\nitems:\n" +
        "- {apiVersion: projectcalico.org/v3, kind: NetworkPolicy, metadata: {name: p, namespace: a}, spec: {order: 2}}\n",
    ].join("---\n");
    const result = safeLoadManifests(text, { file: "p.yaml" });
    expect(result.ok && result.resources.length).toBe(3);
    expect(result.warnings.map((w) => [w.code, w.line, w.column, w.path])).toEqual([
      ["redefined", 14, 3, ["items", 0]],
    ]);
    expect(result.warnings[0]?.message).toContain(
      "NetworkPolicy a/p is defined again here (before at p.yaml:1:1)",
    );
  });
  it("rejects __proto__ label keys in YAML and leaves Object.prototype alone", () => {
    const result = safeLoadManifests(
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: s\n  labels:\n    __proto__: x\n",
    );
    expect(!result.ok && result.issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ["invalid-label-key", 6, 5],
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("loadManifests: the legacy v1 sample", () => {
  it("loads seed 002's workloadEndpoint as a v3 WorkloadEndpoint, with a warning", () => {
    const result = safeLoadManifests(modelFixture("seed-wep-v1.yaml"), { file: "v1.yaml" });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.resources[0]?.metadata).toMatchObject({
      name: "rack1--host1-k8s-frontend--5gs43-eth0",
      namespace: "default",
    });
    expect(result.warnings.map((w) => [w.code, w.line])).toEqual([["legacy-v1", 5]]);
  });
});

const yamlish = fc
  .array(
    fc.constantFrom(
      "a",
      ":",
      " ",
      "-",
      "\n",
      "[",
      "]",
      "{",
      "}",
      ",",
      "&x ",
      "*x",
      "'",
      '"',
      "#",
      "---\n",
      "kind: List\n",
      "items:\n",
      "apiVersion: v1\n",
      "kind: Namespace\n",
      "  ",
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

describe("safeLoadManifests on arbitrary text", () => {
  test.prop([fc.oneof(fc.string({ maxLength: 200 }), yamlish)], { numRuns: 300 })(
    "never throws, and every issue has a 1-based location inside the text",
    (text) => {
      const result = safeLoadManifests(text, { file: "f.yaml" });
      const lines = text.split("\n").length;
      if (!result.ok) {
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(issue.file).toBe("f.yaml");
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.line).toBeLessThanOrEqual(lines);
          expect(issue.column).toBeGreaterThanOrEqual(1);
        }
      }
    },
  );
});

describe("safeLoadManifests and safeLoadManifestFiles on arguments of the wrong type", () => {
  it("return an issue instead of throwing", () => {
    const buffer = safeLoadManifests(Buffer.from("a: b") as never, { file: "x.yaml" });
    expect(buffer.ok).toBe(false);
    if (!buffer.ok) expect(buffer.issues[0]).toMatchObject({ code: "invalid-type", file: "x.yaml", line: 1 });
    expect(safeLoadManifests(undefined as never).ok).toBe(false);
  });
});

describe("a document with a hundred thousand YAML errors", () => {
  it("reports them instead of overflowing the stack while collecting them", () => {
    const result = safeLoadManifests("]".repeat(130_000), { file: "b.yaml" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.length).toBeGreaterThan(100_000);
  });
});

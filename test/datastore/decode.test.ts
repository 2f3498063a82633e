import { describe, expect, it } from "vitest";
import { decodeValue, type Validator } from "../../src/datastore/decode.js";
import type { StoredRef } from "../../src/datastore/keys.js";
import type { Resource } from "../../src/model/types.js";
import { validateResource } from "../../src/model/validate.js";

/** Records what reaches validation and accepts it, so these tests see decode's own decisions. */
function recordingValidator(): { validate: Validator; seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    validate: (value) => {
      seen.push(value);
      return { ok: true, resource: value as Resource, warnings: [] };
    },
  };
}

const policyRef: StoredRef = { kind: "NetworkPolicy", namespace: "prod", name: "allow-dns" };
const tierRef: StoredRef = { kind: "Tier", name: "security" };

describe("decodeValue", () => {
  it("fills kind, apiVersion, name and namespace from the key and sets resourceVersion to the mod revision", () => {
    const { validate, seen } = recordingValidator();
    const result = decodeValue(policyRef, JSON.stringify({ spec: { selector: "all()" } }), "42", validate);
    expect(result.ok).toBe(true);
    expect(seen[0]).toEqual({
      apiVersion: "projectcalico.org/v3",
      kind: "NetworkPolicy",
      metadata: { name: "allow-dns", namespace: "prod", resourceVersion: "42" },
      spec: { selector: "all()" },
    });
  });

  it("reports a value whose metadata contradicts its key, naming both", () => {
    const { validate, seen } = recordingValidator();
    const value = { kind: "NetworkPolicy", metadata: { name: "other", namespace: "dev" }, spec: {} };
    const result = decodeValue(policyRef, JSON.stringify(value), "7", validate);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.code, i.path.join(".")])).toEqual([
      ["key-mismatch", "metadata.name"],
      ["key-mismatch", "metadata.namespace"],
    ]);
    expect(result.issues[0]?.message).toBe('"other" contradicts the key, which names "allow-dns"');
    expect(result.issues[0]?.path).toEqual(["metadata", "name"]);
    expect(seen).toEqual([]);
  });

  it("reports a kind that differs from the key's plural", () => {
    const result = decodeValue(
      tierRef,
      JSON.stringify({ kind: "Profile" }),
      "3",
      recordingValidator().validate,
    );
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: "key-mismatch", path: ["kind"], value: "Profile" }],
    });
  });

  it("accepts Calico's empty namespace on a cluster-scoped resource and drops it", () => {
    const { validate, seen } = recordingValidator();
    const result = decodeValue(
      tierRef,
      JSON.stringify({ metadata: { name: "security", namespace: "" } }),
      "9",
      validate,
    );
    expect(result.ok).toBe(true);
    expect((seen[0] as { metadata: object }).metadata).toEqual({ name: "security", resourceVersion: "9" });
  });

  it("reports a non-empty namespace on a cluster-scoped key", () => {
    const result = decodeValue(
      tierRef,
      JSON.stringify({ metadata: { namespace: "x" } }),
      "9",
      recordingValidator().validate,
    );
    expect(result).toMatchObject({ ok: false, issues: [{ path: ["metadata", "namespace"] }] });
    if (!result.ok) expect(result.issues[0]?.message).toContain("cluster-scoped Tier");
  });

  it("reports text that is not JSON with the parser's message", () => {
    const result = decodeValue(tierRef, "{not json", "5", recordingValidator().validate);
    expect(result).toMatchObject({ ok: false, issues: [{ code: "invalid-json", path: [] }] });
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/^value is not valid JSON: /);
  });

  it("reports JSON that is not an object, and metadata that is not a mapping", () => {
    expect(decodeValue(tierRef, "[1,2]", "5", recordingValidator().validate)).toMatchObject({
      ok: false,
      issues: [{ code: "invalid-type", message: "value must be a JSON object, got a list" }],
    });
    expect(decodeValue(tierRef, '{"metadata":"x"}', "5", recordingValidator().validate)).toMatchObject({
      ok: false,
      issues: [{ code: "invalid-type", path: ["metadata"] }],
    });
  });

  it("keeps a __proto__ label as an own key without touching prototypes", () => {
    const { validate, seen } = recordingValidator();
    decodeValue(
      tierRef,
      '{"metadata":{"labels":{"__proto__":"x"}},"__proto__":{"polluted":true}}',
      "1",
      validate,
    );
    const value = seen[0] as { metadata: { labels: Record<string, string> } };
    expect(Object.hasOwn(value.metadata.labels, "__proto__")).toBe(true);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("passes the validator's issues through unchanged", () => {
    const issue = { code: "bad-selector", message: "selector: unexpected end", path: ["spec", "selector"] };
    const result = decodeValue(tierRef, "{}", "1", () => ({ ok: false, issues: [issue] }));
    expect(result).toEqual({ ok: false, issues: [issue] });
  });

  it("turns hostile values into issues with the real validator: deep nesting, a huge string, __proto__ keys", () => {
    const ref: StoredRef = { kind: "GlobalNetworkPolicy", name: "security.x" };
    const depth = 100_000;
    const hostile = [
      `{"spec":${"[".repeat(depth)}${"]".repeat(depth)}}`,
      `{"spec":{"ingress":[{"action":"Allow","source":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}]}}`,
      JSON.stringify({ spec: { selector: `a == '${"x".repeat(1_000_000)}'` } }),
      '{"__proto__":{"polluted":1},"metadata":{"labels":{"__proto__":"y"}},"spec":{"__proto__":{}}}',
    ];
    for (const text of hostile) {
      const result = decodeValue(ref, text, "5", validateResource);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
    }
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});

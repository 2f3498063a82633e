import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PREFIX,
  KeyError,
  keyToRef,
  pluralOf,
  refToKey,
  safeKeyToRef,
} from "../../src/datastore/keys.js";

const P = DEFAULT_PREFIX;

describe("keyToRef", () => {
  it("maps a namespaced key to kind, namespace and name", () => {
    expect(keyToRef(`${P}networkpolicies/prod/default.allow-dns`)).toEqual({
      kind: "NetworkPolicy",
      namespace: "prod",
      name: "default.allow-dns",
    });
    expect(keyToRef(`${P}workloadendpoints/default/node1-k8s-my--nginx--b1337a-eth0`)).toEqual({
      kind: "WorkloadEndpoint",
      namespace: "default",
      name: "node1-k8s-my--nginx--b1337a-eth0",
    });
  });

  it("maps a cluster-scoped key without a namespace", () => {
    expect(keyToRef(`${P}globalnetworkpolicies/security.deny-all`)).toEqual({
      kind: "GlobalNetworkPolicy",
      name: "security.deny-all",
    });
    expect(keyToRef(`${P}tiers/security`)).toEqual({ kind: "Tier", name: "security" });
  });

  it("knows every plural Calico uses for the kinds the engine evaluates", () => {
    const plurals = [
      "workloadendpoints",
      "networkpolicies",
      "globalnetworkpolicies",
      "stagednetworkpolicies",
      "stagedglobalnetworkpolicies",
      "stagedkubernetesnetworkpolicies",
      "tiers",
      "profiles",
      "networksets",
      "globalnetworksets",
      "hostendpoints",
    ];
    for (const plural of plurals) {
      const namespaced = safeKeyToRef(`${P}${plural}/ns/name`);
      const global = safeKeyToRef(`${P}${plural}/name`);
      expect(namespaced.ok || global.ok, plural).toBe(true);
    }
  });

  it("calls other Calico kinds unknown rather than malformed, so the syncer can ignore them", () => {
    const result = safeKeyToRef(`${P}ippools/default-ipv4-ippool`);
    expect(result).toMatchObject({ ok: false, issue: { code: "unknown-kind" } });
  });

  it("rejects a namespaced kind without its namespace segment, naming the expected shape", () => {
    const result = safeKeyToRef(`${P}networkpolicies/allow-dns`);
    expect(result).toMatchObject({ ok: false, issue: { code: "malformed-key" } });
    if (!result.ok) expect(result.issue.message).toContain("networkpolicies/<namespace>/<name>");
  });

  it("rejects extra or empty segments", () => {
    expect(safeKeyToRef(`${P}tiers/a/b`).ok).toBe(false);
    expect(safeKeyToRef(`${P}tiers/`).ok).toBe(false);
    expect(safeKeyToRef(`${P}networksets//n`).ok).toBe(false);
  });

  it("rejects keys outside the prefix and throws a KeyError in the throwing form", () => {
    expect(safeKeyToRef("/calico/ipam/v2/assignment/x")).toMatchObject({
      ok: false,
      issue: { code: "outside-prefix" },
    });
    expect(() => keyToRef("/elsewhere/tiers/a")).toThrow(KeyError);
  });

  it("treats __proto__ as an ordinary plural and name", () => {
    expect(safeKeyToRef(`${P}__proto__/x`)).toMatchObject({ ok: false, issue: { code: "unknown-kind" } });
    expect(keyToRef(`${P}tiers/__proto__`)).toEqual({ kind: "Tier", name: "__proto__" });
  });

  it("honours a custom prefix", () => {
    expect(keyToRef("/test/tiers/a", "/test/")).toEqual({ kind: "Tier", name: "a" });
  });
});

describe("refToKey", () => {
  it("builds the key of a resource from its metadata", () => {
    const key = refToKey({
      apiVersion: "projectcalico.org/v3",
      kind: "NetworkSet",
      metadata: { name: "dns-servers", namespace: "kube-system" },
    });
    expect(key).toBe(`${P}networksets/kube-system/dns-servers`);
  });

  it("drops a namespace given to a cluster-scoped kind", () => {
    expect(refToKey({ kind: "Profile", name: "kns.prod", namespace: "ignored" })).toBe(
      `${P}profiles/kns.prod`,
    );
  });

  it("refuses a Kubernetes NetworkPolicy, which Calico's etcd never holds", () => {
    expect(() =>
      refToKey({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", name: "a", namespace: "b" }),
    ).toThrow(/not stored in Calico's etcd/);
    expect(() => refToKey({ kind: "Pod", name: "a", namespace: "b" })).toThrow(KeyError);
  });

  it("refuses a namespaced kind without a namespace and names containing a slash", () => {
    expect(() => refToKey({ kind: "WorkloadEndpoint", name: "a" })).toThrow(/needs a namespace/);
    expect(() => refToKey({ kind: "Tier", name: "a/b" })).toThrow(/cannot be a key segment/);
  });

  it("maps kinds to plurals and nothing else", () => {
    expect(pluralOf("StagedKubernetesNetworkPolicy")).toBe("stagedkubernetesnetworkpolicies");
    expect(pluralOf("toString")).toBeUndefined();
  });
});

const segment = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/);
const kinds = fc.constantFrom(
  ["WorkloadEndpoint", true],
  ["NetworkPolicy", true],
  ["GlobalNetworkPolicy", false],
  ["StagedNetworkPolicy", true],
  ["StagedGlobalNetworkPolicy", false],
  ["StagedKubernetesNetworkPolicy", true],
  ["Tier", false],
  ["Profile", false],
  ["NetworkSet", true],
  ["GlobalNetworkSet", false],
  ["HostEndpoint", false],
) as fc.Arbitrary<[string, boolean]>;

test.prop([kinds, segment, segment], { numRuns: 200 })(
  "keyToRef inverts refToKey",
  ([kind, namespaced], ns, name) => {
    const ref = namespaced ? { kind, namespace: ns, name } : { kind, name };
    expect(keyToRef(refToKey(ref))).toEqual(ref);
  },
);

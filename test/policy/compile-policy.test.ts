import { describe, expect, it } from "vitest";
import type { NetworkPolicy, Profile, Rule } from "../../src/model/types.js";
import { compilePolicy, compileProfile, type RuleCache } from "../../src/policy/compile-policy.js";

function policy(namespace: string, ingress: Rule[], selector = "app == 'db'"): NetworkPolicy {
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "NetworkPolicy",
    metadata: { name: "p", namespace },
    spec: { tier: "default", selector, types: ["Ingress"], ingress },
  };
}

function compiled(p: NetworkPolicy, cache?: RuleCache) {
  const result = compilePolicy(p, cache);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe("compilePolicy", () => {
  it("scopes the applicability selector to the policy's namespace", () => {
    expect(compiled(policy("prod", [])).selector.canonical).toBe(
      '(app == "db" && projectcalico.org/namespace == "prod")',
    );
  });

  it("shares a rule whose meaning does not depend on the namespace across policies", () => {
    const cache: RuleCache = new Map();
    const rule: Rule = { action: "Deny", protocol: "TCP", destination: { ports: [22] } };
    const a = compiled(policy("a", [rule]), cache).view.ingress?.[0];
    const b = compiled(policy("b", [rule]), cache).view.ingress?.[0];
    expect(a).toBeDefined();
    expect(b).toBe(a);
  });

  it("keeps rules apart when the namespace scopes their selector", () => {
    const cache: RuleCache = new Map();
    const rule: Rule = { action: "Allow", source: { selector: "app == 'web'" } };
    const a = compiled(policy("a", [rule]), cache).view.ingress?.[0];
    const b = compiled(policy("b", [rule]), cache).view.ingress?.[0];
    expect(a?.source.selectorText).toContain('"a"');
    expect(b?.source.selectorText).toContain('"b"');
  });

  it("shares a rule whose namespaceSelector replaces the namespace scope", () => {
    const cache: RuleCache = new Map();
    const rule: Rule = {
      action: "Allow",
      source: { namespaceSelector: "global()", selector: "role == 'partner'" },
    };
    expect(compiled(policy("a", [rule]), cache).view.ingress?.[0]).toBe(
      compiled(policy("b", [rule]), cache).view.ingress?.[0],
    );
  });

  it("shares a whole rule list when every rule in it is shared", () => {
    const cache: RuleCache = new Map();
    const rules: Rule[] = [
      { action: "Deny", protocol: "TCP", destination: { ports: [22] } },
      { action: "Allow" },
    ];
    const a = compiled(policy("a", rules), cache).view.ingress;
    expect(a).toHaveLength(2);
    expect(compiled(policy("b", rules), cache).view.ingress).toBe(a);
    expect(compiled(policy("c", rules.slice(0, 1)), cache).view.ingress).not.toBe(a);
  });

  it("shares a profile's rules with identical policy rules", () => {
    const cache: RuleCache = new Map();
    const profile: Profile = {
      apiVersion: "projectcalico.org/v3",
      kind: "Profile",
      metadata: { name: "kns.a" },
      spec: { ingress: [{ action: "Allow" }], egress: [{ action: "Allow" }] },
    };
    const first = compileProfile(profile, cache);
    const second = compileProfile({ ...profile, metadata: { name: "kns.b" } }, cache);
    expect(first.ok && second.ok && second.value.ingress).toBe(first.ok && first.value.ingress);
    expect(first.ok && first.value.ingress[0]?.action).toBe("allow");
  });

  it("reports an unparsable policy selector at spec.selector", () => {
    const result = compilePolicy(policy("a", [], "app =="));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path.join("."))).toEqual(["spec.selector"]);
  });
});

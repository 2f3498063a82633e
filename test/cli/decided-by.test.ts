import { describe, expect, it } from "vitest";
import {
  decidedByMatches,
  decisiveDirection,
  formatDecidedBy,
  formatDecidedBySpec,
  parseDecidedBy,
} from "../../src/cli/decided-by.js";
import type { DecidedBy, DirectionVerdict, FlowVerdict } from "../../src/index.js";

const rule: DecidedBy = {
  kind: "rule",
  tier: "default",
  policy: { kind: "NetworkPolicy", name: "allow-api", namespace: "backend" },
  ruleIndex: 0,
};
const globalRule: DecidedBy = {
  kind: "rule",
  tier: "security",
  policy: { kind: "GlobalNetworkPolicy", name: "security.blocklist" },
  ruleIndex: 1,
};

describe("formatDecidedBy", () => {
  it("prints namespaced policies as tier/namespace/name#rule", () => {
    expect(formatDecidedBy(rule)).toBe("default/backend/allow-api#0");
  });

  it("prints global policies as tier/name#rule", () => {
    expect(formatDecidedBy(globalRule)).toBe("security/security.blocklist#1");
  });

  it("prints profiles, end of tier and no-match in their own forms", () => {
    expect(formatDecidedBy({ kind: "profile-rule", profile: "kns.data", ruleIndex: 0 })).toBe(
      "profile:kns.data#0",
    );
    expect(formatDecidedBy({ kind: "end-of-tier", tier: "default" })).toBe("end-of-tier:default");
    expect(formatDecidedBy({ kind: "no-match" })).toBe("no-match");
  });
});

describe("parseDecidedBy", () => {
  it("reads every printed form back to a spec that matches the decision", () => {
    const decisions: DecidedBy[] = [
      rule,
      globalRule,
      { kind: "profile-rule", profile: "kns.data", ruleIndex: 0 },
      { kind: "end-of-tier", tier: "default" },
      { kind: "no-match" },
    ];
    for (const decision of decisions) {
      const spec = parseDecidedBy(formatDecidedBy(decision));
      if ("error" in spec) throw new Error(spec.error);
      expect(decidedByMatches(spec, decision)).toBe(true);
      expect(formatDecidedBySpec(spec)).toBe(formatDecidedBy(decision));
    }
  });

  it("matches any rule of the policy when the rule index is left out", () => {
    const spec = parseDecidedBy("default/backend/allow-api");
    if ("error" in spec) throw new Error(spec.error);
    expect(decidedByMatches(spec, rule)).toBe(true);
    expect(decidedByMatches(spec, { ...rule, ruleIndex: 3 })).toBe(true);
  });

  it("does not match a different rule index, namespace, tier or kind of decision", () => {
    const spec = parseDecidedBy("default/backend/allow-api#1");
    if ("error" in spec) throw new Error(spec.error);
    expect(decidedByMatches(spec, rule)).toBe(false);
    const otherNs = parseDecidedBy("default/frontend/allow-api#0");
    if ("error" in otherNs) throw new Error(otherNs.error);
    expect(decidedByMatches(otherNs, rule)).toBe(false);
    const unnamespaced = parseDecidedBy("default/allow-api#0");
    if ("error" in unnamespaced) throw new Error(unnamespaced.error);
    expect(decidedByMatches(unnamespaced, rule)).toBe(false);
    const end = parseDecidedBy("end-of-tier:default");
    if ("error" in end) throw new Error(end.error);
    expect(decidedByMatches(end, rule)).toBe(false);
  });

  it("rejects text that is none of the forms, listing the accepted ones", () => {
    const result = parseDecidedBy("allow-api");
    expect(result).toEqual({ error: expect.stringContaining('"tier/policy"') });
    expect(parseDecidedBy("a/b/c/d")).toHaveProperty("error");
    expect(parseDecidedBy("profile:")).toHaveProperty("error");
    expect(parseDecidedBy("default/x#-1")).toHaveProperty("error");
  });
});

describe("decisiveDirection", () => {
  const dir = (action: "allow" | "deny", decidedBy: DecidedBy): DirectionVerdict => ({
    endpoint: { namespace: "ns", name: "x" },
    action,
    decidedBy,
    trace: [],
  });

  it("names the egress direction when the source denies", () => {
    const egress = dir("deny", { kind: "end-of-tier", tier: "default" });
    const verdict: FlowVerdict = { allowed: false, egress, ingress: dir("deny", rule) };
    expect(decisiveDirection(verdict)).toBe(egress);
  });

  it("names the ingress direction when only the destination denies", () => {
    const ingress = dir("deny", rule);
    const verdict: FlowVerdict = { allowed: false, egress: dir("allow", globalRule), ingress };
    expect(decisiveDirection(verdict)).toBe(ingress);
  });

  it("names the ingress for an allowed flow, or the egress when the destination is outside", () => {
    const egress = dir("allow", globalRule);
    const ingress = dir("allow", rule);
    expect(decisiveDirection({ allowed: true, egress, ingress })).toBe(ingress);
    expect(decisiveDirection({ allowed: true, egress, ingress: null })).toBe(egress);
    expect(decisiveDirection({ allowed: true, egress: null, ingress: null })).toBeNull();
  });
});

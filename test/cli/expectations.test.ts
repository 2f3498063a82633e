import { describe, expect, it } from "vitest";
import { parseExpectations } from "../../src/cli/expectations.js";

function problemsOf(text: string) {
  const result = parseExpectations(text, "flows.yaml");
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

describe("parseExpectations", () => {
  it("reads flows with peers, port, protocol, expectation and decision", () => {
    const result = parseExpectations(
      `flows:
  - name: web to api
    from: frontend/web-1
    to: 10.0.0.1
    port: 8000
    expect: allow
    decidedBy: default/backend/allow-api#0
  - from: a/b
    to: c/d
    protocol: icmp
    icmp: { type: 8 }
    expect: deny
`,
      "flows.yaml",
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.flows).toEqual([
      {
        name: "web to api",
        from: { kind: "endpoint", namespace: "frontend", name: "web-1" },
        to: { kind: "ip", ip: "10.0.0.1" },
        protocol: "TCP",
        port: 8000,
        expect: "allow",
        decidedBy: { kind: "rule", tier: "default", namespace: "backend", policy: "allow-api", ruleIndex: 0 },
        location: "flows.yaml:2:5",
      },
      {
        from: { kind: "endpoint", namespace: "a", name: "b" },
        to: { kind: "endpoint", namespace: "c", name: "d" },
        protocol: "ICMP",
        icmp: { type: 8 },
        expect: "deny",
        location: "flows.yaml:8:5",
      },
    ]);
  });

  it("accepts a bare list and the map form of decidedBy", () => {
    const result = parseExpectations(
      `- {from: a/b, to: c/d, port: 80, expect: allow, decidedBy: {tier: security, policy: security.x, rule: 1}}
- {from: a/b, to: c/d, port: 80, expect: allow, decidedBy: {profile: kns.a}}
- {from: a/b, to: c/d, port: 80, expect: deny, decidedBy: {tier: default, policy: ns/p}}`,
      "f.yaml",
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.flows.map((f) => f.decidedBy)).toEqual([
      { kind: "rule", tier: "security", policy: "security.x", ruleIndex: 1 },
      { kind: "profile-rule", profile: "kns.a" },
      { kind: "rule", tier: "default", namespace: "ns", policy: "p" },
    ]);
  });

  it("reports a YAML syntax error at its line and column", () => {
    const problems = problemsOf("flows:\n  - from: a/b\n    to: [unclosed\n");
    expect(problems[0]?.code).toBe("bad-yaml");
    expect(problems[0]?.location).toMatch(/^flows\.yaml:\d+:\d+$/);
  });

  it("reports every bad field of every flow at once, each at its own location", () => {
    const problems = problemsOf(`flows:
  - from: web
    to: c/d
    port: 70000
    expect: maybe
  - from: a/b
    to: c/d
    expect: allow
    colour: blue
`);
    expect(problems.map((p) => [p.location, p.message])).toEqual([
      [
        "flows.yaml:2:11",
        'flows[0].from: "web" is neither namespace/name (a pod or WorkloadEndpoint) nor an IP address',
      ],
      ["flows.yaml:4:11", "flows[0].port: 70000 is not a port: expected a number 1-65535"],
      ["flows.yaml:5:13", 'flows[0].expect: "maybe": expected allow or deny'],
      ["flows.yaml:9:5", expect.stringContaining("flows[1].colour: unknown field")],
      ["flows.yaml:6:5", "flows[1].port: missing; a TCP flow needs a destination port"],
    ]);
  });

  it("rejects a port on a protocol without ports, and icmp on TCP", () => {
    const problems = problemsOf(`- {from: a/b, to: c/d, protocol: ICMP, port: 1, expect: deny}
- {from: a/b, to: c/d, port: 1, icmp: {type: 8}, expect: deny}
- {from: a/b, to: c/d, protocol: GRE, expect: deny}`);
    expect(problems.map((p) => p.message)).toEqual([
      "flows[0].port: ICMP has no ports; remove port or use TCP, UDP or SCTP",
      "flows[1].icmp: only for ICMP or ICMPv6 flows, not TCP",
      'flows[2].protocol: "GRE" is not a protocol: expected TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a number 1-255',
    ]);
  });

  it("explains a malformed decidedBy", () => {
    const problems = problemsOf("- {from: a/b, to: c/d, port: 1, expect: deny, decidedBy: allow-api}");
    expect(problems[0]?.message).toContain('flows[0].decidedBy: "allow-api" is not a decision');
  });

  it("rejects a document that is not a list of flows, and unknown top-level fields", () => {
    expect(problemsOf("just text")[0]?.message).toBe(
      'expected a list of flows, or a map with a "flows" list',
    );
    expect(problemsOf("flow: []\nflows: []")[0]?.message).toBe(
      'unknown top-level field "flow": expected "flows"',
    );
  });

  it("is safe with __proto__ keys and deep nesting", () => {
    const problems = problemsOf(
      `- {__proto__: {polluted: true}, from: a/b, to: c/d, port: 1, expect: deny}\n- ${"[".repeat(500)}${"]".repeat(500)}`,
    );
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

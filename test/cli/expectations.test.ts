import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseExpectations, readExpectationsFile } from "../../src/cli/expectations.js";
import { tempFiles } from "./run-cli.js";

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

  it("prints odd numbers as written, not as JSON's null", () => {
    const problems = problemsOf("flows:\n  - from: a/b\n    to: c/d\n    port: 1e400\n    expect: allow\n");
    expect(problems.map((p) => p.message)).toContain(
      "flows[0].port: Infinity is not a port: expected a number 1-65535",
    );
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

  it("names the icmp field out of range, and a missing type, at the value", () => {
    const problems =
      problemsOf(`- {from: a/b, to: c/d, protocol: ICMP, icmp: {type: 8, code: 256}, expect: deny}
- {from: a/b, to: c/d, protocol: ICMP, icmp: {type: "8"}, expect: deny}
- {from: a/b, to: c/d, protocol: ICMP, icmp: {code: 1}, expect: deny}`);
    expect(problems.map((p) => [p.location, p.message])).toEqual([
      ["flows.yaml:1:62", "flows[0].icmp: code 256: expected a number 0-255"],
      ["flows.yaml:2:53", 'flows[1].icmp: type "8": expected a number 0-254'],
      ["flows.yaml:3:46", "flows[2].icmp: missing type: expected a number 0-254"],
    ]);
  });

  it("explains a malformed decidedBy", () => {
    const problems = problemsOf("- {from: a/b, to: c/d, port: 1, expect: deny, decidedBy: allow-api}");
    expect(problems[0]?.message).toContain('flows[0].decidedBy: "allow-api" is not a decision');
  });

  it("refuses a decidedBy map that mixes forms or holds what the string form refuses", () => {
    const flow = (decidedBy: string) =>
      `- {from: a/b, to: c/d, port: 1, expect: deny, decidedBy: ${decidedBy}}`;
    const messageOf = (decidedBy: string) => problemsOf(flow(decidedBy))[0]?.message;
    expect(messageOf("{tier: default, policy: p, endOfTier: default}")).toBe(
      "flows[0].decidedBy: tier does not go with endOfTier: expected {tier, policy, namespace?, rule?}, {profile, rule?} or {endOfTier}",
    );
    expect(messageOf("{profile: kns.a, tier: default}")).toBe(
      "flows[0].decidedBy: tier does not go with profile: expected {tier, policy, namespace?, rule?}, {profile, rule?} or {endOfTier}",
    );
    expect(messageOf("{endOfTier: default, rule: 0}")).toContain("rule does not go with endOfTier");
    expect(messageOf("{tier: default, policy: ns/p, namespace: other}")).toBe(
      'flows[0].decidedBy: namespace given twice: as the namespace field and in policy "ns/p"',
    );
    expect(messageOf("{tier: default}")).toContain("policy: missing");
    expect(messageOf("{tier: default, policy: 'a b'}")).toBe(
      'flows[0].decidedBy: policy: "a b" is not a name: expected no "/", "#", ":" or spaces',
    );
    expect(messageOf("{tier: default, policy: a/b/c}")).toBe(
      'flows[0].decidedBy: policy: "a/b/c" is not a policy: expected name or namespace/name',
    );
    expect(messageOf("{endOfTier: ''}")).toContain('endOfTier: "" is not a name');
    expect(messageOf("{tier: 7, policy: p}")).toBe("flows[0].decidedBy: tier: expected a name, got 7");
    // The string form allows six digits; the map form the same.
    expect(messageOf("{profile: kns.a, rule: 1000000}")).toBe(
      "flows[0].decidedBy: rule: 1000000 is not a rule index: expected a number 0-999999",
    );
    expect(messageOf("{}")).toContain("expected {tier, policy");
  });

  it("reads aliases inside decidedBy and icmp maps, and refuses unknown icmp fields", () => {
    const anchored = parseExpectations(
      `- {from: a/b, to: c/d, port: 1, expect: deny, decidedBy: {tier: &tier security, policy: security.x, rule: 0}}
- {from: a/b, to: c/d, protocol: ICMP, icmp: {type: &echo 8, code: *echo}, expect: deny, decidedBy: {endOfTier: *tier}}
`,
      "flows.yaml",
    );
    if (!anchored.ok) throw new Error(JSON.stringify(anchored.problems));
    expect(anchored.flows.map((f) => [f.decidedBy, f.icmp])).toEqual([
      [{ kind: "rule", tier: "security", policy: "security.x", ruleIndex: 0 }, undefined],
      [
        { kind: "end-of-tier", tier: "security" },
        { type: 8, code: 8 },
      ],
    ]);
    // An alias as a key is reported by its name: keys are matched as written.
    expect(
      problemsOf(`- {from: a/b, to: c/d, port: 1, expect: deny, decidedBy: {? &tk tier : default, policy: p}}
- {from: a/b, to: c/d, port: 1, expect: deny, decidedBy: {*tk : default, policy: p}}`)[0]?.message,
    ).toContain('flows[1].decidedBy: unknown field "*tk"');
    // An alias as a key is reported by its name: keys are matched as written.
    expect(
      problemsOf(`- {from: a/b, to: c/d, port: 1, expect: deny, decidedBy: {? &tk tier : default, policy: p}}
- {from: a/b, to: c/d, port: 1, expect: deny, decidedBy: {*tk : default, policy: p}}`)[0]?.message,
    ).toContain('flows[1].decidedBy: unknown field "*tk"');
    expect(
      problemsOf("- {from: a/b, to: c/d, protocol: ICMP, icmp: {type: 8, cod: 0}, expect: deny}"),
    ).toEqual([
      {
        code: "bad-flow",
        location: "flows.yaml:1:56",
        message: 'flows[0].icmp: unknown field "cod"; expected type and, optionally, code',
      },
    ]);
  });

  it("rejects a document that is not a list of flows, and unknown top-level fields", () => {
    expect(problemsOf("just text")[0]?.message).toBe(
      'expected a list of flows, or a map with a "flows" list',
    );
    expect(problemsOf("flow: []\nflows: []")[0]?.message).toBe(
      'unknown top-level field "flow": expected "flows"',
    );
  });

  it("is safe with __proto__ keys", () => {
    const problems = problemsOf("- {__proto__: {polluted: true}, from: a/b, to: c/d, port: 1, expect: deny}");
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining("flows[0].__proto__: unknown field"),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses deep nesting at the first level too many, quickly, as the manifest loader does", () => {
    expect(problemsOf(`- ${"[".repeat(500)}${"]".repeat(500)}`)).toEqual([
      {
        code: "nesting-too-deep",
        location: "flows.yaml:1:103",
        message: "the document is nested too deeply: at most 100 levels of mappings and lists are accepted",
      },
    ]);
    const start = Date.now();
    expect(problemsOf(`flows: [a'b, ${"[".repeat(200_000)}`).map((p) => p.code)).toEqual([
      "nesting-too-deep",
    ]);
    expect(Date.now() - start).toBeLessThan(2_000);
  });

  it("reports an unknown alias at the alias, and reads a flow repeated through an alias", () => {
    expect(problemsOf("flows:\n  - *x\n")).toEqual([
      {
        code: "unknown-alias",
        location: "flows.yaml:2:5",
        message:
          "unknown alias *x: no anchor &x comes before it in this document (anchors do not carry over a --- line)",
      },
    ]);
    const result = parseExpectations(
      "- &f {from: a/b, to: c/d, port: &p 80, expect: allow}\n- *f\n- {from: a/b, to: c/d, port: *p, expect: deny}\n",
      "f.yaml",
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.flows.map((f) => [f.port, f.expect])).toEqual([
      [80, "allow"],
      [80, "allow"],
      [80, "deny"],
    ]);
  });

  it("refuses a second YAML document clearly, and ignores an empty one", () => {
    expect(
      problemsOf(
        "- {from: a/b, to: c/d, port: 1, expect: deny}\n---\n- {from: a/b, to: c/d, port: 2, expect: deny}\n",
      ),
    ).toEqual([
      {
        code: "multiple-documents",
        location: "flows.yaml:3:1",
        message: 'an expectations file holds one YAML document: put every flow in one "flows" list',
      },
    ]);
    const result = parseExpectations(
      "---\nflows:\n  - {from: a/b, to: c/d, port: 1, expect: deny}\n---\n",
      "f.yaml",
    );
    expect(result.ok && result.flows).toHaveLength(1);
  });
});

describe("readExpectationsFile", () => {
  it("reads a file and refuses a missing file by path", () => {
    const dir = tempFiles({ "f.yaml": "- {from: a/b, to: c/d, port: 1, expect: deny}\n" });
    expect(readExpectationsFile(join(dir, "f.yaml"))).toHaveLength(1);
    expect(() => readExpectationsFile(join(dir, "nope.yaml"))).toThrow("no such file or directory");
  });

  it.runIf(process.platform !== "win32")("refuses a named pipe instead of waiting on it", () => {
    const dir = tempFiles({});
    execFileSync("mkfifo", [join(dir, "f.yaml")]);
    expect(() => readExpectationsFile(join(dir, "f.yaml"))).toThrow("it is a named pipe, not a regular file");
  });
});

import { describe, expect, it } from "vitest";
import type { Rule } from "../../src/model/types.js";
import { compileRule } from "../../src/policy/compile-rule.js";
import type { CompiledRule } from "../../src/policy/compiled-rule.js";
import { parseAddress } from "../../src/policy/ip.js";
import { describeMismatch, matchRule } from "../../src/policy/match-rule.js";
import type { AddressSets, Packet } from "../../src/policy/packet.js";

/**
 * IP sets where only 10.0.0.1 is a Calico endpoint, labelled app=web, with named port http=80/TCP,
 * and Service prod/api has one EndpointSlice: 10.0.0.2 on 80/TCP. Service prod/gone has none.
 */
const sets: AddressSets = {
  inSelectorSet: (selector, address) =>
    address.text === "10.0.0.1" && selector.matches({ app: "web", "projectcalico.org/namespace": "prod" }),
  inNamedPortSet: (selector, name, _proto, address, protocol, port) =>
    address.text === "10.0.0.1" &&
    name === "http" &&
    protocol === 6 &&
    port === 80 &&
    selector.matches({ app: "web", "projectcalico.org/namespace": "prod" }),
  inServiceSet: (service, address, protocol, port) =>
    service.namespace === "prod" &&
    service.name === "api" &&
    address.text === "10.0.0.2" &&
    (!service.withPorts || (protocol === 6 && port === 80)),
  serviceSliceCount: (service) => (service.namespace === "prod" && service.name === "api" ? 1 : 0),
};

function compile(rule: Rule, namespace = "prod"): CompiledRule {
  const result = compileRule(rule, 0, namespace);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.rule;
}

function packet(
  overrides: Partial<{
    src: string;
    dst: string;
    protocol: number;
    sport: number;
    dport: number;
    icmp: [number, number?];
  }> = {},
): Packet {
  const protocol = overrides.protocol ?? 6;
  return {
    family: (overrides.src ?? "10.0.0.1").includes(":") ? 6 : 4,
    protocol,
    protocolName:
      protocol === 6 ? "TCP" : protocol === 17 ? "UDP" : protocol === 1 ? "ICMP" : String(protocol),
    source: parseAddress(overrides.src ?? "10.0.0.1")!,
    destination: parseAddress(overrides.dst ?? "10.0.0.2")!,
    sourcePort: overrides.sport ?? 0,
    destinationPort: overrides.dport ?? 80,
    icmpType: overrides.icmp?.[0],
    icmpCode: overrides.icmp?.[1],
  };
}

function reason(rule: Rule, p: Packet): string | undefined {
  const compiled = compile(rule);
  const failed = matchRule(compiled, p, sets);
  return failed === undefined ? undefined : describeMismatch(failed, compiled, p, sets);
}

describe("matchRule and describeMismatch", () => {
  it("reports a destination port outside the rule's list", () => {
    expect(
      reason(
        { action: "Allow", protocol: "TCP", destination: { ports: [80, 443] } },
        packet({ dport: 8080 }),
      ),
    ).toBe("destination port 8080 not in [80, 443]");
  });

  it("reports an address the selector's IP set does not contain, with the rewritten selector", () => {
    expect(
      reason({ action: "Allow", source: { selector: "app == 'web'" } }, packet({ src: "10.0.3.7" })),
    ).toBe('source 10.0.3.7 not selected by (projectcalico.org/namespace == "prod" && app == "web")');
  });

  it("matches when every criterion holds", () => {
    expect(
      reason(
        {
          action: "Allow",
          protocol: "TCP",
          source: { selector: "app == 'web'" },
          destination: { ports: ["80:90"] },
        },
        packet(),
      ),
    ).toBeUndefined();
  });

  it("reports the first failing criterion in Felix's order (protocol before ports)", () => {
    expect(
      reason({ action: "Allow", protocol: "UDP", destination: { ports: [53] } }, packet({ dport: 80 })),
    ).toBe("protocol TCP is not UDP");
  });

  // pol_prog_builder.go writeRule: protocol, source nets, destination nets, source IP sets,
  // destination IP sets, the destination Service set, source ports, destination ports, ICMP.
  it("tests nets before IP sets, IP sets before ports and ICMP last, as Felix's BPF program does", () => {
    // A source port and a destination net both fail: the destination net is tested first.
    expect(
      reason(
        {
          action: "Allow",
          protocol: "TCP",
          source: { ports: [1000] },
          destination: { nets: ["10.9.0.0/16"] },
        },
        packet({ sport: 2000 }),
      ),
    ).toBe("destination 10.0.0.2 not in [10.9.0.0/16]");
    // A source port and a destination selector both fail: the selector's IP set comes first.
    expect(
      reason(
        {
          action: "Allow",
          protocol: "TCP",
          source: { ports: [1000] },
          destination: { selector: "app == 'db'" },
        },
        packet({ sport: 2000 }),
      ),
    ).toBe('destination 10.0.0.2 not selected by (projectcalico.org/namespace == "prod" && app == "db")');
    // ICMP type and a source net both fail: the net is tested first.
    expect(
      reason(
        { action: "Allow", protocol: "ICMP", icmp: { type: 8 }, source: { nets: ["192.168.0.0/16"] } },
        packet({ protocol: 1, dport: 0, icmp: [0] }),
      ),
    ).toBe("source 10.0.0.1 not in [192.168.0.0/16]");
    // A destination Service and a destination port both fail: the Service set comes first.
    expect(
      reason(
        {
          action: "Allow",
          protocol: "TCP",
          source: { ports: [1000] },
          destination: { services: { name: "gone" } },
        },
        packet({ sport: 2000 }),
      ),
    ).toMatch(/^destination .*gone/);
  });

  it("says when the flow gives no ICMP type or code for a rule that tests them", () => {
    expect(
      reason({ action: "Allow", protocol: "ICMP", icmp: { type: 8 } }, packet({ protocol: 1, dport: 0 })),
    ).toBe("the flow gives no ICMP type, so it does not match icmp ICMP type 8");
    expect(
      reason(
        { action: "Allow", protocol: "ICMP", icmp: { type: 8, code: 0 } },
        packet({ protocol: 1, dport: 0, icmp: [8] }),
      ),
    ).toBe("the flow gives no ICMP code, so ICMP type 8 does not match icmp ICMP type 8 code 0");
    // Without a type, the flow stands for a type no rule names: notICMP does not exclude it.
    expect(
      reason({ action: "Allow", protocol: "ICMP", notICMP: { type: 8 } }, packet({ protocol: 1, dport: 0 })),
    ).toBeUndefined();
  });

  it("reports notProtocol, ICMP and notICMP failures", () => {
    expect(reason({ action: "Allow", notProtocol: "TCP" }, packet())).toBe(
      "protocol TCP is excluded by notProtocol",
    );
    expect(
      reason(
        { action: "Allow", protocol: "ICMP", icmp: { type: 8, code: 0 } },
        packet({ protocol: 1, dport: 0, icmp: [8, 3] }),
      ),
    ).toBe("ICMP type 8 code 3 does not match icmp ICMP type 8 code 0");
    expect(
      reason(
        { action: "Allow", protocol: "ICMP", notICMP: { type: 8 } },
        packet({ protocol: 1, dport: 0, icmp: [8] }),
      ),
    ).toBe("ICMP type 8 is excluded by notICMP");
  });

  it("drops a rule whose nets have no entry of the packet's family", () => {
    expect(reason({ action: "Allow", source: { nets: ["fd00::/8"] } }, packet())).toBe(
      "the rule's nets have no IPv4 entry, so Calico drops the rule for IPv4 flows",
    );
  });

  it("reports nets and notNets with the CIDRs of the packet's family", () => {
    expect(reason({ action: "Allow", destination: { nets: ["10.1.0.0/16", "fd00::/8"] } }, packet())).toBe(
      "destination 10.0.0.2 not in [10.1.0.0/16]",
    );
    expect(reason({ action: "Allow", destination: { notNets: ["10.0.0.0/24"] } }, packet())).toBe(
      "destination 10.0.0.2 in notNets [10.0.0.0/24]",
    );
  });

  it("folds a notSelector into the positive selector when both are set", () => {
    const compiled = compile({
      action: "Allow",
      source: { selector: "has(app)", notSelector: "app == 'web'" },
    });
    expect(compiled.source.notSelector).toBeUndefined();
    expect(compiled.source.selectorText).toBe(
      '((projectcalico.org/namespace == "prod" && has(app)) && !app == "web")',
    );
    expect(matchRule(compiled, packet(), sets)).toBe("source.selector");
  });

  it("keeps a lone notSelector in a global rule as a negated set that outside addresses satisfy", () => {
    const compiled = compileRule({ action: "Allow", source: { notSelector: "app == 'web'" } }, 0, "");
    expect(compiled.ok && compiled.rule.source.notSelector?.canonical).toBe('app == "web"');
    expect(compiled.ok && matchRule(compiled.rule, packet({ src: "192.0.2.1" }), sets)).toBeUndefined();
    expect(compiled.ok && matchRule(compiled.rule, packet(), sets)).toBe("source.notSelector");
  });

  it("omits the plain selector set when a side lists only named ports", () => {
    const compiled = compile({ action: "Allow", destination: { selector: "app == 'web'", ports: ["http"] } });
    expect(compiled.destination.selector).toBeUndefined();
    expect(compiled.destination.namedPortSelector.canonical).toContain('app == "web"');
  });

  it("resolves named ports through the named-port IP set", () => {
    expect(
      reason({ action: "Allow", protocol: "TCP", source: { ports: ["http"] } }, packet({ sport: 80 })),
    ).toBeUndefined();
    expect(
      reason({ action: "Allow", protocol: "TCP", source: { ports: ["http"] } }, packet({ sport: 81 })),
    ).toBe("source port 81 not in [http]");
  });

  it("matches a destination service on an endpoint's address, protocol and port", () => {
    const rule: Rule = { action: "Allow", destination: { services: { name: "api" } } };
    expect(reason(rule, packet())).toBeUndefined();
    expect(reason(rule, packet({ dport: 81 }))).toBe(
      "destination 10.0.0.2 port 81 (TCP) is not an endpoint port of service prod/api",
    );
    expect(reason(rule, packet({ dst: "10.0.0.3" }))).toBe(
      "destination 10.0.0.3 port 80 (TCP) is not an endpoint port of service prod/api",
    );
  });

  it("matches a source service on an endpoint's address alone", () => {
    const rule: Rule = { action: "Allow", source: { services: { name: "api", namespace: "prod" } } };
    expect(reason(rule, packet({ src: "10.0.0.2", sport: 40000 }))).toBeUndefined();
    expect(reason(rule, packet({ src: "10.0.0.9" }))).toBe(
      "source 10.0.0.9 is not an endpoint address of service prod/api",
    );
  });

  it("reports a Service with no EndpointSlice as an empty IP set", () => {
    expect(
      reason({ action: "Allow", destination: { services: { name: "gone", namespace: "prod" } } }, packet()),
    ).toBe("destination service prod/gone has no EndpointSlice loaded, so its IP set is empty");
  });

  it("reports an ipVersion mismatch", () => {
    expect(reason({ action: "Allow", ipVersion: 6 }, packet())).toBe(
      "ipVersion 6 does not match the IPv4 flow",
    );
  });

  it("marks http criteria as not evaluated", () => {
    expect(compile({ action: "Allow", http: { methods: ["GET"] } }).notEvaluated).toEqual(["http"]);
  });

  it("reports unparsable rule fields as issues with their path", () => {
    const result = compileRule(
      {
        action: "Allow",
        protocol: "bogus",
        source: { selector: "a ==", ports: ["1:0"] },
        destination: { nets: ["10.0.0.0/33"] },
      },
      0,
      "",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path.join("."))).toEqual([
      "protocol",
      "source.ports.0",
      "source.selector",
      "destination.nets.0",
    ]);
  });
});

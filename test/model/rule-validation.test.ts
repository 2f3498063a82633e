import { describe, expect, it } from "vitest";
import {
  codesOf,
  egressRuleCodes,
  globalNetworkPolicy,
  ingressRuleCodes,
  issuesOf,
  networkPolicy,
} from "../support/model-helpers.js";

const IN = ["spec", "ingress", 0];
const OUT = ["spec", "egress", 0];

describe("rule validation: ICMP", () => {
  it("accepts icmp with protocol ICMP and a type and code", () => {
    expect(ingressRuleCodes({ action: "Allow", protocol: "ICMP", icmp: { type: 8, code: 0 } })).toEqual([]);
    expect(ingressRuleCodes({ action: "Allow", protocol: 58, notICMP: { type: 128 } })).toEqual([]);
  });
  it("rejects an ICMP code without a type", () => {
    expect(ingressRuleCodes({ action: "Allow", protocol: "ICMP", icmp: { code: 3 } })).toEqual([
      ["icmp-code-without-type", [...IN, "icmp", "code"]],
    ]);
  });
  it("rejects icmp / notICMP without an ICMP protocol, naming the protocol", () => {
    expect(ingressRuleCodes({ action: "Allow", icmp: { type: 8 } })).toEqual([
      ["icmp-requires-icmp-protocol", [...IN, "icmp"]],
    ]);
    const issues = issuesOf(
      networkPolicy({ ingress: [{ action: "Allow", protocol: "TCP", notICMP: { type: 8 } }] }),
    );
    expect(issues[0]).toMatchObject({
      code: "icmp-requires-icmp-protocol",
      path: [...IN, "protocol"],
      value: "TCP",
    });
    expect(issues[0]?.message).toContain('"TCP"');
  });
  it("rejects ICMP types above 254 and codes above 255", () => {
    expect(ingressRuleCodes({ action: "Allow", protocol: "ICMP", icmp: { type: 255 } })).toEqual([
      ["out-of-range", [...IN, "icmp", "type"]],
    ]);
    expect(ingressRuleCodes({ action: "Allow", protocol: "ICMP", icmp: { type: 3, code: 256 } })).toEqual([
      ["out-of-range", [...IN, "icmp", "code"]],
    ]);
  });
  it("requires ipVersion 4 for ICMP and 6 for ICMPv6, also for notProtocol", () => {
    expect(ingressRuleCodes({ action: "Allow", ipVersion: 4, protocol: "ICMP" })).toEqual([]);
    expect(ingressRuleCodes({ action: "Allow", ipVersion: 6, protocol: "ICMP" })).toEqual([
      ["protocol-ip-version-mismatch", [...IN, "protocol"]],
    ]);
    expect(ingressRuleCodes({ action: "Allow", ipVersion: 4, notProtocol: "ICMPv6" })).toEqual([
      ["protocol-ip-version-mismatch", [...IN, "notProtocol"]],
    ]);
  });
});

describe("rule validation: protocol, action and ipVersion", () => {
  it("accepts protocol names as Calico spells them, numbers 1-255 and their decimal text", () => {
    const result = issuesOf(
      networkPolicy({
        ingress: [
          { action: "Allow", protocol: "ICMPv6", ipVersion: 6 },
          { action: "Allow", protocol: "UDPLite" },
          { action: "Deny", protocol: 255 },
          { action: "Deny", protocol: "0006" },
        ],
      }),
    );
    expect(result).toEqual([]);
  });
  it("refuses a protocol name in another case, as validateProtocol does, naming the spelling", () => {
    for (const [protocol, canonical] of [
      ["tcp", "TCP"],
      ["Udp", "UDP"],
      ["icmpv6", "ICMPv6"],
    ] as const) {
      const [issue] = issuesOf(networkPolicy({ ingress: [{ action: "Allow", protocol }] }));
      expect(issue).toMatchObject({ code: "invalid-protocol", path: [...IN, "protocol"], value: protocol });
      expect(issue?.message).toContain(`write "${canonical}"`);
    }
  });
  it("rejects protocol 0, 256 and unknown names with the accepted forms", () => {
    for (const protocol of [0, 256, "gre"]) {
      const [issue] = issuesOf(networkPolicy({ ingress: [{ action: "Allow", protocol }] }));
      expect(issue).toMatchObject({ code: "invalid-protocol", path: [...IN, "protocol"], value: protocol });
      expect(issue?.message).toContain("integer 1-255");
    }
  });
  it("requires an action from Allow, Deny, Log, Pass", () => {
    expect(ingressRuleCodes({ protocol: "TCP" })).toEqual([["required", [...IN, "action"]]]);
    expect(ingressRuleCodes({ action: "allow" })).toEqual([["invalid-enum", [...IN, "action"]]]);
    expect(ingressRuleCodes({ action: "Log" })).toEqual([]);
  });
  it("accepts ipVersion 4 or 6 only", () => {
    expect(ingressRuleCodes({ action: "Allow", ipVersion: 6 })).toEqual([]);
    expect(ingressRuleCodes({ action: "Allow", ipVersion: 5 })).toEqual([
      ["invalid-enum", [...IN, "ipVersion"]],
    ]);
  });
});

describe("rule validation: ports", () => {
  it("accepts numeric ports, ranges and named ports with protocol TCP, UDP or SCTP", () => {
    expect(
      ingressRuleCodes({
        action: "Allow",
        protocol: "UDP",
        destination: { ports: [53, "1000:2000", "dns"] },
        source: { notPorts: [9] },
      }),
    ).toEqual([]);
  });
  it("accepts named ports without a protocol", () => {
    expect(ingressRuleCodes({ action: "Allow", destination: { ports: ["http"] } })).toEqual([]);
  });
  it("rejects numeric ports and ranges without a protocol, with Calico's message", () => {
    const issues = issuesOf(
      networkPolicy({ ingress: [{ action: "Allow", source: { notPorts: ["80:90"] } }] }),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: "port-requires-protocol",
        path: [...IN, "source", "notPorts", 0],
        value: "80:90",
      }),
    ]);
    expect(issues[0]?.message).toContain(
      "rules with numeric port or port range must set protocol to TCP or UDP or SCTP",
    );
  });
  it("rejects any port when the protocol has none (ICMP, UDPLite)", () => {
    expect(
      ingressRuleCodes({ action: "Allow", protocol: "UDPLite", destination: { ports: ["http", 80] } }),
    ).toEqual([
      ["ports-not-supported", [...IN, "destination", "ports", 0]],
      ["ports-not-supported", [...IN, "destination", "ports", 1]],
    ]);
  });
  it("rejects port 0, ports above 65535 and inverted ranges", () => {
    expect(
      ingressRuleCodes({ action: "Allow", protocol: "TCP", destination: { ports: [0, 65536, "90:80"] } }),
    ).toEqual([
      ["invalid-port", [...IN, "destination", "ports", 0]],
      ["invalid-port", [...IN, "destination", "ports", 1]],
      ["invalid-port", [...IN, "destination", "ports", 2]],
    ]);
  });
  it("rejects named ports that are not valid Kubernetes port names", () => {
    expect(ingressRuleCodes({ action: "Allow", destination: { ports: ["http_alt", "HTTP"] } })).toEqual([
      ["invalid-port-name", [...IN, "destination", "ports", 0]],
      ["invalid-port-name", [...IN, "destination", "ports", 1]],
    ]);
  });
  it("rejects more than 50 ports", () => {
    const ports = Array.from({ length: 51 }, (_, i) => i + 1);
    expect(ingressRuleCodes({ action: "Allow", protocol: "TCP", destination: { ports } })).toEqual([
      ["too-many", [...IN, "destination", "ports"]],
    ]);
  });
});

describe("rule validation: nets", () => {
  it("accepts masked CIDRs of one family", () => {
    expect(
      ingressRuleCodes({
        action: "Allow",
        source: { nets: ["10.0.0.0/8", "192.168.1.1/32"], notNets: ["10.1.0.0/16"] },
      }),
    ).toEqual([]);
  });
  it("refuses a bare address (cnet.ParseCIDR) and host bits under the mask (the net tag), naming the network", () => {
    expect(
      ingressRuleCodes({ action: "Allow", source: { nets: ["192.168.1.1"], notNets: ["10.1.2.3/16"] } }),
    ).toEqual([
      ["invalid-cidr", [...IN, "source", "nets", 0]],
      ["unmasked-cidr", [...IN, "source", "notNets", 0]],
    ]);
    const [issue] = issuesOf(
      networkPolicy({ ingress: [{ action: "Allow", destination: { nets: ["fd00::1:2/64"] } }] }),
    );
    expect(issue?.message).toContain('"fd00::/64"');
  });
  it("rejects octal-looking, three-part and malformed CIDRs", () => {
    expect(
      ingressRuleCodes({
        action: "Allow",
        source: { nets: ["010.0.0.0/8", "10.0.0/8", "10.0.0.0/33", "::g/64"] },
      }),
    ).toEqual([
      ["invalid-cidr", [...IN, "source", "nets", 0]],
      ["invalid-cidr", [...IN, "source", "nets", 1]],
      ["invalid-cidr", [...IN, "source", "nets", 2]],
      ["invalid-cidr", [...IN, "source", "nets", 3]],
    ]);
  });
  it("rejects mixing IPv4 and IPv6 across a rule's nets", () => {
    expect(
      ingressRuleCodes({
        action: "Allow",
        source: { nets: ["10.0.0.0/8"] },
        destination: { notNets: ["fd00::/8"] },
      }),
    ).toEqual([["mixed-ip-versions", [...IN, "destination", "notNets", 0]]]);
  });
  it("rejects nets that disagree with ipVersion", () => {
    expect(ingressRuleCodes({ action: "Allow", ipVersion: 6, source: { nets: ["10.0.0.0/8"] } })).toEqual([
      ["net-ip-version-mismatch", [...IN, "source", "nets", 0]],
    ]);
  });
  it("rejects a catch-all notNets", () => {
    expect(ingressRuleCodes({ action: "Allow", source: { notNets: ["0.0.0.0/0"] } })).toEqual([
      ["catch-all-not-net", [...IN, "source", "notNets", 0]],
    ]);
    expect(ingressRuleCodes({ action: "Allow", source: { notNets: ["::/0"] } })).toEqual([
      ["catch-all-not-net", [...IN, "source", "notNets", 0]],
    ]);
    expect(ingressRuleCodes({ action: "Allow", source: { nets: ["0.0.0.0/0"] } })).toEqual([]);
  });
  it("rejects more than 256 nets", () => {
    const nets = Array.from({ length: 257 }, (_, i) => `10.0.${i % 256}.${Math.floor(i / 256)}/32`);
    expect(ingressRuleCodes({ action: "Allow", source: { nets } })).toEqual([
      ["too-many", [...IN, "source", "nets"]],
    ]);
  });
});

describe("rule validation: selectors", () => {
  it("accepts valid selectors in every selector field", () => {
    expect(
      ingressRuleCodes({
        action: "Allow",
        source: {
          selector: "app == 'a'",
          notSelector: "has(x)",
          namespaceSelector: "team in {'a'}",
          serviceAccounts: { names: ["sa"], selector: "role == 'x'" },
        },
      }),
    ).toEqual([]);
  });
  it("refuses a service account name with a single quote, which would rewrite Calico's selector", () => {
    // rules.go pastes names into `projectcalico.org/serviceaccount in { '<name>' }` unescaped.
    for (const name of ["a'b", "x' } || all() || a in { 'y"]) {
      const [issue] = issuesOf(
        networkPolicy({
          ingress: [{ action: "Allow", source: { serviceAccounts: { names: ["ok", name] } } }],
        }),
      );
      expect(issue).toMatchObject({
        code: "invalid-service-account-name",
        path: [...IN, "source", "serviceAccounts", "names", 1],
        value: name,
      });
      expect(issue?.message).toContain("single quote");
    }
    expect(
      ingressRuleCodes({ action: "Allow", source: { serviceAccounts: { names: ['a"b', "é"] } } }),
    ).toEqual([]);
  });
  it("rejects an unparsable selector with the parser's message", () => {
    const [issue] = issuesOf(
      networkPolicy({ ingress: [{ action: "Allow", source: { selector: "app = 'a'" } }] }),
    );
    expect(issue).toMatchObject({
      code: "invalid-selector",
      path: [...IN, "source", "selector"],
      value: "app = 'a'",
    });
    expect(issue?.message).toContain("\"app = 'a'\"");
  });
  it("rejects selectors longer than 1024 characters", () => {
    const long = `a == '${"x".repeat(1030)}'`;
    expect(ingressRuleCodes({ action: "Allow", source: { selector: long } })).toEqual([
      ["selector-too-long", [...IN, "source", "selector"]],
    ]);
  });
  it("allows global() only alone in namespaceSelector", () => {
    expect(ingressRuleCodes({ action: "Allow", source: { namespaceSelector: "global()" } })).toEqual([]);
    expect(
      ingressRuleCodes({ action: "Allow", source: { namespaceSelector: "global() && a == 'b'" } }),
    ).toEqual([["global-not-alone", [...IN, "source", "namespaceSelector"]]]);
    expect(ingressRuleCodes({ action: "Allow", source: { selector: "global()" } })).toEqual([
      ["global-not-allowed", [...IN, "source", "selector"]],
    ]);
    expect(codesOf(globalNetworkPolicy({ selector: "global()" }))).toEqual([
      ["global-not-allowed", ["spec", "selector"]],
    ]);
  });
  it("refuses a namespace or service-account selector whose labels pass 512 characters once prefixed (Felix could not parse it)", () => {
    const label = (n: number) => "x".repeat(n);
    // pcns. and pcsa. are 5 characters: a 507-character label still fits, 508 does not.
    expect(
      ingressRuleCodes({ action: "Allow", source: { namespaceSelector: `has(${label(507)})` } }),
    ).toEqual([]);
    expect(
      ingressRuleCodes({ action: "Allow", source: { namespaceSelector: `a == 'b' || !has(${label(508)})` } }),
    ).toEqual([["label-too-long-after-prefix", [...IN, "source", "namespaceSelector"]]]);
    expect(
      ingressRuleCodes({
        action: "Allow",
        destination: { serviceAccounts: { selector: `${label(508)} == 'a'` } },
      }),
    ).toEqual([["label-too-long-after-prefix", [...IN, "destination", "serviceAccounts", "selector"]]]);
    // Unprefixed fields keep the parser's own 512.
    expect(
      ingressRuleCodes({
        action: "Allow",
        source: { selector: `has(${label(512)})`, notSelector: `has(${label(512)})` },
      }),
    ).toEqual([]);
    expect(codesOf(globalNetworkPolicy({ namespaceSelector: `has(${label(510)})` }))).toEqual([
      ["label-too-long-after-prefix", ["spec", "namespaceSelector"]],
    ]);
    expect(codesOf(networkPolicy({ serviceAccountSelector: `has(${label(510)})` }))).toEqual([
      ["label-too-long-after-prefix", ["spec", "serviceAccountSelector"]],
    ]);
    const [issue] = issuesOf(globalNetworkPolicy({ namespaceSelector: `has(${label(510)})` }));
    expect(issue?.message).toContain(
      'Calico prefixes its labels with "pcns.", which makes label "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..." 515 characters long, more than the 512 Felix\'s selector parser accepts (Felix cannot load the policy): shorten the label to at most 507',
    );
  });
  it("refuses 'global()' anywhere in a rule selector's text, quoted or not (validateEntityRule checks the string)", () => {
    expect(ingressRuleCodes({ action: "Allow", source: { selector: "a == 'global()'" } })).toEqual([
      ["global-not-allowed", [...IN, "source", "selector"]],
    ]);
    expect(ingressRuleCodes({ action: "Allow", source: { notSelector: "global()" } })).toEqual([]);
  });
});

describe("rule validation: services", () => {
  it("accepts services in an egress destination and an ingress source", () => {
    expect(
      egressRuleCodes({
        action: "Allow",
        destination: { services: { name: "kube-dns", namespace: "kube-system" } },
      }),
    ).toEqual([]);
    expect(
      ingressRuleCodes({
        action: "Allow",
        source: { services: { name: "web" }, ports: [80] },
        protocol: "TCP",
      }),
    ).toEqual([]);
  });
  it("rejects services on the wrong side", () => {
    expect(egressRuleCodes({ action: "Allow", source: { services: { name: "web" } } })).toEqual([
      ["services-wrong-side", [...OUT, "source", "services"]],
    ]);
    expect(ingressRuleCodes({ action: "Allow", destination: { services: { name: "web" } } })).toEqual([
      ["services-wrong-side", [...IN, "destination", "services"]],
    ]);
  });
  it("rejects services combined with selectors, nets or service accounts", () => {
    expect(
      egressRuleCodes({
        action: "Allow",
        destination: { services: { name: "web" }, selector: "a == 'b'", nets: ["10.0.0.0/8"] },
      }),
    ).toEqual([
      ["services-exclusive", [...OUT, "destination", "selector"]],
      ["services-exclusive", [...OUT, "destination", "nets"]],
    ]);
  });
  it("rejects destination ports with destination services", () => {
    expect(
      egressRuleCodes({
        action: "Allow",
        protocol: "TCP",
        destination: { services: { name: "web" }, ports: [80] },
      }),
    ).toEqual([["services-with-ports", [...OUT, "destination", "ports"]]]);
  });
  it("requires the service namespace in a global policy", () => {
    expect(
      codesOf(
        globalNetworkPolicy({ egress: [{ action: "Allow", destination: { services: { name: "web" } } }] }),
      ),
    ).toEqual([["services-namespace-required", [...OUT, "destination", "services", "namespace"]]]);
  });
  it("requires a service name", () => {
    expect(egressRuleCodes({ action: "Allow", destination: { services: { namespace: "x" } } })).toEqual([
      ["required", [...OUT, "destination", "services", "name"]],
    ]);
  });
});

describe("rule validation: http", () => {
  it("accepts an ingress Allow rule with methods and paths", () => {
    expect(
      ingressRuleCodes({
        action: "Allow",
        protocol: "TCP",
        http: { methods: ["GET", "POST"], paths: [{ exact: "/a" }, { prefix: "/b/" }] },
      }),
    ).toEqual([]);
  });
  it("rejects http on non-Allow rules, in egress rules and with a protocol other than TCP", () => {
    expect(ingressRuleCodes({ action: "Deny", http: { methods: ["GET"] } })).toEqual([
      ["http-requires-allow", [...IN, "http"]],
    ]);
    expect(egressRuleCodes({ action: "Allow", http: { methods: ["GET"] } })).toEqual([
      ["http-in-egress", [...OUT, "http"]],
    ]);
    expect(ingressRuleCodes({ action: "Allow", protocol: "UDP", http: { methods: ["GET"] } })).toEqual([
      ["http-requires-tcp", [...IN, "protocol"]],
    ]);
  });
  it("rejects duplicate methods and more than 20 methods or paths", () => {
    expect(ingressRuleCodes({ action: "Allow", http: { methods: ["GET", "GET"] } })).toEqual([
      ["duplicate-http-method", [...IN, "http", "methods", 1]],
    ]);
    const methods = Array.from({ length: 21 }, (_, i) => `M${i}`);
    expect(ingressRuleCodes({ action: "Allow", http: { methods } })).toEqual([
      ["too-many-http-methods", [...IN, "http", "methods"]],
    ]);
    const paths = Array.from({ length: 21 }, (_, i) => ({ exact: `/p${i}` }));
    expect(ingressRuleCodes({ action: "Allow", http: { paths } })).toEqual([
      ["too-many-http-paths", [...IN, "http", "paths"]],
    ]);
  });
  it("requires exactly one of exact or prefix, starting with / and free of ?, # and spaces", () => {
    expect(
      ingressRuleCodes({ action: "Allow", http: { paths: [{ exact: "/a", prefix: "/b" }, {}] } }),
    ).toEqual([
      ["http-path-exact-or-prefix", [...IN, "http", "paths", 0]],
      ["http-path-exact-or-prefix", [...IN, "http", "paths", 1]],
    ]);
    expect(
      ingressRuleCodes({
        action: "Allow",
        http: { paths: [{ exact: "a" }, { prefix: "/a?b" }, { exact: "/a b" }, { prefix: "/#" }] },
      }),
    ).toEqual([
      ["invalid-http-path", [...IN, "http", "paths", 0, "exact"]],
      ["invalid-http-path", [...IN, "http", "paths", 1, "prefix"]],
      ["invalid-http-path", [...IN, "http", "paths", 2, "exact"]],
      ["invalid-http-path", [...IN, "http", "paths", 3, "prefix"]],
    ]);
  });
});

describe("rule validation: structure", () => {
  it("names unknown rule fields with the accepted ones and a case hint", () => {
    const [issue] = issuesOf(
      networkPolicy({ ingress: [{ action: "Allow", destinaton: {}, NotProtocol: "TCP" }] }),
    );
    expect(issue).toMatchObject({ code: "unknown-field", path: [...IN, "destinaton"] });
    expect(issue?.message).toContain("expected one of action, ipVersion, protocol");
    const hinted = issuesOf(networkPolicy({ ingress: [{ action: "Allow", NotProtocol: "TCP" }] }))[0];
    expect(hinted?.message).toContain('did you mean "notProtocol"?');
  });
  it("reports problems in several rules in one pass", () => {
    expect(
      codesOf(networkPolicy({ ingress: [{ action: "Nope" }, { action: "Allow", icmp: { type: 8 } }] })),
    ).toEqual([
      ["invalid-enum", ["spec", "ingress", 0, "action"]],
      ["icmp-requires-icmp-protocol", ["spec", "ingress", 1, "icmp"]],
    ]);
  });
});

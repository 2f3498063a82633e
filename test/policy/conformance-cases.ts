/**
 * The flow-check conformance table: one case per fact of calico-semantics.md §C, §D, §F, each
 * with the resources, the flow and the verdict Calico's dataplane reaches. Run against the
 * indexed PolicyEngine and the naive reference evaluator (conformance.test.ts).
 */
import {
  endpointSlice,
  globalNetworkPolicy,
  globalNetworkSet,
  kubernetesNetworkPolicy,
  namespace,
  networkPolicy,
  networkSet,
  pod,
  profile,
  stagedPolicy,
  tier,
  wep,
} from "../support/policy-fixtures.js";

type Decided =
  | {
      kind: "rule";
      tier: string;
      policy: { kind: string; name: string; namespace?: string };
      ruleIndex: number;
    }
  | { kind: "end-of-tier"; tier: string }
  | { kind: "profile-rule"; profile: string; ruleIndex: number }
  | { kind: "no-match" };

/** Expected outcome of one direction: action and what decided it; null when not evaluated. */
export type ExpectedDirection = { action: "allow" | "deny"; decidedBy: Decided } | null;

/** One conformance case. */
export interface ConformanceCase {
  readonly fact: string;
  readonly resources: readonly unknown[];
  readonly flow: {
    protocol: string | number;
    source: { endpoint?: string; ip?: string; port?: number };
    destination: { endpoint?: string; ip?: string; port?: number };
    icmp?: { type: number; code?: number };
  };
  readonly allowed: boolean;
  readonly egress?: ExpectedDirection;
  readonly ingress?: ExpectedDirection;
}

const nsProfile = (name: string, labels: Record<string, string>) =>
  profile(`kns.${name}`, {
    labelsToApply: {
      "pcns.projectcalico.org/name": name,
      ...Object.fromEntries(Object.entries(labels).map(([k, v]) => [`pcns.${k}`, v])),
    },
    ingress: [{ action: "Allow" }],
    egress: [{ action: "Allow" }],
  });

/** prod: web (10.0.1.1, http 80/TCP), db (10.0.1.2, pg 5432/TCP, dns 53/UDP); dev: client (10.0.2.1). */
export const BASE: readonly unknown[] = [
  nsProfile("prod", { env: "prod" }),
  nsProfile("dev", { env: "dev" }),
  wep("prod", "web", {
    labels: { app: "web" },
    ips: ["10.0.1.1", "fd00::1:1"],
    ports: [{ name: "http", protocol: "TCP", port: 80 }],
  }),
  wep("prod", "db", {
    labels: { app: "db" },
    ips: ["10.0.1.2", "fd00::1:2"],
    ports: [
      { name: "pg", protocol: "TCP", port: 5432 },
      { name: "dns", protocol: "UDP", port: 53 },
    ],
  }),
  wep("dev", "client", { labels: { app: "client" }, ips: ["10.0.2.1"] }),
];

const allowIn = (profileName: string) => ({
  action: "allow" as const,
  decidedBy: { kind: "profile-rule" as const, profile: profileName, ruleIndex: 0 },
});
const np = (ns: string, name: string) => ({ kind: "NetworkPolicy", name, namespace: ns });
const gnp = (name: string) => ({ kind: "GlobalNetworkPolicy", name });
const byRule = (
  action: "allow" | "deny",
  tierName: string,
  policy: { kind: string; name: string; namespace?: string },
  ruleIndex: number,
) => ({
  action,
  decidedBy: { kind: "rule" as const, tier: tierName, policy, ruleIndex },
});
const endOfTier = (tierName: string) => ({
  action: "deny" as const,
  decidedBy: { kind: "end-of-tier" as const, tier: tierName },
});

const webToDb = (port: number) => ({
  protocol: "TCP",
  source: { endpoint: "prod/web" },
  destination: { endpoint: "prod/db", port },
});

const dbIngress = (rules: unknown[], extra: Record<string, unknown> = {}) =>
  networkPolicy("prod", "db-ingress", {
    selector: "app == 'db'",
    types: ["Ingress"],
    ingress: rules,
    ...extra,
  });

/** The table. */
export const CASES: readonly ConformanceCase[] = [
  {
    fact: "C.3 with no applicable policy the namespace profile allows both directions",
    resources: BASE,
    flow: webToDb(5432),
    allowed: true,
    egress: allowIn("kns.prod"),
    ingress: allowIn("kns.prod"),
  },
  {
    fact: "C.4 projectcalico-default-allow is always there (lib/resources/static.go): listing it allows without applying it",
    resources: [
      ...BASE,
      wep("prod", "open", { labels: {}, ips: ["10.0.1.9"], profiles: ["projectcalico-default-allow"] }),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/open", port: 80 },
    },
    allowed: true,
    ingress: allowIn("projectcalico-default-allow"),
  },
  {
    fact: "C.3 no policies and no profiles: drop (no-match)",
    resources: [...BASE, wep("prod", "bare", { labels: {}, ips: ["10.0.1.9"], profiles: [] })],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/bare", port: 80 },
    },
    allowed: false,
    ingress: { action: "deny", decidedBy: { kind: "no-match" } },
  },
  {
    fact: "C.5 a matching allow rule decides, naming tier, policy and rule",
    resources: [
      ...BASE,
      dbIngress([
        {
          action: "Allow",
          protocol: "TCP",
          source: { selector: "app == 'web'" },
          destination: { ports: [5432] },
        },
      ]),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "C.3 a tier with applicable policies and no match drops at end of tier",
    resources: [
      ...BASE,
      dbIngress([
        {
          action: "Allow",
          protocol: "TCP",
          source: { selector: "app == 'web'" },
          destination: { ports: [5432] },
        },
      ]),
    ],
    flow: webToDb(80),
    allowed: false,
    egress: allowIn("kns.prod"),
    ingress: endOfTier("default"),
  },
  {
    fact: "D.3 a selector in a namespaced policy only selects endpoints in the policy's namespace",
    resources: [
      ...BASE,
      wep("dev", "web-dev", { labels: { app: "web" }, ips: ["10.0.2.2"] }),
      dbIngress([{ action: "Allow", source: { selector: "app == 'web'" } }]),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "dev/web-dev" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: false,
    ingress: endOfTier("default"),
  },
  {
    fact: "C.3 rules are evaluated in order: a deny before an allow wins",
    resources: [
      ...BASE,
      dbIngress([{ action: "Deny", source: { selector: "app == 'web'" } }, { action: "Allow" }]),
    ],
    flow: webToDb(5432),
    allowed: false,
    ingress: byRule("deny", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "C.3 Log records and continues to the next rule",
    resources: [...BASE, dbIngress([{ action: "Log" }, { action: "Allow" }])],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 1),
  },
  {
    fact: "C.3 Pass jumps to the next tier, skipping the rest of the tier",
    resources: [
      ...BASE,
      tier("security", 100),
      globalNetworkPolicy("pass-all", {
        tier: "security",
        order: 1,
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Pass" }],
      }),
      globalNetworkPolicy("deny-all", {
        tier: "security",
        order: 2,
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      dbIngress([{ action: "Allow", source: { selector: "app == 'web'" } }]),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "C.3 Pass in the last tier falls through to the profiles",
    resources: [
      ...BASE,
      tier("security", 100),
      globalNetworkPolicy("pass-all", {
        tier: "security",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Pass" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: allowIn("kns.prod"),
  },
  {
    fact: "C.3 Pass to nowhere (no later tier, no profiles) drops",
    resources: [
      ...BASE,
      wep("prod", "bare", { labels: {}, ips: ["10.0.1.9"], profiles: [] }),
      tier("security", 100),
      globalNetworkPolicy("pass-all", {
        tier: "security",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Pass" }],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/bare", port: 80 },
    },
    allowed: false,
    ingress: { action: "deny", decidedBy: { kind: "no-match" } },
  },
  {
    fact: "C.3 a tier with defaultAction Pass and no match continues to the next tier",
    resources: [
      ...BASE,
      tier("platform", 50, "Pass"),
      globalNetworkPolicy("only-udp", {
        tier: "platform",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny", protocol: "UDP" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: allowIn("kns.prod"),
  },
  {
    fact: "C.3 an allow in an earlier tier ends evaluation: later tiers are never consulted",
    resources: [
      ...BASE,
      tier("first", 10),
      globalNetworkPolicy("allow-all", {
        tier: "first",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Allow" }],
      }),
      dbIngress([{ action: "Deny" }]),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "first", gnp("first.allow-all"), 0),
  },
  {
    fact: "C.2 tiers run in ascending order",
    resources: [
      ...BASE,
      tier("b-tier", 10),
      tier("a-tier", 20),
      globalNetworkPolicy("deny", {
        tier: "a-tier",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      globalNetworkPolicy("allow", {
        tier: "b-tier",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Allow" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "b-tier", gnp("b-tier.allow"), 0),
  },
  {
    fact: "C.2 a tier without an order runs after tiers with one, equal orders by name",
    resources: [
      ...BASE,
      tier("zeta"),
      tier("beta", 5),
      tier("alpha", 5),
      globalNetworkPolicy("deny", {
        tier: "zeta",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      globalNetworkPolicy("pass", {
        tier: "beta",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny", protocol: "UDP" }, { action: "Pass" }],
      }),
      globalNetworkPolicy("first", {
        tier: "alpha",
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Pass" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: false,
    ingress: byRule("deny", "zeta", gnp("zeta.deny"), 0),
  },
  {
    fact: "C.2 a policy in a tier with no Tier resource is still placed, after existing tiers",
    resources: [
      ...BASE,
      globalNetworkPolicy("ghost-deny", {
        tier: "ghost",
        order: 1,
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      globalNetworkPolicy("default-pass", {
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Pass" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: false,
    ingress: byRule("deny", "ghost", gnp("ghost.ghost-deny"), 0),
  },
  {
    fact: "C.2 policies in a tier run by ascending order, no order last",
    resources: [
      ...BASE,
      globalNetworkPolicy("no-order", {
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      globalNetworkPolicy("second", {
        order: 20,
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Allow" }],
      }),
      globalNetworkPolicy("first", {
        order: 10,
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Log" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", gnp("second"), 0),
  },
  {
    fact: "C.2 equal policy orders are broken by name before namespace",
    resources: [
      ...BASE,
      globalNetworkPolicy("b-allow", {
        order: 1,
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Allow" }],
      }),
      networkPolicy("prod", "a-deny", { order: 1, types: ["Ingress"], ingress: [{ action: "Deny" }] }),
    ],
    flow: webToDb(5432),
    allowed: false,
    ingress: byRule("deny", "default", np("prod", "a-deny"), 0),
  },
  {
    fact: "B.7 a policy of type Ingress with no rules drops ingress at end of tier but leaves egress alone",
    resources: [...BASE, networkPolicy("prod", "deny-in", { selector: "all()", types: ["Ingress"] })],
    flow: webToDb(5432),
    allowed: false,
    egress: allowIn("kns.prod"),
    ingress: endOfTier("default"),
  },
  {
    fact: "C.1 egress is evaluated on the source endpoint: an egress deny blocks the flow",
    resources: [
      ...BASE,
      networkPolicy("prod", "web-out", {
        selector: "app == 'web'",
        types: ["Egress"],
        egress: [{ action: "Deny", protocol: "TCP", destination: { ports: [5432] } }],
      }),
    ],
    flow: webToDb(5432),
    allowed: false,
    egress: byRule("deny", "default", np("prod", "web-out"), 0),
    ingress: allowIn("kns.prod"),
  },
  {
    fact: "C.6 staged policies are not enforced, and a tier of only staged policies does not drop",
    resources: [
      ...BASE,
      stagedPolicy("prod", "would-deny", {
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: allowIn("kns.prod"),
  },
  {
    fact: "DESIGN an outside source (ip owned by no endpoint) gets no egress verdict",
    resources: [...BASE, dbIngress([{ action: "Allow", source: { nets: ["192.168.0.0/16"] } }])],
    flow: {
      protocol: "TCP",
      source: { ip: "192.168.4.4" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: true,
    egress: null,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "DESIGN a bare ip owned by a workload endpoint evaluates that endpoint's policy",
    resources: [
      ...BASE,
      networkPolicy("prod", "web-out", {
        selector: "app == 'web'",
        types: ["Egress"],
        egress: [{ action: "Deny" }],
      }),
    ],
    flow: { protocol: "TCP", source: { ip: "10.0.1.1" }, destination: { ip: "10.0.1.2", port: 5432 } },
    allowed: false,
    egress: byRule("deny", "default", np("prod", "web-out"), 0),
    ingress: allowIn("kns.prod"),
  },
  {
    fact: "D.3 a namespaceSelector selects endpoints through their namespace's pcns. labels",
    resources: [...BASE, dbIngress([{ action: "Allow", source: { namespaceSelector: "env == 'dev'" } }])],
    flow: {
      protocol: "TCP",
      source: { endpoint: "dev/client" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "D.2 a GlobalNetworkPolicy namespaceSelector applies through pcns. labels",
    resources: [
      ...BASE,
      globalNetworkPolicy("dev-only", {
        namespaceSelector: "env == 'dev'",
        types: ["Egress"],
        egress: [{ action: "Deny" }],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "dev/client" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: false,
    egress: byRule("deny", "default", gnp("dev-only"), 0),
  },
  {
    fact: "D.2 a GlobalNetworkPolicy namespaceSelector does not apply to other namespaces",
    resources: [
      ...BASE,
      globalNetworkPolicy("dev-only", {
        namespaceSelector: "env == 'dev'",
        types: ["Egress"],
        egress: [{ action: "Deny" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: true,
    egress: allowIn("kns.prod"),
  },
  {
    fact: "C.5 a lone notSelector in a namespaced policy still only matches same-namespace endpoints",
    resources: [...BASE, dbIngress([{ action: "Allow", source: { notSelector: "app == 'web'" } }])],
    flow: {
      protocol: "TCP",
      source: { endpoint: "dev/client" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: false,
    ingress: endOfTier("default"),
  },
  {
    fact: "B.3 notSelector in a global policy matches non-Calico addresses",
    resources: [
      ...BASE,
      globalNetworkPolicy("not-web", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Allow", source: { notSelector: "has(app)" } }],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { ip: "203.0.113.9" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: true,
    egress: null,
    ingress: byRule("allow", "default", gnp("not-web"), 0),
  },
  {
    fact: "B.3 selector !has(x) does not match non-Calico addresses",
    resources: [
      ...BASE,
      globalNetworkPolicy("no-app", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Allow", source: { selector: "!has(app)" } }],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { ip: "203.0.113.9" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: false,
    egress: null,
    ingress: endOfTier("default"),
  },
  {
    fact: "C.5 nets: the address must be in one of the CIDRs",
    resources: [...BASE, dbIngress([{ action: "Allow", source: { nets: ["10.0.1.0/24"] } }])],
    flow: {
      protocol: "TCP",
      source: { endpoint: "dev/client" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: false,
    ingress: endOfTier("default"),
  },
  {
    fact: "C.5 notNets: any hit stops the rule",
    resources: [
      ...BASE,
      dbIngress([{ action: "Deny", source: { notNets: ["10.0.1.0/24"] } }, { action: "Allow" }]),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 1),
  },
  {
    fact: "C.5 an IPv6-only net list drops the rule for IPv4 flows",
    resources: [
      ...BASE,
      dbIngress([{ action: "Deny", source: { nets: ["fd00::/8"] } }, { action: "Allow" }]),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 1),
  },
  {
    fact: "C.5 the same IPv6 net list matches IPv6 flows",
    resources: [
      ...BASE,
      dbIngress([{ action: "Deny", source: { nets: ["fd00::/8"] } }, { action: "Allow" }]),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/web", ip: "fd00::1:1" },
      destination: { endpoint: "prod/db", ip: "fd00::1:2", port: 5432 },
    },
    allowed: false,
    ingress: byRule("deny", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "C.5 ipVersion 6 rules are skipped for IPv4 flows",
    resources: [...BASE, dbIngress([{ action: "Deny", ipVersion: 6 }, { action: "Allow" }])],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 1),
  },
  {
    fact: "C.5 protocol must equal the flow's protocol; notProtocol must not",
    resources: [
      ...BASE,
      dbIngress([
        { action: "Deny", protocol: "UDP" },
        { action: "Deny", notProtocol: "TCP" },
        { action: "Allow", protocol: 6 },
      ]),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 2),
  },
  {
    fact: "C.5 icmp type and code must both match; notICMP excludes only that pair",
    resources: [
      ...BASE,
      dbIngress([
        { action: "Deny", protocol: "ICMP", icmp: { type: 8, code: 1 } },
        { action: "Deny", protocol: "ICMP", notICMP: { type: 8, code: 0 } },
        { action: "Allow", protocol: "ICMP", icmp: { type: 8 } },
      ]),
    ],
    flow: {
      protocol: "ICMP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/db" },
      icmp: { type: 8, code: 0 },
    },
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 2),
  },
  {
    fact: "C.5 port ranges are inclusive",
    resources: [
      ...BASE,
      dbIngress([{ action: "Allow", protocol: "TCP", destination: { ports: ["5000:5432"] } }]),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "C.5 notPorts: a hit stops the rule",
    resources: [
      ...BASE,
      dbIngress([{ action: "Allow", protocol: "TCP", destination: { notPorts: ["5000:6000"] } }]),
    ],
    flow: webToDb(5432),
    allowed: false,
    ingress: endOfTier("default"),
  },
  {
    fact: "F a destination named port resolves on the selected endpoint's ports",
    resources: [...BASE, dbIngress([{ action: "Allow", protocol: "TCP", destination: { ports: ["pg"] } }])],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "F a named port does not match another port number",
    resources: [...BASE, dbIngress([{ action: "Allow", protocol: "TCP", destination: { ports: ["pg"] } }])],
    flow: webToDb(5433),
    allowed: false,
    ingress: endOfTier("default"),
  },
  {
    fact: "F a named UDP port is not matched by a TCP packet on the same number (protocol-less rule)",
    resources: [...BASE, dbIngress([{ action: "Allow", destination: { ports: ["dns"] } }])],
    flow: webToDb(53),
    allowed: false,
    ingress: endOfTier("default"),
  },
  {
    fact: "F a protocol-less named-port rule matches the port's own protocol",
    resources: [...BASE, dbIngress([{ action: "Allow", destination: { ports: ["dns"] } }])],
    flow: {
      protocol: "UDP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/db", port: 53 },
    },
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "F a source named port resolves on the source side",
    resources: [...BASE, dbIngress([{ action: "Allow", protocol: "TCP", source: { ports: ["http"] } }])],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/web", port: 80 },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "C.5 a named port with a selector needs the selected endpoint to have the port",
    resources: [
      ...BASE,
      networkPolicy("prod", "web-out", {
        selector: "app == 'web'",
        types: ["Egress"],
        egress: [
          { action: "Deny", protocol: "TCP", destination: { selector: "app == 'web'", ports: ["pg"] } },
        ],
      }),
    ],
    flow: webToDb(5432),
    allowed: false,
    egress: endOfTier("default"),
  },
  {
    fact: "C.5 a NetworkSet's labels select the addresses it contains",
    resources: [
      ...BASE,
      globalNetworkSet("partners", ["198.51.100.0/24"], { role: "partner" }),
      globalNetworkPolicy("partners-in", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Allow", source: { selector: "role == 'partner'" } }],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { ip: "198.51.100.7" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: true,
    egress: null,
    ingress: byRule("allow", "default", gnp("partners-in"), 0),
  },
  {
    fact: "C.5 a selector matches an address when ANY set containing it matches (a netset covering a pod)",
    resources: [
      ...BASE,
      globalNetworkSet("cluster", ["10.0.0.0/8"], { zone: "internal" }),
      dbIngress([
        { action: "Allow", source: { namespaceSelector: "global()", selector: "zone == 'internal'" } },
      ]),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "dev/client" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "D.3 a namespaced NetworkSet is selected by a same-namespace selector",
    resources: [
      ...BASE,
      networkSet("prod", "office", ["192.0.2.0/24"], { site: "office" }),
      dbIngress([{ action: "Allow", source: { selector: "site == 'office'" } }]),
    ],
    flow: { protocol: "TCP", source: { ip: "192.0.2.10" }, destination: { endpoint: "prod/db", port: 5432 } },
    allowed: true,
    egress: null,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "D.3 serviceAccounts names select endpoints by their service account",
    resources: [
      ...BASE,
      wep("prod", "api", { labels: { app: "api" }, ips: ["10.0.1.3"], serviceAccountName: "api-sa" }),
      dbIngress([{ action: "Allow", source: { serviceAccounts: { names: ["api-sa"] } } }]),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/api" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "D.3 serviceAccounts names do not select other service accounts",
    resources: [
      ...BASE,
      dbIngress([{ action: "Allow", source: { serviceAccounts: { names: ["api-sa"] } } }]),
    ],
    flow: webToDb(5432),
    allowed: false,
    ingress: endOfTier("default"),
  },
  {
    fact: "E an endpoint's own label shadows a profile's label of the same key",
    resources: [
      ...BASE,
      profile("team", { labelsToApply: { app: "db", team: "payments" } }),
      wep("prod", "imposter", {
        labels: { app: "cache" },
        ips: ["10.0.1.4"],
        profiles: ["kns.prod", "team"],
      }),
      networkPolicy("prod", "payments", {
        selector: "team == 'payments' && app == 'db'",
        types: ["Egress"],
        egress: [{ action: "Deny" }],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/imposter" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: true,
    egress: allowIn("kns.prod"),
  },
  {
    fact: "C.4 profiles run in order; the first allow or deny wins",
    resources: [
      ...BASE,
      profile("blocker", { ingress: [{ action: "Deny", protocol: "UDP" }, { action: "Deny" }] }),
      wep("prod", "locked", { labels: {}, ips: ["10.0.1.5"], profiles: ["blocker", "kns.prod"] }),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/locked", port: 80 },
    },
    allowed: false,
    ingress: { action: "deny", decidedBy: { kind: "profile-rule", profile: "blocker", ruleIndex: 1 } },
  },
  {
    fact: "C.5 a services rule cannot match without Service endpoints",
    resources: [
      ...BASE,
      networkPolicy("prod", "web-out", {
        selector: "app == 'web'",
        types: ["Egress"],
        egress: [{ action: "Allow", destination: { services: { name: "db", namespace: "prod" } } }],
      }),
    ],
    flow: webToDb(5432),
    allowed: false,
    egress: endOfTier("default"),
  },
  ...serviceCases(),
  {
    fact: "B.2 http criteria are not evaluable at L3/L4: the rule matches on its other criteria",
    resources: [...BASE, dbIngress([{ action: "Allow", protocol: "TCP", http: { methods: ["GET"] } }])],
    flow: webToDb(5432),
    allowed: true,
    ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
  },
  {
    fact: "D.2 a GlobalNetworkPolicy with no selector applies to every endpoint",
    resources: [
      ...BASE,
      globalNetworkPolicy("deny-everything", { types: ["Ingress"], ingress: [{ action: "Deny" }] }),
    ],
    flow: webToDb(5432),
    allowed: false,
    ingress: byRule("deny", "default", gnp("deny-everything"), 0),
  },
  {
    fact: "C.1 doNotTrack and preDNAT policies program host endpoints only, never workloads",
    resources: [
      ...BASE,
      globalNetworkPolicy("untracked", {
        selector: "all()",
        doNotTrack: true,
        applyOnForward: true,
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      globalNetworkPolicy("pre-dnat", {
        selector: "all()",
        preDNAT: true,
        applyOnForward: true,
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
    ],
    flow: webToDb(5432),
    allowed: true,
    ingress: allowIn("kns.prod"),
  },
  {
    fact: "D.1 serviceAccountSelector scopes a NetworkPolicy through pcsa. labels",
    resources: [
      ...BASE,
      profile("ksa.prod.api-sa", {
        labelsToApply: { "pcsa.tier": "backend", "pcsa.projectcalico.org/name": "api-sa" },
      }),
      wep("prod", "api", {
        labels: { app: "api" },
        ips: ["10.0.1.3"],
        serviceAccountName: "api-sa",
        profiles: ["kns.prod", "ksa.prod.api-sa"],
      }),
      networkPolicy("prod", "backend-out", {
        serviceAccountSelector: "tier == 'backend'",
        types: ["Egress"],
        egress: [{ action: "Deny" }],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "prod/api" },
      destination: { endpoint: "prod/db", port: 5432 },
    },
    allowed: false,
    egress: byRule("deny", "default", np("prod", "backend-out"), 0),
  },
  {
    fact: "D.4 Kubernetes: a NetworkPolicy with an empty ingress list isolates the selected pods; pods are named by pod name",
    resources: [
      namespace("shop", { team: "a" }),
      pod("shop", "front", { app: "front" }, "10.1.0.1"),
      pod("shop", "back", { app: "back" }, "10.1.0.2"),
      kubernetesNetworkPolicy("shop", "isolate-back", {
        podSelector: { matchLabels: { app: "back" } },
        policyTypes: ["Ingress"],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "shop/front" },
      destination: { endpoint: "shop/back", port: 8080 },
    },
    allowed: false,
    egress: allowIn("kns.shop"),
    ingress: endOfTier("default"),
  },
  {
    fact: "D.4 Kubernetes: a NetworkPolicy podSelector peer allows the selected pods",
    resources: [
      namespace("shop", { team: "a" }),
      pod("shop", "front", { app: "front" }, "10.1.0.1"),
      pod("shop", "back", { app: "back" }, "10.1.0.2"),
      kubernetesNetworkPolicy("shop", "front-to-back", {
        podSelector: { matchLabels: { app: "back" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: "front" } } }],
            ports: [{ protocol: "TCP", port: 8080 }],
          },
        ],
      }),
    ],
    flow: {
      protocol: "TCP",
      source: { endpoint: "shop/front" },
      destination: { endpoint: "shop/back", port: 8080 },
    },
    allowed: true,
    egress: allowIn("kns.shop"),
    ingress: byRule("allow", "default", np("shop", "knp.default.front-to-back"), 0),
  },
];

/** Egress from prod/web allowed only to the Service named by `services` (namespace defaults to prod). */
function webToService(services: Record<string, string>) {
  return networkPolicy("prod", "web-out", {
    selector: "app == 'web'",
    types: ["Egress"],
    egress: [{ action: "Allow", destination: { services } }],
  });
}

/** The `db` Service: one slice with db's address on the given ports. */
function dbSlice(ports: readonly { name?: string; port?: number; protocol?: string }[], extra = {}) {
  return endpointSlice("prod", "db-x7k2p", { service: "db", endpoints: [["10.0.1.2"]], ports, ...extra });
}

function udpWebToDb(port: number) {
  return { protocol: "UDP", source: { endpoint: "prod/web" }, destination: { endpoint: "prod/db", port } };
}

/** §C.5 services: Felix's svc: / svcnoport: IP sets built from EndpointSlices (felix/serviceindex). */
function serviceCases(): ConformanceCase[] {
  const allowedOut = byRule("allow", "default", np("prod", "web-out"), 0);
  return [
    {
      fact: "C.5 destination services: an endpoint of the Service's slice on a slice port matches",
      resources: [
        ...BASE,
        webToService({ name: "db" }),
        dbSlice([{ name: "pg", port: 5432, protocol: "TCP" }]),
      ],
      flow: webToDb(5432),
      allowed: true,
      egress: allowedOut,
      ingress: allowIn("kns.prod"),
    },
    {
      fact: "C.5 destination services: a slice port without a protocol is TCP",
      resources: [...BASE, webToService({ name: "db" }), dbSlice([{ name: "pg", port: 5432 }])],
      flow: webToDb(5432),
      allowed: true,
      egress: allowedOut,
      ingress: allowIn("kns.prod"),
    },
    {
      fact: "C.5 destination services: a port the slice does not list does not match",
      resources: [...BASE, webToService({ name: "db" }), dbSlice([{ name: "pg", port: 5432 }])],
      flow: webToDb(5433),
      allowed: false,
      egress: endOfTier("default"),
    },
    {
      fact: "C.5 destination services: the slice port's protocol must be the packet's (UDP 53 is not TCP 53)",
      resources: [
        ...BASE,
        webToService({ name: "db" }),
        dbSlice([{ name: "dns", port: 53, protocol: "UDP" }]),
      ],
      flow: webToDb(53),
      allowed: false,
      egress: endOfTier("default"),
    },
    {
      fact: "C.5 destination services: a UDP slice port matches a UDP packet",
      resources: [
        ...BASE,
        webToService({ name: "db" }),
        dbSlice([{ name: "dns", port: 53, protocol: "UDP" }]),
      ],
      flow: udpWebToDb(53),
      allowed: true,
      egress: allowedOut,
      ingress: allowIn("kns.prod"),
    },
    {
      fact: "C.5 destination services: a slice port without a number contributes no member",
      resources: [...BASE, webToService({ name: "db" }), dbSlice([{ name: "pg" }])],
      flow: webToDb(5432),
      allowed: false,
      egress: endOfTier("default"),
    },
    {
      fact: "C.5 services: endpoints that are not ready are still members (Felix ignores conditions)",
      resources: [
        ...BASE,
        webToService({ name: "db" }),
        dbSlice([{ port: 5432 }], { endpoints: [{ addresses: ["10.0.1.2"], conditions: { ready: false } }] }),
      ],
      flow: webToDb(5432),
      allowed: true,
      egress: allowedOut,
      ingress: allowIn("kns.prod"),
    },
    {
      fact: "C.5 services: a slice belongs to the Service its kubernetes.io/service-name label names",
      resources: [
        ...BASE,
        webToService({ name: "db" }),
        endpointSlice("prod", "db-unlabelled", { endpoints: [["10.0.1.2"]], ports: [{ port: 5432 }] }),
      ],
      flow: webToDb(5432),
      allowed: false,
      egress: endOfTier("default"),
    },
    {
      fact: "C.5 services: the Service is looked up in the rule's namespace, not the slice's",
      resources: [...BASE, webToService({ name: "db", namespace: "dev" }), dbSlice([{ port: 5432 }])],
      flow: webToDb(5432),
      allowed: false,
      egress: endOfTier("default"),
    },
    {
      fact: "C.5 services: an FQDN slice contributes no member",
      resources: [
        ...BASE,
        webToService({ name: "db" }),
        endpointSlice("prod", "db-fqdn", {
          service: "db",
          addressType: "FQDN",
          endpoints: [["db.prod.example.com"]],
          ports: [{ port: 5432 }],
        }),
      ],
      flow: webToDb(5432),
      allowed: false,
      egress: endOfTier("default"),
    },
    {
      fact: "C.5 source services: the Service's endpoint addresses match whatever the ports",
      resources: [
        ...BASE,
        dbIngress([{ action: "Allow", source: { services: { name: "web" } } }]),
        endpointSlice("prod", "web-4fj9s", {
          service: "web",
          endpoints: [["10.0.1.1"]],
          ports: [{ port: 80 }],
        }),
      ],
      flow: webToDb(5432),
      allowed: true,
      egress: allowIn("kns.prod"),
      ingress: byRule("allow", "default", np("prod", "db-ingress"), 0),
    },
    {
      fact: "C.5 source services: an address outside every slice of the Service does not match",
      resources: [
        ...BASE,
        dbIngress([{ action: "Allow", source: { services: { name: "web" } } }]),
        endpointSlice("prod", "web-4fj9s", {
          service: "web",
          endpoints: [["10.0.1.9"]],
          ports: [{ port: 80 }],
        }),
      ],
      flow: webToDb(5432),
      allowed: false,
      ingress: endOfTier("default"),
    },
  ];
}

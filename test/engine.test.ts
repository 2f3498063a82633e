import { describe, expect, it } from "vitest";
import { PolicyEngine } from "../src/engine.js";
import { LabelIndex } from "../src/index/label-index.js";
import { ApplyError, FlowQueryError } from "../src/policy/errors.js";
import type { FlowQuery } from "../src/policy/types.js";
import { SelectorError } from "../src/selector/index.js";
import { BASE } from "./policy/conformance-cases.js";
import {
  endpointSlice,
  globalNetworkPolicy,
  globalNetworkSet,
  kubernetesNetworkPolicy,
  namespace,
  networkPolicy,
  pod,
  profile,
  stagedPolicy,
  tier,
  wep,
} from "./support/policy-fixtures.js";

const webToDb = (port: number): FlowQuery => ({
  protocol: "TCP",
  source: { endpoint: "prod/web" },
  destination: { endpoint: "prod/db", port },
});

function loaded(...extra: unknown[]): PolicyEngine {
  const engine = new PolicyEngine();
  engine.apply([...BASE, ...extra]);
  return engine;
}

describe("PolicyEngine.apply", () => {
  it("rejects a batch with an invalid resource, lists every issue, and changes nothing", () => {
    const engine = loaded();
    const bad = [
      networkPolicy("prod", "deny-all", { selector: "all()", types: ["Ingress"] }),
      networkPolicy("prod", "broken", { selector: "app ==", types: ["Ingress"] }),
      { apiVersion: "projectcalico.org/v3", kind: "Nope", metadata: { name: "x" } },
    ];
    let error: unknown;
    try {
      engine.apply(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApplyError);
    const issues = (error as ApplyError).issues;
    expect(issues.map((i) => i.index)).toEqual(expect.arrayContaining([1, 2]));
    expect(issues.find((i) => i.index === 1)?.resource).toMatchObject({
      kind: "NetworkPolicy",
      name: "broken",
    });
    expect(issues.find((i) => i.index === 1)?.path).toContain("selector");
    // deny-all (valid, first in the batch) was not applied either.
    expect(engine.check(webToDb(5432)).allowed).toBe(true);
    expect(engine.getResources("NetworkPolicy")).toEqual([]);
  });

  it("accepts a single resource as well as a list, and replaces a resource with the same name", () => {
    const engine = loaded();
    engine.apply(
      networkPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
    );
    expect(engine.check(webToDb(5432)).allowed).toBe(false);
    engine.apply(
      networkPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Allow" }],
      }),
    );
    expect(engine.check(webToDb(5432)).ingress?.decidedBy).toMatchObject({ kind: "rule", ruleIndex: 0 });
    expect(engine.check(webToDb(5432)).allowed).toBe(true);
  });

  it("re-evaluates placements when an endpoint's labels change", () => {
    const engine = loaded(
      networkPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
    );
    expect(engine.check(webToDb(5432)).allowed).toBe(false);
    engine.apply(wep("prod", "db", { labels: { app: "database" }, ips: ["10.0.1.2"] }));
    expect(engine.check(webToDb(5432)).allowed).toBe(true);
  });
});

describe("PolicyEngine built-in profile", () => {
  it("has projectcalico-default-allow without it being applied, and refuses to replace it", () => {
    const engine = loaded(
      wep("prod", "open", { labels: {}, ips: ["10.0.1.9"], profiles: ["projectcalico-default-allow"] }),
    );
    expect(engine.explain("prod/open").profiles).toEqual(["projectcalico-default-allow"]);
    const verdict = engine.check({
      protocol: "UDP",
      source: { endpoint: "prod/open" },
      destination: { ip: "192.0.2.1", port: 53 },
    });
    expect(verdict.egress?.decidedBy).toEqual({
      kind: "profile-rule",
      profile: "projectcalico-default-allow",
      ruleIndex: 0,
    });
    expect(verdict.egress?.trace[0]).toEqual({
      kind: "profile",
      profile: "projectcalico-default-allow",
      exists: true,
    });
    expect(() =>
      engine.apply(profile("projectcalico-default-allow", { ingress: [{ action: "Deny" }] })),
    ).toThrow(/provided by Calico/);
    expect(engine.delete({ kind: "Profile", name: "projectcalico-default-allow" })).toBe(false);
    expect(
      engine.check({
        protocol: "TCP",
        source: { endpoint: "prod/web" },
        destination: { endpoint: "prod/open", port: 80 },
      }).allowed,
    ).toBe(true);
  });
});

describe("PolicyEngine.delete", () => {
  it("lets a pod's other endpoint, or an address's other owner, take the name or address back", () => {
    const eth = (name: string, ip: string) => {
      const w = wep("prod", name, { labels: { app: name }, ips: [ip] });
      return { ...w, spec: { ...(w.spec as object), pod: "multi" } };
    };
    const engine = loaded(eth("multi-eth0", "10.0.9.1"), eth("multi-eth1", "10.0.9.2"));
    expect(engine.explain("prod/multi").endpoint.name).toBe("multi-eth1");
    expect(engine.delete({ kind: "WorkloadEndpoint", name: "multi-eth1", namespace: "prod" })).toBe(true);
    expect(engine.explain("prod/multi").endpoint.name).toBe("multi-eth0");

    const twin = wep("prod", "twin", { labels: {}, ips: ["10.0.9.1"] });
    engine.apply(twin);
    engine.delete({ kind: "WorkloadEndpoint", name: "twin", namespace: "prod" });
    const verdict = engine.check({
      protocol: "TCP",
      source: { ip: "10.0.9.1" },
      destination: { ip: "192.0.2.1", port: 80 },
    });
    expect(verdict.egress?.endpoint).toEqual({ namespace: "prod", name: "multi-eth0" });
  });

  it("removes a policy and reports whether it existed", () => {
    const engine = loaded(
      networkPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
    );
    expect(engine.delete({ kind: "NetworkPolicy", name: "db", namespace: "prod" })).toBe(true);
    expect(engine.delete({ kind: "NetworkPolicy", name: "db", namespace: "prod" })).toBe(false);
    expect(engine.check(webToDb(5432)).allowed).toBe(true);
  });

  it("deleting a Namespace removes its kns. profile, so its pods fall to no-match", () => {
    const engine = new PolicyEngine();
    engine.apply([
      namespace("shop"),
      pod("shop", "a", { app: "a" }, "10.1.0.1"),
      pod("shop", "b", { app: "b" }, "10.1.0.2"),
    ]);
    const flow: FlowQuery = {
      protocol: "TCP",
      source: { endpoint: "shop/a" },
      destination: { endpoint: "shop/b", port: 80 },
    };
    expect(engine.check(flow).allowed).toBe(true);
    expect(engine.delete({ kind: "Namespace", name: "shop" })).toBe(true);
    expect(engine.check(flow).ingress?.decidedBy).toEqual({ kind: "no-match" });
  });

  it("refuses two resources that become the same Calico resource, so deleting one cannot take the other", () => {
    const engine = new PolicyEngine();
    engine.apply([namespace("shop"), pod("shop", "a", { app: "a" }, "10.1.0.1")]);
    const before = engine.getResources().length;
    const clash = (resources: unknown[]) => {
      try {
        engine.apply(resources);
      } catch (error) {
        return (error as ApplyError).issues.map((i) => [i.code, i.message]);
      }
      return [];
    };
    expect(clash([profile("kns.shop")])).toEqual([
      [
        "duplicate-resource",
        "Profile kns.shop is also what Namespace shop (applied earlier) becomes: apply one of them",
      ],
    ]);
    expect(clash([namespace("bar"), profile("kns.bar")])).toEqual([
      [
        "duplicate-resource",
        "Profile kns.bar is also what Namespace bar (item 0) becomes: apply one of them",
      ],
    ]);
    expect(clash([wep("shop", "node1-k8s-a-eth0", { ips: ["10.1.0.9"] })])).toEqual([
      [
        "duplicate-resource",
        "WorkloadEndpoint shop/node1-k8s-a-eth0 is also what Pod shop/a (applied earlier) becomes: apply one of them",
      ],
    ]);
    expect(engine.getResources().length).toBe(before);
    // Re-applying the same resource, or replacing it, is not a clash.
    expect(clash([namespace("shop", { team: "x" }), pod("shop", "a", { app: "b" }, "10.1.0.1")])).toEqual([]);
    expect(engine.delete({ kind: "Namespace", name: "shop" })).toBe(true);
    expect(clash([profile("kns.shop")])).toEqual([]);
  });

  it("keeps a WorkloadEndpoint that takes the name a moved Pod leaves, whatever the batch order", () => {
    for (const wepFirst of [true, false]) {
      const engine = new PolicyEngine();
      engine.apply([namespace("shop"), pod("shop", "a", { app: "a" }, "10.1.0.1")]);
      const moved = pod("shop", "a", { app: "a" }, "10.1.0.1");
      (moved.spec as { nodeName: string }).nodeName = "node2";
      const newcomer = wep("shop", "node1-k8s-a-eth0", { ips: ["10.1.0.9"] });
      engine.apply(wepFirst ? [newcomer, moved] : [moved, newcomer]);
      expect(engine.listEndpoints().map((e) => e.name)).toEqual(["node1-k8s-a-eth0", "node2-k8s-a-eth0"]);
    }
  });

  it("tells a Kubernetes NetworkPolicy from a Calico one by apiVersion", () => {
    const engine = new PolicyEngine();
    engine.apply([
      namespace("shop"),
      kubernetesNetworkPolicy("shop", "p", { podSelector: {}, policyTypes: ["Ingress"] }),
    ]);
    expect(
      engine.delete({
        kind: "NetworkPolicy",
        name: "p",
        namespace: "shop",
        apiVersion: "projectcalico.org/v3",
      }),
    ).toBe(false);
    expect(
      engine.delete({
        kind: "NetworkPolicy",
        name: "p",
        namespace: "shop",
        apiVersion: "networking.k8s.io/v1",
      }),
    ).toBe(true);
  });
});

describe("PolicyEngine.check", () => {
  it("evaluates selectors nested as deep as 1024 characters allow, after Calico's rewriting nests them further", () => {
    const deep = (inner: string) => {
      const depth = Math.floor((1024 - inner.length) / 2);
      return `${"(".repeat(depth)}${inner}${")".repeat(depth)}`;
    };
    expect(deep("app == 'web'")).toHaveLength(1024);
    const engine = loaded(
      networkPolicy("prod", "db", {
        selector: deep("app == 'db'"),
        types: ["Ingress"],
        ingress: [
          {
            action: "Allow",
            source: {
              selector: deep("app == 'web'"),
              notSelector: deep("app == 'x'"),
              namespaceSelector: deep("all()"),
              serviceAccounts: { names: ["default"], selector: deep("all()") },
            },
          },
          { action: "Allow", source: { selector: deep("app == 'web'"), notSelector: deep("app == 'x'") } },
        ],
      }),
    );
    const verdict = engine.check(webToDb(80));
    // prod/web has no service account, so rule 0 fails on it and rule 1 decides.
    expect(verdict.ingress?.decidedBy).toEqual({
      kind: "rule",
      tier: "default",
      policy: { kind: "NetworkPolicy", name: "db", namespace: "prod" },
      ruleIndex: 1,
    });
    expect(verdict.ingress?.trace[2]).toMatchObject({ kind: "rule", ruleIndex: 0, matched: false });
  });

  it("traces every tier, policy and rule visited, with the first failing criterion", () => {
    const engine = loaded(
      networkPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [
          { action: "Allow", protocol: "TCP", destination: { ports: [80, 443] } },
          { action: "Allow", source: { selector: "app == 'api'" } },
        ],
      }),
    );
    const verdict = engine.check(webToDb(8080));
    expect(verdict.ingress?.trace).toEqual([
      { kind: "tier", tier: "default", exists: true },
      {
        kind: "policy",
        tier: "default",
        policy: { kind: "NetworkPolicy", name: "db", namespace: "prod" },
        staged: false,
      },
      {
        kind: "rule",
        tier: "default",
        policy: { kind: "NetworkPolicy", name: "db", namespace: "prod" },
        ruleIndex: 0,
        matched: false,
        reason: "destination port 8080 not in [80, 443]",
      },
      {
        kind: "rule",
        tier: "default",
        policy: { kind: "NetworkPolicy", name: "db", namespace: "prod" },
        ruleIndex: 1,
        matched: false,
        reason: 'source 10.0.1.1 not selected by (projectcalico.org/namespace == "prod" && app == "api")',
      },
      { kind: "end-of-tier", tier: "default", action: "deny" },
    ]);
  });

  it("returns the same verdict without a trace when asked", () => {
    const engine = loaded(networkPolicy("prod", "db", { selector: "app == 'db'", types: ["Ingress"] }));
    const verdict = engine.check(webToDb(80), { trace: false });
    expect(verdict.ingress).toMatchObject({
      action: "deny",
      decidedBy: { kind: "end-of-tier", tier: "default" },
      trace: [],
    });
  });

  it("reports the verdict staged policies would give", () => {
    const engine = loaded(
      stagedPolicy("prod", "lockdown", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
    );
    const ingress = engine.check(webToDb(5432)).ingress;
    expect(ingress?.action).toBe("allow");
    expect(ingress?.staged).toEqual({
      action: "deny",
      decidedBy: {
        kind: "rule",
        tier: "default",
        policy: { kind: "StagedNetworkPolicy", name: "lockdown", namespace: "prod" },
        ruleIndex: 0,
      },
    });
    expect(ingress?.trace).toContainEqual({
      kind: "policy",
      tier: "default",
      policy: { kind: "StagedNetworkPolicy", name: "lockdown", namespace: "prod" },
      staged: true,
    });
  });

  it("evaluates a staged policy beside its enforced namesake, enforced first on a tie (Calico's pending verdict)", () => {
    const engine = loaded(
      networkPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      stagedPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Allow" }],
      }),
    );
    const ingress = engine.check(webToDb(5432)).ingress;
    expect(ingress?.action).toBe("deny");
    // checkTiers(StagedAsEnforced) walks both; `db/prod/NetworkPolicy` sorts before `.../StagedNetworkPolicy`.
    expect(ingress?.staged).toEqual({
      action: "deny",
      decidedBy: {
        kind: "rule",
        tier: "default",
        policy: { kind: "NetworkPolicy", name: "db", namespace: "prod" },
        ruleIndex: 0,
      },
    });
  });

  it("lets a staged policy ordered first decide the pending verdict", () => {
    const engine = loaded(
      networkPolicy("prod", "db", {
        order: 200,
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      stagedPolicy("prod", "db-next", {
        order: 100,
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Allow" }],
      }),
    );
    const ingress = engine.check(webToDb(5432)).ingress;
    expect(ingress?.action).toBe("deny");
    expect(ingress?.staged?.action).toBe("allow");
  });

  it("evaluates staged Learn and Ignore policies too, and never places a staged Delete (not sent to Felix)", () => {
    for (const stagedAction of ["Learn", "Ignore"]) {
      const engine = loaded(
        stagedPolicy("prod", "s", {
          selector: "app == 'db'",
          types: ["Ingress"],
          ingress: [{ action: "Deny" }],
          stagedAction,
        }),
      );
      expect(engine.check(webToDb(5432)).ingress?.staged?.action, stagedAction).toBe("deny");
    }
    const engine = loaded(
      networkPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      }),
      { ...stagedPolicy("prod", "db", {}), spec: { stagedAction: "Delete" } },
    );
    const ingress = engine.check(webToDb(5432)).ingress;
    expect(ingress?.action).toBe("deny");
    expect(ingress?.staged).toBeUndefined();
    expect(engine.explain("prod/db").ingress.flatMap((t) => t.policies.map((p) => p.kind))).toEqual([
      "NetworkPolicy",
    ]);
    expect(engine.getResources("StagedNetworkPolicy")).toHaveLength(1);
  });

  it("unplaces a staged policy re-applied as Delete", () => {
    const staged = stagedPolicy("prod", "s", {
      selector: "app == 'db'",
      types: ["Ingress"],
      ingress: [{ action: "Deny" }],
    });
    const engine = loaded(staged);
    expect(engine.check(webToDb(5432)).ingress?.staged?.action).toBe("deny");
    engine.apply({ ...staged, spec: { stagedAction: "Delete" } });
    expect(engine.check(webToDb(5432)).ingress?.staged).toBeUndefined();
  });

  it("marks http criteria as not evaluated on the matching rule", () => {
    const engine = loaded(
      networkPolicy("prod", "db", {
        selector: "app == 'db'",
        types: ["Ingress"],
        ingress: [{ action: "Allow", http: { methods: ["GET"] } }],
      }),
    );
    expect(engine.check(webToDb(5432)).ingress?.trace).toContainEqual(
      expect.objectContaining({ kind: "rule", matched: true, notEvaluated: ["http"] }),
    );
  });

  it("throws a FlowQueryError for bad queries, and safeCheck returns it", () => {
    const engine = loaded();
    expect(() =>
      engine.check({
        protocol: "TCP",
        source: { endpoint: "prod/ghost" },
        destination: { endpoint: "prod/db" },
      }),
    ).toThrow(FlowQueryError);
    const result = engine.safeCheck({
      protocol: "TCP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/db", port: 0 },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({
      code: "bad-port",
      field: "destination.port",
      value: 0,
    });
  });

  it("resolves Kubernetes workloads by pod name", () => {
    const engine = new PolicyEngine();
    engine.apply([
      namespace("shop"),
      pod("shop", "front", { app: "front" }, "10.1.0.1"),
      pod("shop", "back", { app: "back" }, "10.1.0.2"),
    ]);
    const verdict = engine.check({
      protocol: "TCP",
      source: { endpoint: "shop/front" },
      destination: { endpoint: { namespace: "shop", name: "back" }, port: 80 },
    });
    expect(verdict.ingress?.endpoint.namespace).toBe("shop");
    expect(verdict.allowed).toBe(true);
  });

  it("prefers a WorkloadEndpoint name over another workload's pod name, and falls back when it goes", () => {
    const engine = new PolicyEngine();
    engine.apply([
      namespace("shop"),
      wep("shop", "front", { ips: ["10.1.0.1"], pod: "p1" }),
      wep("shop", "other", { ips: ["10.1.0.2"], pod: "front" }),
      wep("shop", "back", { ips: ["10.1.0.3"] }),
    ]);
    const toBack = (from: string) =>
      engine.check({
        protocol: "TCP",
        source: { endpoint: from },
        destination: { endpoint: "shop/back", port: 80 },
      });
    expect(toBack("shop/front").egress?.endpoint).toEqual({ namespace: "shop", name: "front" });
    engine.delete({ kind: "WorkloadEndpoint", namespace: "shop", name: "front" });
    expect(toBack("shop/front").egress?.endpoint).toEqual({ namespace: "shop", name: "other" });
    engine.delete({ kind: "WorkloadEndpoint", namespace: "shop", name: "other" });
    expect(() => toBack("shop/front")).toThrow(FlowQueryError);
  });

  it("re-answers a rule's selector for a source once its namespace labels change", () => {
    const engine = new PolicyEngine();
    engine.apply([
      namespace("a", { team: "red" }),
      namespace("b"),
      pod("a", "client", { app: "client" }, "10.1.0.1"),
      pod("b", "server", { app: "server" }, "10.2.0.1"),
      kubernetesNetworkPolicy("b", "from-red", {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "red" } } }] }],
      }),
    ]);
    const flow: FlowQuery = {
      protocol: "TCP",
      source: { endpoint: "a/client" },
      destination: { endpoint: "b/server", port: 80 },
    };
    expect(engine.check(flow).allowed).toBe(true);
    engine.apply(namespace("a", { team: "blue" }));
    expect(engine.check(flow).allowed).toBe(false);
    engine.apply(namespace("a", { team: "red" }));
    expect(engine.check(flow).allowed).toBe(true);
  });

  it("survives hostile queries without crashing", () => {
    const engine = loaded();
    for (const query of [
      null,
      42,
      [],
      { protocol: {} },
      { protocol: "TCP", source: "x", destination: {} },
      { protocol: "TCP", source: { ip: "x".repeat(100000) }, destination: { ip: "10.0.0.1" } },
    ]) {
      const result = engine.safeCheck(query as unknown as FlowQuery);
      expect(result.ok).toBe(false);
    }
  });
});

describe("PolicyEngine with EndpointSlices (services rules)", () => {
  const webToDbService = networkPolicy("prod", "web-out", {
    selector: "app == 'web'",
    types: ["Egress"],
    egress: [{ action: "Allow", destination: { services: { name: "db" } } }],
  });
  const slice = (ports: { port: number; protocol?: string }[]) =>
    endpointSlice("prod", "db-x7k2p", { service: "db", endpoints: [["10.0.1.2"]], ports });

  it("follows slices as they are applied, replaced and deleted", () => {
    const engine = loaded(webToDbService);
    const decided = () => engine.check(webToDb(5432)).egress?.decidedBy.kind;
    expect(decided()).toBe("end-of-tier");
    expect(engine.check(webToDb(5432)).egress?.trace.at(-2)).toMatchObject({
      kind: "rule",
      matched: false,
      reason: "destination service prod/db has no EndpointSlice loaded, so its IP set is empty",
    });
    engine.apply(slice([{ port: 5432 }]));
    expect(decided()).toBe("rule");
    engine.apply(slice([{ port: 6543 }]));
    expect(decided()).toBe("end-of-tier");
    expect(engine.check(webToDb(5432)).egress?.trace.at(-2)).toMatchObject({
      reason: "destination 10.0.1.2 port 5432 (TCP) is not an endpoint port of service prod/db",
    });
    engine.apply(
      endpointSlice("prod", "db-second", {
        service: "db",
        endpoints: [["10.0.1.2"]],
        ports: [{ port: 5432 }],
      }),
    );
    expect(decided()).toBe("rule");
    expect(engine.delete({ kind: "EndpointSlice", namespace: "prod", name: "db-second" })).toBe(true);
    expect(decided()).toBe("end-of-tier");
    expect(engine.delete({ kind: "EndpointSlice", namespace: "prod", name: "db-second" })).toBe(false);
    expect(engine.getResources("EndpointSlice").map((r) => r.metadata.name)).toEqual(["db-x7k2p"]);
  });

  it("refuses a slice whose address does not fit its address type, changing nothing", () => {
    const engine = loaded(webToDbService, slice([{ port: 5432 }]));
    const bad = endpointSlice("prod", "db-x7k2p", { service: "db", endpoints: [["fd00::1:2"]], ports: [] });
    expect(() => engine.apply(bad)).toThrow(/endpoints\[0\]\.addresses\[0\].*expected an IPv4 address/s);
    expect(engine.check(webToDb(5432)).egress?.decidedBy.kind).toBe("rule");
  });
});

describe("PolicyEngine.select and selectAll", () => {
  it("returns matching workload endpoints sorted, optionally within a namespace", () => {
    const engine = loaded();
    expect(engine.select("has(app)")).toEqual([
      { namespace: "dev", name: "client" },
      { namespace: "prod", name: "db" },
      { namespace: "prod", name: "web" },
    ]);
    expect(engine.select("has(app)", { namespace: "dev" })).toEqual([{ namespace: "dev", name: "client" }]);
    expect(engine.select("pcns.env == 'prod'")).toHaveLength(2);
  });

  it("includes network sets with selectAll and rejects a bad selector", () => {
    const engine = loaded(globalNetworkSet("partners", ["198.51.100.0/24"], { app: "partner" }));
    expect(engine.selectAll("app == 'partner'")).toEqual([{ kind: "GlobalNetworkSet", name: "partners" }]);
    expect(() => engine.select("app ==")).toThrow(SelectorError);
  });
});

describe("PolicyEngine.explain", () => {
  it("gives effective labels with their source, ordered tiers and policies per direction, and profiles", () => {
    const engine = loaded(
      tier("security", 100),
      globalNetworkPolicy("sec", {
        tier: "security",
        selector: "all()",
        types: ["Ingress", "Egress"],
        ingress: [{ action: "Pass" }],
        egress: [{ action: "Pass" }],
      }),
      networkPolicy("prod", "db", { order: 5, selector: "app == 'db'", types: ["Ingress"] }),
    );
    const explanation = engine.explain("prod/db");
    expect(explanation.labels).toContainEqual({ key: "app", value: "db", source: { kind: "own" } });
    expect(explanation.labels).toContainEqual({
      key: "pcns.env",
      value: "prod",
      source: { kind: "profile", profile: "kns.prod" },
    });
    expect(explanation.profiles).toEqual(["kns.prod"]);
    expect(explanation.ingress.map((t) => [t.name, t.policies.map((p) => p.name)])).toEqual([
      ["security", ["security.sec"]],
      ["default", ["db"]],
    ]);
    expect(explanation.egress.map((t) => t.name)).toEqual(["security"]);
    expect(explanation.ingress[1]?.policies[0]).toEqual({
      kind: "NetworkPolicy",
      name: "db",
      namespace: "prod",
      order: 5,
      staged: false,
    });
  });

  it("throws a FlowQueryError for an unknown endpoint", () => {
    expect(() => loaded().explain({ namespace: "prod", name: "nope" })).toThrow(
      /unknown endpoint "prod\/nope"/,
    );
  });
});

describe("PolicyEngine with hostile label keys", () => {
  it("rejects a __proto__ label key by name and treats constructor / toString as ordinary labels", () => {
    const engine = loaded();
    const hostile = wep("prod", "odd", { ips: ["10.0.1.8"] });
    (hostile.metadata as Record<string, unknown>).labels = JSON.parse('{"__proto__": "x"}');
    expect(() => engine.apply(hostile)).toThrow(/"__proto__"/);
    engine.apply([
      wep("prod", "odd", { labels: { constructor: "y", toString: "z" }, ips: ["10.0.1.8"] }),
      networkPolicy("prod", "odd-in", {
        selector: "constructor == 'y' && has(toString)",
        types: ["Ingress"],
        ingress: [{ action: "Deny", source: { selector: "app == 'web'" } }],
      }),
    ]);
    expect(engine.select("has(constructor)")).toEqual([{ namespace: "prod", name: "odd" }]);
    expect(engine.select("has(hasOwnProperty)")).toEqual([]);
    const verdict = engine.check({
      protocol: "TCP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/odd", port: 80 },
    });
    expect(verdict.ingress?.decidedBy).toMatchObject({
      kind: "rule",
      policy: { name: "odd-in" },
      ruleIndex: 0,
    });
  });
});

describe("PolicyEngine with arguments of the wrong type", () => {
  it("gives safeCheck's bad-query for a query whose getter throws, and clear TypeErrors elsewhere", () => {
    const engine = loaded();
    const result = engine.safeCheck({
      protocol: "TCP",
      source: {
        get endpoint(): string {
          throw new Error("boom");
        },
      },
      destination: { endpoint: "prod/web", port: 80 },
    } as FlowQuery);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("boom");
    expect(() => engine.delete(null as never)).toThrow(/delete: expected \{ kind, name/);
    expect(() => engine.getResources(123 as never)).toThrow(/getResources: expected a kind name/);
  });
});

describe("PolicyEngine listings and events", () => {
  it("lists endpoints and resources as applied", () => {
    const engine = loaded();
    expect(engine.listEndpoints()).toEqual([
      { namespace: "dev", name: "client" },
      { namespace: "prod", name: "db" },
      { namespace: "prod", name: "web" },
    ]);
    expect(engine.getResources("profile").map((r) => r.metadata.name)).toEqual(["kns.dev", "kns.prod"]);
    expect([...engine.resources()]).toHaveLength(BASE.length);
  });

  it("reports policy-to-endpoint matches as they start and stop", () => {
    const engine = loaded();
    const events: string[] = [];
    engine.onMatch((event, policy, endpoint) =>
      events.push(`${event} ${policy.name} ${endpoint.namespace}/${endpoint.name}`),
    );
    engine.apply(networkPolicy("prod", "db", { selector: "app == 'db'", types: ["Ingress"] }));
    engine.delete({ kind: "NetworkPolicy", name: "db", namespace: "prod" });
    expect(events).toEqual(["started db prod/db", "stopped db prod/db"]);
  });

  it("finishes an apply whose listener throws, delivers its events to every listener, then rethrows", () => {
    const engine = loaded();
    const events: string[] = [];
    engine.onMatch(() => {
      throw new Error("listener failed");
    });
    engine.onMatch((event, policy) => events.push(`${event} ${policy.name}`));
    expect(() =>
      engine.apply([
        networkPolicy("prod", "p1", { selector: "all()", types: ["Ingress"] }),
        pod("prod", "late", { app: "late" }, "10.0.9.9"),
      ]),
    ).toThrow("listener failed");
    // The whole batch is in, listed and deletable; the other listener saw every event.
    expect(engine.getResources("NetworkPolicy").map((r) => r.metadata.name)).toContain("p1");
    expect(engine.listEndpoints()).toContainEqual({ namespace: "prod", name: "node1-k8s-late-eth0" });
    expect(events.filter((e) => e === "started p1")).toHaveLength(3);
    expect(() => engine.delete({ kind: "NetworkPolicy", name: "p1", namespace: "prod" })).toThrow(
      "listener failed",
    );
    expect(engine.getResources("NetworkPolicy").map((r) => r.metadata.name)).not.toContain("p1");
  });

  it("completes a change when a listener on a caller-supplied index throws, and keeps no events back", () => {
    const index = new LabelIndex();
    const engine = new PolicyEngine({ index });
    engine.apply([...BASE]);
    const events: string[] = [];
    engine.onMatch((event, policy, endpoint) => events.push(`${event} ${policy.name} ${endpoint.name}`));
    let thrown = false;
    index.on("matchStarted", () => {
      if (thrown) return;
      thrown = true;
      throw new Error("index listener failed");
    });
    expect(() =>
      engine.apply([
        networkPolicy("prod", "deny", { selector: "all()", types: ["Ingress"] }),
        wep("prod", "late", { ips: ["10.0.9.9"] }),
      ]),
    ).toThrow("index listener failed");
    // Applied in full: listed, enforced, deletable; its events were delivered, none held back.
    expect(engine.getResources("NetworkPolicy").map((r) => r.metadata.name)).toEqual(["deny"]);
    expect(engine.check(webToDb(5432)).allowed).toBe(false);
    expect(events.filter((e) => e.startsWith("started deny"))).toHaveLength(3);
    expect(engine.delete({ kind: "NetworkPolicy", name: "deny", namespace: "prod" })).toBe(true);
    const count = events.length;
    engine.apply([wep("prod", "other", { ips: ["10.0.9.7"] })]);
    expect(events.length).toBe(count);
  });

  it("delivers events after the change, so a listener sees the engine as the change left it", () => {
    const engine = loaded();
    const seen: string[] = [];
    engine.onMatch((event, policy, endpoint) => {
      seen.push(`${event} ${policy.name} ${endpoint.name}`);
      // Both resources of the batch are already in when the first event arrives.
      seen.push(`late loaded: ${engine.listEndpoints().some((e) => e.name === "node1-k8s-late-eth0")}`);
    });
    engine.apply([
      networkPolicy("prod", "p1", { selector: "app == 'late'", types: ["Ingress"] }),
      pod("prod", "late", { app: "late" }, "10.0.9.9"),
    ]);
    expect(seen).toEqual(["started p1 node1-k8s-late-eth0", "late loaded: true"]);
  });

  it("refuses a listener that is not a function, and bad delete / selectAll arguments", () => {
    const engine = loaded();
    expect(() => engine.onMatch(5 as never)).toThrow("onMatch: expected a listener function, got a number");
    engine.apply(networkPolicy("prod", "p1", { selector: "all()", types: ["Ingress"] }));
    expect(() =>
      engine.delete({ kind: "NetworkPolicy", name: "p1", namespace: "prod", apiVersion: 5 as never }),
    ).toThrow("delete: expected apiVersion to be a string when given, got a number");
    expect(() => engine.delete({ kind: "NetworkPolicy", name: "p1", namespace: 5 as never })).toThrow(
      "delete: expected namespace to be a string when given",
    );
    expect(() => engine.selectAll("all()", { namespace: 5 as never })).toThrow(
      "selectAll: expected namespace to be a string",
    );
    expect(() => engine.selectAll("all()", { kinds: "WorkloadEndpoint" as never })).toThrow(
      "selectAll: expected kinds to be a list of endpoint kinds",
    );
    expect(() => engine.selectAll("all()", { kinds: [5 as never] })).toThrow("unknown endpoint kind 5");
    expect(engine.selectAll("all()", { kinds: ["WorkloadEndpoint"], namespace: "prod" })).toHaveLength(2);
  });
});

/**
 * Property: on random clusters (endpoints, network sets, EndpointSlices, tiers, policies with
 * random rules, Service references included) and
 * random flows, the indexed PolicyEngine and the naive reference evaluator reach the same
 * verdict, decided by the same tier, policy and rule.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PolicyEngine } from "../../src/engine.js";
import type { FlowQuery } from "../../src/policy/types.js";
import {
  endpointSlice,
  globalNetworkPolicy,
  globalNetworkSet,
  networkPolicy,
  profile,
  stagedPolicy,
  tier,
  wep,
} from "../support/policy-fixtures.js";
import { referenceCheck } from "../support/reference-evaluator.js";

const NAMESPACES = ["a", "b"] as const;
const SELECTORS = ["", "app == 'x'", "has(role)", "role != 'fe'", "app in {'x', 'y'}", "pcns.env == 'prod'"];
const PORTS = [53, 80, 443] as const;

const labelsArb = fc.record(
  { app: fc.constantFrom("x", "y", "z"), role: fc.constantFrom("fe", "be") },
  { requiredKeys: [] },
);

/** An entity with at most two criteria, so that random rules match often enough to matter. */
const entityArb = (withNumericPorts: boolean) => {
  const fields: fc.Arbitrary<Record<string, unknown>>[] = [
    fc.constantFrom(...SELECTORS.slice(1)).map((selector) => ({ selector })),
    fc.constantFrom("app == 'y'", "has(role)").map((notSelector) => ({ notSelector })),
    fc.constantFrom("env == 'prod'", "all()", "global()").map((namespaceSelector) => ({ namespaceSelector })),
    fc.constantFrom(["10.0.0.0/16"], ["10.0.1.0/24"], ["192.168.0.0/16"]).map((nets) => ({ nets })),
    fc.constantFrom(["10.0.1.0/30"], ["192.168.5.0/24"]).map((notNets) => ({ notNets })),
    (withNumericPorts
      ? fc.constantFrom([80], ["50:90"], ["http"], [443, "dns"], [53, "http"])
      : fc.constantFrom(["http"], ["dns"], ["http", "dns"])
    ).map((ports) => ({ ports })),
    (withNumericPorts ? fc.constantFrom([443], ["http"], [53]) : fc.constantFrom(["dns"], ["http"])).map(
      (notPorts) => ({
        notPorts,
      }),
    ),
  ];
  return fc.oneof(
    { arbitrary: fc.constant({}), weight: 3 },
    { arbitrary: fc.oneof(...fields), weight: 4 },
    {
      arbitrary: fc.tuple(fc.oneof(...fields), fc.oneof(...fields)).map(([a, b]) => ({ ...a, ...b })),
      weight: 2,
    },
  );
};

/** A Service reference (with its namespace, so it is valid in global policies too). */
const servicesArb = fc
  .record({ name: fc.constantFrom("svc1", "svc2"), namespace: fc.constantFrom(...NAMESPACES) })
  .map((services) => ({ services }));

/**
 * A rule for one direction: any entity on either side, or (Calico allows services only there) a
 * Service as an egress rule's destination or an ingress rule's source.
 */
const ruleArb = (direction: "ingress" | "egress") =>
  fc.oneof({ arbitrary: plainRuleArb, weight: 4 }, { arbitrary: serviceRuleArb(direction), weight: 1 });

const serviceRuleArb = (direction: "ingress" | "egress") =>
  fc
    .record(
      {
        action: fc.constantFrom("Allow", "Deny", "Pass"),
        protocol: fc.option(fc.constantFrom("TCP", "UDP"), { nil: undefined }),
        services: servicesArb,
      },
      { requiredKeys: ["action", "services"] },
    )
    .map(({ services, ...rule }) => ({
      ...rule,
      ...(direction === "egress" ? { destination: services } : { source: services }),
    }));

const plainRuleArb = fc
  .record(
    {
      action: fc.constantFrom("Allow", "Deny", "Pass", "Log"),
      protocol: fc.option(fc.constantFrom("TCP", "UDP"), { nil: undefined }),
    },
    { requiredKeys: ["action"] },
  )
  .chain((base) =>
    fc
      .record({
        source: entityArb(base.protocol !== undefined),
        destination: entityArb(base.protocol !== undefined),
      })
      .map((sides) => {
        const rule: Record<string, unknown> = { action: base.action, ...sides };
        if (base.protocol !== undefined) rule.protocol = base.protocol;
        return rule;
      }),
  );

const policyArb = fc.record({
  global: fc.boolean(),
  namespace: fc.constantFrom(...NAMESPACES),
  tier: fc.constantFrom("default", "t1", "t2", "ghost"),
  order: fc.option(fc.constantFrom(1, 2, 3), { nil: undefined }),
  selector: fc.constantFrom(...SELECTORS),
  types: fc.constantFrom(["Ingress"], ["Egress"], ["Ingress", "Egress"]),
  ingress: fc.array(ruleArb("ingress"), { maxLength: 3 }),
  egress: fc.array(ruleArb("egress"), { maxLength: 3 }),
  // Staged (and with which action), or enforced; a few share a name with an enforced policy.
  staged: fc.option(fc.constantFrom("Set", "Learn", "Ignore", "Delete"), { nil: undefined, freq: 3 }),
  sameName: fc.boolean(),
});

const clusterArb = fc.record({
  endpoints: fc.array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACES),
      labels: labelsArb,
      ports: fc.boolean(),
      noProfile: fc.boolean(),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  netsets: fc.array(
    fc.record({ net: fc.constantFrom("10.0.0.0/16", "10.0.1.0/24", "192.168.0.0/16"), labels: labelsArb }),
    { maxLength: 2 },
  ),
  tiers: fc.array(
    fc.record({
      name: fc.constantFrom("t1", "t2"),
      order: fc.option(fc.constantFrom(10, 20), { nil: undefined }),
      pass: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  policies: fc.array(policyArb, { maxLength: 5 }),
  slices: fc.array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACES),
      service: fc.constantFrom("svc1", "svc2"),
      addresses: fc.uniqueArray(fc.oneof(fc.nat({ max: 4 }), fc.constantFrom("192.168.5.5", "10.0.1.77")), {
        minLength: 1,
        maxLength: 3,
      }),
      ports: fc.array(
        fc.record(
          {
            port: fc.constantFrom(...PORTS),
            protocol: fc.constantFrom("TCP", "UDP"),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 3 },
  ),
  flows: fc.array(
    fc.record({
      protocol: fc.constantFrom("TCP", "UDP"),
      source: fc.oneof(fc.nat({ max: 4 }), fc.constantFrom("192.168.5.5", "10.0.1.77", "203.0.113.1")),
      destination: fc.oneof(fc.nat({ max: 4 }), fc.constantFrom("192.168.5.5", "10.0.1.77")),
      sourcePort: fc.constantFrom(...PORTS),
      destinationPort: fc.constantFrom(...PORTS),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function resourcesOf(cluster: Cluster): unknown[] {
  const out: unknown[] = [
    profile("kns.a", {
      labelsToApply: { "pcns.env": "prod" },
      ingress: [{ action: "Allow" }],
      egress: [{ action: "Allow" }],
    }),
    profile("kns.b", {
      labelsToApply: { "pcns.env": "dev" },
      ingress: [{ action: "Allow" }],
      egress: [{ action: "Allow" }],
    }),
  ];
  cluster.endpoints.forEach((e, i) => {
    out.push(
      wep(e.namespace, `ep${i}`, {
        labels: e.labels,
        ips: [`10.0.1.${i + 1}`],
        profiles: e.noProfile ? [] : [`kns.${e.namespace}`],
        ports: e.ports
          ? [
              { name: "http", protocol: "TCP", port: 80 },
              { name: "dns", protocol: "UDP", port: 53 },
            ]
          : [],
      }),
    );
  });
  cluster.netsets.forEach((n, i) => {
    out.push(globalNetworkSet(`set${i}`, [n.net], n.labels));
  });
  cluster.slices.forEach((s, i) => {
    out.push(
      endpointSlice(s.namespace, `slice${i}`, {
        service: s.service,
        endpoints: [s.addresses.map((a) => (typeof a === "string" ? a : `10.0.1.${a + 1}`))],
        ports: s.ports,
      }),
    );
  });
  const seenTiers = new Set<string>();
  for (const t of cluster.tiers) {
    if (seenTiers.has(t.name)) continue;
    seenTiers.add(t.name);
    out.push(tier(t.name, t.order, t.pass ? "Pass" : "Deny"));
  }
  const stagedNames = new Set<string>();
  cluster.policies.forEach((p, i) => {
    const spec: Record<string, unknown> = {
      tier: p.tier,
      selector: p.selector,
      types: p.types,
      ingress: p.ingress,
      egress: p.egress,
    };
    if (p.order !== undefined) spec.order = p.order;
    if (p.staged === undefined) {
      out.push(p.global ? globalNetworkPolicy(`p${i}`, spec) : networkPolicy(p.namespace, `p${i}`, spec));
      return;
    }
    // A staged policy may take an enforced policy's name (p0), which changes nothing in Calico;
    // two staged ones of one kind and namespace may not share a name (they would be one resource).
    const namespace = p.global ? "" : p.namespace;
    const name = p.sameName && !stagedNames.has(`${namespace}/p0`) ? "p0" : `s${i}`;
    stagedNames.add(`${namespace}/${name}`);
    const staged = stagedPolicy(namespace, name, p.staged === "Delete" ? {} : spec);
    out.push({ ...staged, spec: { ...(staged.spec as object), stagedAction: p.staged } });
  });
  return out;
}

function flowsOf(cluster: Cluster): FlowQuery[] {
  const peer = (side: number | string, port: number) => {
    if (typeof side === "string") return { ip: side, port };
    const i = side % cluster.endpoints.length;
    return { endpoint: `${cluster.endpoints[i]!.namespace}/ep${i}`, port };
  };
  return cluster.flows.map((f) => ({
    protocol: f.protocol,
    source: peer(f.source, f.sourcePort),
    destination: peer(f.destination, f.destinationPort),
  }));
}

describe("PolicyEngine agrees with the reference evaluator", () => {
  it("on random clusters and flows (verdict, deciding tier, policy and rule, and the pending verdict)", () => {
    fc.assert(
      fc.property(clusterArb, (cluster) => {
        const resources = resourcesOf(cluster);
        const engine = new PolicyEngine();
        engine.apply(resources);
        for (const flow of flowsOf(cluster)) {
          const actual = engine.check(flow, { trace: false });
          const expected = referenceCheck(resources, flow as Parameters<typeof referenceCheck>[1]);
          const strip = (d: typeof actual.egress) =>
            d === null ? null : { action: d.action, decidedBy: d.decidedBy, staged: d.staged };
          const pick = (d: typeof expected.egress) =>
            d === null ? null : { action: d.action, decidedBy: d.decidedBy, staged: d.staged };
          expect({
            allowed: actual.allowed,
            egress: strip(actual.egress),
            ingress: strip(actual.ingress),
          }).toEqual({
            allowed: expected.allowed,
            egress: pick(expected.egress),
            ingress: pick(expected.ingress),
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});

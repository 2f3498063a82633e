/**
 * Q1: flow-check latency at N workload endpoints and M policies (docs/benchmarks.md; bar at
 * N = 100k, M = 10k: p50 ≤ 5 µs, p99 ≤ 50 µs). The cluster is Kubernetes-shaped and built before
 * timing: namespaces of 10 deployments × 10 replicas (labels app / version / tier, a named port),
 * namespace profiles with pcns. labels, 10 NetworkPolicies per namespace (ingress from the
 * previous deployment on a numeric or named port, from a namespace selector, a deny for
 * another port), one security tier of GlobalNetworkPolicies that Pass or Deny, and a
 * GlobalNetworkSet. Flows are drawn from a fixed seed: mostly same-namespace, some
 * cross-namespace and some from outside addresses, over allowed and denied ports.
 * Timed: `check` as DESIGN.md defines it (trace built) over 10k distinct flows, `check(flow,
 * { trace: false })`, and `check` over a 100-flow working set (cache-warm cost).
 * Run: `npx tsx bench/scenarios/q1-flow-check.ts [--full | --size=N:M]`.
 * The naive reference evaluator (test/support) is measured on a small cluster in the same run,
 * and its verdicts are compared with the engine's for every sampled flow (a mismatch fails).
 */
import { PolicyEngine } from "../../src/engine.js";
import type { FlowQuery } from "../../src/policy/types.js";
import { referenceEvaluator } from "../../test/support/reference-evaluator.js";
import {
  benchArgs,
  formatNs,
  type ScenarioResult,
  seededRandom,
  timeOnce,
  timeOps,
  writeResults,
} from "../support/report.js";

const DEPLOYMENTS = 10;
const REPLICAS = 10;
const PER_NAMESPACE = DEPLOYMENTS * REPLICAS;
const POLICIES_PER_NAMESPACE = 10;

function ipOf(i: number): string {
  return `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
}

/** The resources of a cluster with `endpoints` workloads and about `policies` policies. */
function buildCluster(endpoints: number, policies: number): unknown[] {
  const namespaces = Math.max(1, Math.ceil(endpoints / PER_NAMESPACE));
  const out: unknown[] = [
    {
      apiVersion: "projectcalico.org/v3",
      kind: "Tier",
      metadata: { name: "security" },
      spec: { order: 100 },
    },
    {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkSet",
      metadata: { name: "partners", labels: { role: "partner" } },
      spec: { nets: ["198.51.100.0/24"] },
    },
    {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "security.block-metadata" },
      spec: {
        tier: "security",
        order: 1,
        selector: "all()",
        types: ["Egress"],
        egress: [{ action: "Deny", destination: { nets: ["169.254.169.254/32"] } }, { action: "Pass" }],
      },
    },
    {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "security.quarantine" },
      spec: {
        tier: "security",
        order: 2,
        namespaceSelector: "quarantine == 'true'",
        types: ["Ingress"],
        ingress: [{ action: "Deny" }],
      },
    },
    {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "security.pass" },
      spec: {
        tier: "security",
        order: 10,
        selector: "all()",
        types: ["Ingress"],
        ingress: [{ action: "Pass" }],
      },
    },
  ];
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    out.push({
      apiVersion: "projectcalico.org/v3",
      kind: "Profile",
      metadata: { name: `kns.${ns}` },
      spec: {
        labelsToApply: {
          "pcns.projectcalico.org/name": ns,
          "pcns.team": `team-${n % 50}`,
          ...(n % 97 === 0 ? { "pcns.quarantine": "true" } : {}),
        },
        ingress: [{ action: "Allow" }],
        egress: [{ action: "Allow" }],
      },
    });
  }
  for (let i = 0; i < endpoints; i++) {
    const n = Math.floor(i / PER_NAMESPACE);
    const d = Math.floor((i % PER_NAMESPACE) / REPLICAS);
    out.push({
      apiVersion: "projectcalico.org/v3",
      kind: "WorkloadEndpoint",
      metadata: {
        name: `node${i % 500}-k8s-app--${d}--${i}-eth0`,
        namespace: `ns-${n}`,
        labels: { app: `app-${d}`, version: `v${i % 3}`, tier: d < 3 ? "frontend" : "backend" },
      },
      spec: {
        orchestrator: "k8s",
        node: `node${i % 500}`,
        pod: `app-${d}-${i}`,
        endpoint: "eth0",
        interfaceName: `cali${i.toString(16).padStart(11, "0")}`,
        ipNetworks: [`${ipOf(i)}/32`],
        profiles: [`kns.ns-${n}`],
        ports: [{ name: "http", protocol: "TCP", port: 8080 }],
      },
    });
  }
  const perNamespace = Math.min(POLICIES_PER_NAMESPACE, Math.max(1, Math.ceil(policies / namespaces)));
  let made = 0;
  for (let n = 0; n < namespaces && made < policies; n++) {
    for (let d = 0; d < perNamespace && made < policies; d++, made++) {
      out.push({
        apiVersion: "projectcalico.org/v3",
        kind: "NetworkPolicy",
        metadata: { name: `allow-app-${d}`, namespace: `ns-${n}` },
        spec: {
          order: 100 + d,
          selector: `app == 'app-${d}'`,
          types: ["Ingress", "Egress"],
          ingress: [
            { action: "Deny", protocol: "TCP", destination: { ports: [22] } },
            {
              action: "Allow",
              protocol: "TCP",
              source: { selector: `app == 'app-${(d + DEPLOYMENTS - 1) % DEPLOYMENTS}'` },
              destination: { ports: d % 2 === 0 ? [8080, "9000:9100"] : ["http"] },
            },
            {
              action: "Allow",
              protocol: "TCP",
              source: { namespaceSelector: `team == 'team-${n % 50}'`, selector: "tier == 'frontend'" },
            },
            { action: "Allow", source: { selector: "role == 'partner'", namespaceSelector: "global()" } },
          ],
          egress: [
            { action: "Deny", protocol: "UDP", destination: { notNets: ["10.0.0.0/8"], ports: [53] } },
            { action: "Allow" },
          ],
        },
      });
    }
  }
  return out;
}

/** Deterministic flows over the cluster: same-namespace, cross-namespace and outside sources. */
function buildFlows(endpoints: number, count: number, seed: number): FlowQuery[] {
  const random = seededRandom(seed);
  const pick = (max: number) => Math.floor(random() * max);
  const endpointName = (i: number) => {
    const n = Math.floor(i / PER_NAMESPACE);
    const d = Math.floor((i % PER_NAMESPACE) / REPLICAS);
    return `ns-${n}/app-${d}-${i}`;
  };
  const flows: FlowQuery[] = [];
  for (let k = 0; k < count; k++) {
    const dst = pick(endpoints);
    const nsBase = dst - (dst % PER_NAMESPACE);
    const kind = random();
    const port = [8080, 8080, 9050, 22, 443][pick(5)]!;
    let source: FlowQuery["source"];
    if (kind < 0.6)
      source = { endpoint: endpointName(Math.min(endpoints - 1, nsBase + pick(PER_NAMESPACE))) };
    else if (kind < 0.85) source = { endpoint: endpointName(pick(endpoints)) };
    else if (kind < 0.95) source = { ip: `198.51.100.${pick(250) + 1}` };
    else source = { ip: `203.0.113.${pick(250) + 1}` };
    flows.push({ protocol: "TCP", source, destination: { endpoint: endpointName(dst), port } });
  }
  return flows;
}

function comparable(v: { allowed: boolean; egress: unknown; ingress: unknown }): string {
  const strip = (d: unknown) =>
    d === null
      ? null
      : { action: (d as { action: string }).action, decidedBy: (d as { decidedBy: unknown }).decidedBy };
  return JSON.stringify({ allowed: v.allowed, egress: strip(v.egress), ingress: strip(v.ingress) });
}

const { full } = benchArgs();
// `--size N:M` runs one size only (e.g. `--size 100000:10000` for the bar alone).
const sizeArg = process.argv.find((a) => a.startsWith("--size="))?.slice("--size=".length);
const chosen = sizeArg?.match(/^(\d+):(\d+)$/);
const SIZES: readonly (readonly [number, number])[] = chosen
  ? [[Number(chosen[1]), Number(chosen[2])]]
  : full
    ? [
        [1_000, 100],
        [10_000, 1_000],
        [100_000, 10_000],
      ]
    : [
        [1_000, 100],
        [10_000, 1_000],
      ];
const ITERATIONS = full ? 200_000 : 50_000;
const NAIVE_SIZE: readonly [number, number] = [1_000, 100];
const NAIVE_FLOWS = 300;

const results: ScenarioResult[] = [];

// Naive baseline and correctness check, at a size where the reference finishes.
{
  const [n, m] = NAIVE_SIZE;
  const resources = buildCluster(n, m);
  const engine = new PolicyEngine();
  engine.apply(resources);
  const reference = referenceEvaluator(resources);
  const flows = buildFlows(n, NAIVE_FLOWS, 7);
  let mismatches = 0;
  for (const flow of flows) {
    const mine = comparable(engine.check(flow));
    const theirs = comparable(reference(flow as Parameters<typeof reference>[0]));
    if (mine !== theirs) {
      mismatches++;
      if (mismatches <= 3)
        console.error(`mismatch for ${JSON.stringify(flow)}:\n  engine    ${mine}\n  reference ${theirs}`);
    }
  }
  if (mismatches > 0) {
    console.error(`q1: ${mismatches}/${flows.length} verdicts differ from the reference evaluator`);
    process.exit(1);
  }
  const naive = timeOps((i) => reference(flows[i % flows.length] as Parameters<typeof reference>[0]), {
    iterations: 300,
    warmup: 20,
  });
  results.push({
    scenario: "q1-flow-check",
    params: { endpoints: n, policies: m, implementation: "naive-reference" },
    median_ns: naive.median_ns,
    p99_ns: naive.p99_ns,
    p999_ns: naive.p999_ns,
    samples: naive.samples,
    compared_flows: flows.length,
    mismatches,
  });
  console.log(
    `q1 naive reference N=${n} M=${m}: p50 ${formatNs(naive.median_ns)}  p99 ${formatNs(naive.p99_ns)} (verdicts identical on ${flows.length} flows)`,
  );
}

for (const [n, m] of SIZES) {
  const resources = buildCluster(n, m);
  const engine = new PolicyEngine();
  const loadNs = timeOnce(() => engine.apply(resources));
  const flows = buildFlows(n, 10_000, 42);
  let allowed = 0;
  for (const flow of flows) if (engine.check(flow, { trace: false }).allowed) allowed++;
  const firstPass = timeOnce(() => {
    for (const flow of flows) engine.check(flow);
  });
  const traced = timeOps((i) => engine.check(flows[i % flows.length]!), { iterations: ITERATIONS });
  const fast = timeOps((i) => engine.check(flows[i % flows.length]!, { trace: false }), {
    iterations: ITERATIONS,
  });
  // The same check over a working set of 100 flows: the cost once the data is in cache, which
  // separates the engine's work from memory latency at large N.
  const warm = timeOps((i) => engine.check(flows[i % 100]!), { iterations: ITERATIONS });
  for (const [mode, stats] of [
    ["check", traced],
    ["check-trace-false", fast],
    ["check-100-flow-working-set", warm],
  ] as const) {
    results.push({
      scenario: "q1-flow-check",
      params: { endpoints: n, policies: m, mode },
      median_ns: stats.median_ns,
      p99_ns: stats.p99_ns,
      p999_ns: stats.p999_ns,
      mean_ns: stats.mean_ns,
      samples: stats.samples,
      load_ns: loadNs,
      warm_pass_10k_flows_ns: firstPass,
      allowed_fraction: allowed / flows.length,
    });
    console.log(
      `q1 ${mode.padEnd(26)} N=${String(n).padStart(6)} M=${String(m).padStart(5)}: p50 ${formatNs(stats.median_ns).padStart(9)}  p99 ${formatNs(stats.p99_ns).padStart(9)}  p99.9 ${formatNs(stats.p999_ns).padStart(9)}  (load ${formatNs(loadNs)}, ${Math.round((100 * allowed) / flows.length)}% allowed)`,
    );
  }
}

const file = writeResults("q1-flow-check", results);
console.log(`q1: results in ${file}`);

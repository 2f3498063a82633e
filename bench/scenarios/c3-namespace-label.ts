/**
 * C3: a namespace label change with k ∈ {1, 100, 3000} pods in the namespace, for a label that
 * selectors reference (`pcns.stage`, used by 10 selectors of that namespace's apps) and for one
 * that none references (`pcns.note`). Base: the realistic cluster at N = 10k, M = 1k. Naive
 * baseline: every selector on every pod of the namespace.
 * Bar: with an unreferenced label the cost is independent of k.
 */
import { LabelIndex } from "../../src/index/label-index.js";
import { parseSelector } from "../../src/selector/index.js";
import type { Selector } from "../../src/selector/types.js";
import { cluster, REPLICAS } from "../support/cluster.js";
import { countMatchChanges, loadParentsAndSelectors } from "../support/index-setup.js";
import { verifyFinalMatches } from "../support/naive-loop.js";
import { benchArgs, formatNs, type ScenarioResult, timeOps, writeResults } from "../support/report.js";

const { full } = benchArgs();
const N = 10_000;
const M = 1_000;
const OPS = full ? 10_000 : 2_000;

const results: ScenarioResult[] = [];
for (const referenced of [false, true]) {
  for (const k of [1, 100, 3_000]) {
    const shape = cluster(N, M);
    const index = new LabelIndex();
    const delta = countMatchChanges(index);
    const all: Selector[] = loadParentsAndSelectors(index, shape);
    for (let j = 0; j < 10; j++) {
      const selector = parseSelector(`(pcns.stage == "blue") && (app == "big-${j}")`);
      all.push(selector);
      index.addSelector(`stage-${j}`, selector);
    }
    for (let i = 0; i < N; i++) index.upsertEndpoint(shape.endpointId(i), shape.endpoint(i));
    const base = new Map([
      ["pcns.projectcalico.org/name", "big"],
      ["pcns.team", "team-1"],
    ]);
    index.upsertParent("kns.big", base);
    for (let i = 0; i < k; i++) {
      index.upsertEndpoint(`wep:big/pod-${i}`, {
        labels: { app: `big-${Math.floor(i / REPLICAS)}`, "projectcalico.org/namespace": "big" },
        parents: ["kns.big"],
        ips: [`172.16.${i >> 8}.${i & 255}`],
      });
    }
    const label = referenced ? "pcns.stage" : "pcns.note";
    const variants = ["blue", "green"].map((v) => new Map([...base, [label, v]]));
    const evaluationsBefore = index.stats().evaluations;
    const deltaBefore = delta();
    const stats = timeOps((i) => index.upsertParent("kns.big", variants[i % 2]!), {
      iterations: OPS,
      warmup: 200,
    });
    const ops = OPS + 200;
    const evaluations = index.stats().evaluations - evaluationsBefore;
    const changes = delta() - deltaBefore;
    const lookup = new Map([["app", "big-0"], ["projectcalico.org/namespace", "big"], ...variants[0]!]);
    let sink = 0;
    const naive = timeOps(
      () => {
        for (let p = 0; p < k; p++) for (const s of all) if (s.evaluate(lookup)) sink++;
      },
      { iterations: Math.max(5, Math.min(200, Math.floor(200_000 / (k * all.length)))), warmup: 2 },
    );
    const amplification = evaluations / (changes + ops);
    const bigPods = Array.from(
      { length: k },
      (_, i) =>
        [
          `wep:big/pod-${i}`,
          {
            labels: { app: `big-${Math.floor(i / REPLICAS)}`, "projectcalico.org/namespace": "big" },
            parents: ["kns.big"],
          },
        ] as const,
    );
    verifyFinalMatches(
      `C3 k=${k} referenced=${referenced}`,
      index,
      [
        ...shape.selectors.map((s, j) => [s.id, all[j]!] as const),
        ...all.slice(shape.selectors.length).map((s, j) => [`stage-${j}`, s] as const),
      ],
      [...Array.from({ length: N }, (_, i) => [shape.endpointId(i), shape.endpoint(i)] as const), ...bigPods],
      new Map([...shape.parents, ["kns.big", variants[(ops - 1) % 2]!]]),
    );
    results.push({
      scenario: "C3",
      params: { k, referenced, N, M },
      ...stats,
      naive_median_ns: naive.median_ns,
      evaluations_per_op: evaluations / ops,
      match_changes_per_op: changes / ops,
      amplification,
      sink,
      summary: `${referenced ? "referenced" : "unreferenced"}: median ${formatNs(stats.median_ns)}, p99 ${formatNs(stats.p99_ns)}; Δ ${(changes / ops).toFixed(0)}/op, ${(evaluations / ops).toFixed(1)} evals/op; naive ${formatNs(naive.median_ns)}`,
    });
    console.log(`C3 k=${k}: ${results.at(-1)!.summary}`);
  }
}
const unreferenced = results.filter((r) => r.params.referenced === false);
const ratio = unreferenced.at(-1)!.median_ns! / unreferenced[0]!.median_ns!;
results.push({
  scenario: "C3",
  params: { bar: "unreferenced k=3000 vs k=1" },
  ratio,
  bar_met: ratio <= 1.5,
  summary: `unreferenced label: k=3000 / k=1 = ${ratio.toFixed(2)}× (bar: independent of k)`,
});
console.log(`C3 bar: ${results.at(-1)!.summary}`);
console.log(`results: ${writeResults("C3", results)}`);

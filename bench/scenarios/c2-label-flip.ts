/**
 * C2: a label flip on one pod that k ∈ {0, 10, 1k} selectors reference. Base: the realistic
 * cluster at N = 10k, M = 1k, plus k distinct selectors `(status == "on") && (app != "none-<j>")`
 * that all match the pod while its `status` label is "on". The timed op flips the label, so each
 * op starts or stops k matches. Naive baseline: every selector evaluated on the pod.
 */
import { LabelIndex } from "../../src/index/label-index.js";
import { parseSelector } from "../../src/selector/index.js";
import type { Selector } from "../../src/selector/types.js";
import { cluster } from "../support/cluster.js";
import { countMatchChanges, loadParentsAndSelectors } from "../support/index-setup.js";
import { effectiveLabels, verifyFinalMatches } from "../support/naive-loop.js";
import { benchArgs, formatNs, type ScenarioResult, timeOps, writeResults } from "../support/report.js";

const { full } = benchArgs();
const N = 10_000;
const M = 1_000;
const OPS = full ? 20_000 : 4_000;

const results: ScenarioResult[] = [];
for (const k of [0, 10, 1_000]) {
  const shape = cluster(N, M);
  const index = new LabelIndex();
  const delta = countMatchChanges(index);
  const all: Selector[] = loadParentsAndSelectors(index, shape);
  for (let j = 0; j < k; j++) {
    const selector = parseSelector(`(status == "on") && (app != "none-${j}")`);
    all.push(selector);
    index.addSelector(`flip-${j}`, selector);
  }
  for (let i = 0; i < N; i++) index.upsertEndpoint(shape.endpointId(i), shape.endpoint(i));
  const pod = shape.endpoint(0);
  const on = { ...pod, labels: { ...pod.labels, status: "on" } };
  const off = { ...pod, labels: { ...pod.labels, status: "off" } };
  const id = shape.endpointId(0);
  const evaluationsBefore = index.stats().evaluations;
  const deltaBefore = delta();
  const stats = timeOps((i) => index.upsertEndpoint(id, i % 2 === 0 ? on : off), {
    iterations: OPS,
    warmup: 200,
  });
  const ops = OPS + 200;
  const evaluations = index.stats().evaluations - evaluationsBefore;
  const changes = delta() - deltaBefore;

  const lookup = effectiveLabels(on, new Map(shape.parents));
  let sink = 0;
  const naive = timeOps(
    () => {
      for (const s of all) if (s.evaluate(lookup)) sink++;
    },
    { iterations: 500, warmup: 50 },
  );
  const amplification = evaluations / (changes + ops);
  // Final state against the naive loop: the pod ended on the last op's variant.
  verifyFinalMatches(
    `C2 k=${k}`,
    index,
    [
      ...shape.selectors.map((s, j) => [s.id, all[j]!] as const),
      ...all.slice(shape.selectors.length).map((s, j) => [`flip-${j}`, s] as const),
    ],
    Array.from({ length: N }, (_, i) =>
      i === 0
        ? ([id, (ops - 1) % 2 === 0 ? on : off] as const)
        : ([shape.endpointId(i), shape.endpoint(i)] as const),
    ),
    new Map(shape.parents),
  );
  results.push({
    scenario: "C2",
    params: { k, N, M },
    ...stats,
    naive_median_ns: naive.median_ns,
    evaluations_per_op: evaluations / ops,
    match_changes_per_op: changes / ops,
    amplification,
    sink,
    summary: `median ${formatNs(stats.median_ns)}, p99 ${formatNs(stats.p99_ns)}; Δ ${(changes / ops).toFixed(0)}/op, amp ${amplification.toFixed(2)}; naive ${formatNs(naive.median_ns)}`,
  });
  console.log(`C2 k=${k}: ${results.at(-1)!.summary}`);
}
console.log(`results: ${writeResults("C2", results)}`);

/**
 * C1: pod restart churn at G1's largest size (N = 100k endpoints, M = 10k selectors; CI runs it
 * too, it takes a few seconds). The timed op deletes a pod's endpoint and re-adds it with a new
 * IP, as a restarted pod; match events are delivered to a listener. The naive baseline is the
 * per-update work of an index that evaluates every selector on the changed endpoint.
 * Bars: p99 ≤ 50 µs, p99.9 ≤ 500 µs.
 */
import { LabelIndex } from "../../src/index/label-index.js";
import { cluster } from "../support/cluster.js";
import { countMatchChanges, loadParentsAndSelectors } from "../support/index-setup.js";
import { effectiveLabels } from "../support/naive-loop.js";
import {
  benchArgs,
  formatNs,
  heapUsedAfterGc,
  type ScenarioResult,
  timeOps,
  writeResults,
} from "../support/report.js";

const { full } = benchArgs();
const N = 100_000;
const M = 10_000;
const OPS = full ? 50_000 : 10_000;

const shape = cluster(N, M);
const index = new LabelIndex();
const delta = countMatchChanges(index);
const selectors = loadParentsAndSelectors(index, shape);
for (let i = 0; i < N; i++) index.upsertEndpoint(shape.endpointId(i), shape.endpoint(i));

// Restart order and new endpoint specs are built before timing.
const generation = new Uint32Array(N);
const plan = Array.from({ length: OPS + 1000 }, (_, k) => {
  const i = (k * 48271) % N;
  generation[i]!++;
  return { id: shape.endpointId(i), endpoint: shape.endpoint(i, generation[i]) };
});
const evaluationsBefore = index.stats().evaluations;
const deltaBefore = delta();
heapUsedAfterGc();
const stats = timeOps(
  (k) => {
    const op = plan[k]!;
    index.deleteEndpoint(op.id);
    index.upsertEndpoint(op.id, op.endpoint);
  },
  { iterations: OPS, warmup: 1000 },
);
const evaluations = index.stats().evaluations - evaluationsBefore;
const changes = delta() - deltaBefore;

const parentMap = new Map(shape.parents);
const lookup = effectiveLabels(shape.endpoint(0), parentMap);
let sink = 0;
const naive = timeOps(
  () => {
    for (const s of selectors) if (s.evaluate(lookup)) sink++;
  },
  { iterations: 200, warmup: 20 },
);
const result: ScenarioResult = {
  scenario: "C1",
  params: { N, M, ops: OPS },
  ...stats,
  naive_median_ns: naive.median_ns,
  evaluations_per_op: evaluations / (OPS + 1000),
  match_changes_per_op: changes / (OPS + 1000),
  amplification: evaluations / (changes + OPS + 1000),
  bar_met: stats.p99_ns <= 50_000 && stats.p999_ns <= 500_000,
  sink,
  summary: `p50 ${formatNs(stats.median_ns)}, p99 ${formatNs(stats.p99_ns)}, p99.9 ${formatNs(stats.p999_ns)} (bars 50 µs / 500 µs); naive ${formatNs(naive.median_ns)}`,
};
console.log(`C1: ${result.summary}`);
console.log(`results: ${writeResults("C1", [result])}`);

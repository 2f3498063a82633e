/**
 * G1: initial sync of a realistic Kubernetes-shaped cluster (bench/support/cluster.ts): parents,
 * selectors and endpoints loaded into an empty index, in both orders (selectors first, as
 * Felix's syncer delivers policies before endpoints, and endpoints first). Selectors are parsed
 * before timing (parsing is the selector scenario's subject). The naive baseline (every selector
 * on every endpoint) is timed in the same run: in full up to 10M evaluations, else on a sample
 * of endpoints scaled linearly (it is exactly linear in N). At N ≤ 10k, match sets are compared
 * with the naive ones and a difference fails the run. Syncs and naive timings are each run three
 * times and the median reported, since the benchmark machine is shared.
 */
import { LabelIndex } from "../../src/index/label-index.js";
import type { IndexEndpoint } from "../../src/index/types.js";
import { parseSelector } from "../../src/selector/index.js";
import type { Selector } from "../../src/selector/types.js";
import { cluster } from "../support/cluster.js";
import { compareMatches, effectiveLabels, naiveMatches } from "../support/naive-loop.js";
import {
  benchArgs,
  check,
  formatNs,
  heapUsedAfterGc,
  type ScenarioResult,
  timeOnce,
  writeResults,
} from "../support/report.js";

const { full } = benchArgs();
const SIZES: readonly (readonly [number, number])[] = full
  ? [1_000, 10_000, 100_000].flatMap((n) => [100, 1_000, 10_000].map((m) => [n, m] as const))
  : [
      [1_000, 100],
      [10_000, 1_000],
      [100_000, 10_000],
    ];
const NAIVE_FULL_LIMIT = 10_000_000;
const REPEATS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const NAIVE_SAMPLE_EVALUATIONS = 2_000_000;

// Warm the JIT with a few small syncs first, so the smallest measured size is not a cold start.
const warm = cluster(2_000, 200);
for (let round = 0; round < 6; round++) {
  const index = new LabelIndex();
  index.on("matchStarted", () => {});
  for (const [id, labels] of warm.parents) index.upsertParent(id, labels);
  if (round % 2 === 0) for (const s of warm.selectors) index.addSelector(s.id, s.text, s.namedPort);
  for (let i = 0; i < 2_000; i++) index.upsertEndpoint(warm.endpointId(i), warm.endpoint(i));
  if (round % 2 === 1) for (const s of warm.selectors) index.addSelector(s.id, s.text, s.namedPort);
}

const results: ScenarioResult[] = [];
for (const [n, m] of SIZES) {
  const shape = cluster(n, m);
  const endpoints: [string, IndexEndpoint][] = [];
  for (let i = 0; i < n; i++) endpoints.push([shape.endpointId(i), shape.endpoint(i)]);
  const selectors = shape.selectors.map((s) => ({ ...s, selector: parseSelector(s.text) }));

  for (const order of ["selectors-first", "endpoints-first"] as const) {
    // The shared machine is noisy: each sync is repeated on a fresh index and the median kept.
    let index!: LabelIndex;
    let events = 0;
    const syncTimes: number[] = [];
    for (let rep = 0; rep < REPEATS; rep++) {
      const fresh = new LabelIndex();
      events = 0;
      fresh.on("matchStarted", () => {
        events++;
      });
      // Start each timed sync on a clean heap: the previous run's index and the input generation
      // are garbage whose collection is not part of this sync.
      index = undefined as unknown as LabelIndex;
      heapUsedAfterGc();
      syncTimes.push(
        timeOnce(() => {
          for (const [id, labels] of shape.parents) fresh.upsertParent(id, labels);
          if (order === "selectors-first") {
            for (const s of selectors) fresh.addSelector(s.id, s.selector, s.namedPort);
            for (const [id, ep] of endpoints) fresh.upsertEndpoint(id, ep);
          } else {
            for (const [id, ep] of endpoints) fresh.upsertEndpoint(id, ep);
            for (const s of selectors) fresh.addSelector(s.id, s.selector, s.namedPort);
          }
        }),
      );
      index = fresh;
    }
    const syncNs = median(syncTimes);
    const stats = index.stats();

    // Naive baseline, measured now on this machine.
    const parentMap = new Map(shape.parents);
    const parsed: [string, Selector][] = selectors.map((s) => [s.id, s.selector]);
    const fullNaive = n * m <= NAIVE_FULL_LIMIT;
    const sampleSize = fullNaive ? n : Math.max(50, Math.min(n, Math.floor(NAIVE_SAMPLE_EVALUATIONS / m)));
    const sample = endpoints
      .slice(0, sampleSize)
      .map(([id, ep]) => [id, effectiveLabels(ep, parentMap)] as const);
    let naive: ReturnType<typeof naiveMatches> | undefined;
    const naiveTimes: number[] = [];
    for (let rep = 0; rep < REPEATS; rep++) {
      naiveTimes.push(
        timeOnce(() => {
          naive = naiveMatches(parsed, sample);
        }),
      );
    }
    const naiveSampleNs = median(naiveTimes);
    const naiveNs = Math.round((naiveSampleNs * n) / sampleSize);
    if (fullNaive && n <= 10_000) {
      const difference = compareMatches(index, naive!.matches);
      check(difference === undefined, `G1 N=${n} M=${m} ${order}: ${difference}`);
    }
    const speedup = naiveNs / syncNs;
    results.push({
      scenario: "G1",
      params: { N: n, M: m, order },
      median_ns: syncNs,
      sync_ns: syncNs,
      sync_runs_ns: syncTimes,
      naive_ns: naiveNs,
      naive_measured: fullNaive
        ? "full"
        : `sample of ${sampleSize} endpoints, scaled ×${(n / sampleSize).toFixed(0)}`,
      speedup: Math.round(speedup),
      evaluations: stats.evaluations,
      naive_evaluations: n * m,
      match_events: events,
      contexts: stats.contexts,
      distinct_selectors: stats.selectors,
      unoptimized_selectors: stats.unoptimizedSelectors,
      verified_against_naive: fullNaive && n <= 10_000,
      summary: `sync ${formatNs(syncNs)}; naive ${formatNs(naiveNs)} (×${Math.round(speedup)}); ${stats.evaluations} evals vs ${n * m}; ${events} matches`,
    });
    console.log(`G1 N=${n} M=${m} ${order}: ${results.at(-1)!.summary}`);
  }
}
console.log(`results: ${writeResults("G1", results)}`);

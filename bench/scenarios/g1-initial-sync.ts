/**
 * G1: initial sync of a realistic Kubernetes-shaped cluster (bench/support/cluster.ts): parents,
 * selectors and endpoints loaded into an empty index, in both orders (selectors first, as
 * Felix's syncer delivers policies before endpoints, and endpoints first). Selectors are parsed
 * before timing (parsing is the selector scenario's subject). The naive baseline (every selector
 * on every endpoint) is timed in the same run: in full up to 10M evaluations, else on a sample
 * of endpoints scaled linearly (it is exactly linear in N). At N ≤ 10k, match sets are compared
 * with the naive ones and a difference fails the run.
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
const NAIVE_SAMPLE_EVALUATIONS = 2_000_000;

// Warm the JIT with a small sync first, so the smallest measured size is not a cold start.
{
  const warm = cluster(2_000, 200);
  const index = new LabelIndex();
  for (const [id, labels] of warm.parents) index.upsertParent(id, labels);
  for (const s of warm.selectors) index.addSelector(s.id, s.text, s.namedPort);
  for (let i = 0; i < 2_000; i++) index.upsertEndpoint(warm.endpointId(i), warm.endpoint(i));
}

const results: ScenarioResult[] = [];
for (const [n, m] of SIZES) {
  const shape = cluster(n, m);
  const endpoints: [string, IndexEndpoint][] = [];
  for (let i = 0; i < n; i++) endpoints.push([shape.endpointId(i), shape.endpoint(i)]);
  const selectors = shape.selectors.map((s) => ({ ...s, selector: parseSelector(s.text) }));

  for (const order of ["selectors-first", "endpoints-first"] as const) {
    const index = new LabelIndex();
    let events = 0;
    index.on("matchStarted", () => {
      events++;
    });
    const loadSelectors = (): void => {
      for (const s of selectors) index.addSelector(s.id, s.selector, s.namedPort);
    };
    const loadEndpoints = (): void => {
      for (const [id, ep] of endpoints) index.upsertEndpoint(id, ep);
    };
    // Start each timed sync on a clean heap: the previous run's index and the input generation
    // are garbage whose collection is not part of this sync.
    heapUsedAfterGc();
    const syncNs = timeOnce(() => {
      for (const [id, labels] of shape.parents) index.upsertParent(id, labels);
      if (order === "selectors-first") {
        loadSelectors();
        loadEndpoints();
      } else {
        loadEndpoints();
        loadSelectors();
      }
    });
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
    const naiveSampleNs = timeOnce(() => {
      naive = naiveMatches(parsed, sample);
    });
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

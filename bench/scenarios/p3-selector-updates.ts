/**
 * P3: Felix's SelectorUpdates{100..100000} shape. N endpoints {alpha: beta, ipset-1: "true"},
 * each with its own parent; the timed op adds a selector `alpha == "beta" && has(ipset-<i%10>)`
 * (one in ten matches all N). Each added selector is removed again untimed, so every op is a
 * fresh scan rather than a reuse of an identical, already-indexed selector. The naive baseline
 * evaluates the new selector on all N endpoints.
 */
import { LabelIndex } from "../../src/index/label-index.js";
import { parseSelector } from "../../src/selector/index.js";
import { benchArgs, formatNs, type ScenarioResult, summarise, writeResults } from "../support/report.js";

const { full } = benchArgs();
const SIZES = full ? [100, 1_000, 10_000, 100_000] : [100, 1_000, 10_000, 100_000];
const selectors = Array.from({ length: 10 }, (_, i) => parseSelector(`alpha == "beta" && has(ipset-${i})`));

const results: ScenarioResult[] = [];
for (const n of SIZES) {
  const ops = Math.max(20, Math.min(full ? 2_000 : 500, Math.floor((full ? 2e7 : 5e6) / n)));
  const index = new LabelIndex();
  let delta = 0;
  index.on("matchStarted", () => {
    delta++;
  });
  const ip = (k: number): string => `10.${(k >>> 16) & 255}.${(k >>> 8) & 255}.${k & 255}`;
  const labels = { alpha: "beta", "ipset-1": "true" };
  for (let k = 0; k < n; k++)
    index.upsertEndpoint(`ep-${k}`, { labels, parents: [`parent-${k}`], ips: [ip(k)] });
  const times = new Float64Array(ops);
  const evaluationsBefore = index.stats().evaluations;
  for (let i = 0; i < ops + 10; i++) {
    const start = process.hrtime.bigint();
    index.addSelector(`sel-${i}`, selectors[i % 10]!);
    const elapsed = Number(process.hrtime.bigint() - start);
    if (i >= 10) times[i - 10] = elapsed;
    index.removeSelector(`sel-${i}`);
  }
  const evaluations = index.stats().evaluations - evaluationsBefore;
  const stats = summarise(times);
  const amplification = evaluations / (delta + ops + 10);

  const lookup = new Map(Object.entries(labels));
  let sink = 0;
  const naiveStart = process.hrtime.bigint();
  const naiveOps = 20;
  for (let i = 0; i < naiveOps; i++) {
    const s = selectors[i % 10]!;
    for (let k = 0; k < n; k++) if (s.evaluate(lookup)) sink++;
  }
  const naiveMean = Number(process.hrtime.bigint() - naiveStart) / naiveOps;
  results.push({
    scenario: "P3",
    params: { N: n, ops },
    ...stats,
    naive_mean_ns: Math.round(naiveMean),
    evaluations_per_op: evaluations / (ops + 10),
    matches_per_op: delta / (ops + 10),
    amplification,
    sink,
    summary: `median ${formatNs(stats.median_ns)}, mean ${formatNs(stats.mean_ns)} (Δ ${Math.round(delta / (ops + 10))}/op); amp ${amplification.toFixed(2)}; naive mean ${formatNs(naiveMean)}`,
  });
  console.log(`P3 N=${n}: ${results.at(-1)!.summary}`);
}
console.log(`results: ${writeResults("P3", results)}`);

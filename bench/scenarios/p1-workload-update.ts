/**
 * P1: Felix's WorkloadUpdate{10..10000}Sels shape. M selectors `alpha == "beta" && has(ipset-<i>)`;
 * the timed op creates an endpoint with labels {alpha: beta, ipset-1: "true"}, one /32 address
 * and its own parent, matching exactly one selector. Felix files every selector under
 * alpha=beta and so evaluates all M per op; the naive baseline here does the same (a plain loop
 * over all M selectors on the new endpoint's labels), timed in the same run.
 * Bars: per-op time at M = 10k within 1.5× of M = 10; amplification ≤ 2.
 */
import { LabelIndex } from "../../src/index/label-index.js";
import { parseSelector } from "../../src/selector/index.js";
import { verifyFinalMatches } from "../support/naive-loop.js";
import { benchArgs, formatNs, type ScenarioResult, timeOps, writeResults } from "../support/report.js";

const { full } = benchArgs();
const SIZES = [10, 100, 1_000, 10_000];
const OPS = full ? 20_000 : 5_000;

const results: ScenarioResult[] = [];
// The first pass (smallest size) only warms up the JIT; its result is discarded.
for (const [pass, m] of [SIZES[0]!, ...SIZES].entries()) {
  const index = new LabelIndex();
  let delta = 0;
  index.on("matchStarted", () => {
    delta++;
  });
  const selectors = Array.from({ length: m }, (_, i) => parseSelector(`alpha == "beta" && has(ipset-${i})`));
  selectors.forEach((s, i) => {
    index.addSelector(`sel-${i}`, s);
  });
  const labels = { alpha: "beta", "ipset-1": "true" };
  const ip = (k: number): string => `10.${(k >>> 16) & 255}.${(k >>> 8) & 255}.${k & 255}`;
  let created = 0;
  const evaluationsBefore = index.stats().evaluations;
  const deltaBefore = delta;
  const stats = timeOps(
    () => {
      const k = created++;
      index.upsertEndpoint(`ep-${k}`, { labels, parents: [`parent-${k}`], ips: [ip(k)] });
    },
    { iterations: OPS, warmup: 200 },
  );
  const evaluations = index.stats().evaluations - evaluationsBefore;
  const changes = delta - deltaBefore;
  const amplification = evaluations / (changes + created);

  // Naive: evaluate every selector against the new endpoint (Felix's per-op work here).
  const lookup = new Map(Object.entries(labels));
  let sink = 0;
  const naive = timeOps(
    () => {
      for (let i = 0; i < selectors.length; i++) if (selectors[i]!.evaluate(lookup)) sink++;
    },
    { iterations: Math.max(50, Math.min(OPS, Math.floor(2_000_000 / m))), warmup: 20 },
  );
  if (pass === 0) continue;
  if (m <= 1_000) {
    verifyFinalMatches(
      `P1 M=${m}`,
      index,
      selectors.map((s, i) => [`sel-${i}`, s] as const),
      Array.from({ length: created }, (_, k) => [`ep-${k}`, { labels, parents: [`parent-${k}`] }] as const),
      new Map(),
    );
  }
  results.push({
    scenario: "P1",
    params: { M: m, ops: OPS },
    ...stats,
    naive_median_ns: naive.median_ns,
    evaluations_per_op: evaluations / created,
    match_changes_per_op: changes / created,
    amplification,
    sink,
    summary: `median ${formatNs(stats.median_ns)}, p99 ${formatNs(stats.p99_ns)}; amp ${amplification.toFixed(2)}; naive ${formatNs(naive.median_ns)}`,
  });
  console.log(`P1 M=${m}: ${results.at(-1)!.summary}`);
}
const first = results[0]!.median_ns!;
const last = results.at(-1)!.median_ns!;
const ratio = last / first;
const maxAmp = Math.max(...results.map((r) => r.amplification as number));
results.push({
  scenario: "P1",
  params: { bar: "M=10k vs M=10" },
  ratio,
  max_amplification: maxAmp,
  bar_met: ratio <= 1.5 && maxAmp <= 2,
  summary: `M=10k / M=10 = ${ratio.toFixed(2)}× (bar ≤ 1.5), max amp ${maxAmp.toFixed(2)} (bar ≤ 2)`,
});
console.log(`P1 bar: ${results.at(-1)!.summary}`);
console.log(`results: ${writeResults("P1", results)}`);

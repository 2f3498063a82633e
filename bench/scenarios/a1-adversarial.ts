/**
 * A1: adversarial selectors that no label restriction can index. M distinct unindexable
 * selectors plus `all()` under 1,000 ids; the timed op creates an endpoint with a fresh label
 * set. Variant "matching": `app != "none-<j>"` (every selector matches: Δ = M + 1000 per op).
 * Variant "non-matching": `!has(app) || app == "none-<j>"` (no restriction survives the `||`;
 * nothing matches, the worst case: M evaluations for Δ = 0). The naive index evaluates every
 * selector id on the endpoint: M + 1000 evaluations per op.
 */
import { LabelIndex } from "../../src/index/label-index.js";
import { parseSelector } from "../../src/selector/index.js";
import { verifyFinalMatches } from "../support/naive-loop.js";
import { benchArgs, formatNs, type ScenarioResult, timeOps, writeResults } from "../support/report.js";

const { full } = benchArgs();
const OPS = full ? 5_000 : 1_000;
const ALL_IDS = 1_000;

const results: ScenarioResult[] = [];
for (const variant of ["matching", "non-matching"] as const) {
  for (const m of full ? [10, 100, 1_000] : [100, 1_000]) {
    const index = new LabelIndex();
    let delta = 0;
    index.on("matchStarted", () => {
      delta++;
    });
    const texts = Array.from({ length: m }, (_, j) =>
      variant === "matching" ? `app != "none-${j}"` : `!has(app) || app == "none-${j}"`,
    );
    const selectors = texts.map((t) => parseSelector(t));
    selectors.forEach((s, j) => {
      index.addSelector(`adv-${j}`, s);
    });
    const all = parseSelector("all()");
    for (let j = 0; j < ALL_IDS; j++) index.addSelector(`all-${j}`, all);
    const evaluationsBefore = index.stats().evaluations;
    const deltaBefore = delta;
    let created = 0;
    const stats = timeOps(
      () => {
        const k = created++;
        index.upsertEndpoint(`ep-${k}`, {
          labels: { app: "web", "pod-template-hash": k.toString(36) },
          ips: [`10.${(k >>> 16) & 255}.${(k >>> 8) & 255}.${k & 255}`],
        });
      },
      { iterations: OPS, warmup: 100 },
    );
    const evaluations = index.stats().evaluations - evaluationsBefore;
    const changes = delta - deltaBefore;
    const lookup = new Map([
      ["app", "web"],
      ["pod-template-hash", "x"],
    ]);
    let sink = 0;
    const naive = timeOps(
      () => {
        for (const s of selectors) if (s.evaluate(lookup)) sink++;
        for (let j = 0; j < ALL_IDS; j++) if (all.evaluate(lookup)) sink++;
      },
      { iterations: 500, warmup: 50 },
    );
    verifyFinalMatches(
      `A1 ${variant} M=${m}`,
      index,
      [
        ...selectors.map((s, j) => [`adv-${j}`, s] as const),
        ...Array.from({ length: ALL_IDS }, (_, j) => [`all-${j}`, all] as const),
      ],
      Array.from(
        { length: created },
        (_, k) => [`ep-${k}`, { labels: { app: "web", "pod-template-hash": k.toString(36) } }] as const,
      ),
      new Map(),
    );
    results.push({
      scenario: "A1",
      params: { variant, M: m, allIds: ALL_IDS },
      ...stats,
      naive_median_ns: naive.median_ns,
      evaluations_per_op: evaluations / created,
      naive_evaluations_per_op: m + ALL_IDS,
      match_changes_per_op: changes / created,
      amplification: evaluations / (changes + created),
      sink,
      summary: `${variant}: median ${formatNs(stats.median_ns)}; ${(evaluations / created).toFixed(0)} evals/op vs naive ${m + ALL_IDS}; Δ ${(changes / created).toFixed(0)}/op; naive ${formatNs(naive.median_ns)}`,
    });
    console.log(`A1 M=${m}: ${results.at(-1)!.summary}`);
  }
}
console.log(`results: ${writeResults("A1", results)}`);

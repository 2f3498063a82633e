/**
 * M1: heap retained by the index at N = 100k endpoints, M = 1k selectors (the realistic cluster),
 * measured after full GCs with node --expose-gc. Endpoint specs are generated on the fly and not
 * kept, so the figures are what the index itself retains (ids, labels, addresses, ports, matches).
 * Three builds separate the parts: selectors only (bytes per selector), endpoints only (bytes per
 * endpoint), and both (the difference is the cost of the matches). The naive baseline is a Map of
 * effective labels per endpoint plus a Set of endpoint ids per selector.
 * Bar: ≤ 300 bytes per endpoint plus ≤ 16 per match.
 */
import { LabelIndex } from "../../src/index/label-index.js";
import { parseSelector } from "../../src/selector/index.js";
import type { Selector } from "../../src/selector/types.js";
import { cluster } from "../support/cluster.js";
import { effectiveLabels } from "../support/naive-loop.js";
import {
  benchArgs,
  formatNs,
  heapUsedAfterGc,
  type ScenarioResult,
  writeResults,
} from "../support/report.js";

benchArgs();
const N = 100_000;
const M = 1_000;
const shape = cluster(N, M);
const selectors: [string, Selector, (typeof shape.selectors)[number]][] = shape.selectors.map((s) => [
  s.id,
  parseSelector(s.text),
  s,
]);

function build(withEndpoints: boolean, withSelectors: boolean): { index: LabelIndex; bytes: number } {
  const before = heapUsedAfterGc();
  const index = new LabelIndex();
  for (const [id, labels] of shape.parents) index.upsertParent(id, labels);
  if (withSelectors)
    for (const [id, selector, spec] of selectors) index.addSelector(id, selector, spec.namedPort);
  if (withEndpoints) for (let i = 0; i < N; i++) index.upsertEndpoint(shape.endpointId(i), shape.endpoint(i));
  return { index, bytes: heapUsedAfterGc() - before };
}

const parentsOnly = build(false, false);
const parentBytes = parentsOnly.bytes;
parentsOnly.index.stats();
const selectorsOnly = build(false, true);
const selectorBytes = selectorsOnly.bytes - parentBytes;
selectorsOnly.index.stats();
const endpointsOnly = build(true, false);
const endpointBytes = endpointsOnly.bytes - parentBytes;
endpointsOnly.index.stats();
const both = build(true, true);
let matches = 0;
for (const [id] of selectors) for (const _ of both.index.matchingEndpoints(id)) matches++;
const matchBytes = both.bytes - parentBytes - selectorBytes - endpointBytes;
const stats = both.index.stats();

// Naive baseline: effective label maps and a Set of matching ids per selector.
const naiveBefore = heapUsedAfterGc();
const parentMap = new Map(shape.parents);
const naiveLabels = new Map<string, Map<string, string>>();
for (let i = 0; i < N; i++)
  naiveLabels.set(shape.endpointId(i), effectiveLabels(shape.endpoint(i), parentMap));
const naiveSets = new Map<string, Set<string>>();
for (const [id] of selectors) naiveSets.set(id, new Set(both.index.matchingEndpoints(id)));
const naiveBytes = heapUsedAfterGc() - naiveBefore;

const perEndpoint = endpointBytes / N;
const perMatch = matches === 0 ? 0 : matchBytes / matches;
const total = both.bytes - parentBytes - selectorBytes;
const budget = 300 * N + 16 * matches;
const result: ScenarioResult = {
  scenario: "M1",
  params: { N, M },
  bytes_total: both.bytes,
  bytes_per_endpoint: Math.round(perEndpoint),
  bytes_per_selector: Math.round(selectorBytes / M),
  bytes_per_match: Number(perMatch.toFixed(2)),
  matches,
  contexts: stats.contexts,
  naive_bytes_per_endpoint: Math.round(naiveBytes / N),
  budget_bytes: budget,
  endpoint_and_match_bytes: total,
  bar_met: total <= budget,
  summary: `${Math.round(perEndpoint)} B/endpoint, ${perMatch.toFixed(1)} B/match (${matches} matches), ${Math.round(selectorBytes / M)} B/selector; total ${(total / 2 ** 20).toFixed(1)} MiB vs budget ${(budget / 2 ** 20).toFixed(1)} MiB; naive ${Math.round(naiveBytes / N)} B/endpoint`,
};
void formatNs;
console.log(`M1: ${result.summary}`);
console.log(`results: ${writeResults("M1", [result])}`);
// Keep the indexes alive until after the last measurement.
void [selectorsOnly, endpointsOnly, both, naiveLabels, naiveSets];

/**
 * Selector parse and match cost (tinybench). Parse figures bypass every cache
 * (`parseSelectorUncached`); match figures batch many evaluations per sample because a single
 * evaluation (tens of nanoseconds) is below the timer's resolution. The AST interpreter is the
 * naive baseline, measured in the same run.
 *
 * Run: `npx tsx bench/scenarios/selector.ts [--full]`. Prints a table and writes
 * bench/results/selector.json (one JSON line per measured operation).
 */
import { Bench } from "tinybench";
import {
  interpret,
  labelRestrictions,
  parseSelector,
  parseSelectorUncached,
  type Selector,
} from "../../src/selector/index.js";
import { benchArgs, check, formatNs, type ScenarioResult, writeResults } from "../support/report.js";

const { full } = benchArgs();
const TIME_MS = full ? 2000 : 400;
const BATCH = 1000;

// Calico's own parser benchmark selector (parser_test.go), and realistic policy selectors.
const SELECTORS = {
  calico: '! (a == "b"&&! c != "d") || !(a == "b" && !c != "d")',
  twoTerm: 'app == "frontend" && has(tier)',
  namespaced:
    '(projectcalico.org/namespace == "prod") && (app in {"api", "web", "worker"} && version starts with "v2")',
  long: Array.from({ length: 40 }, (_, i) => `label-${i} == "value-${i}"`).join(" || "),
} as const;

const matching = new Map([
  ["app", "frontend"],
  ["tier", "web"],
  ["a", "b"],
  ["c", "d"],
  ["projectcalico.org/namespace", "prod"],
  ["version", "v2.1"],
]);
const matchingObject = Object.fromEntries(matching);
const nonMatching = new Map([
  ["app", "backend"],
  ["x", "y"],
]);

interface Measure {
  readonly id: string;
  readonly params: Record<string, string | number>;
  readonly perCall: number;
  readonly fn: () => void;
}

const measures: Measure[] = [];
for (const [name, text] of Object.entries(SELECTORS)) {
  measures.push({
    id: `parse-uncached/${name}`,
    params: { op: "parse-uncached", selector: name, length: text.length },
    perCall: 1,
    fn: () => void parseSelectorUncached(text),
  });
}
measures.push({
  id: "parse-cached/calico",
  params: { op: "parse-cached", selector: "calico" },
  perCall: 1,
  fn: () => void parseSelector(SELECTORS.calico),
});

function matchMeasures(name: keyof typeof SELECTORS, sel: Selector): void {
  let sink = 0;
  measures.push({
    id: `evaluate-map/${name}`,
    params: { op: "evaluate(Map)", selector: name },
    perCall: BATCH,
    fn: () => {
      for (let i = 0; i < BATCH; i++) if (sel.evaluate(i & 1 ? matching : nonMatching)) sink++;
    },
  });
  measures.push({
    id: `matches-object/${name}`,
    params: { op: "matches(object)", selector: name },
    perCall: BATCH,
    fn: () => {
      for (let i = 0; i < BATCH; i++) if (sel.matches(matchingObject)) sink++;
    },
  });
  measures.push({
    id: `interpret-baseline/${name}`,
    params: { op: "interpret (naive baseline)", selector: name },
    perCall: BATCH,
    fn: () => {
      for (let i = 0; i < BATCH; i++) if (interpret(sel.ast, i & 1 ? matching : nonMatching)) sink++;
    },
  });
  if (sink < 0) throw new Error("unreachable");
}
for (const name of Object.keys(SELECTORS) as (keyof typeof SELECTORS)[]) {
  matchMeasures(name, parseSelector(SELECTORS[name]));
}
const restrictionsOf = parseSelector(SELECTORS.namespaced);
measures.push({
  id: "label-restrictions/namespaced",
  params: { op: "labelRestrictions", selector: "namespaced" },
  perCall: 1,
  fn: () => void labelRestrictions(restrictionsOf),
});

// Sanity: a fast wrong answer fails the run.
check(parseSelector(SELECTORS.twoTerm).evaluate(matching), "two-term selector must match its labels");
check(!parseSelector(SELECTORS.twoTerm).evaluate(nonMatching), "two-term selector must not match others");
check(
  parseSelectorUncached(SELECTORS.calico).uniqueId === parseSelector(SELECTORS.calico).uniqueId,
  "uncached and cached parses must agree",
);

const bench = new Bench({ time: TIME_MS, warmupTime: 100 });
for (const m of measures) bench.add(m.id, m.fn);
await bench.run();

const results: ScenarioResult[] = [];
const rows: string[][] = [];
for (const m of measures) {
  const task = bench.getTask(m.id);
  const r = task?.result;
  if (r === undefined || !("latency" in r)) throw new Error(`benchmark task ${m.id} did not complete`);
  const median = (r.latency.p50 * 1e6) / m.perCall;
  const p99 = (r.latency.p99 * 1e6) / m.perCall;
  results.push({
    scenario: `selector/${m.id}`,
    params: m.params,
    median_ns: Math.round(median * 10) / 10,
    p99_ns: Math.round(p99 * 10) / 10,
    samples: r.latency.samplesCount,
    ops_per_sample: m.perCall,
  });
  rows.push([m.id, formatNs(median), formatNs(p99), String(r.latency.samplesCount)]);
}

const widths = [0, 1, 2, 3].map((i) =>
  Math.max(...[["operation", "median", "p99", "samples"], ...rows].map((r) => r[i]!.length)),
);
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(line(["operation", "median", "p99", "samples"]));
for (const r of rows) console.log(line(r));
console.log(`results: ${writeResults("selector", results)}`);

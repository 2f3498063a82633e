/**
 * Runs every benchmark scenario (bench/scenarios/*.ts) in its own process, one after another so
 * they do not compete for the machine's cores, then prints one table from bench/results/*.json.
 * `--full` is forwarded (every size in docs/benchmarks.md); `--only P1,G1` runs a subset (matched
 * case-insensitively against file-name prefixes). Exits non-zero if any scenario failed (a
 * crash or a correctness check against the naive baseline).
 *
 * Usage: `npm run bench [-- --full] [-- --only g1,c1]`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatNs, machineInfo, RESULTS_DIR } from "./support/report.js";

const here = dirname(fileURLToPath(import.meta.url));
const scenariosDir = join(here, "scenarios");
const { values } = parseArgs({
  options: { full: { type: "boolean", default: false }, only: { type: "string" } },
  allowPositionals: false,
});
const only = values.only?.split(",").map((s) => s.trim().toLowerCase()) ?? [];

const files = readdirSync(scenariosDir)
  .filter((f) => f.endsWith(".ts") && !f.startsWith("."))
  .filter((f) => only.length === 0 || only.some((o) => f.toLowerCase().startsWith(o)))
  .sort();

const failed: string[] = [];
const started = Date.now();
for (const file of files) {
  const t0 = Date.now();
  console.log(`\n── ${file}${values.full ? " (--full)" : ""}`);
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(scenariosDir, file), ...(values.full ? ["--full"] : [])],
    { stdio: "inherit" },
  );
  if (run.status !== 0) failed.push(`${file} (exit ${run.status ?? run.signal})`);
  console.log(`   ${file}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

interface Row {
  readonly scenario?: string;
  readonly params?: Record<string, unknown>;
  readonly median_ns?: number;
  readonly p99_ns?: number;
  readonly summary?: string;
  readonly bar_met?: boolean;
}

const rows: Row[] = [];
if (existsSync(RESULTS_DIR)) {
  for (const file of readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    for (const line of readFileSync(join(RESULTS_DIR, file), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      try {
        rows.push(JSON.parse(line) as Row);
      } catch {
        failed.push(`${file}: unreadable result line`);
      }
    }
  }
}

const machine = machineInfo();
console.log(
  `\nMachine: ${machine.model}, ${machine.cores} cores, ${machine.memory_gb} GB; Node ${process.version}`,
);
console.log("| scenario | parameters | median | p99 | notes |");
console.log("|---|---|---|---|---|");
for (const row of rows) {
  const params = Object.entries(row.params ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
  const bar = row.bar_met === undefined ? "" : row.bar_met ? " **bar met**" : " **bar missed**";
  console.log(
    `| ${row.scenario ?? "?"} | ${params} | ${row.median_ns === undefined ? "" : formatNs(row.median_ns)} | ${row.p99_ns === undefined ? "" : formatNs(row.p99_ns)} | ${row.summary ?? ""}${bar} |`,
  );
}
console.log(`\n${files.length} scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failed.length > 0) {
  console.error(`failed: ${failed.join(", ")}`);
  process.exit(1);
}

/**
 * Shared benchmark helpers: per-op timing with percentiles, heap measurement after GC, machine
 * description, and one JSON line per scenario run in bench/results/<id>.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Percentiles of a set of per-op timings, in nanoseconds. */
export interface TimingStats {
  readonly samples: number;
  readonly median_ns: number;
  readonly p99_ns: number;
  readonly p999_ns: number;
  readonly mean_ns: number;
  readonly min_ns: number;
  readonly max_ns: number;
}

/** How many untimed warm-up calls precede the timed ones, and how many are timed. */
export interface TimingOptions {
  readonly iterations: number;
  readonly warmup?: number;
}

/** The machine a result was measured on. */
export interface MachineInfo {
  readonly model: string;
  readonly cores: number;
  readonly memory_gb: number;
}

/** One line of bench/results/<scenario>.json. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly median_ns?: number;
  readonly p99_ns?: number;
  readonly p999_ns?: number;
  readonly [counter: string]: unknown;
}

/** Command-line options every scenario understands. */
export interface BenchArgs {
  /** Run every size in docs/benchmarks.md instead of the CI-sized subset. */
  readonly full: boolean;
}

/** Reads `--full` from the process arguments. */
export function benchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  return { full: argv.includes("--full") };
}

/** The current CPU model and core count, as every result records them. */
export function machineInfo(): MachineInfo {
  const all = cpus();
  return {
    model: all[0]?.model.trim() ?? "unknown",
    cores: all.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
  };
}

/** Nanoseconds since an arbitrary origin, as a number (precise to well below a microsecond for hours). */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/** Runs `op(i)` for warm-up then timed iterations, timing each call on its own. */
export function timeOps(op: (i: number) => void, options: TimingOptions): TimingStats {
  const warmup = options.warmup ?? Math.min(1000, Math.ceil(options.iterations / 10));
  for (let i = 0; i < warmup; i++) op(i);
  const times = new Float64Array(options.iterations);
  for (let i = 0; i < options.iterations; i++) {
    const start = process.hrtime.bigint();
    op(warmup + i);
    times[i] = Number(process.hrtime.bigint() - start);
  }
  return summarise(times);
}

/** Times a single call (e.g. an initial sync) in nanoseconds. */
export function timeOnce(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start);
}

/** Percentiles of raw nanosecond samples (sorted in place). */
export function summarise(times: Float64Array): TimingStats {
  times.sort();
  const n = times.length;
  if (n === 0) return { samples: 0, median_ns: 0, p99_ns: 0, p999_ns: 0, mean_ns: 0, min_ns: 0, max_ns: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += times[i]!;
  return {
    samples: n,
    median_ns: percentile(times, 0.5),
    p99_ns: percentile(times, 0.99),
    p999_ns: percentile(times, 0.999),
    mean_ns: Math.round(sum / n),
    min_ns: times[0]!,
    max_ns: times[n - 1]!,
  };
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/**
 * Heap in use after a full GC, in bytes. Needs `node --expose-gc` (bench/run.ts passes it);
 * without it the figure includes garbage, so it throws rather than report a wrong number.
 */
export function heapUsedAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("heapUsedAfterGc needs node --expose-gc (run through bench/run.ts)");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** The directory results are written to (bench/results). */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "results");

/**
 * Writes a scenario's results as one JSON line per parameter set to bench/results/<id>.json,
 * replacing the previous run's file, and stamps each line with node version and machine.
 */
export function writeResults(id: string, results: readonly ScenarioResult[]): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${id}.json`);
  const machine = machineInfo();
  const stamp = { node: process.version, machine, date: new Date().toISOString() };
  writeFileSync(file, `${results.map((r) => JSON.stringify({ ...r, ...stamp })).join("\n")}\n`);
  return file;
}

/** Formats nanoseconds for people: "850 ns", "12.3 µs", "4.56 ms", "1.23 s". */
export function formatNs(ns: number): string {
  if (ns < 1e3) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

/** Fails the scenario (non-zero exit through an uncaught error) when a check does not hold. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`benchmark check failed: ${message}`);
}

/** A small deterministic PRNG (mulberry32) so scenario data is identical run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs calico-policy as a real process (node + tsx on src/cli/bin.ts), the way the README and
 * `npm run demo` do, and collects its exit code and output.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bufferIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

/** The repository root: commands run from here, so `examples/...` paths work as in the README. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "src/cli/bin.ts");

/** Exit code and output of one run. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns `calico-policy <args>`; colour is off unless the env says otherwise. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/**
 * Runs the same command in this process (main() with buffered output): the same code path as the
 * process minus bin.ts, for the many cases where spawning would only add start-up time.
 */
export async function runMain(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  const io = bufferIo({ env });
  const code = await main(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** A fresh temporary directory holding the given files (name → content). */
export function tempFiles(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "calico-policy-cli-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The bundled example cluster and its expectations, relative to ROOT. */
export const EXAMPLE = { cluster: "examples/cluster", expectations: "examples/expectations.yaml" } as const;

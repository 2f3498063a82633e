/**
 * A real etcd for integration tests: Debian's `etcd-server` binary, started on loopback with
 * random free ports and a temporary data directory, killed and restarted on demand.
 *
 * When the binary is absent the datastore suites skip with a message, except under CI=true,
 * where a missing etcd is a failure (CI installs it, so absence means the set-up broke).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Whether an etcd binary is on PATH, and where. */
export type EtcdAvailability =
  | { readonly available: true; readonly binary: string }
  | { readonly available: false; readonly reason: string };

/** Looks for `etcd` ($ETCD_BINARY if set, else on PATH); throws under CI=true when it is missing. */
export function etcdAvailability(): EtcdAvailability {
  const explicit = process.env.ETCD_BINARY;
  const candidates =
    explicit !== undefined && explicit !== ""
      ? [explicit]
      : (process.env.PATH ?? "")
          .split(delimiter)
          .filter((dir) => dir !== "")
          .map((dir) => join(dir, "etcd"));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return { available: true, binary: candidate };
    } catch {
      // not there
    }
  }
  const where = explicit ? `ETCD_BINARY=${explicit} is not an executable` : "etcd binary not found on PATH";
  const reason = `${where}; install it with \`apt-get install etcd-server\` to run the etcd integration tests`;
  if (process.env.CI === "true") throw new Error(`${reason} (CI=true, so this is a failure, not a skip)`);
  console.warn(`skipping etcd integration tests: ${reason}`);
  return { available: false, reason };
}

/** A running (or stopped) test etcd that keeps its ports and data directory across restarts. */
export interface TestEtcd {
  /** Client URL, e.g. "http://127.0.0.1:41234". */
  readonly endpoint: string;
  readonly dataDir: string;
  /** SIGKILLs the process (no graceful shutdown) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same ports with the same data directory, and waits until healthy. */
  restart(): Promise<void>;
  /** SIGSTOPs the process: connections stay open but nothing answers, like a silent partition. */
  freeze(): void;
  /** SIGCONTs a frozen process. */
  thaw(): void;
  /** Kills it and removes the data directory. */
  dispose(): Promise<void>;
}

/** The test-only certificates in test/fixtures/etcd-tls (see its README). */
export const TEST_TLS_DIR = fileURLToPath(new URL("../fixtures/etcd-tls/", import.meta.url));

/**
 * Starts etcd on loopback with free ports and a fresh temp data dir, resolving once it is healthy.
 * With `tls`, clients must connect over https with a certificate signed by the test CA
 * (test/fixtures/etcd-tls); a second, plain listener serves only the health check.
 */
export async function startEtcd(binary: string, options: { readonly tls?: boolean } = {}): Promise<TestEtcd> {
  const base = mkdtempSync(join(tmpdir(), "cpe-etcd-"));
  const dataDir = join(base, "data");
  const clientPort = await freePort();
  const peerPort = await freePort();
  const endpoint = `${options.tls === true ? "https" : "http"}://127.0.0.1:${clientPort}`;
  const health = options.tls === true ? `http://127.0.0.1:${await freePort()}` : endpoint;
  const peer = `http://127.0.0.1:${peerPort}`;
  const tlsArgs =
    options.tls === true
      ? [
          "--cert-file",
          join(TEST_TLS_DIR, "server.pem"),
          "--key-file",
          join(TEST_TLS_DIR, "server-key.pem"),
          "--trusted-ca-file",
          join(TEST_TLS_DIR, "ca.pem"),
          "--client-cert-auth",
          "--listen-metrics-urls",
          health,
        ]
      : [];
  const args = [
    ...tlsArgs,
    "--name",
    "t",
    "--data-dir",
    dataDir,
    "--listen-client-urls",
    endpoint,
    "--advertise-client-urls",
    endpoint,
    "--listen-peer-urls",
    peer,
    "--initial-advertise-peer-urls",
    peer,
    "--initial-cluster",
    `t=${peer}`,
    "--log-level",
    "error",
  ];
  let child: ChildProcess | undefined;
  let output = "";

  const launch = async (): Promise<void> => {
    output = "";
    const proc = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    proc.stdout?.on("data", keep);
    proc.stderr?.on("data", keep);
    await waitHealthy(health, proc, () => output);
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    // SIGKILL works on a stopped process too; SIGCONT first so nothing lingers half-frozen.
    proc.kill("SIGCONT");
    proc.kill("SIGKILL");
    await withTimeout(exited, 10_000, "etcd did not exit after SIGKILL");
  };

  await launch();
  return {
    endpoint,
    dataDir,
    kill,
    restart: async () => {
      await kill();
      await launch();
    },
    freeze: () => {
      child?.kill("SIGSTOP");
    },
    thaw: () => {
      child?.kill("SIGCONT");
    },
    dispose: async () => {
      await kill();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(endpoint: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`etcd exited with code ${proc.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (res.ok && body.health === "true") return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`etcd at ${endpoint} was not healthy within 15 s:\n${log()}`);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every 20 ms until it returns true, failing with `what` (evaluated then) after `timeoutMs`. */
export async function waitFor(
  probe: () => boolean,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`,
      );
    }
    await sleep(20);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import { describe, expect, it } from "vitest";
import { EXAMPLE, runCli, runMain } from "../run-cli.js";

describe("calico-policy matrix (process)", () => {
  it("prints the grid with the class count for the example", async () => {
    const run = await runCli(["matrix", "-f", EXAMPLE.cluster, "--port", "5432/TCP", "-n", "data"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^reachability to TCP\/5432: 4 endpoints in \d equivalence classes/);
    expect(run.stdout).toMatch(/data\/postgres-0/);
    expect(run.stdout).toContain("✓ allowed  · denied");
  });

  it("writes CSV, one row per pair, and DOT with an edge per allowed pair", async () => {
    const csv = await runMain(["matrix", "-f", EXAMPLE.cluster, "-p", "5432", "-n", "data", "-o", "csv"]);
    const rows = csv.stdout.trimEnd().split("\n");
    expect(rows[0]).toBe("from,to,protocol,port,allowed,decided_by");
    expect(rows).toHaveLength(1 + 16);
    expect(rows).toContain(
      "data/node3-cni-backup--agent-eth0,data/postgres-0,TCP,5432,true,default/data/allow-postgres#2",
    );
    const dot = await runMain(["matrix", "-f", EXAMPLE.cluster, "-p", "5432", "-n", "data", "-o", "dot"]);
    expect(dot.stdout).toMatch(/^digraph reachability \{/);
    expect(dot.stdout).toContain('"data/node3-cni-backup--agent-eth0" -> "data/postgres-0";');
  });

  it("exits 2 for a protocol without ports", async () => {
    const run = await runMain(["matrix", "-f", EXAMPLE.cluster, "--port", "8/ICMP"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --port: "8/ICMP": ICMP has no ports');
  });
});

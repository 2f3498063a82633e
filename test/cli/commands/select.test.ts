import { describe, expect, it } from "vitest";
import { EXAMPLE, runCli, runMain } from "../run-cli.js";

describe("calico-policy select (process)", () => {
  it("lists the endpoints and network sets a selector matches, with inherited labels", async () => {
    const run = await runCli([
      "select",
      "-f",
      EXAMPLE.cluster,
      'pcns.team == "data" || role == "payment-gateway"',
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('selector: (pcns.team == "data" || role == "payment-gateway")');
    expect(run.stdout).toMatch(/WorkloadEndpoint\s+data\s+node2-k8s-postgres--0-eth0\s+10\.10\.3\.10\/32/);
    expect(run.stdout).toMatch(/NetworkSet\s+backend\s+payment-provider\s+192\.0\.2\.0\/28/);
    expect(run.stdout).not.toContain("backup");
  });

  it("exits 2 and points at the offending character of a bad selector", async () => {
    const run = await runCli(["select", "-f", EXAMPLE.cluster, 'app == "web" &&']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: selector:1:\d+: /m);
    expect(run.stderr).toContain("^");
  });

  it("prints matches as JSON, restricted to one namespace with -n, and exits 1 when nothing matches", async () => {
    const run = await runMain(["select", "-f", EXAMPLE.cluster, "has(role)", "-n", "backend", "-o", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      selector: "has(role)",
      matches: [
        { kind: "NetworkSet", namespace: "backend", name: "payment-provider", addresses: ["192.0.2.0/28"] },
      ],
    });
    const none = await runMain(["select", "-f", EXAMPLE.cluster, 'app == "nothing"']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("no endpoints or network sets match");
  });
});

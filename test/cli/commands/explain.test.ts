import { describe, expect, it } from "vitest";
import { EXAMPLE, runCli, runMain } from "../run-cli.js";

describe("calico-policy explain (process)", () => {
  it("shows effective labels with their source, policies per direction in order, and profiles", async () => {
    const run = await runCli(["explain", "-f", EXAMPLE.cluster, "backend/api-1"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Endpoint backend/");
    expect(run.stdout).toContain("addresses: 10.10.2.20");
    expect(run.stdout).toMatch(/pcns\.team\s+api\s+profile kns\.backend/);
    expect(run.stdout).toMatch(/pcsa\.app\s+api\s+profile ksa\.backend\.api/);
    expect(run.stdout).toMatch(/^\s*app\s+api\s+own$/m);
    const ingress = run.stdout.slice(
      run.stdout.indexOf("Ingress policies"),
      run.stdout.indexOf("Egress policies"),
    );
    expect(ingress.indexOf("tier security")).toBeLessThan(ingress.indexOf("tier platform"));
    expect(ingress.indexOf("tier platform")).toBeLessThan(ingress.indexOf("tier default"));
    expect(ingress).toContain("GlobalNetworkPolicy platform.allow-prometheus-scrape");
    expect(ingress).toContain("NetworkPolicy backend/allow-api");
    expect(ingress).toContain("then profiles: kns.backend, ksa.backend.api");
  });

  it("exits 2 for an endpoint that does not exist", async () => {
    const run = await runMain(["explain", "-f", EXAMPLE.cluster, "backend/nope"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown endpoint "backend/nope"');
  });
});

import { describe, expect, it } from "vitest";
import { EXAMPLE, runCli, runMain, tempFiles } from "../run-cli.js";

describe("calico-policy validate (process)", () => {
  it("accepts the example cluster and exits 0", async () => {
    const run = await runMain(["validate", "-f", EXAMPLE.cluster]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^valid: 12 files, \d+ resources, no problems$/m);
  });

  it("reports every problem in every file with file:line:col, and exits 2", async () => {
    const dir = tempFiles({
      "a.yaml": `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: bad
spec:
  selector: app == 
  ingress:
    - action: Allow
`,
      "b.yaml": "kind: [\n",
    });
    const run = await runCli(["validate", "-f", dir, "-o", "json"]);
    expect(run.code).toBe(2);
    const json = JSON.parse(run.stdout);
    expect(json.valid).toBe(false);
    const locations: string[] = json.problems.map((p: { location: string }) => p.location);
    expect(locations.some((l) => /a\.yaml:6:\d+$/.test(l))).toBe(true);
    expect(locations.some((l) => /b\.yaml:\d+:\d+$/.test(l))).toBe(true);
  });
});

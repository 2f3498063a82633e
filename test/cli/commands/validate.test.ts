import { truncateSync } from "node:fs";
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

  it("counts the files the problems are in, not the files read", async () => {
    const dir = tempFiles({ "a.yaml": "kind: [\n" });
    const run = await runMain([
      "validate",
      "-f",
      `${dir}/a.yaml`,
      "-f",
      `${dir}/nope1.yaml`,
      "-f",
      `${dir}/nope2.yaml`,
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^3 problems in 3 files \(0 resources read from 1 file\)$/m);
  });

  it("refuses a device and a file over the size limit before reading them", async () => {
    const dir = tempFiles({ "big.yaml": "" });
    truncateSync(`${dir}/big.yaml`, 17 << 20);
    const files = process.platform === "win32" ? [`${dir}/big.yaml`] : [`${dir}/big.yaml`, "/dev/zero"];
    const run = await runMain(["validate", ...files.flatMap((f) => ["-f", f])]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`error: ${dir}/big.yaml: the file is 17.0 MB: at most 16 MB is accepted`);
    if (files.length > 1)
      expect(run.stdout).toContain("error: /dev/zero: cannot read /dev/zero: it is a device");
  });
});

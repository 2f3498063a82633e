import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE, runCli, runMain, tempFiles } from "../run-cli.js";

describe("calico-policy test (process)", () => {
  it("passes every expectation of the example cluster and writes a JUnit report", async () => {
    const dir = tempFiles({});
    const junit = join(dir, "report.xml");
    const run = await runCli(["test", "-f", EXAMPLE.cluster, EXAMPLE.expectations, "--junit", junit]);
    expect(run.stdout).not.toContain("FAIL");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^34 passed, 0 failed \(34 flows\) in [\d.]+ ms$/m);
    expect(run.stdout).toContain("PASS  web calls the api on its named port http-api");
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('tests="34" failures="0"');
  });

  it("exits 1 and says what was expected and what happened for a failing flow", async () => {
    const dir = tempFiles({
      "flows.yaml": `flows:
  - name: wrong on purpose
    from: frontend/web-1
    to: data/postgres-0
    port: 5432
    expect: allow
  - from: frontend/web-1
    to: backend/api-1
    port: 8000
    expect: allow
    decidedBy: default/backend/allow-api#1
  - from: frontend/web-1
    to: backend/api-1
    port: 8000
    expect: allow
`,
    });
    const run = await runCli(["test", "-f", EXAMPLE.cluster, join(dir, "flows.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL  wrong on purpose");
    expect(run.stdout).toContain("expected allow, got deny by end-of-tier:default");
    expect(run.stdout).toContain(
      "expected allow by default/backend/allow-api#1, got allow by default/backend/allow-api#0",
    );
    expect(run.stdout).toMatch(/at .*flows\.yaml:2:5/);
    expect(run.stdout).toContain("1 passed, 2 failed (3 flows)");
  });

  it("exits 2 naming the location of a bad expectations file", async () => {
    const dir = tempFiles({
      "flows.yaml": "flows:\n  - from: a/b\n    to: c/d\n    port: 80\n    expect: yes\n",
    });
    const run = await runMain(["test", "-f", EXAMPLE.cluster, join(dir, "flows.yaml")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /error: .*flows\.yaml:5:13: flows\[0\]\.expect: "yes": expected allow or deny/,
    );
  });

  it("fails a flow that names an unknown workload without stopping the run, and reports JSON", async () => {
    const dir = tempFiles({
      "flows.yaml":
        "- {from: frontend/ghost, to: backend/api-1, port: 8000, expect: allow}\n- {from: frontend/web-1, to: backend/api-1, port: 8000, expect: allow}\n",
    });
    const run = await runMain(["test", "-f", EXAMPLE.cluster, join(dir, "flows.yaml"), "-o", "json"]);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ passed: 1, failed: 1, total: 2 });
    expect(json.results[0].failure).toContain('"frontend/ghost": no WorkloadEndpoint or pod with that name');
    expect(json.results[1]).toMatchObject({ passed: true, actual: "allow by default/backend/allow-api#0" });
  });
});

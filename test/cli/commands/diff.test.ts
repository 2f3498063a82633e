import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE, ROOT, runCli, runMain, tempFiles } from "../run-cli.js";

// The example with the postgres replication rule removed: postgres-0 ↔ postgres-1 on 5432 flips to deny.
function changedCluster(): string {
  const dir = mkdtempSync(join(tmpdir(), "calico-policy-diff-"));
  cpSync(join(ROOT, EXAMPLE.cluster), dir, { recursive: true });
  const file = join(dir, "60-app-policies.yaml");
  const text = readFileSync(file, "utf8");
  const start = text.indexOf("    # Replication between");
  const end = text.indexOf("    # The backup agent");
  writeFileSync(file, text.slice(0, start) + text.slice(end));
  return dir;
}

/** Namespace ns with one pod, ns/a at 10.0.0.1, ending with a document separator. */
const NAMESPACE_AND_POD = `apiVersion: v1
kind: Namespace
metadata: {name: ns}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: ns}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.0.0.1}
---
`;

describe("calico-policy diff (process)", () => {
  it("lists the flows whose verdict changes, with the decision before and after, and exits 1", async () => {
    const after = changedCluster();
    const run = await runCli([
      "diff",
      "-f",
      EXAMPLE.cluster,
      "--against",
      after,
      "--port",
      "5432",
      "-n",
      "data",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("4 flows change verdict");
    expect(run.stdout).toContain("data/postgres-0 → data/postgres-1 TCP/5432");
    expect(run.stdout).toContain("allow (default/data/allow-postgres#1) → deny (end-of-tier:default)");
    expect(run.stdout).toContain("keep their verdict but are decided elsewhere");
  });

  it("compares the flows of an expectations file, and exits 0 when nothing changes", async () => {
    const run = await runMain([
      "diff",
      "-f",
      EXAMPLE.cluster,
      "--against",
      EXAMPLE.cluster,
      "--flows",
      EXAMPLE.expectations,
      "-o",
      "json",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      compared: `34 flows from ${EXAMPLE.expectations}`,
      changes: [],
    });
  });

  it("finds no change between a cluster and itself when a pod and a WorkloadEndpoint of it would show alike", async () => {
    const dir = tempFiles({
      "c.yaml": `${NAMESPACE_AND_POD}apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata: {name: n2-k8s-a-eth0, namespace: ns, labels: {app: x}}
spec: {orchestrator: k8s, node: n2, pod: a, endpoint: eth0, interfaceName: cali0, ipNetworks: [10.0.0.2/32], profiles: [kns.ns]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: only-x, namespace: ns}
spec:
  selector: all()
  types: [Ingress]
  ingress: [{action: Allow, source: {selector: app == 'x'}}]
`,
    });
    const run = await runMain(["diff", "-f", dir, "--against", dir, "--port", "80", "-o", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      changes: [],
      compared: "4 pairs of 2 endpoints on TCP/80",
    });
  });

  it("says '1 flow changes verdict' for one flip", async () => {
    const policy = (action: string) => `${NAMESPACE_AND_POD}apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: g}
spec: {selector: all(), types: [Ingress], ingress: [{action: ${action}}]}
`;
    const before = tempFiles({ "c.yaml": policy("Allow") });
    const after = tempFiles({ "c.yaml": policy("Deny") });
    const run = await runMain(["diff", "-f", before, "--against", after, "--port", "80", "--no-color"]);
    expect(run.stdout).toContain("1 flow changes verdict\n");
    expect(run.code).toBe(1);
  });

  it("exits 2 when the manifests after the change are missing", async () => {
    const run = await runMain(["diff", "-f", EXAMPLE.cluster]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --against: missing: the manifests after the change");
  });
});

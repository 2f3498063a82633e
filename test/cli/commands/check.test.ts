import { describe, expect, it } from "vitest";
import { EXAMPLE, runCli, runMain, tempFiles } from "../run-cli.js";

describe("calico-policy check (process)", () => {
  it("prints the verdict and its trace for an allowed flow, and exits 0", async () => {
    const run = await runCli([
      "check",
      "-f",
      EXAMPLE.cluster,
      "--from",
      "frontend/web-1",
      "--to",
      "backend/api-1",
      "--port",
      "8000",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("ALLOWED  frontend/web-1 → backend/api-1 TCP/8000");
    expect(run.stdout).toContain(
      "egress of frontend/node1-k8s-web--1-eth0 (frontend/web-1): allow by default/frontend/allow-web#0",
    );
    expect(run.stdout).toContain(
      "ingress of backend/node1-k8s-api--1-eth0 (backend/api-1): allow by default/backend/allow-api#0",
    );
    expect(run.stdout).toContain("tier security");
    expect(run.stdout).not.toContain("\u001b[");
  });

  it("exits 1 for a denied flow and names what denied it", async () => {
    const run = await runCli([
      "check",
      "-f",
      EXAMPLE.cluster,
      "--from",
      "backend/payments-1",
      "--to",
      "203.0.113.66",
      "-p",
      "443",
      "-o",
      "json",
    ]);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.allowed).toBe(false);
    expect(json.flow).toEqual({ from: "backend/payments-1", to: "203.0.113.66", protocol: "TCP", port: 443 });
    expect(json.ingress).toBeNull();
    expect(json.egress.decidedBy).toMatchObject({ kind: "rule", tier: "security", ruleIndex: 0 });
  });

  it("names the kind when a staged policy sharing an enforced policy's name decides the pending verdict", async () => {
    const dir = tempFiles({
      "c.yaml": `apiVersion: v1
kind: Namespace
metadata: {name: ns}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: ns, labels: {app: a}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: ns, labels: {app: b}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.0.0.2}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: p, namespace: ns}
spec: {order: 2, selector: app == 'b', types: [Ingress], ingress: [{action: Allow}]}
---
apiVersion: projectcalico.org/v3
kind: StagedNetworkPolicy
metadata: {name: p, namespace: ns}
spec: {order: 1, selector: app == 'b', types: [Ingress], ingress: [{action: Deny}]}
`,
    });
    const run = await runMain([
      "check",
      "-f",
      dir,
      "--from",
      "ns/a",
      "--to",
      "ns/b",
      "--port",
      "80",
      "--no-color",
    ]);
    expect(run.stdout).toContain("allow by default/ns/p#0");
    expect(run.stdout).toContain(
      "staged: with staged policies enforced this would deny (StagedNetworkPolicy default/ns/p#0)",
    );
  });

  it("exits 2 and names the argument for an unknown endpoint", async () => {
    const run = await runCli([
      "check",
      "-f",
      EXAMPLE.cluster,
      "--from",
      "frontend/web-9",
      "--to",
      "backend/api-1",
      "--port",
      "80",
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: --from: .*frontend\/web-9/m);
  });

  it("exits 2 with every argument problem before reading any file", async () => {
    const run = await runMain(["check", "-f", "no/such/dir", "--from", "web", "--protocol", "TCP"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --from: "web" is neither namespace/name');
    expect(run.stderr).toContain("error: --to: missing");
    expect(run.stderr).toContain("error: --port: missing: a TCP flow needs a destination port");
    expect(run.stderr).toContain("usage: calico-policy check");
  });

  it("exits 2 naming a missing manifest path", async () => {
    const run = await runMain(["check", "-f", "no/such/dir", "--from", "a/b", "--to", "c/d", "--port", "80"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: no/such/dir: cannot read no/such/dir: no such file or directory\n");
  });

  it("exits 2 naming the file, line and column of bad YAML", async () => {
    const dir = tempFiles({ "bad.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [oops\n" });
    const run = await runCli(["check", "-f", dir, "--from", "a/b", "--to", "c/d", "--port", "80"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*bad\.yaml:\d+:\d+: /m);
  });

  it("colours for FORCE_COLOR and not with --no-color", async () => {
    const args = [
      "check",
      "-f",
      EXAMPLE.cluster,
      "--from",
      "frontend/web-1",
      "--to",
      "backend/api-1",
      "--port",
      "8000",
    ];
    const coloured = await runCli(args, { NO_COLOR: "", FORCE_COLOR: "1" });
    expect(coloured.stdout).toContain("\u001b[32m\u001b[1mALLOWED\u001b[22m\u001b[39m");
    const plain = await runMain([...args, "--no-color"], { FORCE_COLOR: "1" });
    expect(plain.stdout).not.toContain("\u001b[");
    expect(plain.stdout.startsWith("ALLOWED  ")).toBe(true);
  });

  it("treats hostile names as unknown endpoints, not as object keys", async () => {
    const run = await runMain([
      "check",
      "-f",
      EXAMPLE.cluster,
      "--from",
      "__proto__/constructor",
      "--to",
      "a/b",
      "--port",
      "1",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"__proto__/constructor": no WorkloadEndpoint or pod with that name');
  });
});

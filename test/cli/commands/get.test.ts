import { describe, expect, it } from "vitest";
import { EXAMPLE, runCli, runMain, tempFiles } from "../run-cli.js";

describe("calico-policy get (process)", () => {
  it("lists workload endpoints like calicoctl, for any case of the alias", async () => {
    const run = await runCli(["get", "-f", EXAMPLE.cluster, "WEPS"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAMESPACE\s+WORKLOAD\s+NODE\s+NETWORKS\s+INTERFACE$/);
    expect(lines).toHaveLength(17);
    expect(run.stdout).toMatch(/^data\s+postgres-0\s+node2\s+10\.10\.3\.10\/32\s+cali7a1c3e5f9b2$/m);
    expect(run.stdout).toMatch(/^frontend\s+web-1\s+node1\s+10\.10\.1\.10\/32\s+cali[0-9a-f]{11}$/m);
  });

  it("shows one namespace with calicoctl's NAMESPACE column, and more columns with -o wide", async () => {
    const run = await runMain(["get", "-f", EXAMPLE.cluster, "workloadendpoint", "-n", "data", "-o", "wide"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(
      /^NAMESPACE\s+NAME\s+WORKLOAD\s+NODE\s+NETWORKS\s+INTERFACE\s+PROFILES\s+NATS$/,
    );
    expect(run.stdout).toMatch(
      /^data\s+node3-cni-backup--agent-eth0\s+backup-agent\s+node3\s+10\.10\.3\.30\/32\s+cali5e6f7a8b9c0\s+backup$/m,
    );
    const missing = await runMain(["get", "-f", EXAMPLE.cluster, "wep", "nope", "-n", "data"]);
    expect(missing.stderr).toBe("resource does not exist: WorkloadEndpoint(data/nope)\n");
  });

  it("lists a StagedKubernetesNetworkPolicy as itself, not as the StagedNetworkPolicy it becomes", async () => {
    const dir = tempFiles({
      "s.yaml": `apiVersion: projectcalico.org/v3
kind: StagedKubernetesNetworkPolicy
metadata: {name: skp1, namespace: data}
spec: {podSelector: {matchLabels: {app: x}}, policyTypes: [Ingress]}
`,
    });
    const sknp = await runMain(["get", "-f", EXAMPLE.cluster, "-f", dir, "sknp", "-n", "data"]);
    expect(sknp.stdout).toMatch(/^data\s+skp1$/m);
    const snp = await runMain(["get", "-f", EXAMPLE.cluster, "-f", dir, "snp", "-n", "data"]);
    expect(snp.stdout).not.toContain("skp1");
  });

  it("lists tiers by order and global policies by name", async () => {
    const tiers = await runMain(["get", "-f", EXAMPLE.cluster, "tiers"]);
    expect(tiers.stdout).toMatch(/^NAME\s+ORDER\nsecurity\s+100\nplatform\s+200\ndefault\s+1000000\n$/);
    const gnp = await runMain(["get", "-f", EXAMPLE.cluster, "gnp", "-o", "wide"]);
    expect(gnp.stdout.split("\n")[1]).toMatch(/^platform\.allow-dns-egress\s+100\s+all\(\)$/);
  });

  it("exits 2 for an unknown kind and 1 for a named resource that does not exist", async () => {
    const unknown = await runMain(["get", "-f", EXAMPLE.cluster, "pods"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error: kind: resource type "pods" is not supported');
    const missing = await runMain(["get", "-f", EXAMPLE.cluster, "gnp", "nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("resource does not exist: GlobalNetworkPolicy(nope)");
  });

  it("prints one resource as itself and several as the kind's typed list in YAML and JSON", async () => {
    const one = await runMain(["get", "-f", EXAMPLE.cluster, "tier", "security", "-o", "yaml"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(
      "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 100\n  defaultAction: Deny\n",
    );
    const list = JSON.parse((await runMain(["get", "-f", EXAMPLE.cluster, "profiles", "-o", "json"])).stdout);
    expect(list).toMatchObject({ apiVersion: "projectcalico.org/v3", kind: "ProfileList", metadata: {} });
    expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([
      "backup",
      "kns.backend",
      "kns.data",
      "kns.frontend",
      "kns.kube-system",
      "kns.monitoring",
      "ksa.backend.api",
      "ksa.backend.payments",
      "ksa.kube-system.coredns",
      "ksa.monitoring.prometheus",
    ]);
  });

  it("refuses -n together with -A", async () => {
    const run = await runMain(["get", "-f", EXAMPLE.cluster, "wep", "-n", "data", "-A"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: -n: give either -n <namespace> or -A, not both");
  });
});

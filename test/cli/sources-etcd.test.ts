import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refToKey } from "../../src/datastore/keys.js";
import { loadManifestFiles, toCalicoResources } from "../../src/index.js";
import { etcdAvailability, startEtcd, type TestEtcd } from "../support/etcd.js";
import { EXAMPLE, runCli } from "./run-cli.js";

const etcd = etcdAvailability();

// The example cluster as Calico's etcdv3 datastore holds it: Kubernetes objects converted the way
// the CNI plugin and kube-controllers write them (pods as WorkloadEndpoints, kns./ksa. profiles,
// knp.default.* policies).
describe.skipIf(!etcd.available)("calico-policy --etcd against a real etcd (process)", () => {
  let server: TestEtcd;

  beforeAll(async () => {
    if (!etcd.available) return;
    server = await startEtcd(etcd.binary);
    const { Etcd3 } = await import("etcd3");
    const client = new Etcd3({ hosts: server.endpoint });
    try {
      for (const resource of loadManifestFiles([EXAMPLE.cluster]).flatMap(toCalicoResources)) {
        await client.put(refToKey(resource)).value(JSON.stringify(resource));
      }
    } finally {
      client.close();
    }
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("passes every expectation of the example read from etcd but the one a Service rule allows", async () => {
    // Felix watches EndpointSlices only with the Kubernetes datastore (felixsyncer), so in etcd
    // mode a rule naming a Service has empty IP sets; the slices are not in etcd either.
    const run = await runCli(["test", "--etcd", server.endpoint, EXAMPLE.expectations]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^33 passed, 1 failed \(34 flows\)/m);
    expect(run.stdout).toMatch(
      /^FAIL {2}the reporter reaches redis through the redis Service's EndpointSlice\n.*: deny by end-of-tier:default/m,
    );
    expect(run.code).toBe(1);
  });

  it("exits 2 naming the URL when etcd does not answer, and refuses -f with --etcd", async () => {
    const down = await runCli(["get", "--etcd", "http://127.0.0.1:1", "tiers"]);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^error: http:\/\/127\.0\.0\.1:1: /m);
    const both = await runCli(["get", "--etcd", server.endpoint, "-f", EXAMPLE.cluster, "tiers"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("error: --etcd: give either -f files or --etcd, not both");
  }, 60_000);
});

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refToKey } from "../../src/datastore/keys.js";
import { loadManifestFiles, toCalicoResources } from "../../src/index.js";
import { etcdAvailability, startEtcd, TEST_TLS_DIR, type TestEtcd } from "../support/etcd.js";
import { EXAMPLE, runCli } from "./run-cli.js";

const etcd = etcdAvailability();

/**
 * Starts an etcd (with TLS client-certificate auth when `tls`, using `credentials`) and writes the
 * example cluster into it as Calico's etcdv3 datastore holds it (see below).
 */
async function startWithExample(
  binary: string,
  credentials?: { rootCertificate: Buffer; certChain: Buffer; privateKey: Buffer },
): Promise<TestEtcd> {
  const server = await startEtcd(binary, { tls: credentials !== undefined });
  const { createClient } = await import("../../src/datastore/etcd3-module.js");
  const client = await createClient(server.endpoint, credentials === undefined ? undefined : { credentials });
  try {
    for (const resource of loadManifestFiles([EXAMPLE.cluster]).flatMap(toCalicoResources)) {
      await client.put(refToKey(resource)).value(JSON.stringify(resource));
    }
  } finally {
    client.close();
  }
  return server;
}

// The example cluster as Calico's etcdv3 datastore holds it: Kubernetes objects converted the way
// the CNI plugin and kube-controllers write them (pods as WorkloadEndpoints, kns./ksa. profiles,
// knp.default.* policies).
describe.skipIf(!etcd.available)("calico-policy --etcd against a real etcd (process)", () => {
  let server: TestEtcd;

  beforeAll(async () => {
    if (!etcd.available) return;
    server = await startWithExample(etcd.binary);
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

  it("leaves out a value that fails validation, as Felix does, and validate --etcd reports it", async () => {
    const key = "/calico/resources/v3/projectcalico.org/globalnetworksets/broken";
    const { Etcd3 } = await import("etcd3");
    const client = new Etcd3({ hosts: server.endpoint });
    try {
      await client.put(key).value(
        JSON.stringify({
          kind: "GlobalNetworkSet",
          apiVersion: "projectcalico.org/v3",
          metadata: { name: "broken" },
          spec: { nets: ["10.0.0.0/33"] },
        }),
      );
      const get = await runCli(["get", "--etcd", server.endpoint, "gnetsets"]);
      expect(get.code).toBe(0);
      expect(get.stderr).toContain(`warning: ${server.endpoint} ${key}: spec.nets[0]:`);
      expect(get.stderr).toContain("1 value was left out, as Felix leaves out values that fail validation");
      const validate = await runCli(["validate", "--etcd", server.endpoint]);
      expect(validate.code).toBe(2);
      expect(validate.stdout).toContain(`error: ${server.endpoint} ${key}: spec.nets[0]:`);
    } finally {
      await client.delete().key(key);
      client.close();
    }
  }, 60_000);
});

describe.skipIf(!etcd.available)(
  "calico-policy --etcd against an etcd with TLS client-certificate auth",
  () => {
    let server: TestEtcd;
    const tls = {
      ETCD_CA_CERT_FILE: join(TEST_TLS_DIR, "ca.pem"),
      ETCD_CERT_FILE: join(TEST_TLS_DIR, "client.pem"),
      ETCD_KEY_FILE: join(TEST_TLS_DIR, "client-key.pem"),
    };

    beforeAll(async () => {
      if (!etcd.available) return;
      const { readFileSync } = await import("node:fs");
      server = await startWithExample(etcd.binary, {
        rootCertificate: readFileSync(tls.ETCD_CA_CERT_FILE),
        certChain: readFileSync(tls.ETCD_CERT_FILE),
        privateKey: readFileSync(tls.ETCD_KEY_FILE),
      });
    }, 60_000);

    afterAll(async () => {
      await server?.dispose();
    });

    it("reads the datastore with calicoctl's ETCD_CA_CERT_FILE / ETCD_CERT_FILE / ETCD_KEY_FILE, from a comma-separated endpoint list", async () => {
      const run = await runCli(["get", "--etcd", `${server.endpoint},${server.endpoint}`, "tiers"], tls);
      expect(run.stderr).not.toMatch(/error/);
      expect(run.stdout).toMatch(/^NAME +ORDER/m);
      expect(run.code).toBe(0);
    }, 60_000);

    it("says which variables to set when TLS is refused, and which file it could not read", async () => {
      const bare = await runCli(["get", "--etcd", server.endpoint, "tiers"]);
      expect(bare.code).toBe(2);
      expect(bare.stderr).toContain("for TLS, set ETCD_CA_CERT_FILE, ETCD_CERT_FILE and ETCD_KEY_FILE");
      const missing = await runCli(["get", "--etcd", server.endpoint, "tiers"], {
        ...tls,
        ETCD_KEY_FILE: "/nonexistent/key.pem",
      });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("error: ETCD_KEY_FILE: cannot read /nonexistent/key.pem");
    }, 60_000);
  },
);

import type { Etcd3 } from "etcd3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatastoreError } from "../../src/datastore/etcd3-module.js";
import { DEFAULT_PREFIX, refToKey } from "../../src/datastore/keys.js";
import { snapshotFromEtcd } from "../../src/datastore/snapshot.js";
import { etcdAvailability, startEtcd, type TestEtcd } from "../support/etcd.js";
import { idOf } from "./equivalence.js";
import { CLUSTER } from "./fixtures.js";

const etcd = etcdAvailability();

describe.skipIf(!etcd.available)("snapshotFromEtcd against a real etcd", () => {
  let server: TestEtcd;
  let client: Etcd3;

  beforeAll(async () => {
    if (!etcd.available) return;
    server = await startEtcd(etcd.binary);
    const { Etcd3 } = await import("etcd3");
    client = new Etcd3({ hosts: server.endpoint });
    // Calico's own prefix: the default.
    for (const resource of CLUSTER)
      await client.put(refToKey(resource as never)).value(JSON.stringify(resource));
    await client.put(`${DEFAULT_PREFIX}ippools/default-ipv4-ippool`).value('{"spec":{"cidr":"10.0.0.0/8"}}');
    await client.put(`${DEFAULT_PREFIX}globalnetworksets/broken`).value('{"spec":{"nets":["300.1.1.1/32"]}}');
  });

  afterAll(async () => {
    client?.close();
    await server?.dispose();
  });

  it("reads every valid resource at one revision, in key order, with defaults applied", async () => {
    const snapshot = await snapshotFromEtcd({ endpoints: server.endpoint });
    const current = (await client.get("nothing").exec()).header.revision;
    expect(snapshot.revision).toBe(current);
    expect(snapshot.resources.map(idOf).sort()).toEqual(CLUSTER.map(idOf).sort());
    const keys = snapshot.resources.map((r) => refToKey(r));
    expect(keys).toEqual([...keys].sort());
    // resourceVersion is the key's mod revision, as Calico's etcdv3 backend reports it.
    expect(snapshot.resources.every((r) => Number(r.metadata.resourceVersion) > 0)).toBe(true);
  });

  it("reports invalid values as problems with key, revision and issues, and ignores kinds it does not evaluate", async () => {
    const snapshot = await snapshotFromEtcd({ endpoints: [server.endpoint] });
    expect(snapshot.problems).toHaveLength(1);
    const problem = snapshot.problems[0]!;
    expect(problem.key).toBe(`${DEFAULT_PREFIX}globalnetworksets/broken`);
    expect(Number(problem.revision)).toBeGreaterThan(0);
    expect(problem.issues[0]?.path.slice(0, 2)).toEqual(["spec", "nets"]);
  });

  it("uses a given client and leaves it open", async () => {
    const snapshot = await snapshotFromEtcd({ endpoints: [], client, prefix: DEFAULT_PREFIX.slice(0, -1) });
    expect(snapshot.resources).toHaveLength(CLUSTER.length);
    expect(await client.get("nothing").string()).toBeNull();
  });

  it("fails with a DatastoreError naming the endpoint when etcd is unreachable", async () => {
    const error = await snapshotFromEtcd({ endpoints: "http://127.0.0.1:1", timeoutMs: 3000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatastoreError);
    expect((error as DatastoreError).code).toBe("etcd-unavailable");
    expect((error as DatastoreError).message).toContain("http://127.0.0.1:1");
  });

  it("refuses an empty endpoint list before connecting", async () => {
    await expect(snapshotFromEtcd({ endpoints: [] })).rejects.toThrow(/at least one etcd URL/);
  });
});

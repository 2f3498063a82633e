import type { Etcd3 } from "etcd3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPrefix, prefixEnd } from "../../src/datastore/list.js";
import { etcdAvailability, startEtcd, type TestEtcd } from "../support/etcd.js";

describe("prefixEnd", () => {
  it("increments the last byte, as etcd's GetPrefixRangeEnd does", () => {
    expect(prefixEnd(Buffer.from("/calico/")).toString()).toBe("/calico0");
  });

  it("drops trailing 0xff bytes before incrementing", () => {
    expect([...prefixEnd(Buffer.of(0x61, 0xff, 0xff))]).toEqual([0x62]);
  });

  it("runs to the end of the keyspace when every byte is 0xff", () => {
    expect([...prefixEnd(Buffer.of(0xff))]).toEqual([0x00]);
  });
});

const etcd = etcdAvailability();

describe.skipIf(!etcd.available)("listPrefix against a real etcd", () => {
  let server: TestEtcd;
  let client: Etcd3;

  beforeAll(async () => {
    if (!etcd.available) return;
    server = await startEtcd(etcd.binary);
    const { Etcd3 } = await import("etcd3");
    client = new Etcd3({ hosts: server.endpoint });
  });

  afterAll(async () => {
    client?.close();
    await server?.dispose();
  });

  it("lists every key under the prefix in key order, page by page, excluding neighbours", async () => {
    for (const name of ["e", "a", "c", "g", "b", "f", "d"])
      await client.put(`/list1/${name}`).value(`v-${name}`);
    await client.put("/list10").value("neighbour");
    await client.put("/list1").value("the prefix itself without slash");
    const listing = await listPrefix(client, "/list1/", { pageSize: 2 });
    expect(listing.entries.map((e) => e.key)).toEqual(
      ["a", "b", "c", "d", "e", "f", "g"].map((n) => `/list1/${n}`),
    );
    expect(listing.entries[0]?.value).toBe("v-a");
    expect(Number(listing.entries[0]?.modRevision)).toBeGreaterThan(0);
  });

  it("reads every page at the first page's revision, so writes made meanwhile are not mixed in", async () => {
    for (const name of ["a", "b", "c", "d", "e"]) await client.put(`/list2/${name}`).value("old");
    let writes = 0;
    const racing = new Proxy(client, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (property !== "getAll") return typeof value === "function" ? value.bind(target) : value;
        return () => {
          const builder = target.getAll();
          const exec = builder.exec.bind(builder);
          builder.exec = async () => {
            const response = await exec();
            // Between pages: change a key on a later page and add one at the end.
            await client.put(`/list2/e`).value(`new-${++writes}`);
            await client.put(`/list2/z${writes}`).value("new");
            return response;
          };
          return builder;
        };
      },
    });
    const listing = await listPrefix(racing, "/list2/", { pageSize: 2 });
    expect(writes).toBeGreaterThan(1);
    expect(listing.entries.map((e) => `${e.key}=${e.value}`)).toEqual([
      "/list2/a=old",
      "/list2/b=old",
      "/list2/c=old",
      "/list2/d=old",
      "/list2/e=old",
    ]);
    expect(listing.entries.every((e) => BigInt(e.modRevision) <= BigInt(listing.revision))).toBe(true);
  });

  it("returns an empty listing with the current revision for an empty prefix", async () => {
    const revision = (await client.put("/other/x").value("1")).header.revision;
    const listing = await listPrefix(client, "/empty/");
    expect(listing).toEqual({ revision, entries: [] });
  });

  it("says how to fix a client whose gRPC receive limit a page passes (six 1 MB network sets, default 4 MiB)", async () => {
    const big = "x".repeat(1_000_000);
    for (let i = 0; i < 6; i++) await client.put(`/big/feed-${i}`).value(`${i}${big}`);
    const { Etcd3 } = await import("etcd3");
    const capped = new Etcd3({ hosts: server.endpoint });
    try {
      await expect(listPrefix(capped, "/big/")).rejects.toThrow(
        /larger than this etcd client accepts; create it with grpcOptions \{ "grpc.max_receive_message_length": -1 \}/,
      );
      // Smaller pages fit.
      const listing = await listPrefix(client, "/big/", { pageSize: 2 });
      expect(listing.entries.map((e) => [e.key, e.value.length, e.value[0]])).toEqual(
        [0, 1, 2, 3, 4, 5].map((i) => [`/big/feed-${i}`, 1_000_001, String(i)]),
      );
    } finally {
      capped.close();
    }
  });

  it("reads such a prefix in one page with a client createClient made (no receive limit, as Calico's Go client)", async () => {
    const { createClient } = await import("../../src/datastore/etcd3-module.js");
    const unlimited = await createClient(server.endpoint);
    const pages: number[] = [];
    const counting = new Proxy(unlimited, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (property !== "getAll") return typeof value === "function" ? value.bind(target) : value;
        return () => {
          pages.push(1);
          return target.getAll();
        };
      },
    });
    try {
      for (let i = 0; i < 6; i++) await client.put(`/big2/feed-${i}`).value("y".repeat(1_000_000));
      const listing = await listPrefix(counting, "/big2/");
      expect(listing.entries).toHaveLength(6);
      expect(pages).toHaveLength(1);
    } finally {
      unlimited.close();
    }
  });
});

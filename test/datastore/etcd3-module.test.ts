import { describe, expect, it } from "vitest";
import { createClient, DatastoreError, endpointList, loadEtcd3 } from "../../src/datastore/etcd3-module.js";
import { EtcdSyncer } from "../../src/datastore/syncer.js";

const missing = (code: string) => () =>
  Promise.reject(
    Object.assign(new Error("Cannot find package 'etcd3' imported from /app/dist/x.js"), { code }),
  );

describe("loadEtcd3", () => {
  it("turns a missing etcd3 package into a DatastoreError that says how to install it", async () => {
    const error = await loadEtcd3(missing("ERR_MODULE_NOT_FOUND")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatastoreError);
    expect(error).toMatchObject({ code: "etcd3-missing" });
    expect((error as Error).message).toContain("npm install etcd3@1.1.2");
    expect((error as Error).cause).toMatchObject({ code: "ERR_MODULE_NOT_FOUND" });
  });

  it("passes any other import failure through unchanged", async () => {
    await expect(loadEtcd3(missing("ERR_SOMETHING_ELSE"))).rejects.toMatchObject({
      code: "ERR_SOMETHING_ELSE",
    });
  });

  it("loads the installed etcd3", async () => {
    const module = await loadEtcd3();
    expect(typeof module.Etcd3).toBe("function");
  });
});

describe("endpointList", () => {
  it("splits comma-separated endpoints as Calico splits etcd_endpoints, from a string or a list", () => {
    expect(endpointList("http://a:2379,http://b:2379")).toEqual(["http://a:2379", "http://b:2379"]);
    expect(endpointList(["http://a:2379, http://b:2379", "http://c:2379"])).toEqual([
      "http://a:2379",
      "http://b:2379",
      "http://c:2379",
    ]);
    expect(endpointList("http://a:2379,")).toEqual(["http://a:2379", ""]);
  });
  it("keeps only scheme and host, as etcd's Go client reads a URL (trailing slash, path, upper-case scheme)", () => {
    expect(endpointList("HTTP://Etcd-1:2379/,http://[::1]:2379/x?y#z,http:/127.0.0.1:2379")).toEqual([
      "http://etcd-1:2379",
      "http://[::1]:2379",
      "http://127.0.0.1:2379",
    ]);
    expect(endpointList("not a url")).toEqual(["not a url"]);
  });
});

describe("createClient", () => {
  it("refuses an empty entry in a comma-separated list", async () => {
    await expect(createClient("http://a:2379,")).rejects.toThrow('got "http://a:2379,"');
  });

  it("refuses an empty endpoint or endpoint list, quoting what it got", async () => {
    await expect(createClient([])).rejects.toThrow("endpoints must name at least one etcd URL, got []");
    await expect(createClient(" ")).rejects.toThrow('got " "');
  });
});

describe("EtcdSyncer without a usable client", () => {
  it("rejects start() with the client error and ends stopped instead of hanging", async () => {
    const syncer = new EtcdSyncer({ endpoints: [], engine: { apply: () => {}, delete: () => false } });
    await expect(syncer.start()).rejects.toMatchObject({ code: "etcd-unavailable" });
    expect(syncer.state).toBe("stopped");
    await expect(syncer.start()).rejects.toThrow(/cannot be restarted/);
  });
});

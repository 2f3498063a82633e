import { afterEach, describe, expect, it, vi } from "vitest";

// The CLI reaches etcd through the datastore subpath; here its snapshot is replaced so the two
// failure paths (etcd3 not installed, etcd not answering) can be driven without either.
const snapshot = vi.hoisted(() => ({ fail: undefined as unknown }));
vi.mock("../../src/datastore/index.js", async (importActual) => {
  const actual = await importActual<typeof import("../../src/datastore/index.js")>();
  return {
    ...actual,
    snapshotFromEtcd: async () => {
      throw snapshot.fail;
    },
  };
});

const { loadEtcdSource } = await import("../../src/cli/sources.js");
const { DatastoreError } = await import("../../src/datastore/index.js");

afterEach(() => {
  snapshot.fail = undefined;
});

describe("loadEtcdSource failures", () => {
  it("names a missing etcd3 package as no-etcd-client on --etcd, with the install command", async () => {
    snapshot.fail = new DatastoreError(
      "etcd3-missing",
      "reading Calico's etcd datastore needs the optional peer dependency etcd3: run `npm install etcd3@1.1.2`",
    );
    const loaded = await loadEtcdSource("http://127.0.0.1:2379");
    expect(loaded.resources).toEqual([]);
    expect(loaded.problems).toEqual([
      expect.objectContaining({ code: "no-etcd-client", location: "--etcd" }),
    ]);
    expect(loaded.problems[0]!.message).toContain("npm install etcd3@1.1.2");
  });

  it("reports any other failure as etcd-unreachable at the URL", async () => {
    snapshot.fail = new DatastoreError("etcd-unavailable", "connect ECONNREFUSED 127.0.0.1:2379");
    const loaded = await loadEtcdSource("http://127.0.0.1:2379");
    expect(loaded.problems).toEqual([
      {
        code: "etcd-unreachable",
        location: "http://127.0.0.1:2379",
        message: "connect ECONNREFUSED 127.0.0.1:2379",
      },
    ]);
  });
});

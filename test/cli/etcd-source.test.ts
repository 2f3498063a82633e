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

const { etcdClientSettings, loadEtcdSource, shownEndpoint } = await import("../../src/cli/sources.js");
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

describe("loadEtcdSource and credentials in the URL", () => {
  it("does not repeat a user:password in the location or the message", async () => {
    snapshot.fail = new DatastoreError(
      "etcd-unavailable",
      "no answer from etcd at http://root:s3cret@10.0.0.5:2379",
    );
    const loaded = await loadEtcdSource("http://root:s3cret@10.0.0.5:2379");
    expect(loaded.problems).toEqual([
      {
        code: "etcd-unreachable",
        location: "http://10.0.0.5:2379",
        message: "no answer from etcd at http://10.0.0.5:2379",
      },
    ]);
    expect(shownEndpoint("https://a@h:1,https://h2:2")).toBe("https://h:1,https://h2:2");
    expect(shownEndpoint("https://h:1,https://u:p@h2:2,http://x:y@h3")).toBe(
      "https://h:1,https://h2:2,http://h3",
    );
  });
});

describe("etcdClientSettings (calicoctl's environment variables)", () => {
  const env = (values: Record<string, string>) => (name: string) => values[name];

  it("is empty without variables, and carries username and password as etcd auth", () => {
    expect(etcdClientSettings(env({}))).toEqual({ ok: true, settings: {} });
    expect(etcdClientSettings(env({ ETCD_USERNAME: "calico", ETCD_PASSWORD: "pw" }))).toEqual({
      ok: true,
      settings: { auth: { username: "calico", password: "pw" } },
    });
  });

  it("reads a certificate only from a regular file of bounded size", () => {
    const result = etcdClientSettings(env({ ETCD_CA_CERT_FILE: "/dev/zero" }));
    expect(!result.ok && result.problems.map((p) => [p.location, p.message])).toEqual([
      ["ETCD_CA_CERT_FILE", expect.stringContaining("/dev/zero")],
    ]);
    expect(!result.ok && result.problems[0]?.message).toMatch(/not a regular file|character device/);
  });

  it("refuses a certificate without its key, a password without a user, and an unreadable file", () => {
    const result = etcdClientSettings(env({ ETCD_CERT_FILE: "/nonexistent/cert.pem", ETCD_PASSWORD: "pw" }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => [p.location, p.message])).toEqual([
      ["ETCD_CERT_FILE", expect.stringMatching(/^cannot read \/nonexistent\/cert.pem: /)],
      ["ETCD_CERT_FILE", "ETCD_CERT_FILE and ETCD_KEY_FILE go together: a client certificate needs its key"],
      ["ETCD_PASSWORD", "ETCD_PASSWORD is set but ETCD_USERNAME is not"],
    ]);
  });
});

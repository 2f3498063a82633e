import { fileURLToPath } from "node:url";
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

const { etcdClientSettings, etcdEndpointProblems, loadEtcdSource, shownEndpoint } = await import(
  "../../src/cli/sources.js"
);
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
  it("refuses credentials in an endpoint URL without repeating them, and says where they go", async () => {
    for (const url of [
      "http://root:s3cret@10.0.0.5:2379",
      "http://127.0.0.1:1,http://u2:s3cret@127.0.0.1:2",
      "http://user:pa/s3cret@127.0.0.1:1",
    ]) {
      const loaded = await loadEtcdSource(url);
      expect(JSON.stringify(loaded.problems), url).not.toContain("s3cret");
      expect(loaded.problems[0]).toMatchObject({ code: "bad-etcd-endpoint", location: "--etcd" });
      expect(loaded.problems.map((p) => p.message).join("\n")).toMatch(
        /holds a user name or password, which etcd does not read from a URL: set ETCD_USERNAME and ETCD_PASSWORD instead|is not a URL/,
      );
    }
  });

  it("names an empty entry, a non-URL and another scheme", () => {
    expect(etcdEndpointProblems("http://127.0.0.1:2379,").map((p) => p.message)).toEqual([
      "endpoint 2 of 2 is empty: expected a URL such as http://127.0.0.1:2379",
    ]);
    expect(etcdEndpointProblems("").map((p) => p.message)).toEqual([
      "the endpoint is empty: expected a URL such as http://127.0.0.1:2379",
    ]);
    expect(etcdEndpointProblems("127.0.0.1:2379 x").map((p) => p.message)).toEqual([
      "the endpoint is not a URL: expected one such as http://127.0.0.1:2379",
    ]);
    expect(etcdEndpointProblems("unix:///run/etcd.sock").map((p) => p.message)).toEqual([
      'the endpoint uses "unix:": expected http:// or https://',
    ]);
    expect(etcdEndpointProblems(" http://a:2379 , https://b:2379")).toEqual([]);
  });

  it("cuts credentials out of any message, also as gRPC prints a target", () => {
    expect(shownEndpoint("https://a@h:1,https://h2:2")).toBe("https://h:1,https://h2:2");
    expect(shownEndpoint("failed for target dns:u:pw@127.0.0.1:2 and http://x:y@h3")).toBe(
      "failed for target dns:127.0.0.1:2 and http://h3",
    );
    // A long value without credentials comes back unchanged (each match attempt stops at a "/").
    const long = `http://127.0.0.1:1/${"/".repeat(100_000)}`;
    expect(shownEndpoint(long)).toBe(long);
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

  it("names a file that is not the PEM certificate or key its variable says", () => {
    const tls = fileURLToPath(new URL("../fixtures/etcd-tls/", import.meta.url));
    const result = etcdClientSettings(
      env({
        ETCD_CA_CERT_FILE: `${tls}README.md`,
        ETCD_CERT_FILE: `${tls}client.pem`,
        ETCD_KEY_FILE: `${tls}client.pem`,
      }),
    );
    expect(!result.ok && result.problems.map((p) => [p.location, p.message])).toEqual([
      ["ETCD_CA_CERT_FILE", expect.stringMatching(/README\.md is not a PEM certificate \(/)],
      ["ETCD_KEY_FILE", expect.stringMatching(/client\.pem is not a PEM private key \(/)],
    ]);
    const good = etcdClientSettings(
      env({
        ETCD_CA_CERT_FILE: `${tls}ca.pem`,
        ETCD_CERT_FILE: `${tls}client.pem`,
        ETCD_KEY_FILE: `${tls}client-key.pem`,
      }),
    );
    expect(good.ok).toBe(true);
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

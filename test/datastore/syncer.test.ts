import type { Etcd3 } from "etcd3";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { keyToRef, refToKey } from "../../src/datastore/keys.js";
import type { MirrorChange, SyncProblem } from "../../src/datastore/mirror.js";
import { snapshotFromEtcd } from "../../src/datastore/snapshot.js";
import { EtcdSyncer, type SyncState } from "../../src/datastore/syncer.js";
import { PolicyEngine } from "../../src/engine.js";
import { etcdAvailability, startEtcd, type TestEtcd, waitFor } from "../support/etcd.js";
import { expectSameAnswers, idOf, TeeTarget } from "./equivalence.js";
import { CLUSTER, ENDPOINTS, FLOWS, SELECTORS, wep } from "./fixtures.js";

const etcd = etcdAvailability();
const QUESTIONS = { flows: FLOWS, selectors: SELECTORS, endpoints: ENDPOINTS };

describe.skipIf(!etcd.available)("EtcdSyncer against a real etcd", () => {
  let server: TestEtcd;
  let writer: Etcd3;
  let prefixCount = 0;
  const running: EtcdSyncer[] = [];

  beforeAll(async () => {
    if (!etcd.available) return;
    server = await startEtcd(etcd.binary);
    const { Etcd3 } = await import("etcd3");
    writer = new Etcd3({ hosts: server.endpoint });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  afterAll(async () => {
    writer?.close();
    await server?.dispose();
  });

  /** A fresh key space per test, so tests do not see each other's resources. */
  function freshPrefix(): string {
    prefixCount++;
    return `/t${prefixCount}/calico/resources/v3/projectcalico.org/`;
  }

  async function put(prefix: string, resource: Record<string, unknown>): Promise<string> {
    const response = await writer
      .put(refToKey(resource as never, prefix))
      .value(JSON.stringify(resource))
      .exec();
    return response.header.revision;
  }

  async function putAll(prefix: string, resources: readonly Record<string, unknown>[]): Promise<string> {
    // One transaction: the whole cluster appears at one revision, as a restore would write it.
    const ops = resources.map((r) => writer.put(refToKey(r as never, prefix)).value(JSON.stringify(r)));
    const response = await writer
      .if(`${prefix}x`, "Version", "==", 0)
      .then(...ops)
      .commit();
    return response.header.revision;
  }

  async function remove(prefix: string, resource: Record<string, unknown>): Promise<string> {
    const response = await writer
      .delete()
      .key(refToKey(resource as never, prefix))
      .exec();
    return response.header.revision;
  }

  function follow(prefix: string) {
    const engine = new PolicyEngine();
    const target = new TeeTarget(engine);
    const syncer = new EtcdSyncer({
      endpoints: server.endpoint,
      engine: target,
      prefix,
      retry: { initialMs: 50, maxMs: 500 },
    });
    running.push(syncer);
    const problems: SyncProblem[] = [];
    const states: SyncState[] = [];
    const updates: MirrorChange[] = [];
    syncer.on("problem", (p) => problems.push(p));
    syncer.on("state", (s) => states.push(s));
    syncer.on("update", (u) => updates.push(u));
    return { engine, target, syncer, problems, states, updates };
  }

  async function caughtUp(syncer: EtcdSyncer, revision: string): Promise<void> {
    // Generous: after an etcd restart the client's circuit breaker alone holds requests for 5 s.
    await waitFor(
      () => syncer.state === "in-sync" && BigInt(syncer.revision) >= BigInt(revision),
      () => `the syncer to reach revision ${revision} (it is at ${syncer.revision}, ${syncer.state})`,
      20_000,
    );
  }

  /** The synced engine must hold exactly etcd's valid resources and answer like a fresh engine. */
  async function expectMatchesEtcd(
    prefix: string,
    synced: { engine: PolicyEngine; target: TeeTarget },
  ): Promise<void> {
    const snapshot = await snapshotFromEtcd({ endpoints: server.endpoint, prefix });
    const expected = new Map(snapshot.resources.map((r) => [idOf(r), r]));
    expect(new Map([...synced.target.held].sort())).toEqual(new Map([...expected].sort()));
    const fresh = new PolicyEngine();
    fresh.apply(snapshot.resources);
    expectSameAnswers(synced.engine, fresh, QUESTIONS);
  }

  it("lists the datastore at one revision, applies it, and resolves start() once in sync", async () => {
    const prefix = freshPrefix();
    const revision = await putAll(prefix, CLUSTER);
    await writer.put("/calico/resources/v3/projectcalico.org/tiers/elsewhere").value("{}");
    await writer.put(`${prefix}ippools/default-ipv4`).value('{"spec":{"cidr":"10.0.0.0/8"}}');
    const s = follow(prefix);
    await s.syncer.start();
    expect(s.syncer.state).toBe("in-sync");
    expect(BigInt(s.syncer.revision)).toBeGreaterThanOrEqual(BigInt(revision));
    expect(s.states).toEqual(["in-sync"]);
    expect(s.problems).toEqual([]);
    expect(s.target.held.size).toBe(CLUSTER.length);
    expect(s.syncer.size).toBe(CLUSTER.length);
    await expectMatchesEtcd(prefix, s);
    // The synced data really drives verdicts: web may reach db on its named port.
    expect(
      s.engine.check({
        protocol: "TCP",
        source: { endpoint: "prod/web-0" },
        destination: { endpoint: "prod/db-0", port: 5432 },
      }).allowed,
    ).toBe(true);
  });

  it("follows a put, an update and a delete of every kind", async () => {
    const prefix = freshPrefix();
    const s = follow(prefix);
    await s.syncer.start();
    expect(s.target.held.size).toBe(0);

    let revision = "0";
    for (const resource of CLUSTER) revision = await put(prefix, resource);
    await caughtUp(s.syncer, revision);
    expect(s.target.held.size).toBe(CLUSTER.length);
    await expectMatchesEtcd(prefix, s);

    for (const resource of CLUSTER) {
      const metadata = resource.metadata as { labels?: Record<string, string> };
      revision = await put(prefix, {
        ...resource,
        metadata: { ...metadata, labels: { ...metadata.labels, threat: "high" } },
      });
    }
    await caughtUp(s.syncer, revision);
    expect(s.syncer.revision).toBe(revision);
    await expectMatchesEtcd(prefix, s);
    expect(
      s.engine.check({
        protocol: "TCP",
        source: { endpoint: "prod/web-0" },
        destination: { endpoint: "prod/db-0", port: 5432 },
      }).allowed,
    ).toBe(false);

    for (const resource of CLUSTER.slice(0, -2)) revision = await remove(prefix, resource);
    await caughtUp(s.syncer, revision);
    expect([...s.target.held.keys()].sort()).toEqual(CLUSTER.slice(-2).map(idOf).sort());
    await expectMatchesEtcd(prefix, s);
    expect(s.updates.filter((u) => u.type === "delete")).toHaveLength(CLUSTER.length - 2);
    expect(s.problems).toEqual([]);
  });

  it("keeps syncing when an event listener throws, and reports the throw as a process warning", async () => {
    const prefix = freshPrefix();
    const s = follow(prefix);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      s.syncer.on("update", () => {
        throw new Error("listener bug");
      });
      await s.syncer.start();
      let revision = "0";
      for (const resource of CLUSTER) revision = await put(prefix, resource);
      await caughtUp(s.syncer, revision);
      expect(s.target.held.size).toBe(CLUSTER.length);
      expect(s.updates).toHaveLength(CLUSTER.length);
      await expectMatchesEtcd(prefix, s);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.some((w) => w.includes('"update" listener threw: listener bug'))).toBe(true);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("applies every change of a multi-key transaction, though they share one revision", async () => {
    const prefix = freshPrefix();
    const s = follow(prefix);
    await s.syncer.start();
    const revision = await putAll(prefix, CLUSTER);
    await caughtUp(s.syncer, revision);
    expect(s.target.held.size).toBe(CLUSTER.length);
    await expectMatchesEtcd(prefix, s);
  });

  it("reports a bad value with key, revision and issues, skips it, and removes the key's old valid version", async () => {
    const prefix = freshPrefix();
    await putAll(prefix, CLUSTER);
    const s = follow(prefix);
    await s.syncer.start();

    const web0 = CLUSTER.find((r) => idOf(r) === "WorkloadEndpoint:prod/node1-k8s-web--0-eth0")!;
    const webKey = refToKey(web0 as never, prefix);
    const brokenWeb = { ...web0, spec: { ...(web0.spec as object), ipNetworks: ["10.10.1.10/16"] } };
    const rev1 = (await writer.put(webKey).value(JSON.stringify(brokenWeb)).exec()).header.revision;
    const rev2 = (await writer.put(`${prefix}tiers/broken`).value("{not json").exec()).header.revision;
    const rev3 = (
      await writer
        .put(`${prefix}networkpolicies/prod/default.other-name`)
        .value(
          JSON.stringify({
            kind: "NetworkPolicy",
            metadata: { name: "default.mismatch", namespace: "prod" },
            spec: {},
          }),
        )
        .exec()
    ).header.revision;
    const extra = wep("prod", "web-9", "10.10.1.19", { app: "web" }, "kns.prod");
    const rev4 = await put(prefix, extra);
    await caughtUp(s.syncer, rev4);

    expect(s.problems.map((p) => [p.key, p.revision])).toEqual([
      [webKey, rev1],
      [`${prefix}tiers/broken`, rev2],
      [`${prefix}networkpolicies/prod/default.other-name`, rev3],
    ]);
    expect(s.problems[0]?.issues.some((i) => i.path.join(".").startsWith("spec.ipNetworks"))).toBe(true);
    expect(s.problems[1]?.issues[0]?.code).toBe("invalid-json");
    expect(s.problems[2]?.issues[0]).toMatchObject({ code: "key-mismatch", path: ["metadata", "name"] });
    // The old valid web-0 is gone; the good value written after the bad ones still arrived.
    expect(s.target.held.has(idOf(web0))).toBe(false);
    expect(s.target.held.has(idOf(extra))).toBe(true);
    expect(() => s.engine.explain("prod/web-0")).toThrow();
    await expectMatchesEtcd(prefix, s);

    const rev5 = await put(prefix, web0);
    await caughtUp(s.syncer, rev5);
    expect(s.target.held.has(idOf(web0))).toBe(true);
    await expectMatchesEtcd(prefix, s);
    expect(s.problems).toHaveLength(3);
  });

  it("survives etcd being killed and restarted, reconciling what changed while it was away", async () => {
    const prefix = freshPrefix();
    await putAll(prefix, CLUSTER);
    const s = follow(prefix);
    await s.syncer.start();
    await expectMatchesEtcd(prefix, s);

    await server.kill();
    await waitFor(() => s.syncer.state === "reconnecting", "the syncer to notice etcd is gone");
    await server.restart();
    // Changed before the syncer is back (its client waits out a circuit breaker): a delete, an
    // update and a create that the old watch never saw.
    const { Etcd3 } = await import("etcd3");
    const other = new Etcd3({ hosts: server.endpoint });
    try {
      const db = CLUSTER.find((r) => idOf(r) === "WorkloadEndpoint:prod/node1-k8s-db--0-eth0")!;
      await other
        .delete()
        .key(refToKey(db as never, prefix))
        .exec();
      const tool = CLUSTER.find((r) => idOf(r) === "WorkloadEndpoint:dev/node1-k8s-tool--0-eth0")!;
      await other
        .put(refToKey(tool as never, prefix))
        .value(
          JSON.stringify({ ...tool, metadata: { ...(tool.metadata as object), labels: { app: "web" } } }),
        );
      const added = wep("prod", "db-1", "10.10.2.11", { app: "db" }, "kns.prod", [
        { name: "postgres", protocol: "TCP", port: 5432 },
      ]);
      const revision = (
        await other
          .put(refToKey(added as never, prefix))
          .value(JSON.stringify(added))
          .exec()
      ).header.revision;

      await caughtUp(s.syncer, revision);
      expect(s.states).toContain("reconnecting");
      expect(s.states.at(-1)).toBe("in-sync");
      expect(s.target.held.has(idOf(db))).toBe(false);
      expect(s.target.held.has(idOf(added))).toBe(true);
      await expectMatchesEtcd(prefix, s);

      // And the new watch follows later changes.
      const after = (
        await other
          .delete()
          .key(refToKey(added as never, prefix))
          .exec()
      ).header.revision;
      await caughtUp(s.syncer, after);
      expect(s.target.held.has(idOf(added))).toBe(false);
      await expectMatchesEtcd(prefix, s);
    } finally {
      other.close();
    }
  }, 45_000);

  it("starts while etcd is down and resolves start() once etcd is up and listed", async () => {
    const prefix = freshPrefix();
    await putAll(prefix, CLUSTER);
    await server.kill();
    const s = follow(prefix);
    let started = false;
    const starting = s.syncer.start().then(() => {
      started = true;
    });
    await waitFor(() => s.syncer.state === "reconnecting", "the first listing to fail");
    expect(started).toBe(false);
    await server.restart();
    await starting;
    expect(s.syncer.state).toBe("in-sync");
    expect(s.target.held.size).toBe(CLUSTER.length);
    await expectMatchesEtcd(prefix, s);
  }, 45_000);

  it("notices a frozen etcd (no reset, no answers) through keepalive and resyncs once it answers again", async () => {
    const prefix = freshPrefix();
    await putAll(prefix, CLUSTER);
    const engine = new PolicyEngine();
    const target = new TeeTarget(engine);
    const syncer = new EtcdSyncer({
      endpoints: server.endpoint,
      engine: target,
      prefix,
      keepalive: { intervalMs: 6000, timeoutMs: 1000 },
      requestTimeoutMs: 1000,
      retry: { initialMs: 50, maxMs: 500 },
    });
    running.push(syncer);
    await syncer.start();
    server.freeze();
    try {
      await waitFor(() => syncer.state === "reconnecting", "keepalive to declare the stream dead", 15_000);
    } finally {
      server.thaw();
    }
    const tool = CLUSTER.find((r) => idOf(r) === "WorkloadEndpoint:dev/node1-k8s-tool--0-eth0")!;
    const revision = await remove(prefix, tool);
    await caughtUp(syncer, revision);
    expect(target.held.has(idOf(tool))).toBe(false);
    await expectMatchesEtcd(prefix, { engine, target });
  }, 45_000);

  it("re-lists and reconciles when its watch revision has been compacted", async () => {
    const prefix = freshPrefix();
    await putAll(prefix, CLUSTER);
    const { Etcd3 } = await import("etcd3");
    const client = new Etcd3({ hosts: server.endpoint });
    const db = CLUSTER.find((r) => idOf(r) === "WorkloadEndpoint:prod/node1-k8s-db--0-eth0")!;
    const added = wep("prod", "web-5", "10.10.1.15", { app: "web" }, "kns.prod");
    let compactedAt = "0";
    // After the first listing returns, change the data and compact past the listing's revision,
    // so the watch from listing+1 is refused by etcd.
    let armed = true;
    const hooked = hookFirstList(client, async () => {
      if (!armed) return;
      armed = false;
      await writer
        .delete()
        .key(refToKey(db as never, prefix))
        .exec();
      compactedAt = (
        await writer
          .put(refToKey(added as never, prefix))
          .value(JSON.stringify(added))
          .exec()
      ).header.revision;
      await writer.kv.compact({ revision: compactedAt, physical: true });
    });
    const engine = new PolicyEngine();
    const target = new TeeTarget(engine);
    const syncer = new EtcdSyncer({
      endpoints: [],
      client: hooked,
      engine: target,
      prefix,
      retry: { initialMs: 50 },
    });
    running.push(syncer);
    const reasons: string[] = [];
    syncer.on("state", (state, detail) => reasons.push(`${state}: ${detail.reason}`));
    try {
      await syncer.start();
      await caughtUp(syncer, compactedAt);
      expect(reasons.some((r) => r.startsWith("syncing: watch cancelled"))).toBe(true);
      expect(target.held.has(idOf(db))).toBe(false);
      expect(target.held.has(idOf(added))).toBe(true);
      await expectMatchesEtcd(prefix, { engine, target });
    } finally {
      await syncer.stop();
      client.close();
    }
  });

  it("matches a fresh engine after any random sequence of puts, bad values, deletes, transactions and compactions", async () => {
    const variant = fc.constantFrom("original", "relabelled", "invalid", "not-json");
    const operation = fc.oneof(
      fc.record({ op: fc.constant("put" as const), index: fc.nat(CLUSTER.length - 1), variant }),
      fc.record({ op: fc.constant("delete" as const), index: fc.nat(CLUSTER.length - 1) }),
      fc.record({
        op: fc.constant("txn" as const),
        indexes: fc.uniqueArray(fc.nat(CLUSTER.length - 1), { minLength: 2, maxLength: 5 }),
      }),
      fc.record({ op: fc.constant("compact" as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const prefix = freshPrefix();
        await putAll(prefix, CLUSTER.slice(0, CLUSTER.length / 2));
        const s = follow(prefix);
        await s.syncer.start();
        const badRevisions: string[] = [];
        let revision = s.syncer.revision;
        for (const o of operations) {
          switch (o.op) {
            case "put": {
              const resource = CLUSTER[o.index]!;
              const key = refToKey(resource as never, prefix);
              const value =
                o.variant === "not-json"
                  ? "{"
                  : JSON.stringify(
                      o.variant === "invalid"
                        ? { ...resource, spec: "not a mapping" }
                        : o.variant === "relabelled"
                          ? {
                              ...resource,
                              metadata: { ...(resource.metadata as object), labels: { threat: "high" } },
                            }
                          : resource,
                    );
              revision = (await writer.put(key).value(value).exec()).header.revision;
              if (o.variant === "invalid" || o.variant === "not-json") badRevisions.push(revision);
              break;
            }
            case "delete":
              revision = await remove(prefix, CLUSTER[o.index]!);
              break;
            case "txn":
              revision = await putAll(
                prefix,
                o.indexes.map((i) => CLUSTER[i]!),
              );
              break;
            case "compact":
              revision = (await writer.put(`${prefix}ippools/p`).value("{}").exec()).header.revision;
              await writer.kv.compact({ revision, physical: true });
              break;
            default:
              o satisfies never;
          }
        }
        await caughtUp(s.syncer, revision);
        expect(s.problems.map((p) => p.revision)).toEqual(badRevisions);
        await expectMatchesEtcd(prefix, s);
        await s.syncer.stop();
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it("stops: state becomes stopped, later writes are not applied, and it cannot be restarted", async () => {
    const prefix = freshPrefix();
    const s = follow(prefix);
    await s.syncer.start();
    await s.syncer.stop();
    expect(s.syncer.state).toBe("stopped");
    const revision = await put(prefix, CLUSTER[0]!);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(BigInt(s.syncer.revision)).toBeLessThan(BigInt(revision));
    expect(s.target.held.size).toBe(0);
    await expect(s.syncer.start()).rejects.toThrow(/cannot be restarted/);
  });

  it("reports reconnecting, with the reason, while etcd is unreachable, and retries until stopped", async () => {
    const syncer = new EtcdSyncer({
      endpoints: "http://127.0.0.1:1",
      engine: new TeeTarget(),
      retry: { initialMs: 20, maxMs: 50 },
    });
    running.push(syncer);
    const reasons: string[] = [];
    syncer.on("state", (state, detail) => reasons.push(`${state}: ${detail.reason}`));
    const started = syncer.start().catch((e: unknown) => e);
    await waitFor(() => reasons.length >= 1, "a reconnecting state");
    expect(reasons[0]).toMatch(
      /^reconnecting: listing \/calico\/resources\/v3\/projectcalico.org\/ failed: /,
    );
    expect(syncer.revision).toBe("0");
    await syncer.stop();
    expect(await started).toBeInstanceOf(Error);
    expect(reasons.at(-1)).toBe("stopped: stop() called");
  });

  it("rejects start() when stopped before the first sync", async () => {
    // A PolicyEngine is accepted as the engine directly (the SyncTarget interface is its apply/delete).
    const syncer = new EtcdSyncer({ endpoints: "http://127.0.0.1:1", engine: new PolicyEngine() });
    const started = syncer.start();
    await syncer.stop();
    await expect(started).rejects.toThrow(/stopped before it was first in sync/);
  });

  it("maps each synced key back to the resource the engine holds", async () => {
    const prefix = freshPrefix();
    await putAll(prefix, CLUSTER);
    const s = follow(prefix);
    await s.syncer.start();
    const keys = s.updates.map((u) => u.key);
    expect(keys.map((k) => keyToRef(k, prefix))).toEqual(s.updates.map((u) => u.ref));
  });
});

/** Wraps a client so `hook` runs after the first range request answers, before the caller sees it. */
function hookFirstList(client: Etcd3, hook: () => Promise<void>): Etcd3 {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property !== "getAll") return typeof value === "function" ? value.bind(target) : value;
      return () => {
        const builder = target.getAll();
        const exec = builder.exec.bind(builder);
        builder.exec = async () => {
          const response = await exec();
          await hook();
          return response;
        };
        return builder;
      };
    },
  });
}

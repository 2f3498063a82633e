import { describe, expect, it } from "vitest";
import { LabelIndexError } from "../../src/index/errors.js";
import { LabelIndex } from "../../src/index/label-index.js";
import type { IpSetMember } from "../../src/index/types.js";
import { parseSelector } from "../../src/selector/index.js";
import { NaiveLabelIndex } from "../support/naive-index.js";

function recording(index: LabelIndex): string[] {
  const events: string[] = [];
  index.on("matchStarted", (s, e) => events.push(`+match ${s} ${e}`));
  index.on("matchStopped", (s, e) => events.push(`-match ${s} ${e}`));
  index.on("memberAdded", (s, m: IpSetMember) => events.push(`+member ${s} ${JSON.stringify(m)}`));
  index.on("memberRemoved", (s, m: IpSetMember) => events.push(`-member ${s} ${JSON.stringify(m)}`));
  return events;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("LabelIndex inheritance (§E)", () => {
  it("resolves own labels first, then each parent in order", () => {
    const index = new LabelIndex();
    index.upsertParent("prof", { a: "prof-a", c: "prof-c", d: "prof-d" });
    index.upsertEndpoint("ep", { labels: { a: "ep-a", b: "ep-b" }, parents: ["prof"] });
    expect(Object.fromEntries(index.effectiveLabels("ep")!)).toEqual({
      a: "ep-a",
      b: "ep-b",
      c: "prof-c",
      d: "prof-d",
    });
    expect(index.labelsOf("ep")!.get("a")).toBe("ep-a");
    expect(index.labelsOf("ep")!.get("c")).toBe("prof-c");
    expect(index.labelsOf("unknown")).toBeUndefined();
  });

  it("lets a parent referenced before it exists contribute nothing, then its labels once upserted", () => {
    const index = new LabelIndex();
    index.addSelector("s", 'pcns.team == "x"');
    index.upsertEndpoint("ep", { labels: {}, parents: ["kns.a"] });
    expect(index.isMatch("s", "ep")).toBe(false);
    index.upsertParent("kns.a", { "pcns.team": "x" });
    expect(index.isMatch("s", "ep")).toBe(true);
    index.deleteParent("kns.a");
    expect(index.isMatch("s", "ep")).toBe(false);
  });

  it("treats __proto__ and constructor as ordinary label names", () => {
    const index = new LabelIndex();
    index.addSelector("s", '__proto__ == "x" && has(constructor)');
    index.upsertEndpoint("ep", { labels: JSON.parse('{"__proto__": "x", "constructor": ""}') });
    expect(index.isMatch("s", "ep")).toBe(true);
    expect(index.effectiveLabels("ep")!.get("__proto__")).toBe("x");
  });
});

describe("LabelIndex refusals", () => {
  it("refuses an unparsable selector with its offset, leaving the index unchanged", () => {
    const index = new LabelIndex();
    const events = recording(index);
    index.upsertEndpoint("ep", { labels: { a: "b" } });
    expect(() => index.addSelector("s", 'a == "b" &&')).toThrow(
      /selector "s": invalid selector "a == \\"b\\" &&".*offset/,
    );
    expect(index.safeAddSelector("s", "a =")).toMatchObject({
      ok: false,
      error: { code: "invalid-selector" },
    });
    expect([...index.matchingEndpoints("s")]).toEqual([]);
    expect(index.stats().selectorIds).toBe(0);
    expect(events).toEqual([]);
  });

  it("refuses an invalid IP naming the field, the value and what was expected, leaving the old endpoint", () => {
    const index = new LabelIndex();
    index.addSelector("s", "has(a)");
    index.upsertEndpoint("ep", { labels: { a: "1" }, ips: ["10.0.0.1"] });
    let error: unknown;
    try {
      index.upsertEndpoint("ep", { labels: {}, ips: ["10.0.0.2", "010.0.0.1"] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LabelIndexError);
    expect((error as LabelIndexError).code).toBe("invalid-ip");
    expect((error as LabelIndexError).path).toBe('endpoint "ep".ips[1]');
    expect((error as LabelIndexError).message).toContain('"010.0.0.1"');
    expect(index.isMatch("s", "ep")).toBe(true);
    expect(index.endpointsContaining("10.0.0.1")).toEqual(["ep"]);
    expect(index.endpointsContaining("10.0.0.2")).toEqual([]);
  });

  it("keeps one member per distinct address, for a few addresses and for thousands", () => {
    for (const count of [3, 5_000]) {
      const index = new LabelIndex();
      index.addSelector("s", "all()");
      const ips: string[] = [];
      for (let i = 0; i < count; i++)
        ips.push(`10.0.${(i >> 8) & 255}.${i & 255}`, `10.0.${(i >> 8) & 255}.${i & 255}/32`);
      ips.push("10.1.0.0/16", "10.1.0.0/16");
      index.upsertEndpoint("set", { labels: {}, ips });
      expect([...index.members("s")]).toHaveLength(count + 1);
    }
  });
  it("refuses a duplicate selector id with a different selector but accepts the same one again", () => {
    const index = new LabelIndex();
    const events = recording(index);
    index.upsertEndpoint("ep", { labels: { a: "b" } });
    index.addSelector("s", 'a == "b"');
    index.addSelector("s", "a=='b'");
    expect(() => index.addSelector("s", "has(a)")).toThrow(LabelIndexError);
    expect(() => index.addSelector("s", 'a == "b"', { name: "http", protocol: "tcp" })).toThrow(
      /already used/,
    );
    expect(events).toEqual(["+match s ep"]);
  });

  it("refuses non-string label values and bad named-port requests with the path", () => {
    const index = new LabelIndex();
    expect(index.safeUpsertEndpoint("ep", { labels: { a: 1 as unknown as string } })).toMatchObject({
      ok: false,
      error: { code: "invalid-labels", path: 'endpoint "ep".labels["a"]' },
    });
    expect(
      index.safeAddSelector("s", "all()", { name: "http", protocol: "TCP" as unknown as "tcp" }),
    ).toMatchObject({
      ok: false,
      error: { code: "invalid-named-port", path: 'selector "s".namedPort.protocol' },
    });
    expect(index.stats()).toMatchObject({ endpoints: 0, selectorIds: 0 });
  });

  it("survives a deeply nested selector and a huge label value", () => {
    const index = new LabelIndex();
    const deep = `${"(".repeat(200)}has(a)${")".repeat(200)}`;
    index.addSelector("deep", deep);
    index.upsertEndpoint("ep", { labels: { a: "x".repeat(1_000_000) } });
    expect(index.isMatch("deep", "ep")).toBe(true);
  });
});

describe("LabelIndex events", () => {
  it("delivers stops and removals before starts and additions, after the index is consistent", () => {
    const index = new LabelIndex();
    index.addSelector("web", 'app == "web"');
    index.addSelector("db", 'app == "db"');
    index.upsertEndpoint("ep", { labels: { app: "web" }, ips: ["10.0.0.1"] });
    const events = recording(index);
    const seenByListener: boolean[] = [];
    index.on("matchStarted", () =>
      seenByListener.push(index.isMatch("db", "ep") && !index.isMatch("web", "ep")),
    );
    index.upsertEndpoint("ep", { labels: { app: "db" }, ips: ["10.0.0.1"] });
    expect(events).toEqual([
      "-match web ep",
      '-member web {"ip":"10.0.0.1"}',
      "+match db ep",
      '+member db {"ip":"10.0.0.1"}',
    ]);
    expect(seenByListener).toEqual([true]);
  });

  it("delivers the events of an update made from inside a listener, in order, without losing any", () => {
    const index = new LabelIndex();
    index.addSelector("s", "has(a)");
    const seen: string[] = [];
    index.on("matchStarted", (s, e) => {
      seen.push(`+${s} ${e}`);
      if (e === "first") index.upsertEndpoint("second", { labels: { a: "" } });
    });
    index.on("matchStopped", (s, e) => seen.push(`-${s} ${e}`));
    index.upsertEndpoint("first", { labels: { a: "" } });
    index.deleteEndpoint("first");
    index.upsertEndpoint("third", { labels: { a: "" } });
    expect(seen).toEqual(["+s first", "+s second", "-s first", "+s third"]);
  });

  it("keeps the event stream in the order of the index's changes when a listener removes the selector", () => {
    const index = new LabelIndex();
    const seen: string[] = [];
    index.on("memberAdded", (_s, m) => {
      seen.push(`+${m.ip}`);
      index.removeSelector("s");
    });
    index.on("memberRemoved", (_s, m) => seen.push(`-${m.ip}`));
    index.upsertEndpoint("e1", { labels: { a: "b" }, ips: ["10.0.0.1", "10.0.0.2"] });
    index.addSelector("s", "a == 'b'");
    // Replaying the stream gives the index's final state: no members.
    expect(seen).toEqual(["+10.0.0.1", "+10.0.0.2", "-10.0.0.1", "-10.0.0.2"]);
    expect([...index.members("s")]).toEqual([]);
  });

  it("applies an update whose listener throws, delivers its events to the other listeners, then rethrows", () => {
    const index = new LabelIndex();
    const seen: string[] = [];
    index.on("matchStarted", () => {
      throw new Error("listener failed");
    });
    index.on("matchStarted", (s, e) => seen.push(`${s} ${e}`));
    index.addSelector("s", "all()");
    expect(() => index.upsertEndpoint("e1", { labels: {} })).toThrow("listener failed");
    expect(() => index.upsertEndpoint("e2", { labels: {} })).toThrow("listener failed");
    expect(seen).toEqual(["s e1", "s e2"]);
    expect([...index.matchingEndpoints("s")].sort()).toEqual(["e1", "e2"]);
  });

  it("refuses a listener that is not a function before anything is registered", () => {
    const index = new LabelIndex();
    expect(() => index.on("matchStarted", 5 as never)).toThrow(TypeError);
    index.addSelector("s", "all()");
    index.upsertEndpoint("e", { labels: {} });
    expect([...index.matchingEndpoints("s")]).toEqual(["e"]);
  });

  it("announces a shared address once and withdraws it when the last endpoint holding it goes", () => {
    const index = new LabelIndex();
    const events = recording(index);
    index.addSelector("s", "has(a)");
    index.upsertEndpoint("e1", { labels: { a: "" }, ips: ["10.0.0.1"] });
    index.upsertEndpoint("e2", { labels: { a: "" }, ips: ["10.0.0.1/32"] });
    index.deleteEndpoint("e1");
    expect(events.filter((e) => e.includes("member"))).toEqual(['+member s {"ip":"10.0.0.1"}']);
    index.deleteEndpoint("e2");
    expect(events.at(-1)).toBe('-member s {"ip":"10.0.0.1"}');
  });

  it("does not re-announce members when an endpoint's ports change but its address does not", () => {
    const index = new LabelIndex();
    index.addSelector("s", "has(a)");
    index.upsertEndpoint("ep", { labels: { a: "" }, ips: ["10.0.0.1"] });
    const events = recording(index);
    index.upsertEndpoint("ep", {
      labels: { a: "" },
      ips: ["10.0.0.1"],
      ports: [{ name: "p", protocol: "TCP", port: 1 }],
    });
    expect(events).toEqual([]);
  });

  it("builds named-port members as address × matching ports, skipping endpoints without the port", () => {
    const index = new LabelIndex();
    index.upsertEndpoint("web", {
      labels: { app: "x" },
      ips: ["10.0.0.1", "fd00::1"],
      ports: [
        { name: "http", protocol: "TCP", port: 80 },
        { name: "http", protocol: "UDP", port: 81 },
      ],
    });
    index.upsertEndpoint("bare", { labels: { app: "x" }, ips: ["10.0.0.2"] });
    index.addSelector("tcp", 'app == "x"', { name: "http", protocol: "tcp" });
    index.addSelector("any", 'app == "x"', { name: "http", protocol: "any" });
    expect(sorted([...index.members("tcp")].map((m) => JSON.stringify(m)))).toEqual([
      '{"ip":"10.0.0.1","protocol":"tcp","port":80}',
      '{"ip":"fd00::1","protocol":"tcp","port":80}',
    ]);
    expect([...index.members("any")]).toHaveLength(4);
    expect(sorted(index.matchingEndpoints("tcp"))).toEqual(["bare", "web"]);
  });
});

describe("LabelIndex cost model", () => {
  it("evaluates no selector when a parent changes a label no selector mentions", () => {
    const index = new LabelIndex();
    for (let i = 0; i < 50; i++) index.addSelector(`s${i}`, `pcns.team == "t${i}"`);
    index.upsertParent("ns", { "pcns.team": "t1" });
    for (let i = 0; i < 100; i++)
      index.upsertEndpoint(`ep${i}`, { labels: { app: `a${i}` }, parents: ["ns"] });
    const before = index.stats().evaluations;
    index.upsertParent("ns", { "pcns.team": "t1", "pcns.note": "changed" });
    expect(index.stats().evaluations).toBe(before);
  });

  it("files Felix's WorkloadUpdate selectors so one new endpoint evaluates at most two of them", () => {
    const index = new LabelIndex();
    for (let i = 0; i < 1000; i++) index.addSelector(`s${i}`, `alpha == "beta" && has(ipset-${i})`);
    const before = index.stats().evaluations;
    index.upsertEndpoint("ep", { labels: { alpha: "beta", "ipset-7": "true" }, parents: ["own"] });
    expect(index.stats().evaluations - before).toBeLessThanOrEqual(2);
    expect([...index.selectorsMatching("ep")]).toEqual(["s7"]);
  });

  it("never evaluates a selector whose restrictions are impossible", () => {
    const index = new LabelIndex();
    index.upsertEndpoint("ep", { labels: { a: "1" } });
    const before = index.stats().evaluations;
    index.addSelector("s", 'a == "1" && a == "2"');
    index.upsertEndpoint("ep2", { labels: { a: "2" } });
    expect(index.stats().evaluations).toBe(before);
  });

  it("agrees with the naive index when many selectors mention a changed parent label", () => {
    const real = new LabelIndex();
    const naive = new NaiveLabelIndex();
    for (const index of [real, naive]) {
      for (let i = 0; i < 30; i++)
        index.addSelector(`s${i}`, `pcns.name == "ns-${i % 10}" && (app == "a${i % 3}" || has(x))`);
      index.upsertParent("p", { "pcns.name": "ns-1" });
      for (let i = 0; i < 12; i++) {
        index.upsertEndpoint(`ep${i}`, {
          labels: i % 4 === 0 ? { x: "" } : { app: `a${i % 3}` },
          parents: ["p"],
        });
      }
      index.upsertParent("p", { "pcns.name": "ns-4" });
      index.upsertParent("p", { "pcns.name": "ns-2", other: "y" });
    }
    for (let i = 0; i < 30; i++)
      expect(sorted(real.matchingEndpoints(`s${i}`))).toEqual(sorted(naive.matchingEndpoints(`s${i}`)));
  });

  it("keeps endpoints whose label sets collide in the context hash apart", () => {
    // {a: "i7kt8nvo"} and {a: "mks1dks8"} have the same 32-bit FNV-1a context hash.
    const index = new LabelIndex({ idleContexts: 0 });
    index.addSelector("s", 'a == "i7kt8nvo"');
    index.upsertEndpoint("x", { labels: { a: "i7kt8nvo" } });
    index.upsertEndpoint("y", { labels: { a: "mks1dks8" } });
    expect(index.stats().contexts).toBe(2);
    expect([...index.matchingEndpoints("s")]).toEqual(["x"]);
    index.deleteEndpoint("x");
    index.upsertEndpoint("z", { labels: { a: "mks1dks8" } });
    expect(index.stats().contexts).toBe(1);
    expect(index.isMatch("s", "z")).toBe(false);
    index.upsertEndpoint("x", { labels: { a: "i7kt8nvo" } });
    expect(index.isMatch("s", "x")).toBe(true);
  });

  it("shares one state between ids with the same selector and evicts idle contexts beyond the limit", () => {
    const index = new LabelIndex({ idleContexts: 1 });
    index.addSelector("a", parseSelector("has(x)"));
    index.addSelector("b", "has( x )");
    expect(index.stats()).toMatchObject({ selectors: 1, selectorIds: 2 });
    for (let i = 0; i < 5; i++) {
      index.upsertEndpoint("ep", { labels: { x: String(i) } });
    }
    index.deleteEndpoint("ep");
    expect(index.stats().contexts).toBe(1);
    expect(() => new LabelIndex({ idleContexts: -1 })).toThrow(RangeError);
  });
});

describe("LabelIndex at the sizes where value groups change form", () => {
  // Hundreds of distinct contexts sharing low-cardinality labels: `tier` and `env` groups outgrow
  // arrays and Sets and become bitsets over context serials; idleContexts 0 destroys contexts as
  // pods go, so serials are released and reused by the next ones. Selectors added before and
  // after must match exactly what the naive index says.
  it("matches like the naive index while pods come and go and serials are reused", () => {
    const index = new LabelIndex({ idleContexts: 0 });
    const naive = new NaiveLabelIndex();
    const both = {
      selector(id: string, text: string) {
        index.addSelector(id, text);
        naive.addSelector(id, text);
      },
      pod(i: number, generation: number) {
        const endpoint = {
          labels: {
            app: `app-${i}-${generation}`,
            tier: ["web", "api", "db"][i % 3]!,
            env: i % 7 === 0 ? "dev" : "prod",
          },
          parents: [`kns.ns-${i % 4}`],
          ips: [`10.0.${(i >> 8) & 255}.${i & 255}`],
        };
        index.upsertEndpoint(`pod-${i}`, endpoint);
        naive.upsertEndpoint(`pod-${i}`, endpoint);
      },
      gone(i: number) {
        index.deleteEndpoint(`pod-${i}`);
        naive.deleteEndpoint(`pod-${i}`);
      },
    };
    for (let ns = 0; ns < 4; ns++) {
      const labels = { team: `team-${ns % 2}` };
      index.upsertParent(`kns.ns-${ns}`, labels);
      naive.upsertParent(`kns.ns-${ns}`, labels);
    }
    both.selector("web", 'tier == "web"');
    both.selector("prod-api", 'env == "prod" && tier == "api"');
    for (let i = 0; i < 600; i++) both.pod(i, 0);
    for (let i = 0; i < 600; i += 2) both.gone(i);
    for (let i = 0; i < 600; i += 4) both.pod(i, 1);
    both.selector("db", 'tier in {"db"}');
    both.selector("has-env", 'has(env) && team == "team-1"');
    for (let i = 1; i < 600; i += 6) both.pod(i, 2);
    both.selector("not-dev", 'env != "dev"');
    for (const id of ["web", "prod-api", "db", "has-env", "not-dev"]) {
      expect([...index.matchingEndpoints(id)].sort(), id).toEqual([...naive.matchingEndpoints(id)].sort());
    }
    expect([...index.matchingEndpoints("web")].length).toBeGreaterThan(100);
  });
});

describe("LabelIndex as Felix's named-port index (§F)", () => {
  it("reads a port protocol of zero-padded digits as its number, as Go's ParseUint does", () => {
    const index = new LabelIndex();
    index.addSelector("tcp", "all()", { name: "pg", protocol: "tcp" });
    index.addSelector("udp", "all()", { name: "dns", protocol: "udp" });
    index.addSelector("any", "all()", { name: "pg", protocol: "any" });
    index.upsertEndpoint("e", {
      labels: {},
      ips: ["10.0.0.1"],
      ports: [
        { name: "pg", protocol: "0006", port: 5432 },
        { name: "dns", protocol: "00017", port: 53 },
      ],
    });
    expect([...index.members("tcp")]).toEqual([{ ip: "10.0.0.1", protocol: "tcp", port: 5432 }]);
    expect([...index.members("udp")]).toEqual([{ ip: "10.0.0.1", protocol: "udp", port: 53 }]);
    // A numeric protocol is in no `any` set (MatchesModelProtocol).
    expect([...index.members("any")]).toEqual([]);
  });

  it("counts a parent listed twice once: one event per change, and shared members survive", () => {
    const index = new LabelIndex();
    const events: string[] = [];
    index.on("matchStarted", (s, e) => events.push(`+${s}:${e}`));
    index.on("matchStopped", (s, e) => events.push(`-${s}:${e}`));
    index.on("memberRemoved", (s, m) => events.push(`-${s}:${m.ip}`));
    const ports = [{ name: "http", protocol: "TCP", port: 80 }];
    index.upsertParent("p1", { t: "x" });
    index.upsertEndpoint("e1", { labels: {}, parents: ["p1", "p1"], ips: ["10.0.0.1"], ports });
    index.upsertEndpoint("e3", { labels: { t: "x" }, ips: ["10.0.0.1"], ports });
    index.addSelector("np", 't == "x"', { name: "http", protocol: "tcp" });
    events.length = 0;
    index.upsertParent("p1", { t: "y" });
    expect(events).toEqual(["-np:e1"]);
    expect([...index.members("np")]).toEqual([{ ip: "10.0.0.1", protocol: "tcp", port: 80 }]);
    index.upsertParent("p1", { t: "x" });
    expect([...index.selectorsMatching("e1")]).toEqual(["np"]);
  });

  it("holds a /0 as its two /1 halves, as an IP set must (extractCIDRsFromNetworkSet)", () => {
    const index = new LabelIndex();
    index.addSelector("all", "all()");
    index.upsertEndpoint("netset:ns/world", { labels: {}, ips: ["0.0.0.0/0", "::/0"] });
    expect([...index.members("all")].map((m) => m.ip).sort()).toEqual([
      "0.0.0.0/1",
      "128.0.0.0/1",
      "8000::/1",
      "::/1",
    ]);
    // Containment still sees the whole range.
    expect(index.endpointsContaining("203.0.113.9")).toEqual(["netset:ns/world"]);
  });
});

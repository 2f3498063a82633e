/**
 * Model-based test: random sequences of endpoint / parent / selector / named-port operations
 * (valid and invalid) run through the real LabelIndex and the naive reference, comparing match
 * sets, members, address lookups, inherited labels and events after every step. Events from the
 * real index are also replayed into a mirror that must equal the index's own state.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LabelIndexError } from "../../src/index/errors.js";
import { LabelIndex } from "../../src/index/label-index.js";
import type { IndexEndpoint, IpSetMember, LabelIndexApi, NamedPortProtocol } from "../../src/index/types.js";
import { NaiveLabelIndex } from "../support/naive-index.js";

const ENDPOINTS = ["e1", "e2", "e3", "e4"];
const PARENTS = ["p1", "p2", "p3"];
const SELECTOR_IDS = ["s1", "s2", "s3", "s4"];
const KEYS = ["a", "b", "c", "__proto__", "pcns.a"];
const VALUES = ["x", "y", ""];
const IPS = [
  "10.0.0.1",
  "10.0.0.2",
  "10.0.0.1/32",
  "10.0.0.7/24",
  "10.0.0.0/8",
  "10.1.0.0/16",
  "192.168.1.1",
  "fd00::1",
  "fd00::/64",
  "0.0.0.0/0",
];
const BAD_IPS = ["010.0.0.1", "1.2.3", "10.0.0.1/33", "fe80::1%eth0", "10.0.0.1/08", "banana"];
const PROBES = [
  "10.0.0.1",
  "10.0.0.2",
  "10.1.2.3",
  "10.0.0.200",
  "192.168.1.1",
  "fd00::1",
  "fd00::2",
  "11.0.0.1",
  "::1",
];
const LEAVES = [
  'a == "x"',
  "has(b)",
  'c != "y"',
  'a in {"x", "y"}',
  'b not in {"x"}',
  "!has(a)",
  "all()",
  'pcns.a == "x"',
  'pcns.a == "y"',
  '__proto__ == "x"',
  'a starts with "x"',
  'b contains ""',
  'a == "x" && a == "y"',
];
const BAD_SELECTORS = ['a == "x" &&', "has(", "a = 'b'", 'a == "x" b'];

const labelsArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)), {
    maxLength: 3,
    selector: ([k]) => k,
  })
  .chain((entries) => fc.boolean().map((asMap) => (asMap ? new Map(entries) : Object.fromEntries(entries))));

const portArb = fc.record({
  name: fc.constantFrom("http", "dns"),
  protocol: fc.constantFrom("TCP", "udp", "SCTP", "tcp", "6", "17", "0", "0006", "00017", "ICMP"),
  port: fc.constantFrom(80, 53),
});

const endpointArb: fc.Arbitrary<IndexEndpoint> = fc.record({
  labels: labelsArb,
  // Not unique: an endpoint may list a parent twice (Felix keeps the list, counts the parent once).
  parents: fc.array(fc.constantFrom(...PARENTS), { maxLength: 3 }),
  ips: fc.array(fc.constantFrom(...IPS), { maxLength: 3 }),
  ports: fc.array(portArb, { maxLength: 3 }),
});

const selectorArb: fc.Arbitrary<string> = fc.letrec<{ sel: string }>((tie) => ({
  sel: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...LEAVES),
    fc.tuple(tie("sel"), tie("sel")).map(([a, b]) => `(${a}) && (${b})`),
    fc.tuple(tie("sel"), tie("sel")).map(([a, b]) => `(${a}) || (${b})`),
    tie("sel").map((a) => `!(${a})`),
  ),
})).sel;

const namedPortArb = fc.option(
  fc.record({
    name: fc.constantFrom("http", "dns"),
    protocol: fc.constantFrom<NamedPortProtocol>("tcp", "udp", "sctp", "any"),
  }),
  { nil: undefined },
);

interface Mirror {
  readonly matches: Map<string, Set<string>>;
  readonly members: Map<string, Map<string, IpSetMember>>;
}

interface Model {
  readonly naive: NaiveLabelIndex;
  readonly naiveEvents: string[];
}

interface Real {
  readonly index: LabelIndex;
  readonly events: string[];
  readonly mirror: Mirror;
  listening: boolean;
}

const memberKey = (m: IpSetMember): string => JSON.stringify([m.ip, m.protocol ?? null, m.port ?? null]);

function recordEvents(index: LabelIndexApi, out: string[], mirror?: Mirror): void {
  index.on("matchStarted", (s, e) => {
    out.push(`+match ${s} ${e}`);
    if (mirror === undefined) return;
    const set = mirror.matches.get(s) ?? new Set();
    if (set.has(e)) throw new Error(`matchStarted twice for ${s} ${e}`);
    set.add(e);
    mirror.matches.set(s, set);
  });
  index.on("matchStopped", (s, e) => {
    out.push(`-match ${s} ${e}`);
    if (mirror === undefined) return;
    if (mirror.matches.get(s)?.delete(e) !== true)
      throw new Error(`matchStopped without start for ${s} ${e}`);
  });
  index.on("memberAdded", (s, m) => {
    out.push(`+member ${s} ${memberKey(m)}`);
    if (mirror === undefined) return;
    const map = mirror.members.get(s) ?? new Map();
    if (map.has(memberKey(m))) throw new Error(`memberAdded twice for ${s} ${memberKey(m)}`);
    map.set(memberKey(m), m);
    mirror.members.set(s, map);
  });
  index.on("memberRemoved", (s, m) => {
    out.push(`-member ${s} ${memberKey(m)}`);
    if (mirror === undefined) return;
    if (mirror.members.get(s)?.delete(memberKey(m)) !== true) {
      throw new Error(`memberRemoved without add for ${s} ${memberKey(m)}`);
    }
  });
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

function compareState(model: Model, real: Real): void {
  const { naive } = model;
  const { index } = real;
  for (const s of SELECTOR_IDS) {
    expect(sorted(index.matchingEndpoints(s)), `matches of ${s}`).toEqual(sorted(naive.matchingEndpoints(s)));
    expect(sorted([...index.members(s)].map(memberKey)), `members of ${s}`).toEqual(
      sorted([...naive.members(s)].map(memberKey)),
    );
    for (const e of ENDPOINTS) expect(index.isMatch(s, e), `isMatch(${s}, ${e})`).toBe(naive.isMatch(s, e));
    if (real.listening) {
      expect(sorted(real.mirror.matches.get(s) ?? []), `replayed matches of ${s}`).toEqual(
        sorted(index.matchingEndpoints(s)),
      );
      expect(sorted(real.mirror.members.get(s)?.keys() ?? []), `replayed members of ${s}`).toEqual(
        sorted([...index.members(s)].map(memberKey)),
      );
    }
  }
  for (const e of ENDPOINTS) {
    expect(sorted(index.selectorsMatching(e)), `selectors matching ${e}`).toEqual(
      sorted(naive.selectorsMatching(e)),
    );
    const effective = index.effectiveLabels(e);
    const expected = naive.effectiveLabels(e);
    expect(effective === undefined ? undefined : sorted([...effective].map((kv) => kv.join("=")))).toEqual(
      expected === undefined ? undefined : sorted([...expected].map((kv) => kv.join("="))),
    );
    const lookup = index.labelsOf(e);
    for (const k of KEYS) expect(lookup?.get(k), `labelsOf(${e}).get(${k})`).toBe(expected?.get(k));
  }
  for (const ip of PROBES) {
    expect(index.endpointsContaining(ip), `endpointsContaining(${ip})`).toEqual(
      naive.endpointsContaining(ip),
    );
  }
}

/** Runs one operation on both; both must succeed, or both refuse with the same code and change nothing. */
function step(model: Model, real: Real, op: (index: LabelIndexApi) => void): void {
  model.naiveEvents.length = 0;
  real.events.length = 0;
  const outcome = (index: LabelIndexApi): string => {
    try {
      op(index);
      return "ok";
    } catch (error) {
      if (error instanceof LabelIndexError) return error.code;
      throw error;
    }
  };
  const expected = outcome(model.naive);
  expect(outcome(real.index)).toBe(expected);
  if (real.listening) expect(sorted(real.events)).toEqual(sorted(model.naiveEvents));
  else expect(real.events).toEqual([]);
  compareState(model, real);
}

class Op implements fc.Command<Model, Real> {
  constructor(
    readonly label: string,
    readonly apply: (index: LabelIndexApi) => void,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    step(model, real, this.apply);
  }
  toString(): string {
    return this.label;
  }
}

class Listen implements fc.Command<Model, Real> {
  check(_model: Readonly<Model>): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    if (real.listening) return;
    real.listening = true;
    // Registering late: the mirror starts from the current state, and member counts are built now.
    for (const s of SELECTOR_IDS) {
      real.mirror.matches.set(s, new Set(real.index.matchingEndpoints(s)));
      real.mirror.members.set(s, new Map([...real.index.members(s)].map((m) => [memberKey(m), m])));
    }
    recordEvents(real.index, real.events, real.mirror);
    compareState(model, real);
  }
  toString(): string {
    return "listen()";
  }
}

const show = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x instanceof Map ? { map: [...x] } : (x as unknown)));

const upsertEndpoint = fc
  .tuple(fc.constantFrom(...ENDPOINTS), endpointArb)
  .map(([id, ep]) => new Op(`upsertEndpoint(${id}, ${show(ep)})`, (i) => i.upsertEndpoint(id, ep)));
// Same labels and parents each time, so re-upserts keep their label context and only the
// addresses and ports (hence the members) change.
const readdressEndpoint = fc
  .tuple(
    fc.constantFrom(...ENDPOINTS),
    fc.array(fc.constantFrom(...IPS), { maxLength: 3 }),
    fc.array(portArb, { maxLength: 3 }),
  )
  .map(
    ([id, ips, ports]) =>
      new Op(`upsertEndpoint(${id}, a=x p1 ${show({ ips, ports })})`, (i) =>
        i.upsertEndpoint(id, { labels: { a: "x" }, parents: ["p1"], ips, ports }),
      ),
  );
const addSelector = fc
  .tuple(fc.constantFrom(...SELECTOR_IDS), selectorArb, namedPortArb)
  .map(
    ([id, sel, port]) =>
      new Op(`addSelector(${id}, ${sel}, ${show(port)})`, (i) =>
        port === undefined ? i.addSelector(id, sel) : i.addSelector(id, sel, port),
      ),
  );

// Upserts and selector adds are listed twice: they are the operations that build interesting state.
const commands = [
  upsertEndpoint,
  upsertEndpoint,
  readdressEndpoint,
  addSelector,
  fc
    .tuple(fc.constantFrom(...ENDPOINTS), fc.constantFrom(...BAD_IPS))
    .map(
      ([id, ip]) =>
        new Op(`upsertEndpoint(${id}, bad ip ${ip})`, (i) =>
          i.upsertEndpoint(id, { labels: { a: "x" }, ips: [ip] }),
        ),
    ),
  fc.constantFrom(...ENDPOINTS).map((id) => new Op(`deleteEndpoint(${id})`, (i) => i.deleteEndpoint(id))),
  fc
    .tuple(fc.constantFrom(...PARENTS), labelsArb)
    .map(([id, labels]) => new Op(`upsertParent(${id}, ${show(labels)})`, (i) => i.upsertParent(id, labels))),
  fc.constantFrom(...PARENTS).map((id) => new Op(`deleteParent(${id})`, (i) => i.deleteParent(id))),
  addSelector,
  fc
    .tuple(fc.constantFrom(...SELECTOR_IDS), fc.constantFrom(...BAD_SELECTORS))
    .map(([id, sel]) => new Op(`addSelector(${id}, bad ${sel})`, (i) => i.addSelector(id, sel))),
  fc.constantFrom(...SELECTOR_IDS).map((id) => new Op(`removeSelector(${id})`, (i) => i.removeSelector(id))),
  fc.constant(new Listen()),
];

function setup(listenFromStart: boolean, idleContexts: number): { model: Model; real: Real } {
  const naive = new NaiveLabelIndex();
  const naiveEvents: string[] = [];
  recordEvents(naive, naiveEvents);
  const index = new LabelIndex({ idleContexts });
  const real: Real = {
    index,
    events: [],
    mirror: { matches: new Map(), members: new Map() },
    listening: false,
  };
  if (listenFromStart) {
    real.listening = true;
    recordEvents(index, real.events, real.mirror);
  }
  return { model: { naive, naiveEvents }, real };
}

describe("LabelIndex against the naive reference", () => {
  it("agrees on matches, members, lookups and events after every step of random operation sequences", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom(0, 1, 1024),
        fc.commands(commands, { maxCommands: 50 }),
        (listen, idleContexts, cmds) => {
          fc.modelRun(() => setup(listen, idleContexts), cmds);
        },
      ),
      { numRuns: 300 },
    );
  });
});

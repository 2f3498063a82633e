import { describe, expect, it } from "vitest";
import { parseCidr } from "../../src/index/cidr.js";
import { EventQueue } from "../../src/index/event-queue.js";
import { contribute } from "../../src/index/ip-set-members.js";
import { storedPort } from "../../src/index/named-port.js";
import type { IpSet, SelectorState } from "../../src/index/selector-state.js";
import type { IpSetMember } from "../../src/index/types.js";

const state = {} as SelectorState;
const cidrs = ["10.0.0.1", "10.1.0.0/16"].map((c) => parseCidr(c)!);

function recorder(): { events: EventQueue; log: string[] } {
  const events = new EventQueue();
  const log: string[] = [];
  events.on("memberAdded", (s: string, m: IpSetMember) => log.push(`+${s} ${JSON.stringify(m)}`));
  events.on("memberRemoved", (s: string, m: IpSetMember) => log.push(`-${s} ${JSON.stringify(m)}`));
  return { events, log };
}

describe("contribute", () => {
  it("adds a plain set's addresses once and removes them when the last contributor goes", () => {
    const set: IpSet = { key: "k", state, namedPort: null, ids: ["a", "b"], members: new Map() };
    const { events, log } = recorder();
    contribute(set, cidrs, [], 1, events);
    contribute(set, cidrs.slice(0, 1), [], 1, events);
    contribute(set, cidrs, [], -1, events);
    events.flush();
    expect(log).toEqual([
      '-a {"ip":"10.1.0.0/16"}',
      '-b {"ip":"10.1.0.0/16"}',
      '+a {"ip":"10.0.0.1"}',
      '+b {"ip":"10.0.0.1"}',
      '+a {"ip":"10.1.0.0/16"}',
      '+b {"ip":"10.1.0.0/16"}',
    ]);
    expect([...set.members!.keys()]).toEqual(["10.0.0.1"]);
  });

  it("gives a named-port set address × matching port, using the address without its prefix", () => {
    const set: IpSet = {
      key: "k",
      state,
      namedPort: { name: "http", protocol: "udp" },
      ids: ["s"],
      members: new Map(),
    };
    const ports = [
      storedPort("http", "UDP", 53)!,
      storedPort("http", "TCP", 80)!,
      storedPort("dns", "UDP", 54)!,
    ];
    contribute(set, cidrs, ports, 1, null);
    expect([...set.members!.values()].map((e) => e.member)).toEqual([
      { ip: "10.0.0.1", protocol: "udp", port: 53 },
      { ip: "10.1.0.0", protocol: "udp", port: 53 },
    ]);
  });

  it("does nothing for a set that keeps no refcounts", () => {
    const set: IpSet = { key: "k", state, namedPort: null, ids: ["s"], members: null };
    contribute(set, cidrs, [], 1, null);
    expect(set.members).toBeNull();
  });
});

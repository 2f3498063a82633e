import { describe, expect, it } from "vitest";
import { AddressIndex } from "../../src/index/address-index.js";
import { parseCidr } from "../../src/index/cidr.js";

const item = (id: string) => ({ id });

describe("AddressIndex", () => {
  it("returns containing CIDRs longest prefix first, ties by id, each item once", () => {
    const index = new AddressIndex<{ id: string }>();
    const pod = item("pod");
    const netA = item("net-a");
    const netB = item("net-b");
    const wide = item("wide");
    index.add(parseCidr("10.1.2.3")!, pod);
    index.add(parseCidr("10.1.0.0/16")!, netB);
    index.add(parseCidr("10.1.0.0/16")!, netA);
    index.add(parseCidr("10.0.0.0/8")!, wide);
    index.add(parseCidr("10.1.2.0/24")!, wide);
    expect(index.containing("10.1.2.3").map((x) => x.id)).toEqual(["pod", "wide", "net-a", "net-b"]);
    expect(index.containing("10.9.9.9").map((x) => x.id)).toEqual(["wide"]);
    for (const nothing of ["010.1.2.3", "", null, undefined, 42])
      expect(index.containing(nothing as never)).toEqual([]);
  });

  it("keeps many items on one CIDR in id order, each once, through adds and removes in any order", () => {
    const index = new AddressIndex<{ id: string }>();
    // 200 items (past the small-array form) on a /8, half of them also on a /16 inside it.
    const items = Array.from({ length: 200 }, (_, i) => item(`n${String(i).padStart(3, "0")}`));
    const shuffled = [...items].sort((a, b) =>
      a.id.split("").reverse().join() < b.id.split("").reverse().join() ? -1 : 1,
    );
    for (const x of shuffled) index.add(parseCidr("10.0.0.0/8")!, x);
    for (const x of items.slice(0, 100)) index.add(parseCidr("10.0.0.0/16")!, x);
    index.add(parseCidr("10.0.0.0/8")!, items[7]!); // again: no duplicate
    const ids = (ip: string) => index.containing(ip).map((x) => x.id);
    expect(ids("10.0.0.1")).toEqual([...items.slice(0, 100), ...items.slice(100)].map((x) => x.id));
    expect(ids("10.9.0.1")).toEqual(items.map((x) => x.id));
    expect(index.exact(parseCidr("10.0.0.0/8")!).map((x) => x.id)).toEqual(items.map((x) => x.id));
    // Changes after a lookup keep the order: an insert lands in place, a removal drops out.
    const late = item("n050x");
    index.add(parseCidr("10.0.0.0/8")!, late);
    index.remove(parseCidr("10.0.0.0/8")!, items[3]!);
    expect(ids("10.9.0.1")).toEqual(
      [...items.slice(0, 51), late, ...items.slice(51)].filter((x) => x !== items[3]).map((x) => x.id),
    );
    index.remove(parseCidr("10.0.0.0/8")!, late);
    index.add(parseCidr("10.0.0.0/8")!, items[3]!);
    for (const x of shuffled.slice(0, 199)) index.remove(parseCidr("10.0.0.0/8")!, x);
    expect(ids("10.9.0.1")).toEqual([shuffled[199]!.id]);
    index.remove(parseCidr("10.0.0.0/8")!, shuffled[199]!);
    expect(ids("10.9.0.1")).toEqual([]);
  });

  it("keeps the families apart and finds IPv6 networks", () => {
    const index = new AddressIndex<{ id: string }>();
    index.add(parseCidr("fd00::/64")!, item("v6"));
    index.add(parseCidr("0.0.0.0/0")!, item("v4-all"));
    expect(index.containing("fd00::5").map((x) => x.id)).toEqual(["v6"]);
    expect(index.containing("fd01::5")).toEqual([]);
    expect(index.containing("1.2.3.4").map((x) => x.id)).toEqual(["v4-all"]);
  });

  it("forgets removed entries and answers nothing for an invalid address", () => {
    const index = new AddressIndex<{ id: string }>();
    const pod = item("pod");
    index.add(parseCidr("10.0.0.1")!, pod);
    index.remove(parseCidr("10.0.0.1")!, pod);
    expect(index.containing("10.0.0.1")).toEqual([]);
    expect(index.containing("not-an-ip")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { cidrContains, parseAddress, parseCidr } from "../../src/policy/ip.js";

describe("parseAddress", () => {
  it("accepts dotted-decimal IPv4 and canonicalises IPv6", () => {
    expect(parseAddress("10.1.2.3")?.words).toEqual([0x0a010203]);
    expect(parseAddress("FD00:0:0::1")?.text).toBe("fd00::1");
  });

  it("rejects what Calico rejects: leading zeros, three parts, zones, junk", () => {
    for (const bad of ["010.1.1.1", "1.2.3", "fe80::1%eth0", "256.0.0.1", "x", "", "1".repeat(100)]) {
      expect(parseAddress(bad), bad).toBeUndefined();
    }
  });
});

describe("parseCidr and cidrContains", () => {
  it("masks host bits and contains addresses in range only", () => {
    const cidr = parseCidr("10.0.5.7/16")!;
    expect(cidr.text).toBe("10.0.0.0/16");
    expect(cidrContains(cidr, parseAddress("10.0.255.1")!)).toBe(true);
    expect(cidrContains(cidr, parseAddress("10.1.0.1")!)).toBe(false);
  });

  it("handles IPv6 prefixes that cross 32-bit words", () => {
    const cidr = parseCidr("fd00:1234:5678::/40")!;
    expect(cidrContains(cidr, parseAddress("fd00:1234:56ff::1")!)).toBe(true);
    expect(cidrContains(cidr, parseAddress("fd00:1234:5778::1")!)).toBe(false);
  });

  it("never matches across families and treats /0 as everything of its family", () => {
    expect(cidrContains(parseCidr("0.0.0.0/0")!, parseAddress("fd00::1")!)).toBe(false);
    expect(cidrContains(parseCidr("::/0")!, parseAddress("fd00::1")!)).toBe(true);
  });

  it("rejects bad prefixes", () => {
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("10.0.0.0/08")).toBeUndefined();
  });
});

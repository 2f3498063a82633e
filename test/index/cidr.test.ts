import { describe, expect, it } from "vitest";
import { parseAddress, parseCidr } from "../../src/index/cidr.js";

describe("parseCidr", () => {
  it("accepts a bare IPv4 address as a /32 whose member is the address", () => {
    expect(parseCidr("10.0.0.1")).toMatchObject({
      family: 4,
      prefix: 32,
      member: "10.0.0.1",
      address: "10.0.0.1",
    });
  });

  it("masks a CIDR's host bits in the member but keeps the address for named ports", () => {
    expect(parseCidr("10.0.0.7/24")).toMatchObject({
      prefix: 24,
      member: "10.0.0.0/24",
      address: "10.0.0.7",
    });
  });

  it("treats 0.0.0.0/0 as containing every IPv4 address", () => {
    expect(parseCidr("0.0.0.0/0")).toMatchObject({ prefix: 0, key: 0, member: "0.0.0.0/0" });
  });

  it.each([
    ["010.1.1.1", "octal-looking octet"],
    ["1.2.3", "three-part IPv4"],
    ["10.0.0.256", "octet above 255"],
    ["10.0.0.1/33", "prefix above 32"],
    ["10.0.0.1/08", "prefix with a leading zero"],
    ["fe80::1%eth0", "IPv6 zone id"],
    ["fd00::/129", "IPv6 prefix above 128"],
    ["10.0.0.1/24/1", "two prefixes"],
    ["", "empty string"],
    ["x".repeat(10_000), "a huge string"],
  ])("rejects %j (%s), which Calico rejects", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it("canonicalises IPv6 (RFC 5952) and masks IPv6 networks", () => {
    expect(parseCidr("FD00:0:0:0:0:0:0:1")).toMatchObject({ family: 6, member: "fd00::1" });
    expect(parseCidr("fd00::1:2/64")).toMatchObject({ member: "fd00::/64", address: "fd00::1:2" });
  });

  it("maps IPv4 to signed 32-bit keys so 192.168.x and 10.x keys stay small integers", () => {
    const key = parseCidr("192.168.1.1")!.key as number;
    expect(Number.isInteger(key) && key === (key | 0)).toBe(true);
  });
});

describe("parseAddress", () => {
  it("refuses CIDR text where a single address is expected", () => {
    expect(parseAddress("10.0.0.0/8")).toBeUndefined();
    expect(parseAddress("::1")).toMatchObject({ family: 6 });
  });
});

import { describe, expect, it } from "vitest";
import { netContains, networkText, parseIp, parseNet, parseStrictAddress } from "../../src/model/ip.js";

describe("strict IP parsing", () => {
  it("accepts four-part decimal IPv4 and IPv6", () => {
    expect(parseIp("192.168.0.1")?.toString()).toBe("192.168.0.1");
    expect(parseIp("fd00::1")?.kind()).toBe("ipv6");
  });
  it("rejects octal-looking, hex, three-part and zoned addresses that ipaddr.js would take", () => {
    for (const bad of ["010.1.1.1", "0x0a.1.1.1", "1.2.3", "256.1.1.1", "fe80::1%eth0", "1.2.3.4 "])
      expect(parseIp(bad)).toBeUndefined();
  });
  it("holds an IPv6 address's embedded IPv4 to the same strict syntax, as Go does", () => {
    for (const bad of [
      "::ffff:010.1.1.1",
      "::ffff:1.2.3.04",
      "::ffff:1.2.3",
      "::1.2.3.4:5",
      "1.2.3.4::",
      "::ffff:256.0.0.1",
    ])
      expect(parseIp(bad), bad).toBeUndefined();
    expect(parseIp("::ffff:10.1.1.1")?.toString()).toBe("::ffff:a01:101");
    expect(parseIp("1:2:3:4:5:6:1.2.3.4")?.toString()).toBe("1:2:3:4:5:6:102:304");
    expect(parseIp("1:2:3:4:5:6:7:1.2.3.4")).toBeUndefined();
  });
  it("reads ::1.2.3.4 as ::102:304 (Go), not as ipaddr.js's ::ffff:1.2.3.4", () => {
    expect(parseIp("::1.2.3.4")?.toString()).toBe("::102:304");
    expect(parseStrictAddress("::1.2.3.4")).toEqual({ family: 6, parts: [0, 0, 0, 0, 0, 0, 0x102, 0x304] });
    expect(parseStrictAddress("10.0.0.1")).toEqual({ family: 4, value: 0x0a000001 });
    expect(parseStrictAddress("255.255.255.255")).toEqual({ family: 4, value: -1 });
  });
  it("parses CIDRs and, when allowed, bare addresses as host networks", () => {
    expect(parseNet("10.0.0.0/8", { allowBareIp: false })?.prefix).toBe(8);
    expect(parseNet("10.0.0.1", { allowBareIp: true })?.prefix).toBe(32);
    expect(parseNet("10.0.0.1", { allowBareIp: false })).toBeUndefined();
    for (const bad of ["10.0.0.0/33", "10.0.0.0/08", "::/129", "10.0.0.0/"])
      expect(parseNet(bad, { allowBareIp: true })).toBeUndefined();
  });
  it("prints the network with host bits cleared and tests containment per family", () => {
    expect(networkText(parseNet("10.1.2.3/16", { allowBareIp: false })!)).toBe("10.1.0.0/16");
    expect(networkText(parseNet("fd00::1:2/64", { allowBareIp: false })!)).toBe("fd00::/64");
    const net = parseNet("10.0.0.0/8", { allowBareIp: false })!;
    expect(netContains(net, parseIp("10.9.9.9")!)).toBe(true);
    expect(netContains(net, parseIp("11.0.0.1")!)).toBe(false);
    expect(netContains(net, parseIp("::1")!)).toBe(false);
  });
});

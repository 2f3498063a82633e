import { describe, expect, it } from "vitest";
import { parsePort, parseProtocol, protocolSupportsPorts } from "../../src/model/numorstring.js";

describe("parseProtocol", () => {
  it("matches names case-insensitively and canonicalises them", () => {
    expect(parseProtocol("tcp")).toEqual({ number: 6, name: "TCP" });
    expect(parseProtocol("IcMpV6")).toEqual({ number: 58, name: "ICMPv6" });
    expect(parseProtocol("udplite")).toEqual({ number: 136, name: "UDPLite" });
  });
  it("accepts integers 1-255 and rejects 0, 256 and unknown names", () => {
    expect(parseProtocol(17)).toEqual({ number: 17, name: "UDP" });
    expect(parseProtocol(99)).toEqual({ number: 99, name: "99" });
    expect(parseProtocol(0)).toBeUndefined();
    expect(parseProtocol(256)).toBeUndefined();
    expect(parseProtocol("gre")).toBeUndefined();
  });
  it("knows only TCP, UDP and SCTP carry ports (UDPLite does not)", () => {
    expect([6, 17, 132].every(protocolSupportsPorts)).toBe(true);
    expect(protocolSupportsPorts(136)).toBe(false);
    expect(protocolSupportsPorts(1)).toBe(false);
  });
});

describe("parsePort", () => {
  it("parses numbers, digit strings, colon ranges and names", () => {
    expect(parsePort(80)).toEqual({ kind: "range", min: 80, max: 80 });
    expect(parsePort("443")).toEqual({ kind: "range", min: 443, max: 443 });
    expect(parsePort("1000:2000")).toEqual({ kind: "range", min: 1000, max: 2000 });
    expect(parsePort("http-alt")).toEqual({ kind: "named", name: "http-alt" });
  });
  it("rejects port 0, ports above 65535, inverted ranges and bad names", () => {
    expect(parsePort(0)).toHaveProperty("error");
    expect(parsePort(65536)).toHaveProperty("error");
    expect(parsePort("20:10")).toHaveProperty("error");
    expect(parsePort("a b")).toHaveProperty("error");
    expect(parsePort("x".repeat(129))).toHaveProperty("error");
  });
});

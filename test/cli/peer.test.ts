import { describe, expect, it } from "vitest";
import { parsePeer, parsePortArg, parsePortProtocol, parseProtocolArg } from "../../src/cli/peer.js";

describe("parsePeer", () => {
  it("reads namespace/name as a workload", () => {
    expect(parsePeer("data/node2-k8s-postgres--0-eth0", "--to")).toEqual({
      kind: "endpoint",
      namespace: "data",
      name: "node2-k8s-postgres--0-eth0",
    });
  });

  it("reads IPv4 and IPv6 addresses as addresses", () => {
    expect(parsePeer("10.0.0.1", "--to")).toEqual({ kind: "ip", ip: "10.0.0.1" });
    expect(parsePeer("fd00::1", "--to")).toEqual({ kind: "ip", ip: "fd00::1" });
  });

  it("names the argument and the value when it is neither", () => {
    for (const text of ["web-1", "a/b/c", "/x", "x/", ""]) {
      const result = parsePeer(text, "--from");
      expect(result).toMatchObject({ code: "bad-peer", location: "--from" });
      expect((result as { message: string }).message).toContain(JSON.stringify(text));
    }
  });
});

describe("ports and protocols", () => {
  it("accepts ports 1-65535 only", () => {
    expect(parsePortArg("443", "--port")).toBe(443);
    expect(parsePortArg("0", "--port")).toMatchObject({ code: "bad-port", location: "--port" });
    expect(parsePortArg("65536", "--port")).toMatchObject({ code: "bad-port" });
    expect(parsePortArg("http", "--port")).toMatchObject({ code: "bad-port" });
  });

  it("canonicalises protocol names and rejects unknown ones", () => {
    expect(parseProtocolArg("udp", "--protocol")).toBe("UDP");
    expect(parseProtocolArg("icmpv6", "--protocol")).toBe("ICMPv6");
    expect(parseProtocolArg("47", "--protocol")).toBe("47");
    expect(parseProtocolArg("GRE", "--protocol")).toMatchObject({
      code: "bad-protocol",
      location: "--protocol",
    });
  });

  it("reads PORT/PROTOCOL, defaulting to TCP, and refuses protocols without ports", () => {
    expect(parsePortProtocol("8080", "--port")).toEqual({ port: 8080, protocol: "TCP" });
    expect(parsePortProtocol("53/udp", "--port")).toEqual({ port: 53, protocol: "UDP" });
    expect(parsePortProtocol("53/ICMP", "--port")).toMatchObject({ code: "bad-protocol" });
    expect(parsePortProtocol("x/TCP", "--port")).toMatchObject({ code: "bad-port" });
  });
});

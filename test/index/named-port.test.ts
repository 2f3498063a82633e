import { describe, expect, it } from "vitest";
import { protocolMatches, storedPort } from "../../src/index/named-port.js";

const port = (protocol: string) => storedPort("http", protocol, 80)!;

describe("protocolMatches (Felix MatchesModelProtocol)", () => {
  it("matches named protocols case-insensitively", () => {
    expect(protocolMatches(port("TCP"), "tcp")).toBe(true);
    expect(protocolMatches(port("Udp"), "udp")).toBe(true);
    expect(protocolMatches(port("TCP"), "udp")).toBe(false);
  });

  it("lets `any` match every port whose protocol is written as a name", () => {
    expect(protocolMatches(port("SCTP"), "any")).toBe(true);
    expect(protocolMatches(port("ICMP"), "any")).toBe(true);
  });

  it("matches a numeric protocol only by its number, so numeric 6 is in a tcp set but not an any set", () => {
    expect(protocolMatches(port("6"), "tcp")).toBe(true);
    expect(protocolMatches(port("6"), "any")).toBe(false);
    expect(protocolMatches(port("17"), "tcp")).toBe(false);
  });

  it("matches numeric 0 only with any", () => {
    expect(protocolMatches(port("0"), "any")).toBe(true);
    expect(protocolMatches(port("0"), "tcp")).toBe(false);
  });
});

describe("storedPort", () => {
  it("derives the member protocol: udp, sctp, else tcp", () => {
    expect(port("UDP").memberProtocol).toBe("udp");
    expect(port("132").memberProtocol).toBe("sctp");
    expect(port("ICMP").memberProtocol).toBe("tcp");
  });

  it("refuses unknown protocol names and numbers above 255", () => {
    expect(storedPort("p", "carrier-pigeon", 1)).toBeUndefined();
    expect(storedPort("p", "256", 1)).toBeUndefined();
  });
});

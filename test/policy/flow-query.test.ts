import { describe, expect, it } from "vitest";
import { type EndpointDirectory, type ResolvedEndpoint, resolveFlow } from "../../src/policy/flow-query.js";
import { parseAddress } from "../../src/policy/ip.js";

function endpoint(namespace: string, name: string, ips: string[]): ResolvedEndpoint {
  const addresses = ips.map((ip) => parseAddress(ip)!);
  return {
    key: `${namespace}/${name}`,
    ref: { namespace, name },
    addresses,
    ipv4: addresses.find((a) => a.family === 4),
    ipv6: addresses.find((a) => a.family === 6),
  };
}

const web = endpoint("prod", "web", ["10.0.0.1", "fd00::1"]);
const db = endpoint("prod", "db", ["10.0.0.2"]);
const v6only = endpoint("prod", "v6", ["fd00::9"]);
const all = [web, db, v6only];
const directory: EndpointDirectory = {
  byName: (ns, name) => all.find((e) => e.key === `${ns}/${name}`),
  byKey: (key) => all.find((e) => e.key === key),
  ownerOf: (address) => all.find((e) => e.addresses.some((a) => a.text === address.text)),
};

function issueOf(query: unknown) {
  const result = resolveFlow(query, directory);
  if (result.ok) throw new Error("expected an issue");
  return result.issue;
}

describe("resolveFlow", () => {
  it("resolves named endpoints to their first address of the flow's family", () => {
    const result = resolveFlow(
      {
        protocol: "tcp",
        source: { endpoint: "prod/web" },
        destination: { endpoint: { namespace: "prod", name: "db" }, port: 5432 },
      },
      directory,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.flow.packet).toMatchObject({
      family: 4,
      protocol: 6,
      destinationPort: 5432,
      sourcePort: 0,
    });
    expect(result.flow.packet.source.text).toBe("10.0.0.1");
    expect(result.flow.destination?.key).toBe("prod/db");
  });

  it("picks IPv6 when an explicit address is IPv6", () => {
    const result = resolveFlow(
      {
        protocol: "TCP",
        source: { endpoint: "prod/web", ip: "fd00::1" },
        destination: { endpoint: "prod/v6", port: 80 },
      },
      directory,
    );
    expect(result.ok && result.flow.packet.family).toBe(6);
  });

  it("finds the endpoint that owns a bare ip, and leaves other addresses outside", () => {
    const result = resolveFlow(
      { protocol: "TCP", source: { ip: "10.0.0.1" }, destination: { ip: "192.0.2.1", port: 80 } },
      directory,
    );
    expect(result.ok && result.flow.source?.key).toBe("prod/web");
    expect(result.ok && result.flow.destination).toBeUndefined();
  });

  it("rejects an unknown endpoint naming the field and value", () => {
    expect(
      issueOf({ protocol: "TCP", source: { endpoint: "prod/nope" }, destination: { ip: "10.0.0.2" } }),
    ).toMatchObject({
      code: "unknown-endpoint",
      field: "source.endpoint",
      value: "prod/nope",
    });
  });

  it("rejects an ip that the named endpoint does not own", () => {
    const issue = issueOf({
      protocol: "TCP",
      source: { endpoint: "prod/web", ip: "10.0.0.2" },
      destination: { ip: "10.0.0.9" },
    });
    expect(issue).toMatchObject({ code: "ip-not-owned", field: "source.ip", value: "10.0.0.2" });
    expect(issue.message).toContain("10.0.0.1");
  });

  it("rejects an unknown protocol", () => {
    expect(
      issueOf({ protocol: "HTTP", source: { ip: "10.0.0.1" }, destination: { ip: "10.0.0.2" } }),
    ).toMatchObject({ code: "bad-protocol", field: "protocol", value: "HTTP" });
  });

  it("rejects a port out of range", () => {
    expect(
      issueOf({ protocol: "TCP", source: { ip: "10.0.0.1" }, destination: { ip: "10.0.0.2", port: 70000 } }),
    ).toMatchObject({ code: "bad-port", field: "destination.port", value: 70000 });
  });

  it("rejects a port on a protocol without ports", () => {
    expect(
      issueOf({ protocol: "ICMP", source: { ip: "10.0.0.1" }, destination: { ip: "10.0.0.2", port: 80 } }),
    ).toMatchObject({ code: "bad-port", field: "destination.port" });
  });

  it("requires a destination port for TCP, UDP and SCTP (a source port stays optional)", () => {
    for (const protocol of ["TCP", "UDP", "SCTP"]) {
      expect(
        issueOf({ protocol, source: { ip: "10.0.0.1" }, destination: { ip: "10.0.0.2" } }),
      ).toMatchObject({
        code: "bad-port",
        field: "destination.port",
      });
    }
    expect(
      resolveFlow(
        { protocol: "ICMP", source: { ip: "10.0.0.1" }, destination: { ip: "10.0.0.2" } },
        directory,
      ).ok,
    ).toBe(true);
  });
  it("rejects ICMP fields on TCP", () => {
    const issue = issueOf({
      protocol: "TCP",
      source: { ip: "10.0.0.1" },
      destination: { ip: "10.0.0.2", port: 80 },
      icmp: { type: 8 },
    });
    expect(issue).toMatchObject({ code: "bad-icmp", field: "icmp" });
    expect(issue.message).toContain("TCP");
  });

  it("rejects an ICMP type out of range", () => {
    expect(
      issueOf({
        protocol: "ICMP",
        source: { ip: "10.0.0.1" },
        destination: { ip: "10.0.0.2" },
        icmp: { type: 256 },
      }),
    ).toMatchObject({ code: "bad-icmp", field: "icmp.type", value: 256 });
  });

  it("rejects ICMP (v4) between IPv6 addresses", () => {
    expect(
      issueOf({ protocol: "ICMP", source: { ip: "fd00::1" }, destination: { ip: "fd00::2" } }),
    ).toMatchObject({ code: "family-mismatch" });
  });

  it("rejects mixed address families", () => {
    expect(
      issueOf({ protocol: "TCP", source: { ip: "10.0.0.1" }, destination: { ip: "fd00::2", port: 80 } }),
    ).toMatchObject({ code: "family-mismatch" });
  });

  it("rejects an IPv4 address Calico would not parse (leading zero)", () => {
    expect(
      issueOf({ protocol: "TCP", source: { ip: "010.0.0.1" }, destination: { ip: "10.0.0.2" } }),
    ).toMatchObject({ code: "bad-ip", field: "source.ip" });
  });

  it("rejects an endpoint without an address of the flow's family", () => {
    expect(
      issueOf({
        protocol: "TCP",
        source: { endpoint: "prod/v6" },
        destination: { ip: "10.0.0.2", port: 80 },
      }),
    ).toMatchObject({ code: "no-address", field: "source.endpoint" });
  });

  it("rejects a peer with neither endpoint nor ip", () => {
    expect(issueOf({ protocol: "TCP", source: {}, destination: { ip: "10.0.0.2" } })).toMatchObject({
      code: "bad-query",
      field: "source",
    });
  });

  it("rejects a malformed endpoint reference", () => {
    expect(
      issueOf({ protocol: "TCP", source: { endpoint: "no-slash" }, destination: { ip: "10.0.0.2" } }),
    ).toMatchObject({ code: "bad-endpoint", field: "source.endpoint" });
  });

  it("never reads inherited properties such as __proto__", () => {
    const query = JSON.parse(
      '{"__proto__": {"protocol": "TCP"}, "source": {"ip": "10.0.0.1"}, "destination": {"ip": "10.0.0.2"}}',
    );
    expect(issueOf(query)).toMatchObject({ code: "bad-protocol" });
  });

  it("rejects a non-object query", () => {
    expect(issueOf("tcp")).toMatchObject({ code: "bad-query", field: "" });
  });
});

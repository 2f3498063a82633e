/**
 * Calico's endpoint rules (`validator.go validateWorkloadEndpointSpec`, `validateHostEndpointSpec`;
 * calico-semantics.md B.1): host networks only, NATs inside the endpoint's networks, named-port
 * rules. Paths are relative to the spec.
 */

import { netContains, parseIp, parseNet } from "./ip.js";
import type { IssueSink } from "./issues.js";
import { describeValue } from "./issues.js";
import { parseProtocol, protocolSupportsPorts } from "./numorstring.js";
import type { EndpointPort, IPNAT } from "./types.js";

/** Every ipNetworks entry must be a single address: /32 for IPv4, /128 for IPv6 (or a bare address). */
export function checkIpNetworks(ipNetworks: readonly string[] | undefined, report: IssueSink): void {
  ipNetworks?.forEach((text, i) => {
    const net = parseNet(text, { allowBareIp: true });
    if (net !== undefined && net.prefix !== (net.family === 4 ? 32 : 128)) {
      report({
        code: "ip-network-not-host",
        message: `ipNetworks entry ${describeValue(text)} contains multiple addresses: expected a /${net.family === 4 ? 32 : 128} (one address)`,
        path: ["ipNetworks", i],
        value: text,
      });
    }
  });
}

/** Each NAT's internalIP must be one of the endpoint's ipNetworks. */
export function checkIpNats(
  ipNATs: readonly IPNAT[] | undefined,
  ipNetworks: readonly string[] | undefined,
  report: IssueSink,
): void {
  if (ipNATs === undefined) return;
  const nets = (ipNetworks ?? []).flatMap((t) => parseNet(t, { allowBareIp: true }) ?? []);
  ipNATs.forEach((nat, i) => {
    const ip = parseIp(nat.internalIP);
    const external = parseIp(nat.externalIP);
    if (ip !== undefined && external !== undefined && ip.kind() !== external.kind()) {
      report({
        code: "nat-ip-version-mismatch",
        message: `NAT externalIP ${describeValue(nat.externalIP)} is ${external.kind() === "ipv4" ? "IPv4" : "IPv6"} but internalIP ${describeValue(nat.internalIP)} is not: mismatched IP versions`,
        path: ["ipNATs", i, "externalIP"],
        value: nat.externalIP,
      });
    }
    if (ip !== undefined && !nets.some((net) => netContains(net, ip))) {
      report({
        code: "nat-not-in-networks",
        message: `NAT internalIP ${describeValue(nat.internalIP)} is not in the endpoint's ipNetworks`,
        path: ["ipNATs", i, "internalIP"],
        value: nat.internalIP,
      });
    }
  });
}

/**
 * Endpoint ports: a name unless hostPort is set, protocol TCP, UDP or SCTP. Names need not be
 * unique (Calico does not check; every port of the name joins a named-port set).
 */
export function checkEndpointPorts(ports: readonly EndpointPort[] | undefined, report: IssueSink): void {
  ports?.forEach((port, i) => {
    if (port.name === "" && (port.hostPort ?? 0) === 0) {
      report({
        code: "port-name-required",
        message: "a port needs a name unless hostPort is set",
        path: ["ports", i, "name"],
      });
    }
    const protocol = parseProtocol(port.protocol);
    if (protocol === undefined || !protocolSupportsPorts(protocol.number)) {
      report({
        code: "port-protocol-without-ports",
        message: `invalid port protocol ${describeValue(port.protocol)}: expected TCP, UDP or SCTP`,
        path: ["ports", i, "protocol"],
        value: port.protocol,
      });
    }
  });
}

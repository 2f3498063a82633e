/**
 * Command-line flow arguments: a peer (`namespace/name` or an IP address), a port, a protocol,
 * and the `80/TCP` shorthand. Each parser returns a value or a CliProblem naming the argument.
 */
import { parseProtocol, protocolSupportsPorts } from "../index.js";
import type { CliProblem } from "./problems.js";

/** A flow endpoint as given: a workload by namespace and name, or a bare address. */
export type PeerArg =
  | { readonly kind: "endpoint"; readonly namespace: string; readonly name: string }
  | { readonly kind: "ip"; readonly ip: string };

const IPV4 = /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

/** Parses `namespace/name` or an IPv4/IPv6 address; the engine checks that the address is valid. */
export function parsePeer(text: string, argument: string): PeerArg | CliProblem {
  if (IPV4.test(text) || (text.includes(":") && IPV6.test(text))) return { kind: "ip", ip: text };
  const slash = text.indexOf("/");
  if (slash > 0 && slash < text.length - 1 && text.indexOf("/", slash + 1) === -1) {
    return { kind: "endpoint", namespace: text.slice(0, slash), name: text.slice(slash + 1) };
  }
  return {
    code: "bad-peer",
    location: argument,
    message: `${JSON.stringify(text)} is neither namespace/name (a pod or WorkloadEndpoint) nor an IP address`,
  };
}

/** The string form of a peer, as the engine and the output print it. */
export function peerText(peer: PeerArg): string {
  return peer.kind === "ip" ? peer.ip : `${peer.namespace}/${peer.name}`;
}

/** A protocol name (any case) or number 1-255, in its canonical spelling ("TCP", "ICMPv6", "47"). */
export function parseProtocolArg(text: string, argument: string): string | CliProblem {
  const info = parseProtocol(text);
  if (info === undefined) {
    return {
      code: "bad-protocol",
      location: argument,
      message: `${JSON.stringify(text)} is not a protocol: expected TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a number 1-255`,
    };
  }
  return info.name;
}

/** A destination port 1-65535 in decimal. */
export function parsePortArg(text: string, argument: string): number | CliProblem {
  if (/^[0-9]{1,5}$/.test(text)) {
    const port = Number(text);
    if (port >= 1 && port <= 65535) return port;
  }
  return {
    code: "bad-port",
    location: argument,
    message: `${JSON.stringify(text)} is not a port: expected a number 1-65535`,
  };
}

/** True when flows of this protocol carry ports (TCP, UDP, SCTP). */
export function protocolHasPorts(protocol: string): boolean {
  const info = parseProtocol(protocol);
  return info !== undefined && protocolSupportsPorts(info.number);
}

/** `80/TCP`, `53/udp`, or a bare port (TCP); ports only for TCP, UDP and SCTP. */
export function parsePortProtocol(
  text: string,
  argument: string,
): { readonly port: number; readonly protocol: string } | CliProblem {
  const slash = text.indexOf("/");
  const portText = slash === -1 ? text : text.slice(0, slash);
  const port = parsePortArg(portText, argument);
  if (typeof port !== "number")
    return { ...port, message: `${JSON.stringify(text)}: expected PORT or PORT/PROTOCOL, e.g. 80/TCP` };
  const protocol = slash === -1 ? "TCP" : parseProtocolArg(text.slice(slash + 1), argument);
  if (typeof protocol !== "string") return protocol;
  if (!protocolHasPorts(protocol)) {
    return {
      code: "bad-protocol",
      location: argument,
      message: `${JSON.stringify(text)}: ${protocol} has no ports; use TCP, UDP or SCTP`,
    };
  }
  return { port, protocol };
}

/** Type guard separating a parsed value from a problem. */
export function isProblem(value: unknown): value is CliProblem {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

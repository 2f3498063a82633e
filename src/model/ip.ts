/**
 * Strict IP and CIDR syntax, as Go's net.ParseIP / net.ParseCIDR accept it (Calico's cnet).
 */
import ipaddr from "ipaddr.js";

/** An address or network as Calico accepts it: family, prefix length, and the parsed address. */
export interface ParsedNet {
  readonly family: 4 | 6;
  /** 32 or 128 for a bare address. */
  readonly prefix: number;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  /** True when the text had a `/prefix`. */
  readonly hasPrefix: boolean;
}

// Go rejects leading zeros, which ipaddr.js would read as octal (`010.1.1.1` = 8.1.1.1), and
// three-part forms (`1.2.3`), so IPv4 syntax is checked here first.
const IPV4 =
  /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/** Parses an IPv4 or IPv6 address strictly; undefined when Calico would reject it. */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (text.length > 45) return undefined;
  if (IPV4.test(text)) return ipaddr.IPv4.parse(text);
  // Zones (`fe80::1%eth0`) are not addresses Calico stores.
  if (!text.includes(":") || text.includes("%") || !ipaddr.IPv6.isValid(text)) return undefined;
  return ipaddr.IPv6.parse(text);
}

/** Parses `address/prefix` or a bare address (a host network); undefined when invalid. */
export function parseNet(text: string, options: { readonly allowBareIp: boolean }): ParsedNet | undefined {
  const slash = text.indexOf("/");
  if (slash < 0 && !options.allowBareIp) return undefined;
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const family = address.kind() === "ipv4" ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  if (slash < 0) return { family, prefix: max, address, hasPrefix: false };
  const p = text.slice(slash + 1);
  if (!PREFIX.test(p) || Number(p) > max) return undefined;
  return { family, prefix: Number(p), address, hasPrefix: true };
}

/** The network's canonical text with host bits cleared, as Go's `ipNet.String()` prints it. */
export function networkText(net: ParsedNet): string {
  const cidr = `${net.address.toString()}/${net.prefix}`;
  const network =
    net.family === 4 ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return `${network.toString()}/${net.prefix}`;
}

/** True when `address` lies inside `net` (false across families). */
export function netContains(net: ParsedNet, address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() !== net.address.kind()) return false;
  return net.family === 4
    ? (address as ipaddr.IPv4).match(net.address as ipaddr.IPv4, net.prefix)
    : (address as ipaddr.IPv6).match(net.address as ipaddr.IPv6, net.prefix);
}

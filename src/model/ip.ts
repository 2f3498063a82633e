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

const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/** A CIDR's prefix length as Go's ParseCIDR reads it (decimal, no leading zeros, ≤ max); undefined otherwise. */
export function parsePrefixLength(text: string, max: 32 | 128): number | undefined {
  if (!PREFIX.test(text)) return undefined;
  const prefix = Number(text);
  return prefix > max ? undefined : prefix;
}

/** An address parsed strictly: IPv4 as a signed 32-bit integer, IPv6 as its eight 16-bit groups. */
export type StrictAddress =
  | { readonly family: 4; readonly value: number }
  | { readonly family: 6; readonly parts: readonly number[] };

/**
 * Parses an address exactly as Go's net.ParseIP accepts it; undefined otherwise. Go refuses what
 * ipaddr.js reads leniently: leading zeros (`010.1.1.1`, which ipaddr.js takes as octal 8.1.1.1,
 * also inside IPv6 as `::ffff:010.1.1.1`), three-part IPv4 (`1.2.3`) and zones (`fe80::1%eth0`);
 * and Go reads `::1.2.3.4` as the address ::102:304, where ipaddr.js rewrites it to ::ffff:1.2.3.4.
 * The one strict parser behind the model's validation, the index and flow queries.
 */
export function parseStrictAddress(text: string): StrictAddress | undefined {
  if (typeof text !== "string" || text.length > 45) return undefined;
  const v4 = parseV4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!text.includes(":") || text.includes("%")) return undefined;
  let hex = text;
  const dot = text.indexOf(".");
  if (dot >= 0) {
    // An embedded IPv4 address is the last two groups, written in strict dotted decimal.
    const colon = text.lastIndexOf(":");
    const embedded = colon < dot ? parseV4(text.slice(colon + 1)) : undefined;
    if (embedded === undefined) return undefined;
    hex = `${text.slice(0, colon + 1)}${(embedded >>> 16).toString(16)}:${(embedded & 0xffff).toString(16)}`;
  }
  if (!ipaddr.IPv6.isValid(hex)) return undefined;
  return { family: 6, parts: ipaddr.IPv6.parse(hex).parts };
}

/**
 * Four decimal octets 0-255 without leading zeros, as a signed 32-bit integer; undefined
 * otherwise. Hand-written: it runs on every endpoint update and every address lookup.
 */
function parseV4(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      value = (value << 8) | octet;
      octet = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return (value << 8) | octet | 0;
}

/** Parses an IPv4 or IPv6 address strictly (see parseStrictAddress); undefined when Calico would reject it. */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const parsed = parseStrictAddress(text);
  if (parsed === undefined) return undefined;
  if (parsed.family === 6) return new ipaddr.IPv6([...parsed.parts]);
  const v = parsed.value;
  return new ipaddr.IPv4([(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]);
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
  const prefix = parsePrefixLength(text.slice(slash + 1), max);
  if (prefix === undefined) return undefined;
  return { family, prefix, address, hasPrefix: true };
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

/**
 * Address and CIDR parsing for the index, with the masked-network keys the address index stores.
 * Addresses go through the model's strict parser (Go's net.ParseIP syntax, not ipaddr.js's).
 */
import ipaddr from "ipaddr.js";
import { parsePrefixLength, parseStrictAddress, type StrictAddress } from "../model/ip.js";
import { flatten } from "./flatten.js";

/** An address or CIDR, reduced to what containment needs. */
export interface ParsedCidr {
  readonly family: 4 | 6;
  readonly prefix: number;
  /** The masked network: a signed 32-bit integer for IPv4, 8 hex groups joined by ":" for IPv6. */
  readonly key: number | string;
  /** IP-set member form: the bare address for /32 and /128, else the masked network "net/len". */
  readonly member: string;
  /** The address as written, without prefix and in canonical form (named-port members use it). */
  readonly address: string;
  /** Canonical text the index stores and re-parses: the address, plus "/prefix" below full length. */
  readonly stored: string;
}

/** A single address reduced for lookups: IPv4 as a signed 32-bit integer, IPv6 as 8 groups. */
export type ParsedAddress = StrictAddress;

/** A bare address (no prefix), parsed by the model's strict parser; undefined when invalid. */
export const parseAddress: (text: string) => ParsedAddress | undefined = parseStrictAddress;

/** Parses "10.0.0.1", "10.0.0.1/32", "10.1.0.0/16", "fd00::1", "fd00::/64"; undefined when invalid. */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (typeof text !== "string" || text.length > 100) return undefined;
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseAddress(addressText);
  if (address === undefined) return undefined;
  const maxPrefix = address.family === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (slash >= 0) {
    const parsed = parsePrefixLength(text.slice(slash + 1), maxPrefix);
    if (parsed === undefined) return undefined;
    prefix = parsed;
  }
  if (address.family === 4) {
    const key = maskV4(address.value, prefix);
    // The strict pattern admits only canonical dotted decimal, so the text is its own canonical
    // form: keeping it (rather than a freshly concatenated rope of 7 pieces) saves ~200 B per address.
    const canonical = slash < 0 ? flatten(text) : flat(addressText);
    return {
      family: 4,
      prefix,
      key,
      member: prefix === 32 ? canonical : flat(`${formatV4(key)}/${prefix}`),
      address: canonical,
      stored: prefix === 32 ? canonical : flat(`${canonical}/${prefix}`),
    };
  }
  const masked = maskV6(address.parts, prefix);
  const canonical = flat(formatV6(address.parts));
  return {
    family: 6,
    prefix,
    key: v6Key(masked),
    member: prefix === 128 ? canonical : flat(`${formatV6(masked)}/${prefix}`),
    address: canonical,
    stored: prefix === 128 ? canonical : flat(`${canonical}/${prefix}`),
  };
}

/** The ParsedCidr of an IPv4 host address given as its signed 32-bit value (an endpoint's stored form). */
export function v4HostCidr(value: number): ParsedCidr {
  const text = formatV4(value);
  return { family: 4, prefix: 32, key: value | 0, member: text, address: text, stored: text };
}

/** The IPv4 network of `value` at `prefix` bits, as a signed 32-bit integer (a V8 small integer). */
export function maskV4(value: number, prefix: number): number {
  return prefix === 0 ? 0 : (value & (-1 << (32 - prefix))) | 0;
}

/** The IPv6 network of `parts` at `prefix` bits. */
export function maskV6(parts: readonly number[], prefix: number): number[] {
  const out = new Array<number>(8);
  for (let i = 0; i < 8; i++) {
    const bits = Math.min(16, Math.max(0, prefix - i * 16));
    out[i] = bits === 0 ? 0 : parts[i]! & (0xffff << (16 - bits)) & 0xffff;
  }
  return out;
}

/** The address index's key for an IPv6 network. */
export function v6Key(parts: readonly number[]): string {
  let key = "";
  for (let i = 0; i < 8; i++) key += i === 0 ? parts[i]!.toString(16) : `:${parts[i]!.toString(16)}`;
  return key;
}

/**
 * A flat copy of a string built by concatenation: V8 keeps such strings as trees of 32-byte
 * nodes, which the index would otherwise retain for the life of the entry.
 */
function flat(text: string): string {
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return String.fromCharCode(...codes);
}

function formatV4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

function formatV6(parts: readonly number[]): string {
  return new ipaddr.IPv6([...parts]).toRFC5952String();
}

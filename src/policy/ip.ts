/**
 * Addresses and CIDRs as fixed-width 32-bit words (one for IPv4, four for IPv6), so containment
 * on the check path is a few integer compares with no allocation.
 */
import ipaddr from "ipaddr.js";
import { parsePrefixLength, parseStrictAddress } from "../model/ip.js";

/** An IP address: its family, its 32-bit words, and its canonical text. */
export interface Address {
  readonly family: 4 | 6;
  readonly words: readonly number[];
  /** Canonical text: dotted decimal, or RFC 5952 compressed IPv6. */
  readonly text: string;
}

/** A CIDR with its host bits cleared. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly words: readonly number[];
  readonly prefix: number;
  /** Canonical `address/prefix` text. */
  readonly text: string;
}

/**
 * Parses an IPv4 or IPv6 address as Calico would accept it (Go's syntax: no `010.1.1.1`, no
 * `1.2.3`, no zones); undefined otherwise.
 */
export function parseAddress(text: string): Address | undefined {
  const parsed = parseStrictAddress(text);
  if (parsed === undefined) return undefined;
  // Strict dotted decimal is already canonical.
  if (parsed.family === 4) return { family: 4, words: [parsed.value >>> 0], text };
  const p = parsed.parts;
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(((p[i] ?? 0) * 0x10000 + (p[i + 1] ?? 0)) >>> 0);
  return { family: 6, words, text: wordsToV6(words) };
}

/** Parses `address/prefix` (a bare address means a single host); undefined when invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  const address = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const max = address.family === 4 ? 32 : 128;
  const prefix = slash < 0 ? max : parsePrefixLength(text.slice(slash + 1), max);
  if (prefix === undefined) return undefined;
  const words = address.words.map((w, i) => (w & maskOf(prefix, i)) >>> 0);
  const base = address.family === 4 ? wordsToV4(words) : wordsToV6(words);
  return { family: address.family, words, prefix, text: `${base}/${prefix}` };
}

/** True when the CIDR contains the address (false across families). */
export function cidrContains(cidr: Cidr, address: Address): boolean {
  if (cidr.family !== address.family) return false;
  for (let i = 0; i < cidr.words.length; i++) {
    if (((address.words[i] ?? 0) & maskOf(cidr.prefix, i)) >>> 0 !== cidr.words[i]) return false;
  }
  return true;
}

function maskOf(prefix: number, wordIndex: number): number {
  const bits = Math.min(32, Math.max(0, prefix - 32 * wordIndex));
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

function wordsToV4(words: readonly number[]): string {
  const w = words[0] ?? 0;
  return `${w >>> 24}.${(w >>> 16) & 255}.${(w >>> 8) & 255}.${w & 255}`;
}

function wordsToV6(words: readonly number[]): string {
  const parts: number[] = [];
  for (const w of words) parts.push(w >>> 16, w & 0xffff);
  return new ipaddr.IPv6(parts).toString();
}

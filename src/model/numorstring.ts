/**
 * Calico's numorstring Protocol and Port (api/pkg/lib/numorstring): parsing, canonical names,
 * and which protocols carry ports.
 */

/** Protocol names by lower-case spelling, with their IANA numbers. */
const PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ["tcp", 6],
  ["udp", 17],
  ["icmp", 1],
  ["icmpv6", 58],
  ["sctp", 132],
  ["udplite", 136],
]);

const CANONICAL_NAMES: ReadonlyMap<string, string> = new Map([
  ["tcp", "TCP"],
  ["udp", "UDP"],
  ["icmp", "ICMP"],
  ["icmpv6", "ICMPv6"],
  ["sctp", "SCTP"],
  ["udplite", "UDPLite"],
]);

/** A protocol resolved to its number, with the canonical name when it has one. */
export interface ProtocolInfo {
  readonly number: number;
  /** "TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite", or the number as text. */
  readonly name: string;
}

/**
 * Resolves a protocol as written (`"tcp"`, `"TCP"`, `6`, `"6"`) to its number; undefined when it
 * is neither a known name nor an integer 1-255.
 */
export function parseProtocol(value: string | number): ProtocolInfo | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 1 && value <= 255
      ? { number: value, name: nameOfNumber(value) }
      : undefined;
  }
  const lower = value.toLowerCase();
  const known = PROTOCOL_NUMBERS.get(lower);
  if (known !== undefined) return { number: known, name: CANONICAL_NAMES.get(lower) ?? value };
  if (/^[0-9]{1,9}$/.test(value)) return parseProtocol(Number(value));
  return undefined;
}

const SPELLINGS: ReadonlySet<string> = new Set(CANONICAL_NAMES.values());

/**
 * Resolves a protocol as a Calico resource must spell it (`validateProtocol`): an integer 1-255,
 * its decimal text (Go's ParseUint, so `"06"` is 6), or a name exactly as Calico writes it
 * (`TCP`, `ICMPv6`; `tcp` is refused, "protocol name invalid"); undefined otherwise.
 */
export function parseResourceProtocol(value: string | number): ProtocolInfo | undefined {
  if (typeof value === "string") {
    if (/^[0-9]+$/.test(value)) return parseProtocol(Number(value));
    if (!SPELLINGS.has(value)) return undefined;
  }
  return parseProtocol(value);
}

/** The canonical spelling of a protocol name written in another case (`tcp` → `TCP`), if any. */
export function canonicalProtocolName(value: string): string | undefined {
  return CANONICAL_NAMES.get(value.toLowerCase());
}

function nameOfNumber(n: number): string {
  for (const [lower, num] of PROTOCOL_NUMBERS) {
    if (num === n) return CANONICAL_NAMES.get(lower) ?? String(n);
  }
  return String(n);
}

/** True for TCP (6), UDP (17) and SCTP (132): the protocols whose rules may list ports. */
export function protocolSupportsPorts(protocolNumber: number): boolean {
  return protocolNumber === 6 || protocolNumber === 17 || protocolNumber === 132;
}

/** A port as Calico models it: a range (single port: min = max) or a name (min = max = 0). */
export type PortSpec =
  | { readonly kind: "range"; readonly min: number; readonly max: number }
  | { readonly kind: "named"; readonly name: string };

const PORT_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/**
 * Parses a port as written: integer → single port; digit string → single; `"a:b"` → range;
 * otherwise a port name. Returns an error message for anything Calico rejects
 * (0, > 65535, min > max, bad name).
 */
export function parsePort(value: string | number): PortSpec | { readonly error: string } {
  if (typeof value === "number") return rangeOf(value, value, String(value));
  if (/^[0-9]+$/.test(value)) return rangeOf(Number(value), Number(value), value);
  const range = /^([0-9]+):([0-9]+)$/.exec(value);
  if (range) return rangeOf(Number(range[1]), Number(range[2]), value);
  if (PORT_NAME.test(value)) return { kind: "named", name: value };
  return {
    error: `invalid port ${JSON.stringify(value)}: expected a number 1-65535, a range "min:max", or a port name matching ${PORT_NAME.source}`,
  };
}

function rangeOf(min: number, max: number, text: string): PortSpec | { readonly error: string } {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535) {
    return { error: `invalid port ${JSON.stringify(text)}: ports must be between 1 and 65535` };
  }
  if (min > max) {
    return {
      error: `invalid port range ${JSON.stringify(text)}: minimum ${min} is greater than maximum ${max}`,
    };
  }
  return { kind: "range", min, max };
}

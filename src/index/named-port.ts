/**
 * Named ports (calico-semantics.md §F): endpoint ports normalised once, protocol matching
 * between a named-port IP set's protocol and an endpoint port's protocol, and member keys.
 */
import { parseProtocol } from "../model/numorstring.js";
import type { NamedPortProtocol } from "./types.js";

/** An endpoint port as the index keeps it. */
export interface StoredPort {
  readonly name: string;
  readonly port: number;
  /** Protocol number when written as a number ("6"), else -1. */
  readonly numeric: number;
  /** Lower-cased protocol name when written as a name ("tcp"), else "". */
  readonly named: string;
  /** Protocol of the IP-set member this port produces: "udp", "sctp", else "tcp" (Felix's ProtocolFrom). */
  readonly memberProtocol: "tcp" | "udp" | "sctp";
}

const NAMED_PORT_NUMBERS: ReadonlyMap<NamedPortProtocol, number> = new Map([
  ["tcp", 6],
  ["udp", 17],
  ["sctp", 132],
]);

/** The named-port protocols an IP set may ask for. */
export const NAMED_PORT_PROTOCOLS: ReadonlySet<string> = new Set(["tcp", "udp", "sctp", "any"]);

type ProtocolTraits = Pick<StoredPort, "numeric" | "named" | "memberProtocol">;

// Protocol texts repeat endlessly ("TCP", "UDP"), so their traits are cached; bounded so hostile
// input cannot grow it.
const TRAITS = new Map<string, ProtocolTraits | null>();
const TRAITS_LIMIT = 256;

function traitsOf(protocol: string): ProtocolTraits | null {
  const cached = TRAITS.get(protocol);
  if (cached !== undefined) return cached;
  let traits: ProtocolTraits | null;
  // Digits are a number as Go's ParseUint(s, 10, 8) reads them, leading zeros included ("0006" is 6).
  if (/^[0-9]+$/.test(protocol)) {
    const n = Number(protocol);
    traits =
      n > 255
        ? null
        : { numeric: n, named: "", memberProtocol: n === 17 ? "udp" : n === 132 ? "sctp" : "tcp" };
  } else if (parseProtocol(protocol) === undefined) {
    traits = null;
  } else {
    const named = protocol.toLowerCase();
    traits = {
      numeric: -1,
      named,
      memberProtocol: named === "udp" ? "udp" : named === "sctp" ? "sctp" : "tcp",
    };
  }
  if (TRAITS.size >= TRAITS_LIMIT) TRAITS.clear();
  TRAITS.set(protocol, traits);
  return traits;
}

/** True when `protocol` is a protocol name or a number 0-255 (what an endpoint port may carry). */
export function isPortProtocol(protocol: string): boolean {
  return traitsOf(protocol) !== null;
}

/** Normalises a port's protocol text; undefined when it is neither a protocol name nor a number 0-255. */
export function storedPort(name: string, protocol: string, port: number): StoredPort | undefined {
  const traits = traitsOf(protocol);
  if (traits === null) return undefined;
  return { name, port, numeric: traits.numeric, named: traits.named, memberProtocol: traits.memberProtocol };
}

/**
 * Felix's MatchesModelProtocol: `any` matches every port whose protocol is written as a name;
 * a numeric protocol matches only its own number, and numeric 0 only `any` (so a port written
 * as protocol "6" is in a `tcp` set but not in an `any` set: a Felix quirk kept on purpose).
 */
export function protocolMatches(port: StoredPort, wanted: NamedPortProtocol): boolean {
  if (port.numeric >= 0) {
    if (port.numeric === 0) return wanted === "any";
    return wanted !== "any" && NAMED_PORT_NUMBERS.get(wanted) === port.numeric;
  }
  return wanted === "any" || port.named === wanted;
}

/** The refcount key of a named-port member. */
export function namedMemberKey(address: string, protocol: string, port: number): string {
  return `${address},${protocol}:${port}`;
}

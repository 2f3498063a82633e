/**
 * The naive reference label index: LabelIndexApi by brute force. Every mutation re-evaluates
 * every selector against every endpoint and diffs the whole state to produce events. Slow and
 * obviously right; the model-based test and the benchmarks' correctness checks compare the real
 * index against it.
 */
import ipaddr from "ipaddr.js";
import { LabelIndexError, type LabelIndexErrorCode } from "../../src/index/errors.js";
import type {
  IndexEndpoint,
  IpSetMember,
  LabelIndexApi,
  MatchEvent,
  MemberEvent,
  NamedPortProtocol,
} from "../../src/index/types.js";
import { safeParseSelector } from "../../src/selector/index.js";
import type { LabelLookup, Labels, Selector } from "../../src/selector/types.js";

interface NaiveCidr {
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
  /** Address with prefix dropped (named-port member form). */
  readonly addressText: string;
  /** Plain member form: bare address at full length, else "network/prefix". */
  readonly member: string;
}

interface NaivePort {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
}

interface NaiveEndpoint {
  readonly labels: Map<string, string>;
  readonly parents: readonly string[];
  readonly cidrs: readonly NaiveCidr[];
  readonly ports: readonly NaivePort[];
}

interface NaiveSelector {
  readonly selector: Selector;
  readonly namedPort: { readonly name: string; readonly protocol: NamedPortProtocol } | undefined;
}

interface Snapshot {
  readonly matches: Map<string, Set<string>>;
  readonly members: Map<string, Map<string, IpSetMember>>;
}

const KNOWN_PROTOCOLS = new Set(["tcp", "udp", "icmp", "icmpv6", "sctp", "udplite"]);
const NAMED_PORT_NUMBER: Readonly<Record<string, number>> = { tcp: 6, udp: 17, sctp: 132 };

function fail(code: LabelIndexErrorCode, path: string, message: string): never {
  throw new LabelIndexError({ code, path, message });
}

function toMap(labels: unknown, path: string): Map<string, string> {
  const entries: [unknown, unknown][] =
    labels instanceof Map
      ? [...labels.entries()]
      : typeof labels === "object" && labels !== null && !Array.isArray(labels)
        ? Object.entries(labels)
        : fail("invalid-labels", path, "labels must be an object or Map");
  const out = new Map<string, string>();
  for (const [k, v] of entries) {
    if (typeof k !== "string" || typeof v !== "string")
      fail("invalid-labels", path, "labels must be strings");
    out.set(k, v);
  }
  return out;
}

/** Parses an address or CIDR the way Calico does (four-part decimal IPv4, no zone ids). */
export function naiveParseCidr(text: unknown): NaiveCidr | undefined {
  if (typeof text !== "string" || text.length > 100 || text.includes("%")) return undefined;
  const [addressPart, prefixPart, extra] = text.split("/");
  if (extra !== undefined || addressPart === undefined) return undefined;
  if (prefixPart !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(prefixPart)) return undefined;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addressPart)) address = ipaddr.IPv4.parse(addressPart);
  else if (addressPart.includes(":") && ipaddr.IPv6.isValid(addressPart))
    address = ipaddr.IPv6.parse(addressPart);
  else return undefined;
  const max = address.kind() === "ipv4" ? 32 : 128;
  const prefix = prefixPart === undefined ? max : Number(prefixPart);
  if (prefix > max) return undefined;
  const addressText = address.toString();
  const masked =
    address.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addressText}/${prefix}`)
      : maskedV6(address as ipaddr.IPv6, prefix);
  return {
    address,
    prefix,
    addressText,
    member: prefix === max ? addressText : `${masked.toString()}/${prefix}`,
  };
}

function maskedV6(address: ipaddr.IPv6, prefix: number): ipaddr.IPv6 {
  const bytes = address.toByteArray();
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - bits)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes) as ipaddr.IPv6;
}

function portMatches(port: NaivePort, wanted: NamedPortProtocol): boolean {
  if (/^[0-9]+$/.test(port.protocol)) {
    const n = Number(port.protocol);
    if (n === 0) return wanted === "any";
    return wanted !== "any" && NAMED_PORT_NUMBER[wanted] === n;
  }
  return wanted === "any" || port.protocol.toLowerCase() === wanted;
}

function memberProtocol(port: NaivePort): string {
  const p = /^[0-9]+$/.test(port.protocol) ? String(Number(port.protocol)) : port.protocol.toLowerCase();
  if (p === "udp" || p === "17") return "udp";
  if (p === "sctp" || p === "132") return "sctp";
  return "tcp";
}

/** LabelIndexApi by brute force. */
export class NaiveLabelIndex implements LabelIndexApi {
  readonly endpoints = new Map<string, NaiveEndpoint>();
  readonly parents = new Map<string, Map<string, string>>();
  readonly selectors = new Map<string, NaiveSelector>();
  /** Selector evaluations performed (for benchmark comparisons). */
  evaluations = 0;
  #snapshot: Snapshot = { matches: new Map(), members: new Map() };
  readonly #listeners = new Map<string, ((selectorId: string, payload: never) => void)[]>();

  upsertEndpoint(id: string, endpoint: IndexEndpoint): void {
    if (typeof id !== "string" || id === "") fail("invalid-id", "endpoint", "bad id");
    const at = `endpoint ${JSON.stringify(id)}`;
    const labels = toMap(endpoint?.labels, `${at}.labels`);
    const parents = endpoint.parents ?? [];
    parents.forEach((p, i) => {
      if (typeof p !== "string" || p === "") fail("invalid-parents", `${at}.parents[${i}]`, "bad parent");
    });
    const cidrs: NaiveCidr[] = [];
    (endpoint.ips ?? []).forEach((text, i) => {
      const cidr = naiveParseCidr(text) ?? fail("invalid-ip", `${at}.ips[${i}]`, "bad ip");
      if (!cidrs.some((c) => c.member === cidr.member && c.addressText === cidr.addressText))
        cidrs.push(cidr);
    });
    const ports = (endpoint.ports ?? []).map((p, i) => {
      const digits = typeof p.protocol === "string" && /^[0-9]+$/.test(p.protocol);
      const okProtocol =
        typeof p.protocol === "string" &&
        (digits ? Number(p.protocol) <= 255 : KNOWN_PROTOCOLS.has(p.protocol.toLowerCase()));
      const okPort = Number.isInteger(p.port) && p.port >= 0 && p.port <= 65535;
      if (typeof p.name !== "string" || !okProtocol || !okPort)
        fail("invalid-port", `${at}.ports[${i}]`, "bad port");
      return { name: p.name, protocol: p.protocol, port: p.port };
    });
    this.endpoints.set(id, { labels, parents: [...parents], cidrs, ports });
    this.#recompute();
  }

  deleteEndpoint(id: string): void {
    if (typeof id !== "string" || id === "") fail("invalid-id", "endpoint", "bad id");
    this.endpoints.delete(id);
    this.#recompute();
  }

  upsertParent(id: string, labels: Labels): void {
    if (typeof id !== "string" || id === "") fail("invalid-id", "parent", "bad id");
    this.parents.set(id, toMap(labels, `parent ${JSON.stringify(id)}.labels`));
    this.#recompute();
  }

  deleteParent(id: string): void {
    if (typeof id !== "string" || id === "") fail("invalid-id", "parent", "bad id");
    this.parents.delete(id);
    this.#recompute();
  }

  addSelector(
    id: string,
    selector: Selector | string,
    namedPort?: { readonly name: string; readonly protocol: NamedPortProtocol },
  ): void {
    if (typeof id !== "string" || id === "") fail("invalid-id", "selector", "bad id");
    let parsed: Selector;
    if (typeof selector === "string") {
      const result = safeParseSelector(selector);
      if (!result.ok) fail("invalid-selector", `selector ${JSON.stringify(id)}`, result.error.message);
      parsed = result.selector;
    } else {
      parsed = selector;
    }
    if (
      namedPort !== undefined &&
      (typeof namedPort.name !== "string" ||
        namedPort.name === "" ||
        !["tcp", "udp", "sctp", "any"].includes(namedPort.protocol))
    ) {
      fail("invalid-named-port", `selector ${JSON.stringify(id)}.namedPort`, "bad named port");
    }
    const existing = this.selectors.get(id);
    if (existing !== undefined) {
      const same =
        existing.selector.uniqueId === parsed.uniqueId &&
        existing.namedPort?.name === namedPort?.name &&
        existing.namedPort?.protocol === namedPort?.protocol;
      if (same) return;
      fail("duplicate-selector-id", `selector ${JSON.stringify(id)}`, "duplicate id");
    }
    this.selectors.set(id, {
      selector: parsed,
      namedPort: namedPort === undefined ? undefined : { name: namedPort.name, protocol: namedPort.protocol },
    });
    this.#recompute();
  }

  removeSelector(id: string): void {
    if (typeof id !== "string" || id === "") fail("invalid-id", "selector", "bad id");
    this.selectors.delete(id);
    this.#recompute();
  }

  matchingEndpoints(selectorId: string): Iterable<string> {
    return [...(this.#snapshot.matches.get(selectorId) ?? [])];
  }

  isMatch(selectorId: string, endpointId: string): boolean {
    return this.#snapshot.matches.get(selectorId)?.has(endpointId) ?? false;
  }

  selectorsMatching(endpointId: string): Iterable<string> {
    const out: string[] = [];
    for (const [selectorId, endpoints] of this.#snapshot.matches)
      if (endpoints.has(endpointId)) out.push(selectorId);
    return out;
  }

  members(selectorId: string): Iterable<IpSetMember> {
    return [...(this.#snapshot.members.get(selectorId)?.values() ?? [])];
  }

  endpointsContaining(ip: string): readonly string[] {
    if (typeof ip !== "string" || ip.includes("/")) return [];
    const parsed = naiveParseCidr(ip);
    if (parsed === undefined) return [];
    const hits: { id: string; prefix: number }[] = [];
    for (const [id, endpoint] of this.endpoints) {
      let best = -1;
      for (const cidr of endpoint.cidrs) {
        if (cidr.address.kind() !== parsed.address.kind()) continue;
        if (parsed.address.match(cidr.address, cidr.prefix)) best = Math.max(best, cidr.prefix);
      }
      if (best >= 0) hits.push({ id, prefix: best });
    }
    hits.sort((a, b) => b.prefix - a.prefix || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.map((h) => h.id);
  }

  labelsOf(endpointId: string): LabelLookup | undefined {
    return this.effectiveLabels(endpointId);
  }

  effectiveLabels(endpointId: string): ReadonlyMap<string, string> | undefined {
    const endpoint = this.endpoints.get(endpointId);
    if (endpoint === undefined) return undefined;
    const out = new Map(endpoint.labels);
    for (const parentId of endpoint.parents) {
      for (const [k, v] of this.parents.get(parentId) ?? []) if (!out.has(k)) out.set(k, v);
    }
    return out;
  }

  on(event: MatchEvent, cb: (selectorId: string, endpointId: string) => void): void;
  on(event: MemberEvent, cb: (selectorId: string, member: IpSetMember) => void): void;
  on(event: MatchEvent | MemberEvent, cb: (selectorId: string, payload: never) => void): void {
    const list = this.#listeners.get(event) ?? [];
    list.push(cb);
    this.#listeners.set(event, list);
  }

  #recompute(): void {
    const matches = new Map<string, Set<string>>();
    const members = new Map<string, Map<string, IpSetMember>>();
    for (const [selectorId, { selector, namedPort }] of this.selectors) {
      const matched = new Set<string>();
      const memberMap = new Map<string, IpSetMember>();
      for (const [endpointId, endpoint] of this.endpoints) {
        this.evaluations++;
        if (!selector.matches(this.effectiveLabels(endpointId)!)) continue;
        matched.add(endpointId);
        if (namedPort === undefined) {
          for (const cidr of endpoint.cidrs) {
            // §F: an IP set cannot hold a /0, so it holds the two /1 halves.
            const halves =
              cidr.prefix !== 0
                ? [cidr.member]
                : cidr.member.includes(":")
                  ? ["::/1", "8000::/1"]
                  : ["0.0.0.0/1", "128.0.0.0/1"];
            for (const ip of halves) memberMap.set(ip, { ip });
          }
          continue;
        }
        for (const port of endpoint.ports) {
          if (port.name !== namedPort.name || !portMatches(port, namedPort.protocol)) continue;
          const protocol = memberProtocol(port);
          for (const cidr of endpoint.cidrs) {
            memberMap.set(`${cidr.addressText},${protocol}:${port.port}`, {
              ip: cidr.addressText,
              protocol,
              port: port.port,
            });
          }
        }
      }
      matches.set(selectorId, matched);
      members.set(selectorId, memberMap);
    }
    const before = this.#snapshot;
    this.#snapshot = { matches, members };
    // Events in the index's phase order: matchStopped, memberRemoved, matchStarted, memberAdded.
    for (const [selectorId, old] of before.matches) {
      const now = matches.get(selectorId);
      for (const endpointId of old)
        if (!now?.has(endpointId)) this.#emit("matchStopped", selectorId, endpointId);
    }
    for (const [selectorId, old] of before.members) {
      const now = members.get(selectorId);
      for (const [key, member] of old) if (!now?.has(key)) this.#emit("memberRemoved", selectorId, member);
    }
    for (const [selectorId, now] of matches) {
      const old = before.matches.get(selectorId);
      for (const endpointId of now)
        if (!old?.has(endpointId)) this.#emit("matchStarted", selectorId, endpointId);
    }
    for (const [selectorId, now] of members) {
      const old = before.members.get(selectorId);
      for (const [key, member] of now) if (!old?.has(key)) this.#emit("memberAdded", selectorId, member);
    }
  }

  #emit(event: string, selectorId: string, payload: unknown): void {
    for (const cb of this.#listeners.get(event) ?? []) cb(selectorId, payload as never);
  }
}

/**
 * Turns a FlowQuery (untrusted: it may come straight from JSON) into a Packet and the workload
 * endpoints on each side, or a FlowQueryIssue naming the field, the value and what was expected.
 */
import { parseProtocol, protocolSupportsPorts } from "../model/numorstring.js";
import type { FlowQueryIssue } from "./errors.js";
import { type Address, parseAddress } from "./ip.js";
import type { Packet } from "./packet.js";
import type { EndpointRef } from "./types.js";

/** A workload endpoint as flow resolution sees it. */
export interface ResolvedEndpoint {
  /** The engine's key for the endpoint ("namespace/name" of the WorkloadEndpoint). */
  readonly key: string;
  readonly ref: EndpointRef;
  readonly addresses: readonly Address[];
  /** The first IPv4 and IPv6 address (what a flow naming only the endpoint uses). */
  readonly ipv4: Address | undefined;
  readonly ipv6: Address | undefined;
}

/** Endpoint lookups flow resolution needs (E: the caller's endpoint record). */
export interface EndpointDirectory<E extends ResolvedEndpoint = ResolvedEndpoint> {
  /** By namespace and name: the WorkloadEndpoint name, or for Kubernetes workloads the pod name. */
  byName(namespace: string, name: string): E | undefined;
  /** The same lookup by the `"namespace/name"` text (the common form; saves splitting it). */
  byKey(key: string): E | undefined;
  /** The workload endpoint that owns an address, if any. */
  ownerOf(address: Address): E | undefined;
}

/** A resolved flow: the packet, and the workload endpoint on each side (undefined: outside). */
export interface ResolvedFlow<E extends ResolvedEndpoint = ResolvedEndpoint> {
  readonly packet: Packet;
  readonly source: E | undefined;
  readonly destination: E | undefined;
}

/** The outcome of resolving a query. */
export type ResolveResult<E extends ResolvedEndpoint = ResolvedEndpoint> =
  | { readonly ok: true; readonly flow: ResolvedFlow<E> }
  | { readonly ok: false; readonly issue: FlowQueryIssue };

class QueryProblem {
  constructor(readonly issue: FlowQueryIssue) {}
}

function fail(code: FlowQueryIssue["code"], field: string, value: unknown, message: string): never {
  throw new QueryProblem({ code, field, value, message });
}

interface SideInput<E extends ResolvedEndpoint> {
  readonly field: "source" | "destination";
  readonly endpoint: E | undefined;
  readonly address: Address | undefined;
  readonly port: number;
}

/** Validates and resolves `query` against the loaded endpoints. Never throws for bad input. */
export function resolveFlow<E extends ResolvedEndpoint>(
  query: unknown,
  directory: EndpointDirectory<E>,
): ResolveResult<E> {
  try {
    return { ok: true, flow: resolve(query, directory) };
  } catch (error) {
    if (error instanceof QueryProblem) return { ok: false, issue: error.issue };
    throw error;
  }
}

function resolve<E extends ResolvedEndpoint>(
  query: unknown,
  directory: EndpointDirectory<E>,
): ResolvedFlow<E> {
  if (!isRecord(query))
    fail("bad-query", "", query, "a flow query must be an object with protocol, source and destination");
  const protocolValue = own(query, "protocol");
  const protocol =
    typeof protocolValue === "string" || typeof protocolValue === "number"
      ? parseProtocol(protocolValue)
      : undefined;
  if (protocol === undefined) {
    fail(
      "bad-protocol",
      "protocol",
      protocolValue,
      `invalid protocol ${show(protocolValue)}: expected TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a number 1-255`,
    );
  }
  const hasPorts = protocolSupportsPorts(protocol.number);
  const source = side(own(query, "source"), "source", hasPorts, protocol.name, directory);
  const destination = side(own(query, "destination"), "destination", hasPorts, protocol.name, directory);
  const icmp = icmpOf(own(query, "icmp"), protocol.number, protocol.name);
  const family = familyOf(source, destination, protocol.number);
  if (protocol.number === 1 && family === 6) {
    fail(
      "family-mismatch",
      "protocol",
      protocolValue,
      "protocol ICMP needs IPv4 addresses; use ICMPv6 for IPv6",
    );
  }
  if (protocol.number === 58 && family === 4) {
    fail(
      "family-mismatch",
      "protocol",
      protocolValue,
      "protocol ICMPv6 needs IPv6 addresses; use ICMP for IPv4",
    );
  }
  return {
    packet: {
      family,
      protocol: protocol.number,
      protocolName: protocol.name,
      source: addressOf(source, family),
      destination: addressOf(destination, family),
      sourcePort: source.port,
      destinationPort: destination.port,
      icmpType: icmp?.type,
      icmpCode: icmp?.code,
    },
    source: source.endpoint,
    destination: destination.endpoint,
  };
}

function side<E extends ResolvedEndpoint>(
  value: unknown,
  field: "source" | "destination",
  hasPorts: boolean,
  protocolName: string,
  directory: EndpointDirectory<E>,
): SideInput<E> {
  if (!isRecord(value)) fail("bad-query", field, value, `${field} must be an object with endpoint and/or ip`);
  const endpointValue = own(value, "endpoint");
  const ipValue = own(value, "ip");
  const portValue = own(value, "port");
  if (endpointValue === undefined && ipValue === undefined) {
    fail("bad-query", field, value, `${field} needs an endpoint ("namespace/name") or an ip`);
  }
  let address: Address | undefined;
  if (ipValue !== undefined) {
    address = typeof ipValue === "string" ? parseAddress(ipValue) : undefined;
    if (address === undefined) {
      fail(
        "bad-ip",
        `${field}.ip`,
        ipValue,
        `invalid ${field}.ip ${show(ipValue)}: expected an IPv4 or IPv6 address`,
      );
    }
  }
  let port = 0;
  if (portValue === undefined && hasPorts && field === "destination") {
    fail(
      "bad-port",
      "destination.port",
      portValue,
      `destination.port is required for protocol ${protocolName}: expected an integer 1-65535`,
    );
  }
  if (portValue !== undefined) {
    if (!hasPorts) {
      fail(
        "bad-port",
        `${field}.port`,
        portValue,
        `${field}.port ${show(portValue)} given for protocol ${protocolName}, which has no ports (only TCP, UDP and SCTP do)`,
      );
    }
    if (typeof portValue !== "number" || !Number.isInteger(portValue) || portValue < 1 || portValue > 65535) {
      fail(
        "bad-port",
        `${field}.port`,
        portValue,
        `invalid ${field}.port ${show(portValue)}: expected an integer 1-65535`,
      );
    }
    port = portValue;
  }
  let endpoint: E | undefined;
  if (endpointValue !== undefined) {
    endpoint = typeof endpointValue === "string" ? directory.byKey(endpointValue) : undefined;
    if (endpoint === undefined) {
      const ref = endpointRefOf(endpointValue, `${field}.endpoint`);
      endpoint = directory.byName(ref.namespace, ref.name);
      if (endpoint === undefined) {
        fail(
          "unknown-endpoint",
          `${field}.endpoint`,
          endpointValue,
          `unknown ${field}.endpoint "${ref.namespace}/${ref.name}": no WorkloadEndpoint or pod with that name in namespace "${ref.namespace}"`,
        );
      }
    }
    if (address !== undefined && !owns(endpoint, address)) {
      fail(
        "ip-not-owned",
        `${field}.ip`,
        ipValue,
        `${field}.ip ${address.text} is not an address of ${endpoint.key} (its addresses: ${endpoint.addresses.map((a) => a.text).join(", ") || "none"})`,
      );
    }
  } else if (address !== undefined) {
    endpoint = directory.ownerOf(address);
  }
  return { field, endpoint, address, port };
}

/** Parses `"namespace/name"` or `{ namespace, name }`, or returns the issue. */
export function safeEndpointRef(
  value: unknown,
  field: string,
): { readonly ok: true; readonly ref: EndpointRef } | { readonly ok: false; readonly issue: FlowQueryIssue } {
  try {
    return { ok: true, ref: endpointRefOf(value, field) };
  } catch (error) {
    if (error instanceof QueryProblem) return { ok: false, issue: error.issue };
    throw error;
  }
}

function endpointRefOf(value: unknown, field: string): EndpointRef {
  if (typeof value === "string") {
    const slash = value.indexOf("/");
    if (slash > 0 && slash < value.length - 1 && value.indexOf("/", slash + 1) < 0) {
      return { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
    }
  } else if (isRecord(value)) {
    const namespace = own(value, "namespace");
    const name = own(value, "name");
    if (typeof namespace === "string" && typeof name === "string" && namespace !== "" && name !== "") {
      return { namespace, name };
    }
  }
  return fail(
    "bad-endpoint",
    field,
    value,
    `invalid ${field} ${show(value)}: expected "namespace/name" or { namespace, name }`,
  );
}

function icmpOf(
  value: unknown,
  protocol: number,
  protocolName: string,
): { type: number; code: number | undefined } | undefined {
  if (value === undefined) return undefined;
  if (protocol !== 1 && protocol !== 58) {
    fail(
      "bad-icmp",
      "icmp",
      value,
      `icmp fields given for protocol ${protocolName}; they need protocol ICMP or ICMPv6`,
    );
  }
  if (!isRecord(value)) fail("bad-icmp", "icmp", value, "icmp must be an object { type, code? }");
  const type = own(value, "type");
  const code = own(value, "code");
  if (!isByte(type))
    fail("bad-icmp", "icmp.type", type, `invalid icmp.type ${show(type)}: expected an integer 0-255`);
  if (code !== undefined && !isByte(code)) {
    fail("bad-icmp", "icmp.code", code, `invalid icmp.code ${show(code)}: expected an integer 0-255`);
  }
  return { type, code };
}

function familyOf(
  source: SideInput<ResolvedEndpoint>,
  destination: SideInput<ResolvedEndpoint>,
  protocol: number,
): 4 | 6 {
  const s = source.address?.family;
  const d = destination.address?.family;
  if (s !== undefined && d !== undefined && s !== d) {
    fail(
      "family-mismatch",
      "destination.ip",
      destination.address?.text,
      `source.ip ${source.address?.text} is IPv${s} but destination.ip ${destination.address?.text} is IPv${d}`,
    );
  }
  const explicit = s ?? d;
  if (explicit !== undefined) return explicit;
  if (protocol === 1) return 4;
  if (protocol === 58) return 6;
  if (hasFamily(source.endpoint, 4) && hasFamily(destination.endpoint, 4)) return 4;
  if (hasFamily(source.endpoint, 6) && hasFamily(destination.endpoint, 6)) return 6;
  return fail(
    "family-mismatch",
    "destination.endpoint",
    destination.endpoint?.key,
    `${source.endpoint?.key} and ${destination.endpoint?.key} share no address family`,
  );
}

/** True for no endpoint (an address given instead), or one with an address of `family`. */
function hasFamily(endpoint: ResolvedEndpoint | undefined, family: 4 | 6): boolean {
  if (endpoint === undefined) return true;
  return (family === 4 ? endpoint.ipv4 : endpoint.ipv6) !== undefined;
}

function addressOf(input: SideInput<ResolvedEndpoint>, family: 4 | 6): Address {
  if (input.address !== undefined) return input.address;
  const endpoint = input.endpoint!;
  const first = family === 4 ? endpoint.ipv4 : endpoint.ipv6;
  if (first !== undefined) return first;
  return fail(
    "no-address",
    `${input.field}.endpoint`,
    endpoint.key,
    `${input.field}.endpoint ${endpoint.key} has no IPv${family} address for this IPv${family} flow`,
  );
}

function owns(endpoint: ResolvedEndpoint, address: Address): boolean {
  return endpoint.addresses.some((a) => a.family === address.family && a.text === address.text);
}

function isByte(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 255;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads an own property only, so `__proto__` and inherited fields are never consulted; a getter
 * or proxy that throws is a bad query, not a crash.
 */
function own(record: Readonly<Record<string, unknown>>, key: string): unknown {
  try {
    return Object.hasOwn(record, key) ? record[key] : undefined;
  } catch (error) {
    return fail("bad-query", key, undefined, `reading the query's ${key} threw: ${String(error)}`);
  }
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (value === undefined) return "(missing)";
  return Array.isArray(value) ? "an array" : "an object";
}

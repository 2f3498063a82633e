/**
 * Validation and normalisation of what callers hand the index (labels, endpoints), done in full
 * before any state changes so a refused input leaves the index untouched.
 */
import { type ParsedCidr, parseCidr } from "./cidr.js";
import { issue, type LabelIndexIssue, show } from "./errors.js";
import { type StoredPort, storedPort } from "./named-port.js";
import type { IndexEndpoint } from "./types.js";

/** An endpoint after validation. */
export interface NormalisedEndpoint {
  readonly labels: ReadonlyMap<string, string>;
  readonly parents: readonly string[];
  readonly cidrs: readonly ParsedCidr[];
  readonly ports: readonly StoredPort[];
  /** Identity of (own labels, parents): endpoints with equal keys share a label context. */
  readonly contextKey: string;
}

/** Checks an id: a non-empty string. */
export function checkId(id: unknown, what: string): LabelIndexIssue | undefined {
  if (typeof id === "string" && id.length > 0) return undefined;
  return issue("invalid-id", what, `invalid ${what} id ${show(id)}: expected a non-empty string`);
}

/** Copies labels (a plain object or a Map) into a fresh Map, checking every key and value is a string. */
export function normaliseLabels(labels: unknown, path: string): Map<string, string> | LabelIndexIssue {
  const out = new Map<string, string>();
  let entries: Iterable<readonly [unknown, unknown]>;
  if (labels instanceof Map) entries = labels.entries();
  else if (typeof labels === "object" && labels !== null && !Array.isArray(labels)) {
    // Own enumerable keys only, so `__proto__` given as data is an ordinary label.
    entries = Object.entries(labels);
  } else {
    return issue(
      "invalid-labels",
      path,
      `invalid labels ${show(labels)}: expected an object or Map of strings`,
    );
  }
  for (const [key, value] of entries) {
    if (typeof key !== "string") {
      return issue("invalid-labels", path, `invalid label key ${show(key)}: expected a string`);
    }
    if (typeof value !== "string") {
      return issue(
        "invalid-labels",
        `${path}[${show(key)}]`,
        `invalid value ${show(value)}: expected a string`,
      );
    }
    out.set(key, value);
  }
  return out;
}

/** Validates an endpoint; returns the normalised form or the first problem found. */
export function normaliseEndpoint(id: string, endpoint: IndexEndpoint): NormalisedEndpoint | LabelIndexIssue {
  const at = `endpoint ${show(id)}`;
  if (typeof endpoint !== "object" || endpoint === null) {
    return issue("invalid-labels", at, `invalid endpoint ${show(endpoint)}: expected an object with labels`);
  }
  const labels = normaliseLabels(endpoint.labels, `${at}.labels`);
  if (!(labels instanceof Map)) return labels;

  const parents: string[] = [];
  if (endpoint.parents !== undefined) {
    if (!Array.isArray(endpoint.parents)) {
      return issue(
        "invalid-parents",
        `${at}.parents`,
        `invalid parents ${show(endpoint.parents)}: expected an array of ids`,
      );
    }
    for (let i = 0; i < endpoint.parents.length; i++) {
      const parent: unknown = endpoint.parents[i];
      if (typeof parent !== "string" || parent.length === 0) {
        return issue(
          "invalid-parents",
          `${at}.parents[${i}]`,
          `invalid parent id ${show(parent)}: expected a non-empty string`,
        );
      }
      parents.push(parent);
    }
  }

  const cidrs: ParsedCidr[] = [];
  if (endpoint.ips !== undefined) {
    if (!Array.isArray(endpoint.ips)) {
      return issue(
        "invalid-ip",
        `${at}.ips`,
        `invalid ips ${show(endpoint.ips)}: expected an array of addresses`,
      );
    }
    for (let i = 0; i < endpoint.ips.length; i++) {
      const text: unknown = endpoint.ips[i];
      const cidr = typeof text === "string" ? parseCidr(text) : undefined;
      if (cidr === undefined) {
        return issue(
          "invalid-ip",
          `${at}.ips[${i}]`,
          `invalid address ${show(text)}: expected an IPv4 or IPv6 address or CIDR such as "10.0.0.1", "10.1.0.0/16" or "fd00::/64"`,
        );
      }
      if (!cidrs.some((c) => c.member === cidr.member)) cidrs.push(cidr);
    }
  }

  const ports: StoredPort[] = [];
  if (endpoint.ports !== undefined) {
    if (!Array.isArray(endpoint.ports)) {
      return issue("invalid-port", `${at}.ports`, `invalid ports ${show(endpoint.ports)}: expected an array`);
    }
    for (let i = 0; i < endpoint.ports.length; i++) {
      const port = endpoint.ports[i] as { name?: unknown; protocol?: unknown; port?: unknown } | null;
      const path = `${at}.ports[${i}]`;
      if (typeof port !== "object" || port === null) {
        return issue("invalid-port", path, `invalid port ${show(port)}: expected {name, protocol, port}`);
      }
      if (typeof port.name !== "string") {
        return issue(
          "invalid-port",
          `${path}.name`,
          `invalid port name ${show(port.name)}: expected a string`,
        );
      }
      if (
        typeof port.port !== "number" ||
        !Number.isInteger(port.port) ||
        port.port < 0 ||
        port.port > 65535
      ) {
        return issue(
          "invalid-port",
          `${path}.port`,
          `invalid port number ${show(port.port)}: expected an integer 0-65535`,
        );
      }
      const stored =
        typeof port.protocol === "string" ? storedPort(port.name, port.protocol, port.port) : undefined;
      if (stored === undefined) {
        return issue(
          "invalid-port",
          `${path}.protocol`,
          `invalid protocol ${show(port.protocol)}: expected TCP, UDP, SCTP (any case), another protocol name, or a number 0-255`,
        );
      }
      ports.push(stored);
    }
  }

  return { labels, parents, cidrs, ports, contextKey: contextKey(labels, parents) };
}

/** The identity of (own labels, parents), stable under label order. */
export function contextKey(labels: ReadonlyMap<string, string>, parents: readonly string[]): string {
  const flat: string[] = [];
  const keys = [...labels.keys()].sort();
  for (const key of keys) flat.push(key, labels.get(key)!);
  return JSON.stringify([flat, parents]);
}

/** True when two stored port lists are the same. */
export function samePorts(a: readonly StoredPort[], b: readonly StoredPort[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.port !== y.port || x.numeric !== y.numeric || x.named !== y.named)
      return false;
  }
  return true;
}

/** True when two CIDR lists are the same. */
export function sameCidrs(a: readonly ParsedCidr[], b: readonly ParsedCidr[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (a[i]!.member !== b[i]!.member || a[i]!.address !== b[i]!.address) return false;
  return true;
}

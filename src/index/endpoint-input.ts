/**
 * Validation and normalisation of what callers hand the index (labels, endpoints), done in full
 * before any state changes so a refused input leaves the index untouched.
 */
import { type ParsedCidr, parseCidr } from "./cidr.js";
import { issue, type LabelIndexIssue, show } from "./errors.js";
import { flatten } from "./flatten.js";
import { isPortProtocol, type StoredPort, storedPort } from "./named-port.js";
import type { IndexEndpoint, IndexPort } from "./types.js";

/** An endpoint after validation. */
export interface NormalisedEndpoint {
  /** Own labels flattened [key, value, key, value, ...] in the caller's order (keys unique). */
  readonly labels: readonly string[];
  readonly parents: readonly string[];
  readonly cidrs: readonly ParsedCidr[];
  /** The caller's ports, validated; turned into StoredPorts only when no equal list is stored yet. */
  readonly ports: readonly IndexPort[];
  /** Identity of the port list: endpoints with equal keys share one stored list. */
  readonly portsKey: string;
  /** Hash of (own labels, parents); endpoints with equal labels and parents share a label context. */
  readonly contextHash: number;
}

const NO_PORTS: readonly IndexPort[] = Object.freeze([]);

/** The stored form of validated ports (see NormalisedEndpoint.ports). */
export function storedPorts(ports: readonly IndexPort[]): StoredPort[] {
  return ports.map((p) => storedPort(p.name, p.protocol, p.port)!);
}

/** Label pairs of a flat [key, value, ...] array sorted by key (the order LabelContext keeps). */
export function sortPairs(flat: readonly string[]): string[] {
  // Insertion sort of a copy: label sets are small (typically ≤ 16 pairs) and often nearly
  // sorted, and this allocates nothing but the result. Larger sets take the comparison sort.
  if (flat.length > 64) return sortLargePairs(flat);
  const out = flat.slice();
  for (let i = 2; i < out.length; i += 2) {
    const key = out[i]!;
    const value = out[i + 1]!;
    let j = i - 2;
    while (j >= 0 && out[j]! > key) {
      out[j + 2] = out[j]!;
      out[j + 3] = out[j + 1]!;
      j -= 2;
    }
    out[j + 2] = key;
    out[j + 3] = value;
  }
  return out;
}

function sortLargePairs(flat: readonly string[]): string[] {
  const order = Array.from({ length: flat.length >> 1 }, (_, i) => i);
  order.sort((a, b) => (flat[2 * a]! < flat[2 * b]! ? -1 : flat[2 * a]! > flat[2 * b]! ? 1 : 0));
  const out = new Array<string>(flat.length);
  for (let i = 0; i < order.length; i++) {
    out[2 * i] = flat[2 * order[i]!]!;
    out[2 * i + 1] = flat[2 * order[i]! + 1]!;
  }
  return out;
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
    out.set(flatten(key), flatten(value));
  }
  return out;
}

/** Validates an endpoint; returns the normalised form or the first problem found. */
export function normaliseEndpoint(id: string, endpoint: IndexEndpoint): NormalisedEndpoint | LabelIndexIssue {
  // Paths are built only on error (`at(id)`): this runs once per endpoint update.
  if (typeof endpoint !== "object" || endpoint === null) {
    return issue(
      "invalid-labels",
      at(id),
      `invalid endpoint ${show(endpoint)}: expected an object with labels`,
    );
  }
  const labels = flatLabels(endpoint.labels);
  if (typeof labels === "function") return labels(`${at(id)}.labels`);
  // Order-independent over the label pairs (a sum), so no sort is needed to find the context.
  let labelSum = 0;
  for (let i = 0; i < labels.length; i += 2) {
    labelSum = (labelSum + hashString(hashString(FNV_OFFSET, labels[i]!), labels[i + 1]!)) | 0;
  }
  let contextHash = Math.imul(FNV_OFFSET ^ labelSum, FNV_PRIME);
  contextHash = Math.imul(contextHash ^ labels.length, FNV_PRIME);

  const rawParents: unknown = endpoint.parents;
  let parents: readonly string[] = NO_PARENTS;
  if (rawParents !== undefined) {
    if (!Array.isArray(rawParents)) {
      return issue(
        "invalid-parents",
        `${at(id)}.parents`,
        `invalid parents ${show(rawParents)}: expected an array of ids`,
      );
    }
    for (let i = 0; i < rawParents.length; i++) {
      const parent: unknown = rawParents[i];
      if (typeof parent !== "string" || parent.length === 0) {
        return issue(
          "invalid-parents",
          `${at(id)}.parents[${i}]`,
          `invalid parent id ${show(parent)}: expected a non-empty string`,
        );
      }
      contextHash = hashString(contextHash, parent);
    }
    // The caller's array is only read during this call (a new context copies it into parent
    // records), so it is not copied here.
    if (rawParents.length > 0) parents = rawParents as string[];
  }

  const cidrs: ParsedCidr[] = [];
  const rawIps: unknown = endpoint.ips;
  if (rawIps !== undefined) {
    if (!Array.isArray(rawIps)) {
      return issue(
        "invalid-ip",
        `${at(id)}.ips`,
        `invalid ips ${show(rawIps)}: expected an array of addresses`,
      );
    }
    // Duplicates are dropped by a scan for a workload's few addresses, by a set for a network
    // set's thousands (a scan there would be quadratic).
    const seen = rawIps.length > 16 ? new Set<string>() : undefined;
    for (let i = 0; i < rawIps.length; i++) {
      const text: unknown = rawIps[i];
      const cidr = typeof text === "string" ? parseCidr(text) : undefined;
      if (cidr === undefined) {
        return issue(
          "invalid-ip",
          `${at(id)}.ips[${i}]`,
          `invalid address ${show(text)}: expected an IPv4 or IPv6 address or CIDR such as "10.0.0.1", "10.1.0.0/16" or "fd00::/64"`,
        );
      }
      if (seen === undefined) {
        if (!cidrs.some((c) => c.member === cidr.member && c.address === cidr.address)) cidrs.push(cidr);
      } else {
        const key = `${cidr.member} ${cidr.address}`;
        if (!seen.has(key)) {
          seen.add(key);
          cidrs.push(cidr);
        }
      }
    }
  }

  let ports: readonly IndexPort[] = NO_PORTS;
  let portsKey = "";
  const rawPorts: unknown = endpoint.ports;
  if (rawPorts !== undefined) {
    if (!Array.isArray(rawPorts)) {
      return issue("invalid-port", `${at(id)}.ports`, `invalid ports ${show(rawPorts)}: expected an array`);
    }
    for (let i = 0; i < rawPorts.length; i++) {
      const port = rawPorts[i] as { name?: unknown; protocol?: unknown; port?: unknown } | null;
      if (typeof port !== "object" || port === null) {
        return issue(
          "invalid-port",
          `${at(id)}.ports[${i}]`,
          `invalid port ${show(port)}: expected {name, protocol, port}`,
        );
      }
      if (typeof port.name !== "string") {
        return issue(
          "invalid-port",
          `${at(id)}.ports[${i}].name`,
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
          `${at(id)}.ports[${i}].port`,
          `invalid port number ${show(port.port)}: expected an integer 0-65535`,
        );
      }
      if (typeof port.protocol !== "string" || !isPortProtocol(port.protocol)) {
        return issue(
          "invalid-port",
          `${at(id)}.ports[${i}].protocol`,
          `invalid protocol ${show(port.protocol)}: expected TCP, UDP, SCTP (any case), another protocol name, or a number 0-255`,
        );
      }
      portsKey += `${port.name.length}:${port.name}${port.protocol}/${port.port};`;
    }
    if (rawPorts.length > 0) ports = rawPorts as IndexPort[];
  }

  return { labels, parents, cidrs, ports, portsKey, contextHash };
}

const NO_PARENTS: readonly string[] = Object.freeze([]);

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the string's length and UTF-16 code units (length first, so fields cannot run together). */
function hashString(hash: number, text: string): number {
  hash = Math.imul(hash ^ text.length, FNV_PRIME);
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

function at(id: string): string {
  return `endpoint ${show(id)}`;
}

/**
 * Labels (a plain object or a Map) as a flat array [key, value, ...] in the caller's order, or a
 * function building the issue for the given path when a key or value is not a string.
 */
function flatLabels(labels: unknown): string[] | ((path: string) => LabelIndexIssue) {
  const flat: string[] = [];
  if (labels instanceof Map) {
    for (const [key, value] of labels as Map<unknown, unknown>) {
      const bad = checkPair(key, value);
      if (bad !== undefined) return bad;
      flat.push(key as string, value as string);
    }
    return flat;
  }
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
    return (path) =>
      issue("invalid-labels", path, `invalid labels ${show(labels)}: expected an object or Map of strings`);
  }
  // for-in (no key array allocated) filtered to own keys, so `__proto__` given as data is an
  // ordinary label and inherited enumerable properties are ignored.
  const record = labels as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const value = record[key];
    const bad = checkPair(key, value);
    if (bad !== undefined) return bad;
    flat.push(key, value as string);
  }
  return flat;
}

function checkPair(key: unknown, value: unknown): ((path: string) => LabelIndexIssue) | undefined {
  if (typeof key !== "string") {
    return (path) => issue("invalid-labels", path, `invalid label key ${show(key)}: expected a string`);
  }
  if (typeof value !== "string") {
    return (path) =>
      issue("invalid-labels", `${path}[${show(key)}]`, `invalid value ${show(value)}: expected a string`);
  }
  return undefined;
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

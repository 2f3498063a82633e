/**
 * The expectations file of `calico-policy test` (and `diff --flows`): a YAML list of flows with
 * their expected verdicts. Every problem is reported at once, each with file:line:col.
 *
 * ```yaml
 * flows:
 *   - name: web calls the api        # optional
 *     from: frontend/web-1           # namespace/name or an IP address
 *     to: backend/api-1
 *     port: 8000                     # required for TCP/UDP/SCTP, absent otherwise
 *     protocol: TCP                  # default TCP
 *     icmp: { type: 8, code: 0 }     # optional, ICMP/ICMPv6 only
 *     expect: allow                  # allow | deny
 *     decidedBy: default/backend/allow-api#0   # optional; see decided-by.ts
 * ```
 */
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, type YAMLMap } from "yaml";
import { describeLimitProblem, parseWithinLimits, readManifestFile, resolveAliases } from "../index.js";
import {
  type DecidedBySpec,
  isProfileReferenceName,
  isReferenceName,
  MAX_RULE_INDEX,
  parseDecidedBy,
} from "./decided-by.js";
import { isProblem, type PeerArg, parsePeer, parseProtocolArg, protocolHasPorts } from "./peer.js";
import { CliFailure, type CliProblem } from "./problems.js";

/** One expected flow, with where it was written. */
export interface FlowExpectation {
  readonly name?: string;
  readonly from: PeerArg;
  readonly to: PeerArg;
  readonly protocol: string;
  readonly port?: number;
  readonly icmp?: { readonly type: number; readonly code?: number };
  readonly expect: "allow" | "deny";
  readonly decidedBy?: DecidedBySpec;
  /** `file:line:col` of the flow's entry. */
  readonly location: string;
}

const ICMP_KEYS: ReadonlySet<string> = new Set(["type", "code"]);

const FLOW_KEYS: ReadonlySet<string> = new Set([
  "name",
  "from",
  "to",
  "port",
  "protocol",
  "icmp",
  "expect",
  "decidedBy",
]);

/**
 * Parses an expectations file; returns the flows, or every problem found with its location. The
 * text goes through the manifest loader's limits (size, values, nesting), and holds one YAML
 * document: a second one (after `---`) is refused rather than silently ignored or merged, since
 * its flows would have no `flows[i]` of their own. Empty documents (a stray `---`) are ignored.
 */
export function parseExpectations(
  text: string,
  file: string,
):
  | { readonly ok: true; readonly flows: readonly FlowExpectation[] }
  | { readonly ok: false; readonly problems: readonly CliProblem[] } {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return file;
    const pos = lineCounter.linePos(offset);
    return `${file}:${pos.line}:${pos.col}`;
  };
  const where = (node: unknown): string =>
    at(node !== null && typeof node === "object" && "range" in node ? (node as Node).range?.[0] : undefined);
  const failed = (problems: readonly CliProblem[]) => ({ ok: false, problems }) as const;

  const parsed = parseWithinLimits(text, lineCounter);
  if (!parsed.ok) {
    const { code, message } = describeLimitProblem(parsed.problem, "the expectations file");
    return failed([{ code, location: at(parsed.problem.offset), message }]);
  }
  const documents = parsed.documents.filter(
    (d) =>
      d.errors.length > 0 || !(d.contents === null || (isScalar(d.contents) && d.contents.value === null)),
  );
  const doc: Document.Parsed | undefined = documents[0] ?? parsed.documents[0];
  const second = documents[1];
  if (second !== undefined) {
    return failed([
      {
        code: "multiple-documents",
        location: where(second.contents),
        message: 'an expectations file holds one YAML document: put every flow in one "flows" list',
      },
    ]);
  }
  const problems: CliProblem[] = [];
  for (const error of doc?.errors ?? []) {
    problems.push({
      code: "bad-yaml",
      location: at(error.pos[0]),
      message: error.message.split("\n")[0] ?? error.message,
    });
  }
  if (problems.length > 0) return failed(problems);
  const aliases = doc === undefined ? undefined : resolveAliases(doc);
  for (const problem of aliases?.problems ?? []) {
    problems.push({ code: problem.code, location: at(problem.offset), message: problem.message });
  }
  if (problems.length > 0) return failed(problems);
  // An alias stands for its anchored node: `- *web-to-api` repeats a flow written earlier.
  const deref = (node: unknown): unknown => (isAlias(node) ? aliases?.targets.get(node) : node);

  let list: unknown = deref(doc?.contents ?? null);
  if (isMap(list)) {
    for (const pair of list.items) {
      const key = keyText(pair.key);
      if (key !== "flows") {
        problems.push({
          code: "unknown-field",
          location: where(pair.key),
          message: `unknown top-level field ${JSON.stringify(key)}: expected "flows"`,
        });
      }
    }
    list = deref(list.get("flows", true));
  }
  if (!isSeq(list)) {
    problems.push({
      code: "bad-expectations",
      location: where(list ?? doc?.contents),
      message: 'expected a list of flows, or a map with a "flows" list',
    });
    return failed(problems);
  }

  const flows: FlowExpectation[] = [];
  list.items.forEach((item, index) => {
    const flow = readFlow(deref(item), index, where, deref, problems);
    if (flow !== undefined) flows.push(flow);
  });
  return problems.length > 0 ? failed(problems) : { ok: true, flows };
}

function readFlow(
  item: unknown,
  index: number,
  where: (node: unknown) => string,
  deref: (node: unknown) => unknown,
  problems: CliProblem[],
): FlowExpectation | undefined {
  const field = (name: string) => `flows[${index}].${name}`;
  if (!isMap(item)) {
    problems.push({
      code: "bad-flow",
      location: where(item),
      message: `flows[${index}]: expected a map with from, to, expect`,
    });
    return undefined;
  }
  const before = problems.length;
  const fail = (node: unknown, name: string, message: string): undefined => {
    problems.push({ code: "bad-flow", location: where(node), message: `${field(name)}: ${message}` });
    return undefined;
  };
  for (const pair of item.items) {
    const key = keyText(pair.key);
    if (key === "<<" && isScalar(pair.key) && pair.key.type === "PLAIN") {
      fail(
        pair.key,
        key,
        "YAML merge keys are not read in an expectations file: write the fields out (aliases of single values work)",
      );
    } else if (!FLOW_KEYS.has(key)) {
      fail(pair.key, key, `unknown field; expected one of ${[...FLOW_KEYS].join(", ")}`);
    }
  }
  const scalar = (name: string): { node: unknown; value: unknown } => {
    const node = deref((item as YAMLMap).get(name, true));
    return { node: node ?? item, value: isScalar(node) ? node.value : node === undefined ? undefined : node };
  };

  const peer = (name: "from" | "to"): PeerArg | undefined => {
    const { node, value } = scalar(name);
    if (value === undefined) return fail(item, name, "missing; expected namespace/name or an IP address");
    if (typeof value !== "string")
      return fail(node, name, `expected namespace/name or an IP address, got ${shown(value)}`);
    const parsed = parsePeer(value, field(name));
    if (isProblem(parsed)) return fail(node, name, parsed.message);
    return parsed;
  };
  const from = peer("from");
  const to = peer("to");

  let protocol = "TCP";
  let protocolOk = true;
  const protocolField = scalar("protocol");
  if (protocolField.value !== undefined) {
    const parsed =
      typeof protocolField.value === "string" || typeof protocolField.value === "number"
        ? parseProtocolArg(String(protocolField.value), field("protocol"))
        : undefined;
    if (typeof parsed === "string") protocol = parsed;
    else {
      protocolOk = false;
      fail(protocolField.node, "protocol", parsed?.message ?? "expected a protocol name or number");
    }
  }

  let port: number | undefined;
  const portField = scalar("port");
  if (portField.value !== undefined) {
    const v = portField.value;
    if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 65535) port = v;
    else fail(portField.node, "port", `${shown(v)} is not a port: expected a number 1-65535`);
  }
  if (!protocolOk) {
    // Whether a port belongs here depends on the protocol, which is already reported.
  } else if (protocolHasPorts(protocol) && portField.value === undefined) {
    fail(item, "port", `missing; a ${protocol} flow needs a destination port`);
  } else if (!protocolHasPorts(protocol) && portField.value !== undefined) {
    fail(portField.node, "port", `${protocol} has no ports; remove port or use TCP, UDP or SCTP`);
  }

  let icmp: { type: number; code?: number } | undefined;
  const icmpNode = deref((item as YAMLMap).get("icmp", true));
  if (icmpNode !== undefined) {
    const isIcmp = protocol === "ICMP" || protocol === "ICMPv6";
    const icmpField = (key: string): unknown => {
      const value = isMap(icmpNode) ? deref(icmpNode.get(key, true)) : undefined;
      return isScalar(value) ? value.value : value;
    };
    const type = icmpField("type");
    const code = icmpField("code");
    const unknownKey = isMap(icmpNode)
      ? icmpNode.items.find((pair) => !ICMP_KEYS.has(keyText(pair.key)))
      : undefined;
    if (!isIcmp) fail(icmpNode, "icmp", `only for ICMP or ICMPv6 flows, not ${protocol}`);
    else if (unknownKey !== undefined) {
      const key = keyText(unknownKey.key);
      fail(
        unknownKey.key,
        "icmp",
        `unknown field ${JSON.stringify(key)}; expected type and, optionally, code`,
      );
    } else if (!isMap(icmpNode)) {
      fail(icmpNode, "icmp", "expected { type: 0-254, code: 0-255 (optional) }");
    } else if (!isByte(type, 254)) {
      const at = deref(icmpNode.get("type", true)) ?? icmpNode;
      fail(
        at,
        "icmp",
        type === undefined
          ? "missing type: expected a number 0-254"
          : `type ${describeScalar(type)}: expected a number 0-254`,
      );
    } else if (code !== undefined && !isByte(code, 255)) {
      fail(
        deref(icmpNode.get("code", true)) ?? icmpNode,
        "icmp",
        `code ${describeScalar(code)}: expected a number 0-255`,
      );
    } else {
      icmp = code === undefined ? { type: type as number } : { type: type as number, code: code as number };
    }
  }

  let expect: "allow" | "deny" | undefined;
  const expectField = scalar("expect");
  if (expectField.value === "allow" || expectField.value === "deny") expect = expectField.value;
  else if (expectField.value === undefined) fail(item, "expect", "missing; expected allow or deny");
  else fail(expectField.node, "expect", `${shown(expectField.value)}: expected allow or deny`);

  let decidedBy: DecidedBySpec | undefined;
  const decidedNode = deref((item as YAMLMap).get("decidedBy", true));
  if (decidedNode !== undefined) {
    const parsed = readDecidedBy(decidedNode, deref);
    if ("error" in parsed) fail(decidedNode, "decidedBy", parsed.error);
    else decidedBy = parsed;
  }

  let name: string | undefined;
  const nameField = scalar("name");
  if (nameField.value !== undefined) {
    if (typeof nameField.value === "string") name = nameField.value;
    else fail(nameField.node, "name", "expected a string");
  }

  if (problems.length > before || from === undefined || to === undefined || expect === undefined)
    return undefined;
  return {
    ...(name === undefined ? {} : { name }),
    from,
    to,
    protocol,
    ...(port === undefined ? {} : { port }),
    ...(icmp === undefined ? {} : { icmp }),
    expect,
    ...(decidedBy === undefined ? {} : { decidedBy }),
    location: where(item),
  };
}

/**
 * A mapping key as written, for messages and key checks. An alias as a key (`*k: v`) shows as
 * `*k`, so it is reported as an unknown field by that name: keys are matched as written.
 */
function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (isAlias(key)) return `*${key.source}`;
  return "";
}

function isByte(value: unknown, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max;
}

type DecidedByForm = "rule" | "profile" | "endOfTier";

/** The keys each map form of decidedBy takes. */
const DECIDED_BY_FORMS: Readonly<Record<DecidedByForm, ReadonlySet<string>>> = {
  rule: new Set(["tier", "policy", "namespace", "rule"]),
  profile: new Set(["profile", "rule"]),
  endOfTier: new Set(["endOfTier"]),
};
const DECIDED_BY_KEYS: ReadonlySet<string> = new Set(
  Object.values(DECIDED_BY_FORMS).flatMap((keys) => [...keys]),
);
const DECIDED_BY_MAPS = "{tier, policy, namespace?, rule?}, {profile, rule?} or {endOfTier}";

/**
 * decidedBy as a string (decided-by.ts), or as a map in one of three forms: `{tier, policy,
 * namespace?, rule?}` (policy may be `namespace/name`), `{profile, rule?}` or `{endOfTier}`.
 * Names follow the string form's rules, and keys of two forms together are refused rather than
 * one form silently winning.
 */
function readDecidedBy(
  node: unknown,
  deref: (node: unknown) => unknown,
): DecidedBySpec | { readonly error: string } {
  if (isScalar(node)) {
    return typeof node.value === "string"
      ? parseDecidedBy(node.value)
      : { error: `${shown(node.value)}: expected a string or a map` };
  }
  if (!isMap(node)) return { error: "expected a string or a map" };
  const fields = new Map<string, unknown>();
  for (const pair of node.items) {
    const key = keyText(pair.key);
    if (!DECIDED_BY_KEYS.has(key)) {
      return { error: `unknown field ${JSON.stringify(key)}; expected ${DECIDED_BY_MAPS}` };
    }
    const value = deref(pair.value);
    fields.set(key, isScalar(value) ? value.value : value);
  }
  const form: DecidedByForm | undefined = fields.has("endOfTier")
    ? "endOfTier"
    : fields.has("profile")
      ? "profile"
      : fields.has("tier") || fields.has("policy")
        ? "rule"
        : undefined;
  if (form === undefined) return { error: `expected ${DECIDED_BY_MAPS}` };
  for (const key of fields.keys()) {
    if (!DECIDED_BY_FORMS[form].has(key)) {
      return {
        error: `${key} does not go with ${form === "rule" ? "tier and policy" : form}: expected ${DECIDED_BY_MAPS}`,
      };
    }
  }
  const name = (key: string, valid: (text: string) => boolean): string | { readonly error: string } => {
    const value = fields.get(key);
    if (value === undefined) return { error: `${key}: missing; expected ${DECIDED_BY_MAPS}` };
    if (typeof value !== "string") return { error: `${key}: expected a name, got ${shown(value)}` };
    if (!valid(value))
      return { error: `${key}: ${JSON.stringify(value)} is not a name: expected no "/", "#", ":" or spaces` };
    return value;
  };
  const rule = fields.get("rule");
  if (rule !== undefined && !isByte(rule, MAX_RULE_INDEX)) {
    return { error: `rule: ${shown(rule)} is not a rule index: expected a number 0-${MAX_RULE_INDEX}` };
  }
  const ruleIndex = rule === undefined ? {} : { ruleIndex: rule as number };
  switch (form) {
    case "endOfTier": {
      const tier = name("endOfTier", isReferenceName);
      return typeof tier === "string" ? { kind: "end-of-tier", tier } : tier;
    }
    case "profile": {
      const profile = name("profile", isProfileReferenceName);
      return typeof profile === "string" ? { kind: "profile-rule", profile, ...ruleIndex } : profile;
    }
    case "rule": {
      const tier = name("tier", isReferenceName);
      if (typeof tier !== "string") return tier;
      // `policy: namespace/name` is the string form's spelling; `namespace:` is the map's.
      const written = fields.get("policy");
      if (typeof written === "string" && written.includes("/")) {
        if (fields.has("namespace")) {
          return {
            error: `namespace given twice: as the namespace field and in policy ${JSON.stringify(written)}`,
          };
        }
        const slash = written.indexOf("/");
        const namespace = written.slice(0, slash);
        const policy = written.slice(slash + 1);
        if (!isReferenceName(namespace) || !isReferenceName(policy)) {
          return {
            error: `policy: ${JSON.stringify(written)} is not a policy: expected name or namespace/name`,
          };
        }
        return { kind: "rule", tier, namespace, policy, ...ruleIndex };
      }
      const policy = name("policy", isReferenceName);
      if (typeof policy !== "string") return policy;
      if (!fields.has("namespace")) return { kind: "rule", tier, policy, ...ruleIndex };
      const namespace = name("namespace", isReferenceName);
      return typeof namespace === "string"
        ? { kind: "rule", tier, namespace, policy, ...ruleIndex }
        : namespace;
    }
    default: {
      const never: never = form;
      return never;
    }
  }
}

/** Reads and parses an expectations file; any problem (unreadable, bad YAML, bad flow) throws CliFailure. */
export function readExpectationsFile(file: string): readonly FlowExpectation[] {
  const read = readManifestFile(file);
  if (!read.ok)
    throw new CliFailure([{ code: read.issue.code, location: file, message: read.issue.message }]);
  const parsed = parseExpectations(read.text, file);
  if (!parsed.ok) throw new CliFailure(parsed.problems);
  return parsed.flows;
}

/** A scalar as written: strings quoted, numbers as numbers (JSON would print 1e400 as null). */
function shown(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** A field value for a message, as JSON. */
function describeScalar(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

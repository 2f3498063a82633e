/**
 * Lowers a validated rule into a CompiledRule (§C.5, §D.3), reporting anything the engine cannot
 * evaluate as issues with the field path inside the rule.
 */
import type { NamedPortProtocol } from "../index/types.js";
import { parsePort, parseProtocol } from "../model/numorstring.js";
import type { EntityRule, ICMPFields, PortValue, Rule, RuleAction } from "../model/types.js";
import { parseSelector, SelectorError, safeParseSelector } from "../selector/index.js";
import type { Selector } from "../selector/types.js";
import type { CompiledEntity, CompiledRule, IcmpMatch, PortRange, ServiceRef } from "./compiled-rule.js";
import { entitySelectorTexts } from "./entity-selector.js";
import { type Cidr, parseCidr } from "./ip.js";
import { serviceKey } from "./service-index.js";
import type { RuleVerdictAction } from "./types.js";

/** A problem found while compiling, at a path relative to the rule. */
export interface CompileIssue {
  readonly code: string;
  readonly message: string;
  readonly path: readonly (string | number)[];
}

/** The result of compiling one rule. */
export type CompileRuleResult =
  | { readonly ok: true; readonly rule: CompiledRule }
  | { readonly ok: false; readonly issues: readonly CompileIssue[] };

class Issues {
  readonly list: CompileIssue[] = [];
  add(path: readonly (string | number)[], code: string, message: string): void {
    this.list.push({ code, message, path });
  }
}

/**
 * Compiles `rule` (at `index` in its direction) of a policy in `policyNamespace` ("" for global
 * policies and profiles).
 */
export function compileRule(rule: Rule, index: number, policyNamespace: string): CompileRuleResult {
  const issues = new Issues();
  const protocol = protocolOf(rule.protocol, ["protocol"], issues);
  const source = compileEntity(rule.source ?? {}, policyNamespace, ["source"], issues);
  const destination = compileEntity(rule.destination ?? {}, policyNamespace, ["destination"], issues);
  const compiled: CompiledRule = {
    index,
    action: actionOf(rule.action),
    ipVersion: rule.ipVersion,
    protocol,
    notProtocol: protocolOf(rule.notProtocol, ["notProtocol"], issues),
    icmp: icmpOf(rule.icmp),
    notIcmp: icmpOf(rule.notICMP),
    namedPortProtocol: namedPortProtocolOf(protocol),
    droppedForFamily: droppedPair(
      droppedForFamily(source, 0) || droppedForFamily(destination, 0),
      droppedForFamily(source, 1) || droppedForFamily(destination, 1),
    ),
    source,
    destination,
    notEvaluated: rule.http === undefined ? undefined : ["http"],
  };
  return issues.list.length > 0 ? { ok: false, issues: issues.list } : { ok: true, rule: compiled };
}

function actionOf(action: RuleAction): RuleVerdictAction {
  switch (action) {
    case "Allow":
      return "allow";
    case "Deny":
      return "deny";
    case "Pass":
      return "pass";
    case "Log":
      return "log";
    default: {
      const unreachable: never = action;
      throw new Error(`unknown rule action ${String(unreachable)}`);
    }
  }
}

function protocolOf(
  value: string | number | undefined,
  path: readonly (string | number)[],
  issues: Issues,
): number | undefined {
  if (value === undefined) return undefined;
  const info = parseProtocol(value);
  if (info === undefined) {
    issues.add(
      path,
      "invalid-protocol",
      `invalid protocol ${JSON.stringify(value)}: expected TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255`,
    );
    return undefined;
  }
  return info.number;
}

function icmpOf(fields: ICMPFields | undefined): IcmpMatch | undefined {
  if (fields?.type === undefined) return undefined;
  return { type: fields.type, code: fields.code };
}

/** nil → any; udp → udp; sctp → sctp; anything else → tcp (ipset_port_protocol.go ProtocolFrom). */
function namedPortProtocolOf(protocol: number | undefined): NamedPortProtocol {
  if (protocol === undefined) return "any";
  if (protocol === 17) return "udp";
  if (protocol === 132) return "sctp";
  return "tcp";
}

// The four possible pairs, shared by every rule: matching reads one warm tuple instead of a
// rule's own.
const DROPPED_PAIRS: readonly (readonly [boolean, boolean])[] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

function droppedPair(v4: boolean, v6: boolean): readonly [boolean, boolean] {
  return DROPPED_PAIRS[(v4 ? 2 : 0) + (v6 ? 1 : 0)]!;
}

function droppedForFamily(entity: CompiledEntity, f: 0 | 1): boolean {
  const other = f === 0 ? 1 : 0;
  return (
    (entity.nets[f].length === 0 && entity.nets[other].length > 0) ||
    (entity.notNets[f].length === 0 && entity.notNets[other].length > 0)
  );
}

/** Shared by every side without criteria, so checks touch one warm object for all of them. */
const NO_CIDRS: readonly [Cidr[], Cidr[]] = [[], []];
const NO_PORTS: { ranges: PortRange[]; names: string[]; text: string } = {
  ranges: [],
  names: [],
  text: "[]",
};
let unconstrained: CompiledEntity | undefined;

function compileEntity(
  entity: EntityRule,
  policyNamespace: string,
  path: readonly (string | number)[],
  issues: Issues,
): CompiledEntity {
  const nets = cidrsOf(entity.nets, [...path, "nets"], issues);
  const notNets = cidrsOf(entity.notNets, [...path, "notNets"], issues);
  const ports = portsOf(entity.ports, [...path, "ports"], issues);
  const notPorts = portsOf(entity.notPorts, [...path, "notPorts"], issues);

  const before = issues.list.length;
  checkSelector(entity.selector, [...path, "selector"], issues);
  checkSelector(entity.notSelector, [...path, "notSelector"], issues);
  checkSelector(entity.namespaceSelector, [...path, "namespaceSelector"], issues);
  checkSelector(entity.serviceAccounts?.selector, [...path, "serviceAccounts", "selector"], issues);
  const texts =
    issues.list.length === before
      ? entitySelectorTexts(entity, policyNamespace)
      : { selector: "", notSelector: "" };
  // Felix folds a notSelector into the positive selector when there is one (rule_scanner.go
  // combineMatchesIfPossible); only a lone notSelector becomes a negated IP set, which is what
  // lets non-Calico addresses match `notSelector: has(x)`.
  const positiveText =
    texts.selector === ""
      ? ""
      : texts.notSelector === ""
        ? texts.selector
        : `(${texts.selector}) && (!(${texts.notSelector}))`;
  const positive = selectorOf(positiveText, [...path, "selector"], issues);
  const negative =
    texts.selector === "" ? selectorOf(texts.notSelector, [...path, "notSelector"], issues) : undefined;
  // With only named ports the plain selector set is omitted: the named-port sets carry it.
  const onlyNamed = ports.ranges.length === 0 && ports.names.length > 0;
  const service = entity.services;
  const constrained =
    nets !== NO_CIDRS ||
    notNets !== NO_CIDRS ||
    positive !== undefined ||
    negative !== undefined ||
    ports !== NO_PORTS ||
    notPorts !== NO_PORTS ||
    service !== undefined;
  if (!constrained) {
    unconstrained ??= {
      constrained: false,
      nets: NO_CIDRS,
      notNets: NO_CIDRS,
      selector: undefined,
      notSelector: undefined,
      selectorText: "",
      notSelectorText: "",
      ports: [],
      namedPorts: [],
      notPorts: [],
      notNamedPorts: [],
      namedPortSelector: parseSelector("all()"),
      portsText: "[]",
      notPortsText: "[]",
      service: undefined,
    };
    return unconstrained;
  }
  return {
    constrained: true,
    nets: nets,
    notNets: notNets,
    selector: onlyNamed ? undefined : positive,
    notSelector: negative,
    selectorText: positive?.canonical ?? "",
    notSelectorText: negative?.canonical ?? "",
    ports: ports.ranges,
    namedPorts: ports.names,
    notPorts: notPorts.ranges,
    notNamedPorts: notPorts.names,
    namedPortSelector: positive ?? parseSelector("all()"),
    portsText: ports.text,
    notPortsText: notPorts.text,
    service:
      service === undefined
        ? undefined
        : serviceRef(service.namespace ?? policyNamespace, service.name, path[0] === "destination"),
  };
}

function serviceRef(namespace: string, name: string, withPorts: boolean): ServiceRef {
  return { namespace, name, key: serviceKey(namespace, name), withPorts };
}

function checkSelector(text: string | undefined, path: readonly (string | number)[], issues: Issues): void {
  if (text === undefined) return;
  const parsed = safeParseSelector(text);
  if (!parsed.ok) {
    issues.add(path, "invalid-selector", `invalid selector ${JSON.stringify(text)}: ${parsed.error.message}`);
  }
}

function selectorOf(text: string, path: readonly (string | number)[], issues: Issues): Selector | undefined {
  if (text === "") return undefined;
  try {
    return parseSelector(text);
  } catch (error) {
    if (!(error instanceof SelectorError)) throw error;
    issues.add(path, "invalid-selector", `invalid selector ${JSON.stringify(text)}: ${error.message}`);
    return undefined;
  }
}

function cidrsOf(
  values: readonly string[] | undefined,
  path: readonly (string | number)[],
  issues: Issues,
): readonly [Cidr[], Cidr[]] {
  if (values === undefined || values.length === 0) return NO_CIDRS;
  const out: [Cidr[], Cidr[]] = [[], []];
  (values ?? []).forEach((text, i) => {
    const cidr = parseCidr(text);
    if (cidr === undefined) {
      issues.add(
        [...path, i],
        "invalid-cidr",
        `invalid CIDR ${JSON.stringify(text)}: expected e.g. 10.0.0.0/16 or fd00::/8`,
      );
    } else {
      out[cidr.family === 4 ? 0 : 1].push(cidr);
    }
  });
  return [out[0].length === 0 ? NO_CIDRS[0] : out[0], out[1].length === 0 ? NO_CIDRS[1] : out[1]];
}

function portsOf(
  values: readonly PortValue[] | undefined,
  path: readonly (string | number)[],
  issues: Issues,
): { ranges: PortRange[]; names: string[]; text: string } {
  if (values === undefined || values.length === 0) return NO_PORTS;
  const ranges: PortRange[] = [];
  const names: string[] = [];
  const shown: string[] = [];
  (values ?? []).forEach((value, i) => {
    const port = parsePort(value);
    if ("error" in port) {
      issues.add([...path, i], "invalid-port", port.error);
    } else if (port.kind === "range") {
      ranges.push({ min: port.min, max: port.max });
      shown.push(port.min === port.max ? String(port.min) : `${port.min}:${port.max}`);
    } else {
      names.push(port.name);
      shown.push(port.name);
    }
  });
  // Empty lists are the shared ones, so matching reads no per-rule empty array.
  return {
    ranges: ranges.length === 0 ? NO_PORTS.ranges : ranges,
    names: names.length === 0 ? NO_PORTS.names : names,
    text: `[${shown.join(", ")}]`,
  };
}

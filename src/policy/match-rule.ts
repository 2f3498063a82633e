/**
 * Matches one compiled rule against a packet the way Felix's dataplane does (§C.5), returning the
 * first criterion that failed (allocation-free) and, only when a trace wants it, its explanation.
 */
import type { CompiledEntity, CompiledRule, IcmpMatch, PortRange, ServiceRef } from "./compiled-rule.js";
import { type Address, type Cidr, cidrContains } from "./ip.js";
import type { AddressSets, Packet } from "./packet.js";

/** The criterion that stopped a rule from matching. */
export type Criterion =
  | "ipVersion"
  | "family"
  | "protocol"
  | "notProtocol"
  | "icmp"
  | "notICMP"
  | `${Side}.${EntityCriterion}`;

type Side = "source" | "destination";
type EntityCriterion = "nets" | "notNets" | "selector" | "notSelector" | "ports" | "notPorts" | "services";

/** Returns undefined when the rule matches the packet, else the first criterion that failed. */
export function matchRule(rule: CompiledRule, packet: Packet, sets: AddressSets): Criterion | undefined {
  if (rule.ipVersion !== undefined && rule.ipVersion !== packet.family) return "ipVersion";
  if (rule.droppedForFamily[packet.family === 4 ? 0 : 1]) return "family";
  if (rule.protocol !== undefined && rule.protocol !== packet.protocol) return "protocol";
  if (rule.notProtocol !== undefined && rule.notProtocol === packet.protocol) return "notProtocol";
  if (rule.icmp !== undefined && !icmpHit(rule.icmp, packet)) return "icmp";
  if (rule.notIcmp !== undefined && icmpHit(rule.notIcmp, packet)) return "notICMP";
  const source = rule.source.constrained
    ? matchEntity(rule, rule.source, packet.source, packet.sourcePort, packet, sets)
    : undefined;
  if (source !== undefined) return SOURCE_CRITERIA[source];
  if (!rule.destination.constrained) return undefined;
  const destination = matchEntity(
    rule,
    rule.destination,
    packet.destination,
    packet.destinationPort,
    packet,
    sets,
  );
  return destination === undefined ? undefined : DESTINATION_CRITERIA[destination];
}

// Constant criterion names, so a rule that does not match allocates no string for it.
const SOURCE_CRITERIA: Readonly<Record<EntityCriterion, Criterion>> = {
  nets: "source.nets",
  notNets: "source.notNets",
  selector: "source.selector",
  notSelector: "source.notSelector",
  ports: "source.ports",
  notPorts: "source.notPorts",
  services: "source.services",
};
const DESTINATION_CRITERIA: Readonly<Record<EntityCriterion, Criterion>> = {
  nets: "destination.nets",
  notNets: "destination.notNets",
  selector: "destination.selector",
  notSelector: "destination.notSelector",
  ports: "destination.ports",
  notPorts: "destination.notPorts",
  services: "destination.services",
};

function icmpHit(icmp: IcmpMatch, packet: Packet): boolean {
  return packet.icmpType === icmp.type && (icmp.code === undefined || packet.icmpCode === icmp.code);
}

/** Returns undefined when the side matches, else the failed criterion. */
function matchEntity(
  rule: CompiledRule,
  entity: CompiledEntity,
  address: Address,
  port: number,
  packet: Packet,
  sets: AddressSets,
): EntityCriterion | undefined {
  // The packet's family is the address's; reading it there spares a cold address object.
  const f = packet.family === 4 ? 0 : 1;
  const nets = entity.nets[f];
  if (nets.length > 0 && !anyContains(nets, address)) return "nets";
  if (anyContains(entity.notNets[f], address)) return "notNets";
  if (entity.selector !== undefined && !sets.inSelectorSet(entity.selector, address)) return "selector";
  if (entity.notSelector !== undefined && sets.inSelectorSet(entity.notSelector, address))
    return "notSelector";
  if (
    (entity.ports.length > 0 || entity.namedPorts.length > 0) &&
    !portHit(rule, entity, entity.ports, entity.namedPorts, address, port, packet, sets)
  ) {
    return "ports";
  }
  if (portHit(rule, entity, entity.notPorts, entity.notNamedPorts, address, port, packet, sets))
    return "notPorts";
  if (entity.service !== undefined && !sets.inServiceSet(entity.service, address, packet.protocol, port))
    return "services";
  return undefined;
}

function anyContains(cidrs: readonly Cidr[], address: Address): boolean {
  for (let i = 0; i < cidrs.length; i++) if (cidrContains(cidrs[i]!, address)) return true;
  return false;
}

function portHit(
  rule: CompiledRule,
  entity: CompiledEntity,
  ranges: readonly PortRange[],
  names: readonly string[],
  address: Address,
  port: number,
  packet: Packet,
  sets: AddressSets,
): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!;
    if (port >= range.min && port <= range.max) return true;
  }
  for (let i = 0; i < names.length; i++) {
    if (
      sets.inNamedPortSet(
        entity.namedPortSelector,
        names[i]!,
        rule.namedPortProtocol,
        address,
        packet.protocol,
        port,
      )
    ) {
      return true;
    }
  }
  return false;
}

/** Explains a failed criterion for people, e.g. `destination port 8080 not in [80, 443]`. */
export function describeMismatch(
  criterion: Criterion,
  rule: CompiledRule,
  packet: Packet,
  sets: AddressSets,
): string {
  switch (criterion) {
    case "ipVersion":
      return `ipVersion ${rule.ipVersion} does not match the IPv${packet.family} flow`;
    case "family":
      return `the rule's nets have no IPv${packet.family} entry, so Calico drops the rule for IPv${packet.family} flows`;
    case "protocol":
      return `protocol ${packet.protocolName} is not ${protocolText(rule.protocol)}`;
    case "notProtocol":
      return `protocol ${packet.protocolName} is excluded by notProtocol`;
    case "icmp":
      return `${icmpText(packet.icmpType, packet.icmpCode)} does not match icmp ${icmpText(rule.icmp?.type, rule.icmp?.code)}`;
    case "notICMP":
      return `${icmpText(packet.icmpType, packet.icmpCode)} is excluded by notICMP`;
    case "source.nets":
    case "source.notNets":
    case "source.selector":
    case "source.notSelector":
    case "source.ports":
    case "source.notPorts":
    case "source.services":
      return describeEntity("source", criterion, rule.source, packet.source, packet.sourcePort, packet, sets);
    case "destination.nets":
    case "destination.notNets":
    case "destination.selector":
    case "destination.notSelector":
    case "destination.ports":
    case "destination.notPorts":
    case "destination.services":
      return describeEntity(
        "destination",
        criterion,
        rule.destination,
        packet.destination,
        packet.destinationPort,
        packet,
        sets,
      );
    default: {
      const unreachable: never = criterion;
      throw new Error(`unknown criterion ${String(unreachable)}`);
    }
  }
}

function describeEntity(
  side: Side,
  criterion: Criterion,
  entity: CompiledEntity,
  address: Address,
  port: number,
  packet: Packet,
  sets: AddressSets,
): string {
  const f = address.family === 4 ? 0 : 1;
  const what = criterion.slice(side.length + 1) as EntityCriterion;
  switch (what) {
    case "nets":
      return `${side} ${address.text} not in ${cidrList(entity.nets[f])}`;
    case "notNets":
      return `${side} ${address.text} in notNets ${cidrList(entity.notNets[f])}`;
    case "selector":
      return `${side} ${address.text} not selected by ${entity.selectorText}`;
    case "notSelector":
      return `${side} ${address.text} selected by notSelector ${entity.notSelectorText}`;
    case "ports":
      return `${side} port ${port === 0 ? "(none)" : port} not in ${entity.portsText}`;
    case "notPorts":
      return `${side} port ${port} in notPorts ${entity.notPortsText}`;
    case "services":
      return describeService(side, entity.service!, address, port, packet, sets);
    default: {
      const unreachable: never = what;
      throw new Error(`unknown criterion ${String(unreachable)}`);
    }
  }
}

function describeService(
  side: Side,
  service: ServiceRef,
  address: Address,
  port: number,
  packet: Packet,
  sets: AddressSets,
): string {
  const name = `${service.namespace}/${service.name}`;
  if (sets.serviceSliceCount(service) === 0) {
    return `${side} service ${name} has no EndpointSlice loaded, so its IP set is empty`;
  }
  return service.withPorts
    ? `${side} ${address.text} port ${port} (${protocolText(packet.protocol)}) is not an endpoint port of service ${name}`
    : `${side} ${address.text} is not an endpoint address of service ${name}`;
}

function cidrList(cidrs: readonly Cidr[]): string {
  return `[${cidrs.map((c) => c.text).join(", ")}]`;
}

function protocolText(protocol: number | undefined): string {
  switch (protocol) {
    case 1:
      return "ICMP";
    case 6:
      return "TCP";
    case 17:
      return "UDP";
    case 58:
      return "ICMPv6";
    case 132:
      return "SCTP";
    case 136:
      return "UDPLite";
    default:
      return String(protocol);
  }
}

function icmpText(type: number | undefined, code: number | undefined): string {
  if (type === undefined) return "no ICMP type";
  return code === undefined ? `ICMP type ${type}` : `ICMP type ${type} code ${code}`;
}

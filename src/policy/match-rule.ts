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

/**
 * Returns undefined when the rule matches the packet, else the first criterion that failed, in
 * the order Felix's BPF program tests a rule (`pol_prog_builder.go writeRule`): protocol, source
 * then destination nets, source IP sets (selector, Service), destination IP sets, the
 * destination Service set, source then destination ports, ICMP last. A rule that has no nets of
 * the packet's family is not programmed at all, so that comes first.
 */
export function matchRule(rule: CompiledRule, packet: Packet, sets: AddressSets): Criterion | undefined {
  if (rule.ipVersion !== undefined && rule.ipVersion !== packet.family) return "ipVersion";
  // The packet's family is its addresses'; reading it here spares the cold address objects.
  const f = packet.family === 4 ? 0 : 1;
  if (rule.droppedForFamily[f]) return "family";
  if (rule.protocol !== undefined && rule.protocol !== packet.protocol) return "protocol";
  if (rule.notProtocol !== undefined && rule.notProtocol === packet.protocol) return "notProtocol";
  const src = rule.source;
  const dst = rule.destination;
  if (src.constrained) {
    const nets = src.nets[f];
    if (nets.length > 0 && !anyContains(nets, packet.source)) return "source.nets";
    if (anyContains(src.notNets[f], packet.source)) return "source.notNets";
  }
  if (dst.constrained) {
    const nets = dst.nets[f];
    if (nets.length > 0 && !anyContains(nets, packet.destination)) return "destination.nets";
    if (anyContains(dst.notNets[f], packet.destination)) return "destination.notNets";
  }
  if (src.constrained) {
    if (src.selector !== undefined && !sets.inSelectorSet(src.selector, packet.source))
      return "source.selector";
    // A source Service is an address-only set among the source IP sets (`svcnoport:`).
    if (
      src.service !== undefined &&
      !sets.inServiceSet(src.service, packet.source, packet.protocol, packet.sourcePort)
    )
      return "source.services";
    if (src.notSelector !== undefined && sets.inSelectorSet(src.notSelector, packet.source))
      return "source.notSelector";
  }
  if (dst.constrained) {
    if (dst.selector !== undefined && !sets.inSelectorSet(dst.selector, packet.destination))
      return "destination.selector";
    if (dst.notSelector !== undefined && sets.inSelectorSet(dst.notSelector, packet.destination))
      return "destination.notSelector";
    if (
      dst.service !== undefined &&
      !sets.inServiceSet(dst.service, packet.destination, packet.protocol, packet.destinationPort)
    )
      return "destination.services";
  }
  if (src.constrained) {
    const failed = portsFailure(rule, src, packet.source, packet.sourcePort, packet, sets);
    if (failed !== undefined) return failed === "ports" ? "source.ports" : "source.notPorts";
  }
  if (dst.constrained) {
    const failed = portsFailure(rule, dst, packet.destination, packet.destinationPort, packet, sets);
    if (failed !== undefined) return failed === "ports" ? "destination.ports" : "destination.notPorts";
  }
  if (rule.icmp !== undefined && !icmpHit(rule.icmp, packet)) return "icmp";
  if (rule.notIcmp !== undefined && icmpHit(rule.notIcmp, packet)) return "notICMP";
  return undefined;
}

function icmpHit(icmp: IcmpMatch, packet: Packet): boolean {
  return packet.icmpType === icmp.type && (icmp.code === undefined || packet.icmpCode === icmp.code);
}

/** Which of a side's port criteria failed, if any: numeric and named ports are ORed (§C.5). */
function portsFailure(
  rule: CompiledRule,
  entity: CompiledEntity,
  address: Address,
  port: number,
  packet: Packet,
  sets: AddressSets,
): "ports" | "notPorts" | undefined {
  if (
    (entity.ports.length > 0 || entity.namedPorts.length > 0) &&
    !portHit(rule, entity, entity.ports, entity.namedPorts, address, port, packet, sets)
  ) {
    return "ports";
  }
  if (portHit(rule, entity, entity.notPorts, entity.notNamedPorts, address, port, packet, sets))
    return "notPorts";
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
    case "icmp": {
      // A flow without a type (or code) stands for a packet whose type (code) no rule names.
      const wanted = icmpText(rule.icmp?.type, rule.icmp?.code);
      if (packet.icmpType === undefined)
        return `the flow gives no ICMP type, so it does not match icmp ${wanted}`;
      if (packet.icmpCode === undefined && packet.icmpType === rule.icmp?.type)
        return `the flow gives no ICMP code, so ICMP type ${packet.icmpType} does not match icmp ${wanted}`;
      return `${icmpText(packet.icmpType, packet.icmpCode)} does not match icmp ${wanted}`;
    }
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

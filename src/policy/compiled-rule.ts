/**
 * A rule lowered once, at apply time, into the form Felix programs into the dataplane (§C.5):
 * protocol numbers, CIDRs split per family, selectors rewritten and folded into IP sets, ports
 * split into ranges and named-port sets.
 */
import type { NamedPortProtocol } from "../index/types.js";
import type { Selector } from "../selector/types.js";
import type { Cidr } from "./ip.js";
import type { RuleVerdictAction } from "./types.js";

/** An inclusive port range (a single port has min = max). */
export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** One side (source or destination) of a compiled rule. */
export interface CompiledEntity {
  /** False for a side with no criteria at all (the common case), so matching can skip it. */
  readonly constrained: boolean;
  /** `nets` per family: index 0 for IPv4, 1 for IPv6. */
  readonly nets: readonly [readonly Cidr[], readonly Cidr[]];
  readonly notNets: readonly [readonly Cidr[], readonly Cidr[]];
  /**
   * The positive IP set's selector, with a notSelector folded in (`(<sel>) && (!(<notSel>))`),
   * or undefined. Omitted when the side lists only named ports: their sets already encode it.
   */
  readonly selector: Selector | undefined;
  /** The negated IP set (a notSelector with no positive selector); non-Calico addresses satisfy it. */
  readonly notSelector: Selector | undefined;
  /** Human text for the positive and negated sets, as Felix receives them. */
  readonly selectorText: string;
  readonly notSelectorText: string;
  readonly ports: readonly PortRange[];
  readonly namedPorts: readonly string[];
  readonly notPorts: readonly PortRange[];
  readonly notNamedPorts: readonly string[];
  /** Selector of the named-port IP sets: the positive selector (folded), or all(). */
  readonly namedPortSelector: Selector;
  /** The ports and notPorts as written, for messages. */
  readonly portsText: string;
  readonly notPortsText: string;
  /**
   * A Kubernetes Service reference, matched against the Service's EndpointSlices: with ports on
   * the destination side (Felix's `svc:` set), addresses only on the source side (`svcnoport:`).
   */
  readonly service: ServiceRef | undefined;
}

/** A rule's Service: namespace (the policy's when the rule omits it), name, and which IP set. */
export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
  /** "namespace/name", built once here so a check asks the service index without concatenating. */
  readonly key: string;
  /** True on the destination side: members are (address, protocol, port), not addresses. */
  readonly withPorts: boolean;
}

/** ICMP type, and code when given. */
export interface IcmpMatch {
  readonly type: number;
  readonly code: number | undefined;
}

/** A rule ready to match packets. */
export interface CompiledRule {
  /** 0-based position in its direction's rule list. */
  readonly index: number;
  readonly action: RuleVerdictAction;
  readonly ipVersion: 4 | 6 | undefined;
  readonly protocol: number | undefined;
  readonly notProtocol: number | undefined;
  readonly icmp: IcmpMatch | undefined;
  readonly notIcmp: IcmpMatch | undefined;
  /**
   * Felix drops the whole rule for a family when one of its four net lists was non-empty and has
   * no entry of that family (`nets: [fd00::/8]` never matches IPv4). Index 0: IPv4, 1: IPv6.
   */
  readonly droppedForFamily: readonly [boolean, boolean];
  /** Named-port set protocol derived from the rule's protocol (§C.5 ProtocolFrom). */
  readonly namedPortProtocol: NamedPortProtocol;
  readonly source: CompiledEntity;
  readonly destination: CompiledEntity;
  /** Criteria that cannot be evaluated at L3/L4 (`http`); Felix's dataplane ignores them. */
  readonly notEvaluated: readonly string[] | undefined;
}

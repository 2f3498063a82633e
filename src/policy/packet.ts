/**
 * A resolved flow as the dataplane sees one packet, and the IP-set lookups rule matching needs.
 */
import type { NamedPortProtocol } from "../index/types.js";
import type { Selector } from "../selector/types.js";
import type { ServiceRef } from "./compiled-rule.js";
import type { Address } from "./ip.js";

/** One packet: family, protocol number, addresses, ports (0 when the protocol has none), ICMP type/code. */
export interface Packet {
  readonly family: 4 | 6;
  readonly protocol: number;
  readonly protocolName: string;
  readonly source: Address;
  readonly destination: Address;
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly icmpType: number | undefined;
  readonly icmpCode: number | undefined;
}

/**
 * Membership tests of Calico's IP sets, answered from the label index: a selector's set holds the
 * addresses of every endpoint and network set it selects (§C.5), and a named-port set holds
 * (address, protocol, port) of every selected endpoint with a port of that name (§F).
 */
export interface AddressSets {
  /** True when some endpoint or network set containing `address` has labels the selector matches. */
  inSelectorSet(selector: Selector, address: Address): boolean;
  /** True when (address, protocol, port) is a member of the named-port set (selector, name, setProtocol). */
  inNamedPortSet(
    selector: Selector,
    portName: string,
    setProtocol: NamedPortProtocol,
    address: Address,
    protocol: number,
    port: number,
  ): boolean;
  /**
   * True when the flow's address is in the Service's IP set: (address, protocol, port) of one of
   * its endpoints when `service.withPorts`, else one of their addresses.
   */
  inServiceSet(service: ServiceRef, address: Address, protocol: number, port: number): boolean;
  /** How many EndpointSlices the Service has (for messages: none means its sets are empty). */
  serviceSliceCount(service: ServiceRef): number;
}

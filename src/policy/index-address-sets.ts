/**
 * AddressSets answered from the label index, the way Felix's IP sets hold them: an address is in
 * a selector's set when some endpoint or network set containing it is selected (§C.5), and in a
 * named-port set when a selected endpoint with that address has a port of that name (§F); a
 * Service's sets come from its EndpointSlices (service-index.ts).
 */
import type { StoredPort } from "../index/named-port.js";
import { protocolMatches } from "../index/named-port.js";
import type { NamedPortProtocol } from "../index/types.js";
import type { Selector } from "../selector/types.js";
import type { ServiceRef } from "./compiled-rule.js";
import type { Address } from "./ip.js";
import type { AddressSets } from "./packet.js";
import type { ServiceIndex } from "./service-index.js";

/** Something with addresses that IP sets can contain: a workload or host endpoint, or a network set. */
export interface AddressHolder {
  /** True when the selector matches its effective labels (own, then inherited); false if the index no longer knows it. */
  selects(selector: Selector): boolean;
  /** Named ports (network sets have none). */
  readonly ports: readonly StoredPort[];
}

/** Where the holders containing an address come from (the engine, over the label index). */
export type HoldersAt = (address: Address) => readonly AddressHolder[];

const MEMBER_PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ["tcp", 6],
  ["udp", 17],
  ["sctp", 132],
]);

/**
 * IP-set membership over the holders containing an address. A check asks about its two
 * addresses many times (once per rule with a selector), so each is resolved once per check:
 * call `beginCheck` before each check.
 */
export class IndexAddressSets implements AddressSets {
  readonly #holdersAt: HoldersAt;
  readonly #services: ServiceIndex;
  #firstAddress: Address | undefined;
  #firstHolders: readonly AddressHolder[] = [];
  #secondAddress: Address | undefined;
  #secondHolders: readonly AddressHolder[] = [];

  constructor(holdersAt: HoldersAt, services: ServiceIndex) {
    this.#holdersAt = holdersAt;
    this.#services = services;
  }

  /** Forgets the previous check's lookups (the index may have changed since). */
  beginCheck(): void {
    this.#firstAddress = undefined;
    this.#secondAddress = undefined;
  }

  #containing(address: Address): readonly AddressHolder[] {
    if (address === this.#firstAddress) return this.#firstHolders;
    if (address === this.#secondAddress) return this.#secondHolders;
    const holders = this.#holdersAt(address);
    if (this.#firstAddress === undefined) {
      this.#firstAddress = address;
      this.#firstHolders = holders;
    } else {
      this.#secondAddress = address;
      this.#secondHolders = holders;
    }
    return holders;
  }

  /**
   * Non-Calico addresses are in no selector's set, so they never match a positive selector and
   * always satisfy a notSelector (`notSelector: has(x)` matches the internet; `selector: !has(x)` does not).
   */
  inSelectorSet(selector: Selector, address: Address): boolean {
    const holders = this.#containing(address);
    for (let i = 0; i < holders.length; i++) if (holders[i]!.selects(selector)) return true;
    return false;
  }

  inNamedPortSet(
    selector: Selector,
    portName: string,
    setProtocol: NamedPortProtocol,
    address: Address,
    protocol: number,
    port: number,
  ): boolean {
    const holders = this.#containing(address);
    for (let i = 0; i < holders.length; i++) {
      const holder = holders[i]!;
      if (!hasMemberPort(holder.ports, portName, setProtocol, protocol, port)) continue;
      if (holder.selects(selector)) return true;
    }
    return false;
  }

  inServiceSet(service: ServiceRef, address: Address, protocol: number, port: number): boolean {
    return service.withPorts
      ? this.#services.hasMember(service.key, address, protocol, port)
      : this.#services.hasAddress(service.key, address);
  }

  serviceSliceCount(service: ServiceRef): number {
    return this.#services.sliceCount(service.key);
  }
}

/**
 * The endpoint contributes (address, memberProtocol, port) for each port named `portName` whose
 * protocol the set's protocol matches; the packet must then carry that protocol and port. A rule
 * with no protocol builds an `any` set, yet a UDP-named port still only admits UDP packets.
 */
function hasMemberPort(
  ports: readonly StoredPort[],
  portName: string,
  setProtocol: NamedPortProtocol,
  protocol: number,
  port: number,
): boolean {
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i]!;
    if (
      p.name === portName &&
      p.port === port &&
      MEMBER_PROTOCOL_NUMBERS.get(p.memberProtocol) === protocol &&
      protocolMatches(p, setProtocol)
    ) {
      return true;
    }
  }
  return false;
}

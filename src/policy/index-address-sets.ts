/**
 * AddressSets answered from the label index, the way Felix's IP sets hold them: an address is in
 * a selector's set when some endpoint or network set containing it is selected (§C.5), and in a
 * named-port set when a selected endpoint with that address has a port of that name (§F).
 */
import type { StoredPort } from "../index/named-port.js";
import { protocolMatches } from "../index/named-port.js";
import type { LabelIndexApi, NamedPortProtocol } from "../index/types.js";
import type { Selector } from "../selector/types.js";
import type { Address } from "./ip.js";
import type { AddressSets } from "./packet.js";

const MEMBER_PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ["tcp", 6],
  ["udp", 17],
  ["sctp", 132],
]);

/**
 * IP-set membership over a LabelIndexApi plus the engine's record of endpoint ports. A check asks
 * about two addresses many times (once per rule with a selector), so the endpoints containing
 * each are looked up once per check: call `beginCheck` before each check.
 */
export class IndexAddressSets implements AddressSets {
  readonly #index: LabelIndexApi;
  readonly #portsOf: (endpointId: string) => readonly StoredPort[] | undefined;
  #firstAddress: Address | undefined;
  #firstIds: readonly string[] = [];
  #secondAddress: Address | undefined;
  #secondIds: readonly string[] = [];

  constructor(index: LabelIndexApi, portsOf: (endpointId: string) => readonly StoredPort[] | undefined) {
    this.#index = index;
    this.#portsOf = portsOf;
  }

  /** Forgets the previous check's lookups (the index may have changed since). */
  beginCheck(): void {
    this.#firstAddress = undefined;
    this.#secondAddress = undefined;
  }

  #containing(address: Address): readonly string[] {
    if (address === this.#firstAddress) return this.#firstIds;
    if (address === this.#secondAddress) return this.#secondIds;
    const ids = this.#index.endpointsContaining(address.text);
    if (this.#firstAddress === undefined) {
      this.#firstAddress = address;
      this.#firstIds = ids;
    } else {
      this.#secondAddress = address;
      this.#secondIds = ids;
    }
    return ids;
  }

  /**
   * Non-Calico addresses are in no selector's set, so they never match a positive selector and
   * always satisfy a notSelector (`notSelector: has(x)` matches the internet; `selector: !has(x)` does not).
   */
  inSelectorSet(selector: Selector, address: Address): boolean {
    const ids = this.#containing(address);
    for (let i = 0; i < ids.length; i++) {
      const labels = this.#index.labelsOf(ids[i]!);
      if (labels !== undefined && selector.evaluate(labels)) return true;
    }
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
    const ids = this.#containing(address);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const ports = this.#portsOf(id);
      if (ports === undefined || !hasMemberPort(ports, portName, setProtocol, protocol, port)) continue;
      const labels = this.#index.labelsOf(id);
      if (labels !== undefined && selector.evaluate(labels)) return true;
    }
    return false;
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

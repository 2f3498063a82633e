/**
 * Services' IP sets as Felix builds them from EndpointSlices (`felix/serviceindex`): a rule's
 * destination `services` uses the `svc:` set, (address, protocol, port) for every endpoint
 * address of every slice of the Service and every slice port that has a number (protocol TCP
 * unless the port says UDP or SCTP); a source `services` uses the `svcnoport:` set, the
 * addresses alone. Endpoint conditions are ignored (Felix includes endpoints that are not
 * ready), FQDN slices contribute nothing, and a Service with no slice has empty sets.
 */
import { parseProtocol } from "../model/numorstring.js";
import type { EndpointSlice } from "../model/types.js";
import { type Address, parseAddress } from "./ip.js";

/** Label naming an EndpointSlice's Service. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/** An EndpointSlice reduced to what the IP sets need. */
export interface ServiceSlice {
  /** "namespace/service" (the service name may be empty when the label is missing, as in Felix). */
  readonly service: string;
  /** Canonical address texts. */
  readonly addresses: ReadonlySet<string>;
  /** Numbered ports with their protocol numbers. */
  readonly ports: readonly { readonly protocol: number; readonly port: number }[];
}

/** Reduces a validated EndpointSlice to its IP-set contribution. */
export function serviceSlice(slice: EndpointSlice): ServiceSlice {
  const addresses = new Set<string>();
  if (slice.addressType !== "FQDN") {
    for (const endpoint of slice.endpoints) {
      for (const text of endpoint.addresses) {
        const address = parseAddress(text);
        if (address !== undefined) addresses.add(address.text);
      }
    }
  }
  const ports: { protocol: number; port: number }[] = [];
  for (const p of slice.ports) {
    if (p.port !== undefined)
      ports.push({ protocol: parseProtocol(p.protocol ?? "TCP")!.number, port: p.port });
  }
  const name = slice.metadata.labels?.[SERVICE_NAME_LABEL] ?? "";
  return { service: serviceKey(slice.metadata.namespace, name), addresses, ports };
}

/** A Service's key, "namespace/name": what ServiceSlice.service holds and the index is asked by. */
export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** The loaded slices by Service, answering IP-set membership for `services` rules. */
export class ServiceIndex {
  readonly #byService = new Map<string, Map<string, ServiceSlice>>();
  readonly #slices = new Map<string, ServiceSlice>();

  /** Adds or replaces the slice stored under `key`. */
  upsert(key: string, slice: ServiceSlice): void {
    this.remove(key);
    this.#slices.set(key, slice);
    let slices = this.#byService.get(slice.service);
    if (slices === undefined) {
      slices = new Map();
      this.#byService.set(slice.service, slices);
    }
    slices.set(key, slice);
  }

  /** Removes the slice stored under `key`; false when there was none. */
  remove(key: string): boolean {
    const slice = this.#slices.get(key);
    if (slice === undefined) return false;
    this.#slices.delete(key);
    const slices = this.#byService.get(slice.service)!;
    slices.delete(key);
    if (slices.size === 0) this.#byService.delete(slice.service);
    return true;
  }

  /** How many slices the Service (by serviceKey) has (0: its IP sets are empty). */
  sliceCount(service: string): number {
    return this.#byService.get(service)?.size ?? 0;
  }

  /** Membership in the Service's `svc:` set: (address, protocol, port) of one of its endpoints. */
  hasMember(service: string, address: Address, protocol: number, port: number): boolean {
    const slices = this.#byService.get(service);
    if (slices === undefined) return false;
    for (const slice of slices.values()) {
      if (!slice.addresses.has(address.text)) continue;
      for (const p of slice.ports) if (p.protocol === protocol && p.port === port) return true;
    }
    return false;
  }

  /** Membership in the Service's `svcnoport:` set: the address of one of its endpoints. */
  hasAddress(service: string, address: Address): boolean {
    const slices = this.#byService.get(service);
    if (slices === undefined) return false;
    for (const slice of slices.values()) if (slice.addresses.has(address.text)) return true;
    return false;
  }
}

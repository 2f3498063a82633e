/**
 * IP-set membership (calico-semantics.md §F): what one endpoint contributes to a set, and the
 * reference counts that turn contributions into memberAdded / memberRemoved transitions. Plain
 * sets get the endpoint's addresses (bare for /32 and /128, else the masked CIDR, a /0 as its two
 * /1 halves); named-port
 * sets get address × each port with the set's name and a matching protocol, so an endpoint
 * without the port contributes nothing even when the selector matches it.
 */

import type { ParsedCidr } from "./cidr.js";
import type { EventQueue } from "./event-queue.js";
import { cidrsOf } from "./label-context.js";
import { namedMemberKey, protocolMatches, type StoredPort } from "./named-port.js";
import type { CountedMember, IpSet } from "./selector-state.js";
import type { IpSetMember } from "./types.js";

/**
 * Adds (+1) or removes (-1) one endpoint's contribution to a set's member refcounts, queueing
 * an event for each of the set's ids when a member appears or disappears. No-op when the set
 * keeps no refcounts.
 */
export function contribute(
  set: IpSet,
  cidrs: readonly ParsedCidr[],
  ports: readonly StoredPort[],
  delta: 1 | -1,
  events: EventQueue | null,
): void {
  const members = set.members;
  if (members === null) return;
  const port = set.namedPort;
  if (port === null) {
    for (const cidr of cidrs) {
      if (cidr.prefix !== 0) {
        count(set, members, cidr.member, cidr.member, undefined, 0, delta, events);
        continue;
      }
      // Felix's extractCIDRsFromNetworkSet: IP sets cannot hold /0, so it is its two halves.
      for (const half of cidr.family === 4 ? IPV4_HALVES : IPV6_HALVES) {
        count(set, members, half, half, undefined, 0, delta, events);
      }
    }
    return;
  }
  for (const p of ports) {
    if (p.name !== port.name || !protocolMatches(p, port.protocol)) continue;
    for (const cidr of cidrs) {
      const key = namedMemberKey(cidr.address, p.memberProtocol, p.port);
      count(set, members, key, cidr.address, p.memberProtocol, p.port, delta, events);
    }
  }
}

const IPV4_HALVES = ["0.0.0.0/1", "128.0.0.0/1"] as const;
const IPV6_HALVES = ["::/1", "8000::/1"] as const;

/** A set's member refcounts computed from scratch from the endpoints it matches (no events). */
export function countMembers(set: IpSet): Map<string, CountedMember> {
  const members = new Map<string, CountedMember>();
  const counting: IpSet = { ...set, members };
  for (const context of set.state.contexts) {
    for (const endpoint of context.members) contribute(counting, cidrsOf(endpoint), endpoint.ports, 1, null);
  }
  return members;
}

function count(
  set: IpSet,
  members: Map<string, CountedMember>,
  key: string,
  ip: string,
  protocol: string | undefined,
  port: number,
  delta: 1 | -1,
  events: EventQueue | null,
): void {
  const entry = members.get(key);
  if (delta === 1) {
    if (entry !== undefined) {
      entry.count++;
      return;
    }
    const member: IpSetMember = protocol === undefined ? { ip } : { ip, protocol, port };
    members.set(key, { member, count: 1 });
    if (events !== null) for (const id of set.ids) events.added(id, member);
    return;
  }
  if (entry === undefined) return;
  if (--entry.count > 0) return;
  members.delete(key);
  if (events !== null) for (const id of set.ids) events.removed(id, entry.member);
}

/**
 * The label index's surface, as the policy engine uses it. `LabelIndex` (label-index.ts)
 * implements it; the naive reference in test/support implements it too, so one conformance
 * suite runs against both.
 *
 * Everything with addresses is an "endpoint" to the index: workload endpoints, host endpoints
 * and network sets alike (a network set is an endpoint with CIDRs and no ports). Callers choose
 * ids that keep the kinds apart (e.g. "wep:ns/name", "netset:ns/name", "hep:name").
 */
import type { LabelLookup, Labels, Selector } from "../selector/types.js";

/** A named port on an endpoint. protocol as written ("TCP", "udp", "SCTP", or a number as text). */
export interface IndexPort {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
}

/** What the index stores per endpoint. `ips` are addresses or CIDRs ("10.0.0.1", "10.0.0.1/32", "10.1.0.0/16"). */
export interface IndexEndpoint {
  readonly labels: Labels;
  /** Parent ids (profiles / namespaces / service accounts) in inheritance order. */
  readonly parents?: readonly string[];
  readonly ips?: readonly string[];
  readonly ports?: readonly IndexPort[];
}

/** Named-port protocol of a selector's IP set (§F). */
export type NamedPortProtocol = "tcp" | "udp" | "sctp" | "any";

/** A member of a selector's IP set: a CIDR-less address, and for named-port sets the protocol and port. */
export interface IpSetMember {
  readonly ip: string;
  readonly protocol?: string;
  readonly port?: number;
}

export type MatchEvent = "matchStarted" | "matchStopped";
export type MemberEvent = "memberAdded" | "memberRemoved";

export interface LabelIndexApi {
  upsertEndpoint(id: string, endpoint: IndexEndpoint): void;
  deleteEndpoint(id: string): void;
  upsertParent(id: string, labels: Labels): void;
  deleteParent(id: string): void;
  addSelector(
    id: string,
    selector: Selector | string,
    namedPort?: { readonly name: string; readonly protocol: NamedPortProtocol },
  ): void;
  removeSelector(id: string): void;

  /** Endpoint ids the selector currently matches (with inherited labels). */
  matchingEndpoints(selectorId: string): Iterable<string>;
  /** O(1): does the selector currently match the endpoint? */
  isMatch(selectorId: string, endpointId: string): boolean;
  /** Selector ids currently matching the endpoint. */
  selectorsMatching(endpointId: string): Iterable<string>;
  /** IP-set members of a selector (plain selector: one member per endpoint address/CIDR; named port: ip+protocol+port). */
  members(selectorId: string): Iterable<IpSetMember>;

  /** Endpoint ids whose addresses or CIDRs contain `ip`, most specific (longest prefix) first. */
  endpointsContaining(ip: string): readonly string[];
  /** Effective-label lookup for an endpoint (own labels, then each parent's in order), or undefined if unknown. */
  labelsOf(endpointId: string): LabelLookup | undefined;
  /** Effective labels materialised (own first, then parents; first hit wins), for display. */
  effectiveLabels(endpointId: string): ReadonlyMap<string, string> | undefined;

  on(event: MatchEvent, cb: (selectorId: string, endpointId: string) => void): void;
  on(event: MemberEvent, cb: (selectorId: string, member: IpSetMember) => void): void;
}

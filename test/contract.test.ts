/**
 * The public API contract of DESIGN.md, transcribed as types: code outside the project is written
 * against these shapes, so the package's exports must be assignable to them. `npm run typecheck`
 * (part of CI) fails when a name or shape drifts; the runtime checks below exercise each entry.
 */
import { describe, expect, it } from "vitest";
import {
  type EndpointRef,
  type FlowQuery,
  LabelIndex,
  type Labels,
  loadManifests,
  ManifestError,
  type Peer,
  PolicyEngine,
  parseSelector,
  type Resource,
  type Selector,
  SelectorError,
  safeParseSelector,
  type TraceStep,
} from "../src/index.js";
import { BASE } from "./policy/conformance-cases.js";

type ContractLabels = Readonly<Record<string, string>> | ReadonlyMap<string, string>;
interface ContractSelector {
  readonly source: string;
  readonly canonical: string;
  readonly uniqueId: string;
  matches(labels: ContractLabels): boolean;
  toString(): string;
}
type ContractEndpointRef = { namespace: string; name: string };
type ContractPeer = { endpoint?: ContractEndpointRef | string; ip?: string; port?: number };
type ContractFlowQuery = {
  protocol: string | number;
  source: ContractPeer;
  destination: ContractPeer;
  icmp?: { type: number; code?: number };
};
type ContractPolicyRef = { kind: string; name: string; namespace?: string };
type ContractDirectionVerdict = {
  endpoint: ContractEndpointRef;
  action: "allow" | "deny";
  decidedBy:
    | { kind: "rule"; tier: string; policy: ContractPolicyRef; ruleIndex: number }
    | { kind: "end-of-tier"; tier: string }
    | { kind: "profile-rule"; profile: string; ruleIndex: number }
    | { kind: "no-match" };
  trace: TraceStep[];
  staged?: { action: "allow" | "deny"; decidedBy: unknown };
};
type ContractFlowVerdict = {
  allowed: boolean;
  egress: ContractDirectionVerdict | null;
  ingress: ContractDirectionVerdict | null;
};
interface ContractPolicyEngine {
  apply(resources: unknown | readonly unknown[]): void;
  delete(ref: { kind: string; name: string; namespace?: string }): boolean;
  check(flow: ContractFlowQuery): ContractFlowVerdict;
  select(selector: string, options?: { namespace?: string }): ContractEndpointRef[];
}
interface ContractLabelIndex {
  upsertEndpoint(
    id: string,
    ep: {
      labels: ContractLabels;
      parents?: readonly string[];
      ips?: readonly string[];
      ports?: readonly { name: string; protocol: string; port: number }[];
    },
  ): void;
  deleteEndpoint(id: string): void;
  upsertParent(id: string, labels: ContractLabels): void;
  deleteParent(id: string): void;
  addSelector(
    id: string,
    selector: ContractSelector | string,
    namedPort?: { name: string; protocol: "tcp" | "udp" | "sctp" | "any" },
  ): void;
  removeSelector(id: string): void;
  matchingEndpoints(selectorId: string): Iterable<string>;
  on(event: "matchStarted" | "matchStopped", cb: (selectorId: string, endpointId: string) => void): void;
  on(
    event: "memberAdded" | "memberRemoved",
    cb: (selectorId: string, member: { ip: string; protocol?: string; port?: number }) => void,
  ): void;
}

/** Both directions of assignability, for the types the contract names and the package exports. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(value: Same<A, B>) => value;

describe("DESIGN.md's public API contract", () => {
  it("exports types equal to the contract's (checked by the type checker)", () => {
    expect(same<Labels, ContractLabels>(true)).toBe(true);
    expect(same<EndpointRef, ContractEndpointRef>(true)).toBe(true);
    expect(same<Peer, ContractPeer>(true)).toBe(true);
    expect(same<FlowQuery, ContractFlowQuery>(true)).toBe(true);
    const selector: ContractSelector = parseSelector("a == 'b'") satisfies Selector;
    expect(selector.canonical).toBe('a == "b"');
  });

  it("returns verdicts a caller typed to the contract can hold, trace included", () => {
    const engine: ContractPolicyEngine = new PolicyEngine();
    engine.apply(BASE);
    const verdict: ContractFlowVerdict = engine.check({
      protocol: "TCP",
      source: { endpoint: "prod/web" },
      destination: { endpoint: "prod/db", port: 5432 },
    });
    const trace: TraceStep[] = verdict.ingress?.trace ?? [];
    expect(trace.length).toBeGreaterThan(0);
    expect(engine.select("app == 'db'", { namespace: "prod" })).toEqual([{ namespace: "prod", name: "db" }]);
  });

  it("has the selector, manifest and index entry points with the contract's shapes", () => {
    const parse: (text: string) => ContractSelector = parseSelector;
    const safe: (
      text: string,
    ) => { ok: true; selector: ContractSelector } | { ok: false; error: SelectorError } = safeParseSelector;
    const load: (text: string, options?: { file?: string }) => Resource[] = loadManifests;
    const index: ContractLabelIndex = new LabelIndex();
    expect(parse("has(a)").uniqueId).toMatch(/^s:[A-Za-z0-9_-]+$/);
    const failed = safe("a ==");
    expect(!failed.ok && failed.error instanceof SelectorError && typeof failed.error.offset).toBe("number");
    expect(() => load("kind: [", { file: "x.yaml" })).toThrow(ManifestError);
    index.upsertEndpoint("e", { labels: { a: "b" } });
    index.addSelector("s", "a == 'b'");
    expect([...index.matchingEndpoints("s")]).toEqual(["e"]);
  });
});

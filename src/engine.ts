/**
 * The PolicyEngine façade (DESIGN.md "Public API"): load resources atomically, then answer flow
 * checks, explanations and selections from the label index and compiled policies.
 */
import { LabelIndexError } from "./index/errors.js";
import { LabelIndex } from "./index/label-index.js";
import { type StoredPort, storedPort } from "./index/named-port.js";
import type { LabelIndexApi } from "./index/types.js";
import { toCalicoResources } from "./model/convert-k8s.js";
import { typeOfValue } from "./model/issues.js";
import { once } from "./model/once.js";
import { DEFAULT_ALLOW_PROFILE, DEFAULT_ALLOW_PROFILE_NAME } from "./model/profile-schema.js";
import type {
  CalicoResource,
  GlobalNetworkSet,
  HostEndpoint,
  NetworkSet,
  Resource,
  ResourceRef,
  Tier,
  WorkloadEndpoint,
} from "./model/types.js";
import { validateResource } from "./model/validate.js";
import {
  type CompiledPolicy,
  compilePolicy,
  compileProfile,
  policyKey,
  type RuleCache,
} from "./policy/compile-policy.js";
import type { CompileIssue } from "./policy/compile-rule.js";
import { ApplyError, type ApplyIssue, FlowQueryError } from "./policy/errors.js";
import { evaluateDirection } from "./policy/evaluate.js";
import { type EndpointDirectory, resolveFlow, safeEndpointRef } from "./policy/flow-query.js";
import { type AddressHolder, IndexAddressSets } from "./policy/index-address-sets.js";
import { type Address, parseAddress, parseCidr } from "./policy/ip.js";
import type { Packet } from "./policy/packet.js";
import { placePolicies } from "./policy/placement.js";
import { ServiceIndex, type ServiceSlice, serviceSlice } from "./policy/service-index.js";
import type {
  CheckOptions,
  DirectionVerdict,
  EndpointExplanation,
  EndpointRef,
  ExplainedLabel,
  ExplainedTier,
  FlowQuery,
  FlowVerdict,
  PolicyRef,
} from "./policy/types.js";
import type { Direction, PlacedTier, PolicyView, ProfileView, TierView } from "./policy/views.js";
import { parseSelector } from "./selector/index.js";
import type { LabelLookup, Selector } from "./selector/types.js";

const NAMESPACE_LABEL = "projectcalico.org/namespace";
const ORCHESTRATOR_LABEL = "projectcalico.org/orchestrator";
const SERVICE_ACCOUNT_LABEL = "projectcalico.org/serviceaccount";
const POLICY_PREFIX = "pol:";
const WEP_PREFIX = "wep:";

/** Calico's well-known tiers exist in every cluster even when no Tier resource is loaded. */
const WELL_KNOWN_TIERS: ReadonlyMap<string, TierView> = new Map([
  ["default", { name: "default", exists: true, order: 1_000_000, defaultAction: "Deny" }],
  ["kube-admin", { name: "kube-admin", exists: true, order: 1_000, defaultAction: "Pass" }],
  ["kube-baseline", { name: "kube-baseline", exists: true, order: 10_000_000, defaultAction: "Pass" }],
]);

/** The result of `safeCheck`. */
export type SafeCheckResult =
  | { readonly ok: true; readonly verdict: FlowVerdict }
  | { readonly ok: false; readonly error: FlowQueryError };

/** An addressable object the engine knows: workload endpoints, host endpoints and network sets. */
export interface LoadedEndpoint {
  readonly kind: "WorkloadEndpoint" | "HostEndpoint" | "NetworkSet" | "GlobalNetworkSet";
  readonly name: string;
  readonly namespace?: string;
}

/** A policy-to-endpoint applicability change, as the label index reports it. */
export type PolicyMatchListener = (
  event: "started" | "stopped",
  policy: PolicyRef,
  endpoint: EndpointRef,
) => void;

interface PendingMatch {
  readonly event: "started" | "stopped";
  readonly policy: PolicyRef;
  readonly endpoint: EndpointRef;
}

/** Options for a PolicyEngine: the label index to use (tests pass a reference implementation). */
export interface PolicyEngineOptions {
  readonly index?: LabelIndexApi;
}

interface Applied {
  readonly resource: Resource;
  /** Keys of the Calico resources it became. */
  readonly derived: readonly string[];
}

type Prepared =
  | { readonly kind: "policy"; readonly key: string; readonly compiled: CompiledPolicy }
  | {
      readonly kind: "profile";
      readonly key: string;
      readonly view: ProfileView;
      readonly labels: ReadonlyMap<string, string>;
    }
  | { readonly kind: "tier"; readonly key: string; readonly tier: Tier }
  | { readonly kind: "slice"; readonly key: string; readonly slice: ServiceSlice }
  | { readonly kind: "endpoint"; readonly key: string; readonly endpoint: EndpointState };

/** One validated resource of an `apply` batch: its position, applied key and prepared parts. */
interface BatchItem {
  readonly index: number;
  readonly key: string;
  readonly resource: Resource;
  readonly prepared: readonly Prepared[];
}

interface EndpointState {
  readonly indexId: string;
  /** "namespace/name" ("/name" for cluster-scoped kinds). */
  readonly key: string;
  readonly kind: LoadedEndpoint["kind"];
  readonly ref: EndpointRef;
  /** Own labels as the dataplane sees them (after Calico's label injection). */
  readonly labels: ReadonlyMap<string, string>;
  readonly parents: readonly string[];
  readonly ips: readonly string[];
  readonly addresses: readonly Address[];
  readonly ipv4: Address | undefined;
  readonly ipv6: Address | undefined;
  readonly ports: readonly StoredPort[];
  /** Pod name, for Kubernetes workload endpoints. */
  readonly pod: string | undefined;
  /** Cached ordered tiers and profiles (workload endpoints only); cleared on match changes. */
  placement: Placement | undefined;
  /** Set when the engine stores the record: the record as an IP-set member. */
  holder: AddressHolder | undefined;
  /** Cached holders containing this workload's address, valid for `holdersVersion`. */
  holders: readonly AddressHolder[] | undefined;
  holdersVersion: number;
}

/** How many selector answers an IP-set member keeps (a check asks a handful per address). */
const SELECTS_CACHE_SIZE = 16;

/**
 * An endpoint as an IP-set member. Its index label lookup and its recent selector answers are
 * cached until the engine's generation moves (profile label changes bump it; the endpoint's own
 * changes replace the record), so a repeated selector costs an identity compare instead of label
 * lookups through cold per-endpoint maps.
 */
class IndexHolder implements AddressHolder {
  readonly ports: readonly StoredPort[];
  readonly #index: LabelIndexApi;
  readonly #id: string;
  readonly #generation: () => number;
  #lookup: LabelLookup | undefined;
  #lookupGeneration = -1;
  /** Recently asked selectors (by identity) and, bit i, whether selector i matched. */
  #asked: Selector[] | undefined;
  #answers = 0;
  #nextSlot = 0;

  constructor(index: LabelIndexApi, id: string, ports: readonly StoredPort[], generation: () => number) {
    this.#index = index;
    this.#id = id;
    this.ports = ports;
    this.#generation = generation;
  }

  selects(selector: Selector): boolean {
    const generation = this.#generation();
    if (generation !== this.#lookupGeneration) {
      this.#lookup = this.#index.labelsOf(this.#id);
      this.#lookupGeneration = generation;
      if (this.#asked !== undefined) this.#asked.length = 0;
      this.#answers = 0;
      this.#nextSlot = 0;
    }
    let asked = this.#asked;
    if (asked === undefined) {
      asked = [];
      this.#asked = asked;
    }
    for (let i = 0; i < asked.length; i++) if (asked[i] === selector) return (this.#answers & (1 << i)) !== 0;
    const labels = this.#lookup;
    const answer = labels !== undefined && selector.evaluate(labels);
    const slot = asked.length < SELECTS_CACHE_SIZE ? asked.length : this.#nextSlot;
    asked[slot] = selector;
    this.#answers = answer ? this.#answers | (1 << slot) : this.#answers & ~(1 << slot);
    this.#nextSlot = (slot + 1) % SELECTS_CACHE_SIZE;
    return answer;
  }
}

interface Placement {
  readonly generation: number;
  readonly ingress: readonly PlacedTier[];
  readonly egress: readonly PlacedTier[];
  readonly profiles: readonly ProfileView[];
}

/** `projectcalico-default-allow`, compiled on first use: Calico provides it whether or not it is stored. */
const defaultAllowView = once((): ProfileView => {
  const compiled = compileProfile(DEFAULT_ALLOW_PROFILE);
  if (!compiled.ok) throw new Error("the built-in default-allow profile does not compile");
  return compiled.value;
});

/** The profile Calico provides under `name`, if any (only `projectcalico-default-allow`). */
function builtinProfile(name: string): ProfileView | undefined {
  return name === DEFAULT_ALLOW_PROFILE_NAME ? defaultAllowView() : undefined;
}

/** Evaluates Calico policy offline: apply resources, then check flows, explain endpoints, select. */
export class PolicyEngine {
  readonly #index: LabelIndexApi;
  readonly #sets: IndexAddressSets;
  /** EndpointSlices by Service, for rules with `services`. */
  readonly #services = new ServiceIndex();
  readonly #applied = new Map<string, Applied>();
  /** Which applied resource each derived (Calico) resource came from. */
  readonly #owners = new Map<string, string>();
  readonly #policies = new Map<string, CompiledPolicy>();
  readonly #profiles = new Map<
    string,
    { readonly view: ProfileView; readonly labels: ReadonlyMap<string, string> }
  >();
  readonly #tiers = new Map<string, Tier>();
  /** Every addressable endpoint by index id. */
  readonly #endpoints = new Map<string, EndpointState>();
  /** Workload endpoints by "namespace/name", and by "namespace/pod" for Kubernetes workloads. */
  readonly #byName = new Map<string, EndpointState>();
  /** Workload endpoints by "namespace/pod", in apply order: a pod name resolves to the last (Multus pods have several). */
  readonly #byPod = new Map<string, EndpointState[]>();
  /**
   * "namespace/name" resolved as a flow names it (a WorkloadEndpoint name wins over a pod name),
   * so resolving a side costs one probe of one map rather than a miss in one and a hit in another.
   */
  readonly #byRef = new Map<string, EndpointState>();
  readonly #byAddress = new Map<string, EndpointState>();
  /** Placements by content (policy keys and profiles), valid for `#sharedGeneration`. */
  readonly #shared = new Map<string, Placement>();
  readonly #sharedTiers = new Map<string, PlacedTier>();
  #sharedGeneration = -1;
  readonly #matchListeners: PolicyMatchListener[] = [];
  /** Policy-match events of the running apply / delete, delivered once it has finished. */
  readonly #pendingMatches: PendingMatch[] = [];
  #changing = 0;
  #deliveringMatches = false;
  /** The first error a label-index listener threw during the running change. */
  #indexFailure: { readonly error: unknown } | undefined;
  readonly #ruleCache: RuleCache = new Map();
  #generation = 0;
  /** Bumped when cached holder lists may be stale (see #holdersAt). */
  #holdersVersion = 0;
  /** The current check's workload endpoints, whose addresses #holdersAt resolves without a lookup. */
  #sourceHint: EndpointState | undefined;
  #destinationHint: EndpointState | undefined;

  constructor(options: PolicyEngineOptions = {}) {
    this.#index = options.index ?? new LabelIndex();
    this.#sets = new IndexAddressSets((address) => this.#holdersAt(address), this.#services);
    const onMatch = (started: boolean) => (selectorId: string, endpointId: string) => {
      if (!selectorId.startsWith(POLICY_PREFIX) || !endpointId.startsWith(WEP_PREFIX)) return;
      const endpoint = this.#endpoints.get(endpointId);
      if (endpoint !== undefined) endpoint.placement = undefined;
      if (this.#matchListeners.length > 0) this.#emitMatch(started, selectorId, endpointId);
    };
    this.#index.on("matchStarted", onMatch(true));
    this.#index.on("matchStopped", onMatch(false));
  }

  /**
   * Validates every resource (Calico or Kubernetes kinds), then upserts them all; throws
   * ApplyError listing every problem and changes nothing if any resource is invalid.
   */
  apply(resources: unknown): void {
    const items: readonly unknown[] = Array.isArray(resources) ? resources : [resources];
    const issues: ApplyIssue[] = [];
    // Stale shared rules only cost memory; keep the cache within a few times the live policies.
    if (this.#ruleCache.size > 4 * this.#policies.size + 10_000) this.#ruleCache.clear();
    const batch: BatchItem[] = [];
    items.forEach((item, index) => {
      const validated = validateResource(item);
      if (!validated.ok) {
        for (const issue of validated.issues) issues.push(applyIssue(index, refOf(item), issue));
        return;
      }
      const resource = validated.resource as Resource;
      const ref = refOf(resource);
      const prepared: Prepared[] = [];
      if (resource.kind === "EndpointSlice") {
        const key = policyKey("EndpointSlice", resource.metadata.namespace, resource.metadata.name);
        prepared.push({ kind: "slice", key, slice: serviceSlice(resource) });
      }
      for (const calico of toCalicoResources(resource)) {
        const result = prepare(calico, this.#ruleCache);
        if (result.ok) prepared.push(result.value);
        else for (const issue of result.issues) issues.push(applyIssue(index, ref, issue));
      }
      batch.push({ index, key: appliedKey(resource), resource, prepared });
    });
    this.#checkOwners(batch, issues);
    if (issues.length > 0) throw new ApplyError(issues);
    this.#change(() => this.#commit(batch));
  }

  #commit(batch: readonly BatchItem[]): void {
    for (const { key, resource, prepared } of batch) {
      const previous = this.#applied.get(key);
      const keys = prepared.map((p) => p.key);
      for (const old of previous?.derived ?? []) {
        // Skip what this batch already gave to another resource (a WorkloadEndpoint taking the
        // name a moved Pod leaves behind): removing it would drop the newcomer.
        if (keys.includes(old) || this.#owners.get(old) !== key) continue;
        this.#remove(old);
        this.#owners.delete(old);
      }
      for (const p of prepared) {
        this.#upsert(p);
        this.#owners.set(p.key, key);
      }
      this.#applied.set(key, { resource, derived: keys });
    }
  }

  /**
   * Refuses two resources that become the same Calico resource (a Pod and a WorkloadEndpoint of
   * its name, a Namespace and a `kns.` Profile, a Kubernetes NetworkPolicy and a Calico
   * `knp.default.` one): the later would silently replace the earlier, and deleting either
   * would take the other with it.
   */
  #checkOwners(batch: readonly BatchItem[], issues: ApplyIssue[]): void {
    const reapplied = new Set(batch.map((b) => b.key));
    const owners = new Map<string, { readonly key: string; readonly index: number }>();
    for (const { index, key, resource, prepared } of batch) {
      for (const { key: derived } of prepared) {
        const inBatch = owners.get(derived);
        const earlier = inBatch === undefined ? this.#ownerOf(derived, reapplied) : undefined;
        const other = inBatch?.key ?? earlier;
        if (other !== undefined && other !== key) {
          const where = inBatch === undefined ? " (applied earlier)" : ` (item ${inBatch.index})`;
          const what =
            key === derived
              ? `${describeKey(key)} is`
              : `${describeKey(key)} becomes ${describeKey(derived)}, which is`;
          const why =
            other === derived
              ? `applied directly${where}`
              : `also what ${describeKey(other)}${where} becomes`;
          issues.push(
            applyIssue(index, refOf(resource), {
              code: "duplicate-resource",
              message: `${what} ${why}: apply one of them`,
              path: [],
            }),
          );
        }
        if (inBatch === undefined) owners.set(derived, { key, index });
      }
    }
  }

  /** The applied resource (other than those re-applied now) that became `derived`, if any. */
  #ownerOf(derived: string, reapplied: ReadonlySet<string>): string | undefined {
    const owner = this.#owners.get(derived);
    return owner === undefined || reapplied.has(owner) ? undefined : owner;
  }

  /**
   * Removes a resource as applied (Kubernetes kinds take what they became with them: a Namespace
   * its `kns.` profile). A bare `NetworkPolicy` names the Calico kind first, then the Kubernetes
   * one; pass `apiVersion: "networking.k8s.io/v1"` to pick the latter. Returns whether it existed.
   */
  delete(ref: ResourceRef): boolean {
    if (
      typeof ref !== "object" ||
      ref === null ||
      typeof ref.kind !== "string" ||
      typeof ref.name !== "string"
    ) {
      throw new TypeError(
        `delete: expected { kind, name, namespace? } with string kind and name, got ${typeOfValue(ref)}`,
      );
    }
    for (const field of ["namespace", "apiVersion"] as const) {
      const value: unknown = ref[field];
      if (value !== undefined && typeof value !== "string") {
        throw new TypeError(`delete: expected ${field} to be a string when given, got ${typeOfValue(value)}`);
      }
    }
    for (const key of candidateKeys(ref)) {
      const applied = this.#applied.get(key);
      if (applied === undefined) continue;
      this.#change(() => {
        for (const derived of applied.derived) {
          this.#remove(derived);
          this.#owners.delete(derived);
        }
        this.#applied.delete(key);
      });
      return true;
    }
    return false;
  }

  /**
   * Runs a change of the loaded resources, then delivers the policy-match events it caused. A
   * listener therefore sees the engine as the change left it, and one that throws cannot stop
   * the change halfway.
   */
  #change(change: () => void): void {
    this.#changing++;
    let failure: { readonly error: unknown } | undefined;
    try {
      change();
    } catch (error) {
      failure = { error };
    } finally {
      this.#changing--;
    }
    if (this.#changing === 0) {
      // Events of whatever did change are delivered even when the change failed: none is left
      // queued for a later, unrelated call.
      try {
        this.#deliverMatches();
      } catch (error) {
        failure ??= { error };
      }
      failure ??= this.#indexFailure;
      this.#indexFailure = undefined;
    }
    if (failure !== undefined) throw failure.error;
  }

  /**
   * Runs one update of the label index. Everything was validated before the change began, so
   * what the index throws here comes from its listeners (a caller-supplied index has its own),
   * after the update took effect: the change goes on, and the first such error is rethrown
   * once it is complete.
   */
  #indexed(update: () => void): void {
    try {
      update();
    } catch (error) {
      if (error instanceof LabelIndexError) throw error;
      this.#indexFailure ??= { error };
    }
  }

  /**
   * Delivers pending policy-match events to every listener. Events of a change a listener makes
   * are delivered after the ones pending, by this same call. A listener that throws does not stop
   * delivery: the first error is rethrown once every event has reached every listener.
   */
  #deliverMatches(): void {
    if (this.#deliveringMatches) return;
    this.#deliveringMatches = true;
    let failure: { readonly error: unknown } | undefined;
    const pending = this.#pendingMatches;
    try {
      for (let i = 0; i < pending.length; i++) {
        const { event, policy, endpoint } = pending[i]!;
        // A listener added while this event is delivered hears from the next event on.
        const listeners = this.#matchListeners;
        for (let j = 0, count = listeners.length; j < count; j++) {
          try {
            listeners[j]!(event, policy, endpoint);
          } catch (error) {
            failure ??= { error };
          }
        }
      }
    } finally {
      pending.length = 0;
      this.#deliveringMatches = false;
    }
    if (failure !== undefined) throw failure.error;
  }

  /** Checks a flow: egress on the source endpoint and ingress on the destination. Throws FlowQueryError. */
  check(flow: FlowQuery, options?: CheckOptions): FlowVerdict {
    const result = this.safeCheck(flow, options);
    if (!result.ok) throw result.error;
    return result.verdict;
  }

  /** Like `check`, but returns a bad query's FlowQueryError instead of throwing it. */
  safeCheck(flow: FlowQuery, options?: CheckOptions): SafeCheckResult {
    const resolved = resolveFlow(flow, this.#directory);
    if (!resolved.ok) return { ok: false, error: new FlowQueryError(resolved.issue) };
    const { packet, source, destination } = resolved.flow;
    const trace = options?.trace !== false;
    this.#sets.beginCheck();
    this.#sourceHint = source;
    this.#destinationHint = destination;
    const egress = source === undefined ? null : this.#evaluate(source, "egress", packet, trace);
    const ingress = destination === undefined ? null : this.#evaluate(destination, "ingress", packet, trace);
    this.#sourceHint = undefined;
    this.#destinationHint = undefined;
    return {
      ok: true,
      verdict: {
        allowed:
          (egress === null || egress.action === "allow") && (ingress === null || ingress.action === "allow"),
        egress,
        ingress,
      },
    };
  }

  /** Workload endpoints whose effective labels match the selector, sorted by namespace and name. Throws SelectorError. */
  select(selector: string, options?: { readonly namespace?: string }): EndpointRef[] {
    return this.selectAll(selector, { ...options, kinds: ["WorkloadEndpoint"] }).map((e) => ({
      namespace: e.namespace ?? "",
      name: e.name,
    }));
  }

  /**
   * Every loaded endpoint of the given kinds (default: all) whose effective labels match the
   * selector, sorted by kind, namespace and name. Throws SelectorError.
   */
  selectAll(
    selector: string,
    options?: { readonly namespace?: string; readonly kinds?: readonly LoadedEndpoint["kind"][] },
  ): LoadedEndpoint[] {
    checkSelectOptions(options);
    const parsed = parseSelector(selector);
    const out: LoadedEndpoint[] = [];
    for (const endpoint of this.#endpoints.values()) {
      if (options?.kinds !== undefined && !options.kinds.includes(endpoint.kind)) continue;
      if (options?.namespace !== undefined && endpoint.ref.namespace !== options.namespace) continue;
      const labels = this.#index.labelsOf(endpoint.indexId);
      if (labels !== undefined && parsed.evaluate(labels)) out.push(loadedEndpoint(endpoint));
    }
    return out.sort(compareLoaded);
  }

  /** Effective labels, ordered tiers and policies per direction, and profiles of a workload endpoint. */
  explain(endpoint: EndpointRef | string): EndpointExplanation {
    const ref = endpointRefOrThrow(endpoint);
    const wep = this.#directory.byName(ref.namespace, ref.name);
    if (wep === undefined) {
      throw new FlowQueryError({
        code: "unknown-endpoint",
        field: "endpoint",
        value: endpoint,
        message: `unknown endpoint "${ref.namespace}/${ref.name}": no WorkloadEndpoint or pod with that name in namespace "${ref.namespace}"`,
      });
    }
    const placement = this.#placementOf(wep);
    return {
      endpoint: wep.ref,
      addresses: wep.ips,
      labels: this.#explainLabels(wep),
      profiles: wep.parents,
      ingress: placement.ingress.map(explainTier),
      egress: placement.egress.map(explainTier),
    };
  }

  /** Every workload endpoint, sorted by namespace and name. */
  listEndpoints(): EndpointRef[] {
    return [...this.#byName.values()].map((e) => e.ref).sort(compareRefs);
  }

  /** Resources as applied (Kubernetes kinds unconverted), optionally of one kind (case-insensitive), sorted. */
  getResources(kind?: string): Resource[] {
    if (kind !== undefined && typeof kind !== "string") {
      throw new TypeError(`getResources: expected a kind name (a string), got ${typeOfValue(kind)}`);
    }
    const wanted = kind?.toLowerCase();
    const out: Resource[] = [];
    for (const { resource } of this.#applied.values()) {
      if (wanted === undefined || resource.kind.toLowerCase() === wanted) out.push(resource);
    }
    return out.sort((a, b) => compareStrings(appliedKey(a), appliedKey(b)));
  }

  /** Iterates the resources as applied, in no particular order. */
  *resources(): IterableIterator<Resource> {
    for (const { resource } of this.#applied.values()) yield resource;
  }

  /** Subscribes to policy-to-workload applicability changes (a pass-through of the label index's events). */
  onMatch(listener: PolicyMatchListener): void {
    if (typeof listener !== "function") {
      throw new TypeError(`onMatch: expected a listener function, got ${typeOfValue(listener)}`);
    }
    this.#matchListeners.push(listener);
  }

  readonly #directory: EndpointDirectory<EndpointState> = {
    byName: (namespace, name) => this.#directory.byKey(`${namespace}/${name}`),
    byKey: (key) => this.#byRef.get(key),
    ownerOf: (address) => this.#byAddress.get(address.text),
  };

  #evaluate(wep: EndpointState, direction: Direction, packet: Packet, trace: boolean): DirectionVerdict {
    const placement = this.#placementOf(wep);
    return evaluateDirection({
      endpoint: wep.ref,
      direction,
      tiers: placement[direction],
      profiles: placement.profiles,
      packet,
      sets: this.#sets,
      trace,
    });
  }

  /**
   * The endpoints and network sets containing an address. For a workload's own address the list
   * is cached on the workload until a network set or host endpoint changes (or two workloads
   * share an address), so a check does not repeat the index's containment lookup.
   */
  #holdersAt(address: Address): readonly AddressHolder[] {
    // The flow's own endpoints are known already; only other addresses need the address map.
    const owner =
      ownerHint(this.#sourceHint, address) ??
      ownerHint(this.#destinationHint, address) ??
      this.#byAddress.get(address.text);
    if (owner !== undefined && owner.holders !== undefined && owner.holdersVersion === this.#holdersVersion) {
      return owner.holders;
    }
    const holders: AddressHolder[] = [];
    for (const id of this.#index.endpointsContaining(address.text)) {
      const holder = this.#endpoints.get(id)?.holder;
      if (holder !== undefined) holders.push(holder);
    }
    if (owner !== undefined) {
      owner.holders = holders;
      owner.holdersVersion = this.#holdersVersion;
    }
    return holders;
  }

  /** Ordered tiers per direction and profiles, cached until a match, tier, policy or profile changes. */
  #placementOf(wep: EndpointState): Placement {
    const cached = wep.placement;
    if (cached !== undefined && cached.generation === this.#generation) return cached;
    const policies: PolicyView[] = [];
    for (const selectorId of this.#index.selectorsMatching(wep.indexId)) {
      if (!selectorId.startsWith(POLICY_PREFIX)) continue;
      const policy = this.#policies.get(selectorId.slice(POLICY_PREFIX.length));
      if (policy !== undefined) policies.push(policy.view);
    }
    // Endpoints with the same policies and profiles (every replica of a deployment) share one
    // placement, so checks across many endpoints touch few distinct objects.
    const key = `${policies
      .map((p) => p.key)
      .sort()
      .join("\n")}\n\n${wep.parents.join("\n")}`;
    if (this.#sharedGeneration !== this.#generation) {
      this.#shared.clear();
      this.#sharedTiers.clear();
      this.#sharedGeneration = this.#generation;
    }
    let placement = this.#shared.get(key);
    if (placement === undefined) {
      const tierOf = (name: string) => this.#tierOf(name);
      placement = {
        generation: this.#generation,
        ingress: this.#internTiers(placePolicies(policies, "ingress", tierOf), "ingress"),
        egress: this.#internTiers(placePolicies(policies, "egress", tierOf), "egress"),
        profiles: wep.parents.map(
          (name) =>
            this.#profiles.get(name)?.view ??
            builtinProfile(name) ?? { name, exists: false, ingress: [], egress: [] },
        ),
      };
      this.#shared.set(key, placement);
    }
    wep.placement = placement;
    return placement;
  }

  /** Placed tiers shared across placements (a tier of global policies is the same for most endpoints). */
  #internTiers(tiers: readonly PlacedTier[], direction: Direction): PlacedTier[] {
    return tiers.map((placed) => {
      const key = `${direction}\n${placed.tier.name}\n${placed.policies.map((p) => p.key).join("\n")}`;
      const shared = this.#sharedTiers.get(key);
      if (shared !== undefined) return shared;
      this.#sharedTiers.set(key, placed);
      return placed;
    });
  }

  #tierOf(name: string): TierView {
    const tier = this.#tiers.get(name);
    if (tier !== undefined) {
      return { name, exists: true, order: tier.spec.order, defaultAction: tier.spec.defaultAction };
    }
    return WELL_KNOWN_TIERS.get(name) ?? { name, exists: false, order: undefined, defaultAction: "Deny" };
  }

  #explainLabels(wep: EndpointState): ExplainedLabel[] {
    const seen = new Set<string>();
    const out: ExplainedLabel[] = [];
    for (const [key, value] of wep.labels) {
      seen.add(key);
      out.push({ key, value, source: { kind: "own" } });
    }
    for (const profile of wep.parents) {
      for (const [key, value] of this.#profiles.get(profile)?.labels ?? []) {
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ key, value, source: { kind: "profile", profile } });
      }
    }
    return out;
  }

  #upsert(prepared: Prepared): void {
    switch (prepared.kind) {
      case "policy": {
        const id = POLICY_PREFIX + prepared.key;
        const view = prepared.compiled.view;
        // A staged Delete is kept as applied but never placed: Calico's syncer does not send it
        // to Felix (ConvertStagedNetworkPolicyV3ToV1Value returns nil for it).
        const placed = !(view.staged && view.stagedAction === "Delete");
        // The index refuses to redefine an id; an unchanged selector is kept (no match churn).
        if (
          !placed ||
          this.#policies.get(prepared.key)?.selector.uniqueId !== prepared.compiled.selector.uniqueId
        ) {
          this.#indexed(() => this.#index.removeSelector(id));
        }
        this.#policies.set(prepared.key, prepared.compiled);
        if (placed) this.#indexed(() => this.#index.addSelector(id, prepared.compiled.selector));
        this.#generation++;
        return;
      }
      case "profile":
        this.#profiles.set(prepared.view.name, { view: prepared.view, labels: prepared.labels });
        this.#indexed(() => this.#index.upsertParent(prepared.view.name, prepared.labels));
        this.#generation++;
        return;
      case "tier":
        this.#tiers.set(prepared.tier.metadata.name, prepared.tier);
        this.#generation++;
        return;
      case "slice":
        this.#services.upsert(prepared.key, prepared.slice);
        return;
      case "endpoint": {
        const e = prepared.endpoint;
        const previous = this.#endpoints.get(e.indexId);
        if (previous !== undefined) this.#forgetWorkload(previous);
        e.holder = new IndexHolder(this.#index, e.indexId, e.ports, () => this.#generation);
        if (e.kind !== "WorkloadEndpoint" || this.#sharesAddress(e)) this.#holdersVersion++;
        this.#endpoints.set(e.indexId, e);
        this.#indexed(() =>
          this.#index.upsertEndpoint(e.indexId, {
            labels: e.labels,
            parents: e.parents,
            ips: e.ips,
            ports: e.ports.map((p) => ({
              name: p.name,
              protocol: p.named || String(p.numeric),
              port: p.port,
            })),
          }),
        );
        if (e.kind === "WorkloadEndpoint") {
          this.#byName.set(e.key, e);
          this.#refreshRef(e.key);
          if (e.pod !== undefined) {
            const podKey = `${e.ref.namespace}/${e.pod}`;
            const same = this.#byPod.get(podKey);
            if (same === undefined) this.#byPod.set(podKey, [e]);
            else same.push(e);
            this.#refreshRef(podKey);
          }
          for (const address of e.addresses) this.#byAddress.set(address.text, e);
        }
        return;
      }
      default: {
        const unreachable: never = prepared;
        throw new Error(`unknown prepared resource ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Removes a Calico resource by its key (`Kind|namespace|name`), if present. */
  #remove(calicoKey: string): void {
    const [kind = "", , name = ""] = calicoKey.split("|");
    if (this.#policies.has(calicoKey)) {
      // Remove from the index first, so matchStopped listeners can still name the policy.
      this.#indexed(() => this.#index.removeSelector(POLICY_PREFIX + calicoKey));
      this.#policies.delete(calicoKey);
      this.#generation++;
    } else if (kind === "Profile" && this.#profiles.delete(name)) {
      this.#indexed(() => this.#index.deleteParent(name));
      this.#generation++;
    } else if (kind === "Tier" && this.#tiers.delete(name)) {
      this.#generation++;
    } else if (kind === "EndpointSlice") {
      this.#services.remove(calicoKey);
    } else {
      const id = endpointIndexId(calicoKey);
      const endpoint = id === undefined ? undefined : this.#endpoints.get(id);
      if (endpoint === undefined) return;
      this.#forgetWorkload(endpoint);
      if (endpoint.kind !== "WorkloadEndpoint" || this.#sharesAddress(endpoint)) this.#holdersVersion++;
      this.#indexed(() => this.#index.deleteEndpoint(endpoint.indexId));
      this.#endpoints.delete(endpoint.indexId);
    }
  }

  /** Re-derives one `#byRef` entry from the name and pod maps after either changed. */
  #refreshRef(refKey: string): void {
    const endpoint = this.#byName.get(refKey) ?? this.#byPod.get(refKey)?.at(-1);
    if (endpoint === undefined) this.#byRef.delete(refKey);
    else this.#byRef.set(flatString(refKey), endpoint);
  }

  /** True when another workload claims one of this one's addresses (their holder lists overlap). */
  #sharesAddress(endpoint: EndpointState): boolean {
    for (const address of endpoint.addresses) {
      const other = this.#byAddress.get(address.text);
      if (other !== undefined && other.key !== endpoint.key) return true;
    }
    return false;
  }

  /** Drops a workload endpoint's name, pod-name and address entries (the index keeps its own). */
  #forgetWorkload(endpoint: EndpointState): void {
    if (endpoint.kind !== "WorkloadEndpoint") return;
    if (this.#byName.get(endpoint.key) === endpoint) {
      this.#byName.delete(endpoint.key);
      this.#refreshRef(endpoint.key);
    }
    const podKey = `${endpoint.ref.namespace}/${endpoint.pod}`;
    const same = endpoint.pod === undefined ? undefined : this.#byPod.get(podKey);
    const at = same?.indexOf(endpoint) ?? -1;
    if (at >= 0) {
      // Another endpoint of the same pod (a second interface) takes the pod name back.
      same!.splice(at, 1);
      if (same!.length === 0) this.#byPod.delete(podKey);
      this.#refreshRef(podKey);
    }
    for (const address of endpoint.addresses) {
      if (this.#byAddress.get(address.text) !== endpoint) continue;
      const other = this.#otherWorkloadAt(address.text, endpoint);
      if (other === undefined) this.#byAddress.delete(address.text);
      else this.#byAddress.set(address.text, other);
    }
    endpoint.placement = undefined;
  }

  /** A workload endpoint other than `except` that owns `address`, found through the index. */
  #otherWorkloadAt(address: string, except: EndpointState): EndpointState | undefined {
    for (const id of this.#index.endpointsContaining(address)) {
      const other = this.#endpoints.get(id);
      if (other === undefined || other === except || other.kind !== "WorkloadEndpoint") continue;
      if (other.addresses.some((a) => a.text === address)) return other;
    }
    return undefined;
  }

  #emitMatch(started: boolean, selectorId: string, endpointId: string): void {
    const policy = this.#policies.get(selectorId.slice(POLICY_PREFIX.length));
    const endpoint = this.#endpoints.get(endpointId);
    if (policy === undefined || endpoint === undefined) return;
    this.#pendingMatches.push({
      event: started ? "started" : "stopped",
      policy: policy.view.ref,
      endpoint: endpoint.ref,
    });
    // A change made on a caller-supplied index outside apply / delete is delivered at once.
    if (this.#changing === 0) this.#deliverMatches();
  }
}

// ---- preparation: everything that can fail happens before anything is changed ----

type PrepareResult =
  | { readonly ok: true; readonly value: Prepared }
  | { readonly ok: false; readonly issues: readonly CompileIssue[] };

function prepare(resource: CalicoResource, rules: RuleCache): PrepareResult {
  const k = calicoKey(resource);
  switch (resource.kind) {
    case "NetworkPolicy":
    case "GlobalNetworkPolicy":
    case "StagedNetworkPolicy":
    case "StagedGlobalNetworkPolicy": {
      const result = compilePolicy(resource, rules);
      return result.ok ? { ok: true, value: { kind: "policy", key: k, compiled: result.value } } : result;
    }
    case "StagedKubernetesNetworkPolicy":
      return {
        ok: false,
        issues: [
          {
            code: "unsupported-kind",
            message: "StagedKubernetesNetworkPolicy is not converted to a Calico policy by this version",
            path: ["kind"],
          },
        ],
      };
    case "Profile": {
      const result = compileProfile(resource, rules);
      if (!result.ok) return result;
      return {
        ok: true,
        value: { kind: "profile", key: k, view: result.value, labels: labelMap(resource.spec.labelsToApply) },
      };
    }
    case "Tier":
      return { ok: true, value: { kind: "tier", key: k, tier: resource } };
    case "WorkloadEndpoint":
      return endpointOf(k, workloadState(resource));
    case "HostEndpoint":
      return endpointOf(k, hostState(resource));
    case "NetworkSet":
    case "GlobalNetworkSet":
      return endpointOf(k, networkSetState(resource));
    default: {
      const unreachable: never = resource;
      throw new Error(`unknown resource kind ${JSON.stringify(unreachable)}`);
    }
  }
}

function endpointOf(k: string, state: EndpointState | CompileIssue[]): PrepareResult {
  return Array.isArray(state)
    ? { ok: false, issues: state }
    : { ok: true, value: { kind: "endpoint", key: k, endpoint: state } };
}

/**
 * Labels as Felix sees them: Calico's WEP syncer strips any `pcns.`/`pcsa.` label (so a pod
 * cannot spoof namespace or service-account labels) and the v3 client sets the namespace,
 * orchestrator and service-account labels from the spec.
 */
function workloadState(wep: WorkloadEndpoint): EndpointState | CompileIssue[] {
  const labels = new Map<string, string>();
  for (const [k, v] of labelMap(wep.metadata.labels)) {
    if (!k.startsWith("pcns.") && !k.startsWith("pcsa.")) labels.set(k, v);
  }
  labels.set(NAMESPACE_LABEL, wep.metadata.namespace);
  if (wep.spec.orchestrator !== undefined && wep.spec.orchestrator !== "")
    labels.set(ORCHESTRATOR_LABEL, wep.spec.orchestrator);
  if (wep.spec.serviceAccountName !== undefined && wep.spec.serviceAccountName !== "") {
    labels.set(SERVICE_ACCOUNT_LABEL, wep.spec.serviceAccountName);
  }
  const issues: CompileIssue[] = [];
  const ips = wep.spec.ipNetworks ?? [];
  const addresses = addressesOf(ips, ["spec", "ipNetworks"], issues);
  const ports = portsOf(wep.spec.ports ?? [], issues);
  if (issues.length > 0) return issues;
  const ref = { namespace: wep.metadata.namespace, name: wep.metadata.name };
  return endpointRecord({
    indexId: WEP_PREFIX + key(ref),
    key: key(ref),
    kind: "WorkloadEndpoint",
    ref,
    labels,
    parents: wep.spec.profiles ?? [],
    ips,
    addresses,
    ports,
    pod: wep.spec.pod === undefined || wep.spec.pod === "" ? undefined : wep.spec.pod,
  });
}

function hostState(hep: HostEndpoint): EndpointState | CompileIssue[] {
  const issues: CompileIssue[] = [];
  const ips = hep.spec.expectedIPs ?? [];
  const addresses = addressesOf(ips, ["spec", "expectedIPs"], issues);
  const ports = portsOf(hep.spec.ports ?? [], issues);
  if (issues.length > 0) return issues;
  return endpointRecord({
    indexId: `hep:${hep.metadata.name}`,
    key: `/${hep.metadata.name}`,
    kind: "HostEndpoint",
    ref: { namespace: "", name: hep.metadata.name },
    labels: labelMap(hep.metadata.labels),
    parents: hep.spec.profiles ?? [],
    ips,
    addresses,
    ports,
  });
}

/**
 * A namespaced NetworkSet carries its namespace label and inherits its namespace's `kns.` profile
 * labels, so rules with a namespaceSelector select it (as Calico's NetworkSet update processor does).
 */
function networkSetState(set: NetworkSet | GlobalNetworkSet): EndpointState | CompileIssue[] {
  const issues: CompileIssue[] = [];
  const nets = set.spec.nets ?? [];
  nets.forEach((net, i) => {
    if (parseCidr(net) === undefined)
      issues.push({
        code: "invalid-cidr",
        message: `invalid CIDR ${JSON.stringify(net)}`,
        path: ["spec", "nets", i],
      });
  });
  if (issues.length > 0) return issues;
  const labels = labelMap(set.metadata.labels);
  if (set.kind === "NetworkSet") {
    labels.set(NAMESPACE_LABEL, set.metadata.namespace);
    return endpointRecord({
      indexId: `netset:${set.metadata.namespace}/${set.metadata.name}`,
      key: `${set.metadata.namespace}/${set.metadata.name}`,
      kind: "NetworkSet",
      ref: { namespace: set.metadata.namespace, name: set.metadata.name },
      labels,
      parents: [`kns.${set.metadata.namespace}`],
      ips: nets,
      addresses: [],
      ports: [],
    });
  }
  return endpointRecord({
    indexId: `gnetset:${set.metadata.name}`,
    key: `/${set.metadata.name}`,
    kind: "GlobalNetworkSet",
    ref: { namespace: "", name: set.metadata.name },
    labels,
    parents: [],
    ips: nets,
    addresses: [],
    ports: [],
  });
}

/** A record with its derived fields (first address per family) and empty caches. */
function endpointRecord(
  base: Pick<
    EndpointState,
    "indexId" | "key" | "kind" | "ref" | "labels" | "parents" | "ips" | "addresses" | "ports"
  > & {
    readonly pod?: string | undefined;
  },
): EndpointState {
  return {
    ...base,
    pod: base.pod,
    ipv4: base.addresses.find((a) => a.family === 4),
    ipv6: base.addresses.find((a) => a.family === 6),
    placement: undefined,
    holder: undefined,
    holders: undefined,
    holdersVersion: -1,
  };
}

function addressesOf(
  ips: readonly string[],
  path: readonly (string | number)[],
  issues: CompileIssue[],
): Address[] {
  const out: Address[] = [];
  ips.forEach((ip, i) => {
    const cidr = parseCidr(ip);
    const address = cidr === undefined ? undefined : parseAddress(ip.split("/")[0] ?? "");
    if (address === undefined)
      issues.push({
        code: "invalid-ip",
        message: `invalid address ${JSON.stringify(ip)}`,
        path: [...path, i],
      });
    else out.push(address);
  });
  return out;
}

function portsOf(
  ports: readonly { readonly name: string; readonly protocol: string | number; readonly port: number }[],
  issues: CompileIssue[],
): StoredPort[] {
  const out: StoredPort[] = [];
  ports.forEach((p, i) => {
    const stored = storedPort(p.name, String(p.protocol), p.port);
    if (stored === undefined) {
      issues.push({
        code: "invalid-protocol",
        message: `invalid port protocol ${JSON.stringify(p.protocol)}`,
        path: ["spec", "ports", i, "protocol"],
      });
    } else if (p.name !== "") {
      out.push(stored);
    }
  });
  return out;
}

// ---- keys and small helpers ----

/** The hinted endpoint when `address` is one of its addresses (compared by identity: the flow took it from there). */
function ownerHint(hint: EndpointState | undefined, address: Address): EndpointState | undefined {
  if (hint === undefined) return undefined;
  // The flow took its address from the record's first address of the family (no array read).
  if (hint.ipv4 === address || hint.ipv6 === address) return hint;
  const addresses = hint.addresses;
  for (let i = 0; i < addresses.length; i++) if (addresses[i] === address) return hint;
  return undefined;
}

/**
 * The same text as one contiguous string. A key built by concatenation (`${namespace}/${name}`)
 * is a tree of string pieces, and every lookup that compares a flow's name with it walks the tree
 * through cold memory; a flat key is compared in one read.
 */
function flatString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

function key(ref: EndpointRef): string {
  return `${ref.namespace}/${ref.name}`;
}

function calicoKey(resource: CalicoResource): string {
  return policyKey(resource.kind, resource.metadata.namespace, resource.metadata.name);
}

function endpointIndexId(calicoKey: string): string | undefined {
  const [kind, namespace, name] = calicoKey.split("|");
  switch (kind) {
    case "WorkloadEndpoint":
      return `${WEP_PREFIX}${namespace}/${name}`;
    case "HostEndpoint":
      return `hep:${name}`;
    case "NetworkSet":
      return `netset:${namespace}/${name}`;
    case "GlobalNetworkSet":
      return `gnetset:${name}`;
    default:
      return undefined;
  }
}

const K8S_NETWORKING = "networking.k8s.io/";

/** `Kind|namespace|name`, with Kubernetes NetworkPolicy kept apart from Calico's. */
function appliedKey(resource: Resource): string {
  const kind =
    resource.kind === "NetworkPolicy" && resource.apiVersion.startsWith(K8S_NETWORKING)
      ? "k8s:NetworkPolicy"
      : resource.kind;
  return policyKey(kind, resource.metadata.namespace, resource.metadata.name);
}

/** selectAll's options, checked as the public API checks its arguments (they may come from JSON). */
function checkSelectOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`selectAll: expected options { namespace?, kinds? }, got ${typeOfValue(options)}`);
  }
  const { namespace, kinds } = options as { namespace?: unknown; kinds?: unknown };
  if (namespace !== undefined && typeof namespace !== "string") {
    throw new TypeError(`selectAll: expected namespace to be a string, got ${typeOfValue(namespace)}`);
  }
  if (kinds === undefined) return;
  if (!Array.isArray(kinds)) {
    throw new TypeError(
      `selectAll: expected kinds to be a list of endpoint kinds, got ${typeOfValue(kinds)}`,
    );
  }
  for (const kind of kinds) {
    if (!ENDPOINT_KINDS.includes(kind)) {
      throw new TypeError(
        `selectAll: unknown endpoint kind ${JSON.stringify(kind) ?? typeOfValue(kind)} in kinds: expected ${ENDPOINT_KINDS.join(", ")}`,
      );
    }
  }
}

const ENDPOINT_KINDS: readonly unknown[] = [
  "WorkloadEndpoint",
  "HostEndpoint",
  "NetworkSet",
  "GlobalNetworkSet",
];

function candidateKeys(ref: ResourceRef): string[] {
  const k8s = ref.apiVersion?.startsWith(K8S_NETWORKING) === true;
  const keys: string[] = [];
  if (ref.kind === "NetworkPolicy") {
    if (!k8s) keys.push(policyKey("NetworkPolicy", ref.namespace, ref.name));
    if (k8s || ref.apiVersion === undefined)
      keys.push(policyKey("k8s:NetworkPolicy", ref.namespace, ref.name));
    return keys;
  }
  return [policyKey(ref.kind, ref.namespace, ref.name)];
}

function refOf(value: unknown): ResourceRef | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const kind = Object.hasOwn(r, "kind") && typeof r.kind === "string" ? r.kind : undefined;
  const meta =
    Object.hasOwn(r, "metadata") && typeof r.metadata === "object" && r.metadata !== null
      ? r.metadata
      : undefined;
  const name =
    meta !== undefined && Object.hasOwn(meta, "name") && typeof meta.name === "string"
      ? meta.name
      : undefined;
  if (kind === undefined || name === undefined) return undefined;
  const namespace =
    meta !== undefined && Object.hasOwn(meta, "namespace") && typeof meta.namespace === "string"
      ? meta.namespace
      : undefined;
  return namespace === undefined ? { kind, name } : { kind, name, namespace };
}

function applyIssue(
  index: number,
  resource: ResourceRef | undefined,
  issue: { readonly code: string; readonly message: string; readonly path: readonly (string | number)[] },
): ApplyIssue {
  return resource === undefined
    ? { code: issue.code, message: issue.message, path: issue.path, index }
    : { code: issue.code, message: issue.message, path: issue.path, index, resource };
}

function labelMap(labels: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (labels === undefined) return out;
  for (const k of Object.keys(labels)) out.set(k, labels[k]!);
  return out;
}

function endpointRefOrThrow(value: EndpointRef | string): EndpointRef {
  const parsed = safeEndpointRef(value, "endpoint");
  if (!parsed.ok) throw new FlowQueryError(parsed.issue);
  return parsed.ref;
}

function explainTier(placed: PlacedTier): ExplainedTier {
  return {
    name: placed.tier.name,
    order: placed.tier.order ?? null,
    defaultAction: placed.tier.defaultAction,
    exists: placed.tier.exists,
    policies: placed.policies.map((p) => ({ ...p.ref, order: p.order ?? null, staged: p.staged })),
  };
}

function loadedEndpoint(e: EndpointState): LoadedEndpoint {
  return e.ref.namespace === ""
    ? { kind: e.kind, name: e.ref.name }
    : { kind: e.kind, name: e.ref.name, namespace: e.ref.namespace };
}

function compareLoaded(a: LoadedEndpoint, b: LoadedEndpoint): number {
  return (
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.namespace ?? "", b.namespace ?? "") ||
    compareStrings(a.name, b.name)
  );
}

function compareRefs(a: EndpointRef, b: EndpointRef): number {
  return compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "Pod prod/web" for an applied or derived key ("kind|namespace|name"). */
function describeKey(key: string): string {
  const [kind = "", namespace = "", name = ""] = key.split("|");
  return `${kind.replace(/^k8s:/, "Kubernetes ")} ${namespace === "" ? name : `${namespace}/${name}`}`;
}

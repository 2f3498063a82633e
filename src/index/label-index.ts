/**
 * The incremental label index (DESIGN.md "Label index", issue #4): endpoints, parents and
 * selectors in; match sets, named-port IP-set members and address lookups out, with events.
 *
 * Cost model. Endpoints sharing (own labels, parents) share a LabelContext, so a selector is
 * evaluated once per context and matches are stored per context. A new context evaluates only
 * the selectors filed under labels it carries (plus unoptimized ones); a new selector evaluates
 * only the contexts its cheapest label restriction admits, counted from real set sizes; a parent
 * change evaluates only (its contexts) × (selectors mentioning a changed label), so a label no
 * selector mentions costs nothing per child.
 */
import { labelRestrictions, possibleToSatisfy, safeParseSelector } from "../selector/index.js";
import type { LabelLookup, Labels, Selector } from "../selector/types.js";
import { AddressIndex } from "./address-index.js";
import {
  checkId,
  type NormalisedEndpoint,
  normaliseEndpoint,
  normaliseLabels,
  samePorts,
  sortPairs,
  storedPorts,
} from "./endpoint-input.js";
import { issue, LabelIndexError, type LabelIndexIssue, type LabelIndexResult, show } from "./errors.js";
import { EventQueue, type MatchListener, type MemberListener } from "./event-queue.js";
import { flatten } from "./flatten.js";
import { IntMap } from "./int-map.js";
import { contribute, countMembers } from "./ip-set-members.js";
import {
  cidrsOf,
  type EndpointRecord,
  joinParent,
  LabelContext,
  leaveParent,
  newParent,
  type ParentRecord,
  parentContextCount,
  sameIps,
  storedIps,
} from "./label-context.js";
import { NAMED_PORT_PROTOCOLS, type StoredPort } from "./named-port.js";
import { SelectorFiling } from "./selector-filing.js";
import {
  type FilingKey,
  type IpSet,
  ipSetKey,
  referencedLabels,
  type SelectorState,
} from "./selector-state.js";
import { SerialTable } from "./serial-table.js";
import type {
  IndexEndpoint,
  IpSetMember,
  LabelIndexApi,
  MatchEvent,
  MemberEvent,
  NamedPortProtocol,
} from "./types.js";
import { ValueIndex } from "./value-index.js";

/** Counters for benchmarks and diagnostics. */
export interface LabelIndexStats {
  /** Selector evaluations performed so far (the amplification numerator). */
  readonly evaluations: number;
  readonly endpoints: number;
  /** Distinct (own labels, parents) pairs. */
  readonly contexts: number;
  readonly parents: number;
  /** Distinct selectors (by uniqueId). */
  readonly selectors: number;
  /** Caller selector ids. */
  readonly selectorIds: number;
  /** Selectors with no usable restriction, evaluated on every new context. */
  readonly unoptimizedSelectors: number;
}

/** A named-port IP-set request: the port name and the protocol the rule implies. */
export interface NamedPortRequest {
  readonly name: string;
  readonly protocol: NamedPortProtocol;
}

const OK: LabelIndexResult = Object.freeze({ ok: true });
const NO_STORED_PORTS: readonly StoredPort[] = Object.freeze([]);

// Beyond this many parents, the parent-derived candidate estimate is extrapolated from a sample
// (as Felix does) instead of summed exactly.
const PARENT_SAMPLE = 32;

/** Tuning knobs for a LabelIndex. */
export interface LabelIndexOptions {
  /**
   * How many label contexts to keep indexed after their last endpoint leaves (default 1024), so
   * a pod flapping a label or restarting alone reuses its match set instead of re-evaluating.
   */
  readonly idleContexts?: number;
}

const DEFAULT_IDLE_CONTEXTS = 1024;

// Up to this many affected selectors, a parent update evaluates them directly without estimating.
const DIRECT_LIMIT = 8;

/** The incremental selector / named-port / address index. */
export class LabelIndex implements LabelIndexApi {
  readonly #endpoints = new Map<string, EndpointRecord>();
  /** Contexts by hash (an array on the rare collision). */
  readonly #contexts = new IntMap<LabelContext | LabelContext[]>();
  #contextCount = 0;
  readonly #parents = new Map<string, ParentRecord>();
  readonly #contextSerials = new SerialTable<LabelContext>();
  readonly #ownIndex = new ValueIndex<LabelContext>(this.#contextSerials);
  readonly #parentIndex = new ValueIndex<ParentRecord>();
  readonly #filing = new SelectorFiling();
  readonly #states = new Map<string, SelectorState>();
  readonly #ipSets = new Map<string, IpSet>();
  readonly #ids = new Map<string, IpSet>();
  readonly #referencing = new Map<string, Set<SelectorState>>();
  readonly #addresses = new AddressIndex<EndpointRecord>();
  readonly #events = new EventQueue();
  /** Contexts with no endpoints, oldest first (see #releaseContext). */
  readonly #idle = new Set<LabelContext>();
  readonly #portLists = new Map<string, { readonly ports: readonly StoredPort[]; refs: number }>();
  readonly #portKeys = new Map<readonly StoredPort[], string>();
  readonly #idleLimit: number;
  #epoch = 0;
  #evaluations = 0;
  #trackMembers = false;

  /** Creates an empty index. */
  constructor(options: LabelIndexOptions = {}) {
    const idle = options.idleContexts ?? DEFAULT_IDLE_CONTEXTS;
    if (!Number.isInteger(idle) || idle < 0) {
      throw new RangeError(`invalid idleContexts ${String(idle)}: expected a non-negative integer`);
    }
    this.#idleLimit = idle;
  }

  // ---------------------------------------------------------------- endpoints

  /** Adds or replaces an endpoint; throws LabelIndexError (index unchanged) on bad input. */
  upsertEndpoint(id: string, endpoint: IndexEndpoint): void {
    throwIfError(this.safeUpsertEndpoint(id, endpoint));
  }

  /** Adds or replaces an endpoint, returning a problem as data instead of throwing. */
  safeUpsertEndpoint(id: string, endpoint: IndexEndpoint): LabelIndexResult {
    const badId = checkId(id, "endpoint");
    if (badId !== undefined) return { ok: false, error: badId };
    const normalised = normaliseEndpoint(id, endpoint);
    if (isIssue(normalised)) return { ok: false, error: normalised };
    this.#applyEndpoint(id, normalised);
    this.#events.flush();
    return OK;
  }

  /** Removes an endpoint (no-op when unknown). */
  deleteEndpoint(id: string): void {
    throwIfIssue(checkId(id, "endpoint"));
    const record = this.#endpoints.get(id);
    if (record === undefined) return;
    const context = record.context;
    if (this.#observed()) {
      for (const state of context.matches) for (const set of state.ipSets) this.#endpointStops(set, record);
    }
    for (const cidr of cidrsOf(record)) this.#addresses.remove(cidr, record);
    this.#releasePorts(record.ports);
    this.#endpoints.delete(id);
    context.leave(record);
    this.#releaseContext(context);
    this.#events.flush();
  }

  // ---------------------------------------------------------------- parents

  /** Adds or replaces a parent's labels; throws LabelIndexError (index unchanged) on bad input. */
  upsertParent(id: string, labels: Labels): void {
    throwIfError(this.safeUpsertParent(id, labels));
  }

  /** Adds or replaces a parent's labels, returning a problem as data instead of throwing. */
  safeUpsertParent(id: string, labels: Labels): LabelIndexResult {
    const badId = checkId(id, "parent");
    if (badId !== undefined) return { ok: false, error: badId };
    const normalised = normaliseLabels(labels, `parent ${show(id)}.labels`);
    if (!(normalised instanceof Map)) return { ok: false, error: normalised };
    this.#applyParent(id, normalised);
    this.#events.flush();
    return OK;
  }

  /** Removes a parent: its children keep referencing it but inherit nothing from it (§E). */
  deleteParent(id: string): void {
    throwIfIssue(checkId(id, "parent"));
    this.#applyParent(id, null);
    this.#events.flush();
  }

  // ---------------------------------------------------------------- selectors

  /**
   * Adds a selector under a caller-chosen id, optionally as a named-port IP set. The same id
   * with the same selector and named port again is a no-op; with a different one it is refused.
   */
  addSelector(id: string, selector: Selector | string, namedPort?: NamedPortRequest): void {
    throwIfError(this.safeAddSelector(id, selector, namedPort));
  }

  /** addSelector, returning a problem as data instead of throwing. */
  safeAddSelector(id: string, selector: Selector | string, namedPort?: NamedPortRequest): LabelIndexResult {
    const badId = checkId(id, "selector");
    if (badId !== undefined) return { ok: false, error: badId };
    const at = `selector ${show(id)}`;
    let parsed: Selector;
    if (typeof selector === "string") {
      const result = safeParseSelector(selector);
      if (!result.ok) {
        return {
          ok: false,
          error: issue("invalid-selector", at, `invalid selector ${show(selector)}: ${result.error.message}`),
        };
      }
      parsed = result.selector;
    } else if (isSelector(selector)) {
      parsed = selector;
    } else {
      return {
        ok: false,
        error: issue(
          "invalid-selector",
          at,
          `invalid selector ${show(selector)}: expected selector text or a Selector`,
        ),
      };
    }
    const port = checkNamedPort(namedPort, at);
    if (isIssue(port)) return { ok: false, error: port };

    const key = ipSetKey(parsed.uniqueId, port);
    const existing = this.#ids.get(id);
    if (existing !== undefined) {
      if (existing.key === key) return OK;
      return {
        ok: false,
        error: issue(
          "duplicate-selector-id",
          at,
          `selector id ${show(id)} is already used for ${describeSet(existing)}; refusing to redefine it as ${show(parsed.canonical)}${port === undefined ? "" : ` (named port ${port.protocol}:${port.name})`}: remove it first`,
        ),
      };
    }

    let set = this.#ipSets.get(key);
    if (set === undefined) {
      const state = this.#states.get(parsed.uniqueId) ?? this.#createState(parsed);
      set = { key, state, namedPort: port ?? null, ids: [], members: null };
      state.ipSets.push(set);
      this.#ipSets.set(key, set);
      if (this.#trackMembers) set.members = countMembers(set);
    }
    set.ids.push(flatten(id));
    this.#ids.set(id, set);
    if (this.#events.wantsMatches) {
      for (const context of set.state.contexts) {
        for (const endpoint of context.members) this.#events.started(id, endpoint.id);
      }
    }
    if (set.members !== null) for (const entry of set.members.values()) this.#events.added(id, entry.member);
    this.#events.flush();
    return OK;
  }

  /** Removes a selector id (no-op when unknown), with matchStopped / memberRemoved for it. */
  removeSelector(id: string): void {
    throwIfIssue(checkId(id, "selector"));
    const set = this.#ids.get(id);
    if (set === undefined) return;
    this.#ids.delete(id);
    set.ids.splice(set.ids.indexOf(id), 1);
    const state = set.state;
    if (this.#events.wantsMatches) {
      for (const context of state.contexts) {
        for (const endpoint of context.members) this.#events.stopped(id, endpoint.id);
      }
    }
    if (set.members !== null)
      for (const entry of set.members.values()) this.#events.removed(id, entry.member);
    if (set.ids.length === 0) {
      this.#ipSets.delete(set.key);
      state.ipSets.splice(state.ipSets.indexOf(set), 1);
      if (state.ipSets.length === 0) this.#destroyState(state);
    }
    this.#events.flush();
  }

  // ---------------------------------------------------------------- queries

  /** Endpoint ids the selector currently matches (empty for an unknown id). */
  *matchingEndpoints(selectorId: string): Iterable<string> {
    const set = this.#ids.get(selectorId);
    if (set === undefined) return;
    for (const context of set.state.contexts) for (const endpoint of context.members) yield endpoint.id;
  }

  /** O(1): does the selector currently match the endpoint? */
  isMatch(selectorId: string, endpointId: string): boolean {
    const set = this.#ids.get(selectorId);
    const endpoint = this.#endpoints.get(endpointId);
    return set !== undefined && endpoint !== undefined && set.state.contexts.has(endpoint.context);
  }

  /** Selector ids currently matching the endpoint (empty for an unknown endpoint). */
  *selectorsMatching(endpointId: string): Iterable<string> {
    const endpoint = this.#endpoints.get(endpointId);
    if (endpoint === undefined) return;
    for (const state of endpoint.context.matches) for (const set of state.ipSets) yield* set.ids;
  }

  /** The selector's IP-set members (§F), each once. */
  members(selectorId: string): Iterable<IpSetMember> {
    const set = this.#ids.get(selectorId);
    if (set === undefined) return [];
    const counted = set.members ?? countMembers(set);
    return [...counted.values()].map((entry) => entry.member);
  }

  /** Endpoint ids whose addresses or CIDRs contain `ip`, longest prefix first (ties by id). */
  endpointsContaining(ip: string): readonly string[] {
    const found = this.#addresses.containing(ip);
    const ids = new Array<string>(found.length);
    for (let i = 0; i < found.length; i++) ids[i] = found[i]!.id;
    return ids;
  }

  /** An allocation-free effective-label view (own, then parents in order), or undefined. */
  labelsOf(endpointId: string): LabelLookup | undefined {
    return this.#endpoints.get(endpointId)?.context;
  }

  /** Effective labels materialised for display, or undefined for an unknown endpoint. */
  effectiveLabels(endpointId: string): ReadonlyMap<string, string> | undefined {
    return this.#endpoints.get(endpointId)?.context.effective();
  }

  /** Registers an event listener (a function); events fire synchronously once the index is consistent. */
  on(event: MatchEvent, cb: (selectorId: string, endpointId: string) => void): void;
  on(event: MemberEvent, cb: (selectorId: string, member: IpSetMember) => void): void;
  on(event: MatchEvent | MemberEvent, cb: MatchListener | MemberListener): void {
    this.#events.on(event, cb);
    if (this.#events.wantsMembers && !this.#trackMembers) {
      this.#trackMembers = true;
      for (const set of this.#ipSets.values()) set.members = countMembers(set);
    }
  }

  /** Counters (selector evaluations, sizes) for benchmarks and diagnostics. */
  stats(): LabelIndexStats {
    return {
      evaluations: this.#evaluations,
      endpoints: this.#endpoints.size,
      contexts: this.#contextCount,
      parents: this.#parents.size,
      selectors: this.#states.size,
      selectorIds: this.#ids.size,
      unoptimizedSelectors: this.#filing.unoptimizedCount,
    };
  }

  // ---------------------------------------------------------------- internals: endpoints

  #applyEndpoint(id: string, input: NormalisedEndpoint): void {
    const context = this.#acquireContext(input);
    const record = this.#endpoints.get(id);
    const ports = this.#internPorts(input);
    if (record === undefined) {
      const created: EndpointRecord = {
        id: flatten(id),
        context,
        ips: storedIps(input.cidrs),
        ports,
        slot: 0,
      };
      this.#endpoints.set(id, created);
      context.join(created);
      for (const cidr of input.cidrs) this.#addresses.add(cidr, created);
      if (this.#observed()) {
        for (const state of context.matches)
          for (const set of state.ipSets) this.#endpointStarts(set, created);
      }
      return;
    }
    const old = record.context;
    const newIps = storedIps(input.cidrs);
    const addressesChanged = !sameIps(record.ips, newIps);
    const oldCidrs = cidrsOf(record);
    const oldPorts = record.ports;
    const contributionChanged = addressesChanged || !samePorts(oldPorts, ports);
    const observed = this.#observed();
    if (old !== context && observed) {
      for (const state of old.matches) {
        if (!context.hasMatch(state)) for (const set of state.ipSets) this.#endpointStops(set, record);
      }
    }
    if (contributionChanged && this.#trackMembers) {
      // Add the new contribution before removing the old so unchanged members never blink.
      for (const state of old.matches) {
        if (!context.hasMatch(state)) continue;
        for (const set of state.ipSets) {
          contribute(set, input.cidrs, ports, 1, this.#events);
          contribute(set, oldCidrs, oldPorts, -1, this.#events);
        }
      }
    }
    if (addressesChanged) {
      for (const cidr of oldCidrs) this.#addresses.remove(cidr, record);
      for (const cidr of input.cidrs) this.#addresses.add(cidr, record);
    }
    record.ips = newIps;
    record.ports = ports;
    this.#releasePorts(oldPorts);
    if (old !== context) {
      old.leave(record);
      record.context = context;
      context.join(record);
      if (observed) {
        for (const state of context.matches) {
          if (!old.hasMatch(state)) for (const set of state.ipSets) this.#endpointStarts(set, record);
        }
      }
      this.#releaseContext(old);
    }
  }

  /** The shared copy of an endpoint's port list (replicas of a Deployment have identical ports). */
  #internPorts(input: NormalisedEndpoint): readonly StoredPort[] {
    if (input.ports.length === 0) return NO_STORED_PORTS;
    const entry = this.#portLists.get(input.portsKey);
    if (entry !== undefined) {
      entry.refs++;
      return entry.ports;
    }
    const ports = storedPorts(input.ports);
    const key = flatten(input.portsKey);
    this.#portLists.set(key, { ports, refs: 1 });
    this.#portKeys.set(ports, key);
    return ports;
  }

  #releasePorts(ports: readonly StoredPort[]): void {
    if (ports.length === 0) return;
    const key = this.#portKeys.get(ports)!;
    const entry = this.#portLists.get(key)!;
    if (--entry.refs > 0) return;
    this.#portLists.delete(key);
    this.#portKeys.delete(ports);
  }

  /** True when match or member changes have to be computed per endpoint (someone is listening). */
  #observed(): boolean {
    return this.#trackMembers || this.#events.wantsMatches;
  }

  #endpointStarts(set: IpSet, endpoint: EndpointRecord): void {
    for (const id of set.ids) this.#events.started(id, endpoint.id);
    if (set.members !== null) contribute(set, cidrsOf(endpoint), endpoint.ports, 1, this.#events);
  }

  #endpointStops(set: IpSet, endpoint: EndpointRecord): void {
    for (const id of set.ids) this.#events.stopped(id, endpoint.id);
    if (set.members !== null) contribute(set, cidrsOf(endpoint), endpoint.ports, -1, this.#events);
  }

  // ---------------------------------------------------------------- internals: contexts

  #acquireContext(input: NormalisedEndpoint): LabelContext {
    const existing = this.#findContext(input);
    if (existing !== undefined) {
      if (existing.members.length === 0) this.#idle.delete(existing);
      return existing;
    }
    const parents = input.parents.map((id) => this.#parent(id));
    const own = sortPairs(input.labels);
    const context = new LabelContext(this.#contextSerials.next(), input.contextHash, own, parents);
    this.#contextSerials.register(context);
    const slot = this.#contexts.get(context.hash);
    if (slot === undefined) this.#contexts.set(context.hash, context);
    else if (Array.isArray(slot)) slot.push(context);
    else this.#contexts.set(context.hash, [slot, context]);
    this.#contextCount++;
    this.#fileOwnLabels(context, own);
    // A parent listed twice is one parent of the context (Felix keeps a parent's endpoints as a set).
    for (let i = 0; i < parents.length; i++) {
      if (parents.indexOf(parents[i]!) === i) joinParent(parents[i]!, context);
    }
    const epoch = ++this.#epoch;
    this.#filing.forEachCandidate(context, (state) => {
      if (state.mark === epoch) return;
      state.mark = epoch;
      if (this.#evaluate(state, context)) {
        context.addMatch(state);
        state.contexts.add(context);
      }
    });
    return context;
  }

  /**
   * Files a new context's own labels in the value index, replacing each key and value in `own`
   * (the context's array, not yet shared) with the copy an existing context already stores when
   * one carries the same pair (a namespace or version value is shared by many contexts), else
   * flattening it: each distinct string is kept once, ~30 B saved per repeat.
   */
  #fileOwnLabels(context: LabelContext, own: string[]): void {
    for (let i = 0; i < own.length; i += 2) {
      const other = this.#ownIndex.add(own[i]!, own[i + 1]!, context);
      const at = other === undefined ? -1 : other.ownIndexOf(own[i]!);
      if (at < 0) {
        flatten(own[i]!);
        flatten(own[i + 1]!);
      } else {
        own[i] = other!.own[at]!;
        own[i + 1] = other!.own[at + 1]!;
      }
    }
  }

  /**
   * Parks a context that lost its last endpoint among the idle ones (still indexed and kept up to
   * date, so a pod that flips a label back and forth, or restarts alone, reuses its match set
   * without re-evaluating), destroying the longest-idle one beyond the `idleContexts` option.
   */
  #releaseContext(context: LabelContext): void {
    if (context.members.length > 0) return;
    this.#idle.add(context);
    if (this.#idle.size <= this.#idleLimit) return;
    const oldest = this.#idle.values().next().value!;
    this.#idle.delete(oldest);
    this.#destroyContext(oldest);
  }

  #findContext(input: NormalisedEndpoint): LabelContext | undefined {
    const slot = this.#contexts.get(input.contextHash);
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return slot.sameAs(input.labels, input.parents) ? slot : undefined;
    for (const context of slot) if (context.sameAs(input.labels, input.parents)) return context;
    return undefined;
  }

  #destroyContext(context: LabelContext): void {
    const slot = this.#contexts.get(context.hash);
    if (Array.isArray(slot)) {
      slot.splice(slot.indexOf(context), 1);
      if (slot.length === 1) this.#contexts.set(context.hash, slot[0]!);
    } else {
      this.#contexts.delete(context.hash);
    }
    this.#contextCount--;
    const own = context.own;
    for (let i = 0; i < own.length; i += 2) this.#ownIndex.remove(own[i]!, own[i + 1]!, context);
    this.#contextSerials.release(context);
    for (const parent of context.parents) {
      leaveParent(parent, context);
      if (parent.labels === null && parentContextCount(parent) === 0) this.#parents.delete(parent.id);
    }
    for (const state of context.matches) state.contexts.delete(context);
  }

  #parent(id: string): ParentRecord {
    let parent = this.#parents.get(id);
    if (parent === undefined) {
      parent = newParent(flatten(id));
      this.#parents.set(id, parent);
    }
    return parent;
  }

  #evaluate(state: SelectorState, context: LabelContext): boolean {
    this.#evaluations++;
    return state.selector.evaluate(context);
  }

  // ---------------------------------------------------------------- internals: parents

  #applyParent(id: string, labels: Map<string, string> | null): void {
    const existing = this.#parents.get(id);
    if (existing === undefined && labels === null) return;
    const parent = existing ?? this.#parent(id);
    const old = parent.labels;
    const changed: string[] = [];
    if (old !== null) for (const [label, value] of old) if (labels?.get(label) !== value) changed.push(label);
    if (labels !== null)
      for (const label of labels.keys()) if (old === null || !old.has(label)) changed.push(label);
    // A relabelled parent keeps its Map, changed in place, and values another parent already
    // stores are shared: a namespace relabel then leaves no long-lived garbage behind (the old
    // Map would be old-generation garbage, whose marking cost grows with the heap).
    const inPlace = old !== null && labels !== null;
    for (const label of changed) {
      const before = old?.get(label);
      const after = labels?.get(label);
      if (before !== undefined) this.#parentIndex.remove(label, before, parent);
      if (after === undefined) {
        if (inPlace) old.delete(label);
        continue;
      }
      const other = this.#parentIndex.add(label, after, parent);
      if (!inPlace) continue;
      const shared = other?.labels?.get(label);
      old.set(label, shared ?? after);
    }
    if (!inPlace) parent.labels = labels;

    // Only selectors mentioning a changed label can change result; none ⇒ the children are untouched.
    let mentioning = 0;
    for (const label of changed) mentioning += this.#referencing.get(label)?.size ?? 0;
    if (mentioning > 0 && parentContextCount(parent) > 0) {
      const starts: [SelectorState, LabelContext][] = [];
      const stops: [SelectorState, LabelContext][] = [];
      let context!: LabelContext;
      const check = (state: SelectorState): void => {
        const was = context.hasMatch(state);
        if (this.#evaluate(state, context) !== was) (was ? stops : starts).push([state, context]);
      };
      // The mentioning selectors as a list, built only if some context wants it.
      let affected: SelectorState[] | undefined;
      const affectedList = (): SelectorState[] => {
        if (affected !== undefined) return affected;
        const epoch = ++this.#epoch;
        affected = [];
        for (const label of changed) {
          for (const state of this.#referencing.get(label) ?? []) {
            if (state.mark === epoch) continue;
            state.mark = epoch;
            affected.push(state);
          }
        }
        return affected;
      };
      for (context of parent.contexts) {
        // Cheapest candidate set per context: the mentioning selectors themselves, or (when many
        // selectors mention the label, e.g. 100 `name == "ns-i"` selectors) only those that match
        // now or are filed under a label the context now carries, filtered to the mentioning ones.
        if (mentioning <= DIRECT_LIMIT || mentioning <= this.#filing.estimate(context) + context.matchCount) {
          for (const state of affectedList()) check(state);
          continue;
        }
        const visit = ++this.#epoch;
        const consider = (state: SelectorState): void => {
          if (state.seen === visit) return;
          state.seen = visit;
          if (mentionsAny(state, changed)) check(state);
        };
        for (const state of context.matches) consider(state);
        this.#filing.forEachCandidate(context, consider);
      }
      // Starts before stops, so a member shared by a context leaving and one joining never blinks.
      for (const [state, context] of starts) this.#contextStarts(state, context);
      for (const [state, context] of stops) this.#contextStops(state, context);
    }
    if (labels === null && parentContextCount(parent) === 0) this.#parents.delete(parent.id);
  }

  #contextStarts(state: SelectorState, context: LabelContext): void {
    state.contexts.add(context);
    context.addMatch(state);
    if (!this.#observed()) return;
    for (const set of state.ipSets) {
      for (const endpoint of context.members) this.#endpointStarts(set, endpoint);
    }
  }

  #contextStops(state: SelectorState, context: LabelContext): void {
    state.contexts.delete(context);
    context.removeMatch(state);
    if (!this.#observed()) return;
    for (const set of state.ipSets) {
      for (const endpoint of context.members) this.#endpointStops(set, endpoint);
    }
  }

  // ---------------------------------------------------------------- internals: selector states

  #createState(selector: Selector): SelectorState {
    const restrictions = labelRestrictions(selector);
    let best:
      | { label: string; values: readonly string[] | undefined; estimate: number; filed: number }
      | undefined;
    const possible = possibleToSatisfy(restrictions);
    if (possible) {
      for (const [label, restriction] of restrictions) {
        if (!restriction.mustBePresent) continue;
        const values = restriction.mustHaveOneOfValues;
        let estimate = 0;
        let filed = 0;
        if (values === undefined) {
          estimate = this.#ownIndex.countWithLabel(label);
          this.#parentIndex.forEachValueGroup(label, (size, sample) => {
            estimate += this.#parentEstimate(size, sample);
          });
          filed = this.#filing.filedCount(label, undefined);
        } else {
          for (const value of values) {
            estimate += this.#ownIndex.countWith(label, value);
            estimate += this.#parentEstimate(
              this.#parentIndex.countWith(label, value),
              this.#parentIndex.itemsWith(label, value),
            );
            filed += this.#filing.filedCount(label, value);
          }
        }
        if (best === undefined || better(estimate, filed, values, label, best)) {
          best = { label, values, estimate, filed };
        }
      }
    }
    const filing: FilingKey = !possible
      ? { kind: "impossible" }
      : best === undefined
        ? { kind: "unoptimized" }
        : best.values === undefined
          ? { kind: "wildcard", label: best.label }
          : { kind: "values", label: best.label, values: best.values };
    const state: SelectorState = {
      selector,
      filing,
      labels: referencedLabels(selector.ast),
      contexts: new Set(),
      ipSets: [],
      mark: 0,
      seen: 0,
    };
    this.#states.set(selector.uniqueId, state);
    this.#filing.file(state);
    for (const label of state.labels) {
      let states = this.#referencing.get(label);
      if (states === undefined) {
        states = new Set();
        this.#referencing.set(label, states);
      }
      states.add(state);
    }
    if (filing.kind === "impossible") return state;

    const epoch = ++this.#epoch;
    const consider = (context: LabelContext): void => {
      if (context.mark === epoch) return;
      context.mark = epoch;
      if (this.#evaluate(state, context)) {
        state.contexts.add(context);
        context.addMatch(state);
      }
    };
    if (best === undefined) {
      this.#contexts.forEach((slot) => {
        if (Array.isArray(slot)) for (const context of slot) consider(context);
        else consider(slot);
      });
    } else if (best.values === undefined) {
      this.#ownIndex.forEachWithLabel(best.label, consider);
      this.#parentIndex.forEachWithLabel(best.label, (parent) => {
        for (const c of parent.contexts) consider(c);
      });
    } else {
      for (const value of best.values) {
        for (const c of this.#ownIndex.itemsWith(best.label, value)) consider(c);
        for (const parent of this.#parentIndex.itemsWith(best.label, value)) {
          for (const c of parent.contexts) consider(c);
        }
      }
    }
    return state;
  }

  /** Estimated contexts reached through `size` parents, from a sample of at most PARENT_SAMPLE of them. */
  #parentEstimate(size: number, parents: Iterable<ParentRecord>): number {
    let seen = 0;
    let sum = 0;
    for (const parent of parents) {
      sum += parentContextCount(parent);
      if (++seen === PARENT_SAMPLE) break;
    }
    return seen === 0 ? 0 : (sum / seen) * size;
  }

  #destroyState(state: SelectorState): void {
    this.#states.delete(state.selector.uniqueId);
    this.#filing.unfile(state);
    for (const label of state.labels) {
      const states = this.#referencing.get(label);
      states?.delete(state);
      if (states?.size === 0) this.#referencing.delete(label);
    }
    for (const context of state.contexts) context.removeMatch(state);
    state.contexts.clear();
  }
}

/**
 * Filing preference: fewer contexts carrying the key now (real counts), then fewer selectors
 * already filed there (so with no data yet, e.g. Felix's WorkloadUpdate shape where every
 * selector has `alpha == "beta"`, selectors spread over their distinct labels), then specific
 * values over a bare label, then the lexicographically larger label (Felix's tie-break).
 */
function better(
  estimate: number,
  filed: number,
  values: readonly string[] | undefined,
  label: string,
  best: { label: string; values: readonly string[] | undefined; estimate: number; filed: number },
): boolean {
  if (estimate !== best.estimate) return estimate < best.estimate;
  if (filed !== best.filed) return filed < best.filed;
  const specific = values !== undefined;
  const bestSpecific = best.values !== undefined;
  if (specific !== bestSpecific) return specific;
  return label > best.label;
}

/** True when the selector mentions one of the labels (both lists are short). */
function mentionsAny(state: SelectorState, labels: readonly string[]): boolean {
  for (const label of labels) if (state.labels.includes(label)) return true;
  return false;
}

function isIssue(value: object | undefined): value is LabelIndexIssue {
  return value !== undefined && "code" in value && "path" in value && "message" in value;
}

function throwIfError(result: LabelIndexResult): void {
  if (!result.ok) throw new LabelIndexError(result.error);
}

function throwIfIssue(problem: LabelIndexIssue | undefined): void {
  if (problem !== undefined) throw new LabelIndexError(problem);
}

function isSelector(value: unknown): value is Selector {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Partial<Selector>;
  return typeof s.uniqueId === "string" && typeof s.evaluate === "function" && typeof s.ast === "object";
}

function checkNamedPort(namedPort: unknown, at: string): NamedPortRequest | undefined | LabelIndexIssue {
  if (namedPort === undefined) return undefined;
  const p = namedPort as { name?: unknown; protocol?: unknown } | null;
  if (typeof p !== "object" || p === null) {
    return issue(
      "invalid-named-port",
      `${at}.namedPort`,
      `invalid named port ${show(namedPort)}: expected {name, protocol}`,
    );
  }
  if (typeof p.name !== "string" || p.name.length === 0) {
    return issue(
      "invalid-named-port",
      `${at}.namedPort.name`,
      `invalid port name ${show(p.name)}: expected a non-empty string`,
    );
  }
  if (typeof p.protocol !== "string" || !NAMED_PORT_PROTOCOLS.has(p.protocol)) {
    return issue(
      "invalid-named-port",
      `${at}.namedPort.protocol`,
      `invalid named-port protocol ${show(p.protocol)}: expected "tcp", "udp", "sctp" or "any"`,
    );
  }
  return { name: p.name, protocol: p.protocol as NamedPortProtocol };
}

function describeSet(set: IpSet): string {
  const port = set.namedPort;
  return `${show(set.state.selector.canonical)}${port === null ? "" : ` (named port ${port.protocol}:${port.name})`}`;
}

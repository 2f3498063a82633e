/**
 * Index events, queued while an update runs and delivered once the index is consistent again, in
 * a fixed phase order: matchStopped, memberRemoved, matchStarted, memberAdded. A consumer
 * replaying them therefore never sees a member added and then removed by the same update.
 */
import type { IpSetMember, MatchEvent, MemberEvent } from "./types.js";

/** A match-event listener. */
export type MatchListener = (selectorId: string, endpointId: string) => void;
/** A member-event listener. */
export type MemberListener = (selectorId: string, member: IpSetMember) => void;

/**
 * A flat queue (selector id, payload, ...) that keeps its array between updates: entries are
 * overwritten in place and `length` tracks the live part, so a steady stream of small updates
 * allocates nothing. An array grown past TRIM by one large update is dropped afterwards.
 */
class Queue {
  items: (string | IpSetMember)[] = [];
  length = 0;

  push(selectorId: string, payload: string | IpSetMember): void {
    const items = this.items;
    const at = this.length;
    items[at] = selectorId;
    items[at + 1] = payload;
    this.length = at + 2;
  }

  /** Empties the queue, releasing a large array (and the references it still holds). */
  clear(): void {
    if (this.items.length > TRIM) this.items = [];
    this.length = 0;
  }
}

const TRIM = 4096;

/** Listeners plus the four pending-event queues (flat arrays: selector id, payload, ...). */
export class EventQueue {
  readonly #matchStarted: MatchListener[] = [];
  readonly #matchStopped: MatchListener[] = [];
  readonly #memberAdded: MemberListener[] = [];
  readonly #memberRemoved: MemberListener[] = [];
  #stopped = new Queue();
  #removed = new Queue();
  #started = new Queue();
  #added = new Queue();
  readonly #spare: Queue[] = [new Queue(), new Queue(), new Queue(), new Queue()];
  #delivering = false;

  /** Registers a listener. */
  on(event: MatchEvent | MemberEvent, listener: MatchListener | MemberListener): void {
    if (typeof listener !== "function") {
      throw new TypeError(
        `on(${JSON.stringify(String(event))}): expected a listener function, got ${listener === null ? "null" : typeof listener}`,
      );
    }
    switch (event) {
      case "matchStarted":
        this.#matchStarted.push(listener as MatchListener);
        break;
      case "matchStopped":
        this.#matchStopped.push(listener as MatchListener);
        break;
      case "memberAdded":
        this.#memberAdded.push(listener as MemberListener);
        break;
      case "memberRemoved":
        this.#memberRemoved.push(listener as MemberListener);
        break;
      default: {
        const unreachable: never = event;
        throw new TypeError(`unknown index event ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** True when anyone listens for match events (otherwise they are not queued at all). */
  get wantsMatches(): boolean {
    return this.#matchStarted.length > 0 || this.#matchStopped.length > 0;
  }

  /** True when anyone listens for member events (the index then keeps member refcounts). */
  get wantsMembers(): boolean {
    return this.#memberAdded.length > 0 || this.#memberRemoved.length > 0;
  }

  /** Queues a matchStarted. */
  started(selectorId: string, endpointId: string): void {
    if (this.#matchStarted.length > 0) this.#started.push(selectorId, endpointId);
  }

  /** Queues a matchStopped. */
  stopped(selectorId: string, endpointId: string): void {
    if (this.#matchStopped.length > 0) this.#stopped.push(selectorId, endpointId);
  }

  /** Queues a memberAdded. */
  added(selectorId: string, member: IpSetMember): void {
    if (this.#memberAdded.length > 0) this.#added.push(selectorId, member);
  }

  /** Queues a memberRemoved. */
  removed(selectorId: string, member: IpSetMember): void {
    if (this.#memberRemoved.length > 0) this.#removed.push(selectorId, member);
  }

  /**
   * Delivers everything queued, phase by phase. Events queued while delivering (a listener that
   * updates the index) are delivered after the current batch, by the same outermost call, so the
   * stream stays in the order the index changed. A listener that throws does not stop delivery:
   * every event reaches every listener, then the first error is rethrown.
   */
  flush(): void {
    if (this.#delivering) return;
    this.#delivering = true;
    let failure: { readonly error: unknown } | undefined;
    try {
      while (this.#stopped.length + this.#removed.length + this.#started.length + this.#added.length > 0) {
        const stopped = this.#stopped;
        const removed = this.#removed;
        const started = this.#started;
        const added = this.#added;
        // Swap in the spare queues and recycle these afterwards: no garbage per update.
        const spare = this.#spare;
        this.#stopped = spare[0]!;
        this.#removed = spare[1]!;
        this.#started = spare[2]!;
        this.#added = spare[3]!;
        failure = deliver(stopped, this.#matchStopped, failure);
        failure = deliver(removed, this.#memberRemoved, failure);
        failure = deliver(started, this.#matchStarted, failure);
        failure = deliver(added, this.#memberAdded, failure);
        stopped.clear();
        removed.clear();
        started.clear();
        added.clear();
        spare[0] = stopped;
        spare[1] = removed;
        spare[2] = started;
        spare[3] = added;
      }
    } finally {
      this.#delivering = false;
    }
    if (failure !== undefined) throw failure.error;
  }
}

/**
 * Calls every listener for every queued event; returns the first listener error (kept, not
 * thrown). The try is outside the loops, re-entered after a throw at the next listener, so the
 * common path is a plain double loop.
 */
function deliver(
  queue: Queue,
  listeners: readonly ((selectorId: string, payload: never) => void)[],
  failure: { readonly error: unknown } | undefined,
): { readonly error: unknown } | undefined {
  const items = queue.items;
  const length = queue.length;
  let first = failure;
  let i = 0;
  let j = 0;
  while (i < length) {
    try {
      for (; i < length; i += 2, j = 0) {
        const selectorId = items[i] as string;
        const payload = items[i + 1] as never;
        // A listener added while this event is delivered hears from the next event on.
        for (const count = listeners.length; j < count; j++) listeners[j]!(selectorId, payload);
      }
    } catch (error) {
      first ??= { error };
      j++;
    }
  }
  return first;
}

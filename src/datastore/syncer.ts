/**
 * Keeps a PolicyEngine in step with Calico's etcdv3 datastore: list the prefix at revision R,
 * watch from R+1, apply every event once. Any fault (etcd down, stream dropped, watch cancelled
 * because R was compacted) starts a new epoch: re-list, reconcile (deleting what disappeared),
 * watch from the new listing's revision. Events of an old epoch are ignored by generation number.
 *
 * etcd3's watch manager would resume a dropped watch by itself, but from the last response
 * header's revision + 1, and the header of the creation response is etcd's CURRENT revision,
 * not the watch's: a watch created at R+1 that breaks while still catching up on R+1..R+9
 * resumes at R+10 and silently skips them. A re-list cannot miss anything, so the syncer
 * cancels the dropped watcher and re-lists instead.
 */
import { EventEmitter } from "node:events";
import type { Etcd3, IOptions, IWatchResponse, Watcher } from "etcd3";
import { validateResource } from "../model/validate.js";
import type { Validator } from "./decode.js";
import { createClient, DatastoreError, keepaliveOptions } from "./etcd3-module.js";
import { DEFAULT_PREFIX } from "./keys.js";
import { DEFAULT_PAGE_SIZE, listPrefix } from "./list.js";
import { EngineMirror, type MirrorChange, type SyncProblem, type SyncTarget } from "./mirror.js";

/** Where the syncer is: listing, following the watch, waiting for etcd, or stopped for good. */
export type SyncState = "syncing" | "in-sync" | "reconnecting" | "stopped";

/** Why the state changed, for logs: e.g. "watch cancelled: revision 41 was compacted". */
export interface StateDetail {
  readonly reason: string;
}

/** Options for {@link EtcdSyncer}. */
export interface EtcdSyncerOptions {
  /** etcd client URL(s), e.g. "http://127.0.0.1:2379"; ignored when `client` is given. */
  readonly endpoints: string | readonly string[];
  /** The engine to keep in step (a `PolicyEngine`, or anything with its apply/delete). */
  readonly engine: SyncTarget;
  /** Key prefix; defaults to Calico's `/calico/resources/v3/projectcalico.org/`. */
  readonly prefix?: string;
  /** A client to use instead of creating one; the syncer does not close it. */
  readonly client?: Etcd3;
  /**
   * Options for the client the syncer creates from `endpoints` (ignored with `client`): TLS
   * `credentials` ({ rootCertificate, certChain, privateKey } as Buffers), `auth` ({ username,
   * password }). Its `grpcOptions` are added to the keepalive ones.
   */
  readonly clientOptions?: Omit<IOptions, "hosts">;
  /** Validates each value; defaults to the model's `validateResource`. */
  readonly validate?: Validator;
  /** Retry delays after a failed list, doubling from `initialMs` up to `maxMs` (default 100 ms to 2 s). */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Keys per list request (default 500). */
  readonly pageSize?: number;
  /** Deadline per list request (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** gRPC keepalive of a client the syncer creates, to notice a frozen etcd (default every 30 s, 10 s timeout; at least 5 s). */
  readonly keepalive?: { readonly intervalMs?: number; readonly timeoutMs?: number };
}

/** Follows Calico's etcd and applies every change to an engine; see the module comment. */
export class EtcdSyncer extends EventEmitter {
  #state: SyncState = "syncing";
  #revision = "0";
  #generation = 0;
  #started: Promise<void> | undefined;
  #resolveStarted: (() => void) | undefined;
  #rejectStarted: ((error: Error) => void) | undefined;
  #client: Etcd3 | undefined;
  #watcher: Watcher | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  readonly #ownsClient: boolean;
  readonly #mirror: EngineMirror;
  readonly #prefix: string;
  readonly #options: EtcdSyncerOptions;

  constructor(options: EtcdSyncerOptions) {
    super();
    this.#options = options;
    this.#prefix = normalisePrefix(options.prefix ?? DEFAULT_PREFIX);
    this.#client = options.client;
    this.#ownsClient = options.client === undefined;
    this.#mirror = new EngineMirror(
      options.engine,
      options.validate ?? validateResource,
      this.#prefix,
      (problem) => this.#notify("problem", problem),
      (change) => this.#notify("update", change),
    );
  }

  /** The current state. */
  get state(): SyncState {
    return this.#state;
  }

  /** The etcd revision the engine reflects ("0" before the first listing). */
  get revision(): string {
    return this.#revision;
  }

  /** Number of keys whose resource is in the engine. */
  get size(): number {
    return this.#mirror.size;
  }

  /** Starts syncing; resolves once first in sync, rejects if stopped first or etcd3 is missing (idempotent). */
  start(): Promise<void> {
    if (this.#state === "stopped") {
      return Promise.reject(
        new DatastoreError("stopped", "a stopped syncer cannot be restarted; create a new one"),
      );
    }
    if (this.#started !== undefined) return this.#started;
    this.#started = new Promise<void>((resolve, reject) => {
      this.#resolveStarted = resolve;
      this.#rejectStarted = reject;
    });
    void this.#begin();
    return this.#started;
  }

  /** Stops watching and closes the client it created; the engine keeps its last state. */
  async stop(): Promise<void> {
    if (this.#state === "stopped") return;
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.#setState("stopped", { reason: "stop() called" });
    this.#rejectStarted?.(
      new DatastoreError("stopped", "the syncer was stopped before it was first in sync"),
    );
    const watcher = this.#watcher;
    this.#watcher = undefined;
    // Cancelling needs a round trip to etcd; do not hang stop() when etcd is gone.
    if (watcher !== undefined) await Promise.race([watcher.cancel().catch(() => undefined), delay(1000)]);
    if (this.#ownsClient) this.#client?.close();
  }

  override on(event: "state", listener: (state: SyncState, detail: StateDetail) => void): this;
  override on(event: "problem", listener: (problem: SyncProblem) => void): this;
  override on(event: "update", listener: (change: MirrorChange) => void): this;
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  async #begin(): Promise<void> {
    try {
      const keepalive = this.#options.keepalive;
      const clientOptions = this.#options.clientOptions;
      this.#client ??= await createClient(this.#options.endpoints, {
        ...clientOptions,
        grpcOptions: {
          ...keepaliveOptions(keepalive?.intervalMs, keepalive?.timeoutMs),
          ...clientOptions?.grpcOptions,
        },
      });
    } catch (error) {
      this.#rejectStarted?.(error as Error);
      await this.stop();
      return;
    }
    if (this.#state === "stopped") {
      if (this.#ownsClient) this.#client.close();
      return;
    }
    void this.#resync("syncing", "initial listing");
  }

  /** Starts a new epoch: drop the watcher, list (retrying), reconcile, watch from the listing. */
  async #resync(state: "syncing" | "reconnecting", reason: string): Promise<void> {
    const generation = ++this.#generation;
    this.#dropWatcher();
    this.#setState(state, { reason });
    const initialMs = this.#options.retry?.initialMs ?? 100;
    const maxMs = this.#options.retry?.maxMs ?? 2000;
    let wait = initialMs;
    for (;;) {
      try {
        const listing = await listPrefix(this.#client!, this.#prefix, {
          pageSize: this.#options.pageSize ?? DEFAULT_PAGE_SIZE,
          requestTimeoutMs: this.#options.requestTimeoutMs,
        });
        if (generation !== this.#generation) return;
        this.#mirror.reconcile(listing.entries, listing.revision);
        this.#revision = listing.revision;
        this.#watch(generation, listing.revision);
        return;
      } catch (error) {
        if (generation !== this.#generation) return;
        this.#setState("reconnecting", { reason: `listing ${this.#prefix} failed: ${messageOf(error)}` });
        await new Promise<void>((resolve) => {
          this.#retryTimer = setTimeout(resolve, wait);
        });
        if (generation !== this.#generation) return;
        wait = Math.min(wait * 2, maxMs);
      }
    }
  }

  #watch(generation: number, listedRevision: string): void {
    const listed = BigInt(listedRevision);
    // watcher() (not create()) so the handlers are attached before the first attempt: create()
    // never settles while etcd is unreachable, because the manager retries the stream forever.
    const watcher = this.#client!.watch()
      .prefix(this.#prefix)
      .startRevision((listed + 1n).toString())
      .watcher();
    this.#watcher = watcher;
    const current = () => generation === this.#generation;
    watcher.on("connected", () => {
      if (!current()) return;
      this.#setState("in-sync", { reason: `watching from revision ${listed + 1n}` });
      this.#resolveStarted?.();
    });
    watcher.on("data", (response: IWatchResponse) => {
      if (current()) this.#onWatchResponse(response, listed);
    });
    watcher.on("disconnected", (error: Error) => {
      if (current()) void this.#resync("reconnecting", `watch stream lost: ${messageOf(error)}`);
    });
    watcher.on("error", (error: Error) => {
      // etcd cancels a watch whose start revision was compacted (with an empty cancel reason).
      if (!current()) return;
      // The manager has already detached it; cancelling it again would wait for an answer that never comes.
      this.#watcher = undefined;
      void this.#resync("syncing", `watch cancelled, re-listing: ${messageOf(error)}`);
    });
  }

  #onWatchResponse(response: IWatchResponse, listed: bigint): void {
    if (response.events.length === 0) {
      // A progress notification: only sent to a caught-up watcher, so its header revision is reflected.
      if (this.#state === "in-sync" && BigInt(response.header.revision) > BigInt(this.#revision)) {
        this.#revision = response.header.revision;
      }
      return;
    }
    for (const event of response.events) {
      const modRevision = event.kv.mod_revision;
      // Everything up to the listing's revision is already applied (several events of one
      // transaction share a revision, so compare with the listing, not the last event).
      if (BigInt(modRevision) <= listed) continue;
      const key = event.kv.key.toString("utf8");
      if (event.type === "Delete") this.#mirror.remove(key, modRevision);
      else this.#mirror.put({ key, value: event.kv.value.toString("utf8"), modRevision });
      if (BigInt(modRevision) > BigInt(this.#revision)) this.#revision = modRevision;
    }
  }

  #dropWatcher(): void {
    const watcher = this.#watcher;
    this.#watcher = undefined;
    // When the stream is down this only detaches it, so the manager does not resume it on its own.
    if (watcher !== undefined) void watcher.cancel().catch(() => undefined);
  }

  #setState(state: SyncState, detail: StateDetail): void {
    if (this.#state === "stopped") return;
    const changed = state !== this.#state;
    this.#state = state;
    if (changed) this.#notify("state", state, detail);
  }

  /**
   * Calls each listener, isolating its exceptions: a listener runs inside the watch stream's
   * handler, so a throw would otherwise skip the rest of a watch response and leave the engine
   * behind etcd. The error surfaces as a process warning instead.
   */
  #notify(event: "state" | "problem" | "update", ...args: unknown[]): void {
    for (const listener of this.rawListeners(event)) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        process.emitWarning(
          `an EtcdSyncer "${event}" listener threw: ${messageOf(error)}`,
          "EtcdSyncerListenerWarning",
        );
      }
    }
  }
}

function normalisePrefix(prefix: string): string {
  return prefix.endsWith("/") ? prefix : `${prefix}/`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

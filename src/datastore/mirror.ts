/**
 * Keeps an engine equal to "every valid resource etcd holds under the prefix": applies puts and
 * deletes one key at a time, and reconciles a full listing against what it applied before.
 *
 * A key whose value becomes invalid is reported and its previous valid version is REMOVED from
 * the engine. Keeping the stale version would make the engine's answers depend on history: a
 * fresh engine loaded from the same etcd would not have it, and the operator who wrote the bad
 * value (e.g. a typo in an allow rule) would keep seeing the old behaviour with no sign of it.
 */
import type { ResourceIssue } from "../model/issues.js";
import type { Resource } from "../model/types.js";
import { decodeValue, type Validator } from "./decode.js";
import { type StoredRef, safeKeyToRef } from "./keys.js";

/** What the syncer drives: `PolicyEngine` satisfies it. */
export interface SyncTarget {
  apply(resources: readonly unknown[]): void;
  delete(ref: { readonly kind: string; readonly name: string; readonly namespace?: string }): boolean;
}

/** A value that was skipped: its key, the revision that wrote it, and what is wrong with it. */
export interface SyncProblem {
  readonly key: string;
  readonly revision: string;
  readonly issues: readonly ResourceIssue[];
}

/** One key-value pair as listed or watched. */
export interface StoredEntry {
  readonly key: string;
  readonly value: string;
  readonly modRevision: string;
}

/** What one call changed in the engine, for `update` events. */
export interface MirrorChange {
  readonly type: "upsert" | "delete";
  readonly key: string;
  readonly revision: string;
  readonly ref: StoredRef;
}

type Decoded =
  | {
      readonly kind: "resource";
      readonly entry: StoredEntry;
      readonly ref: StoredRef;
      readonly resource: Resource;
    }
  | {
      readonly kind: "problem";
      readonly entry: StoredEntry;
      readonly ref?: StoredRef;
      readonly problem: SyncProblem;
    }
  | { readonly kind: "ignored" };

/** Applies etcd contents to a {@link SyncTarget}, remembering which key put which resource there. */
export class EngineMirror {
  /** Keys whose valid value is in the engine, with the mod revision applied. */
  readonly #applied = new Map<string, { readonly ref: StoredRef; readonly modRevision: string }>();
  /** Keys whose current value was reported as a problem, so a re-list does not report it again. */
  readonly #rejected = new Map<string, string>();

  constructor(
    private readonly target: SyncTarget,
    private readonly validate: Validator,
    private readonly prefix: string,
    private readonly onProblem: (problem: SyncProblem) => void,
    private readonly onChange: (change: MirrorChange) => void,
  ) {}

  /** Number of keys whose resource is in the engine. */
  get size(): number {
    return this.#applied.size;
  }

  /** Applies a created or updated key. */
  put(entry: StoredEntry): void {
    const known = this.#applied.get(entry.key);
    if (known !== undefined && known.modRevision === entry.modRevision) return;
    if (this.#rejected.get(entry.key) === entry.modRevision) return;
    const decoded = this.#decode(entry);
    switch (decoded.kind) {
      case "ignored":
        return;
      case "resource":
        this.#applyOne(decoded.entry, decoded.ref, decoded.resource);
        return;
      case "problem":
        this.#reject(decoded.entry, decoded.problem);
        return;
      default:
        assertNever(decoded);
    }
  }

  /** Applies a deleted key (`revision` is the deletion's). */
  remove(key: string, revision: string): void {
    this.#rejected.delete(key);
    this.#drop(key, revision);
  }

  /**
   * Makes the engine equal to a full listing taken at `revision`: deletes what disappeared,
   * applies what is new or changed (valid values in one batch, one by one if the batch fails).
   */
  reconcile(entries: readonly StoredEntry[], revision: string): void {
    const listed = new Set<string>();
    for (const entry of entries) listed.add(entry.key);
    for (const key of [...this.#applied.keys()]) if (!listed.has(key)) this.#drop(key, revision);
    for (const key of [...this.#rejected.keys()]) if (!listed.has(key)) this.#rejected.delete(key);

    const batch: { entry: StoredEntry; ref: StoredRef; resource: Resource }[] = [];
    for (const entry of entries) {
      if (this.#applied.get(entry.key)?.modRevision === entry.modRevision) continue;
      if (this.#rejected.get(entry.key) === entry.modRevision) continue;
      const decoded = this.#decode(entry);
      if (decoded.kind === "resource") batch.push(decoded);
      else if (decoded.kind === "problem") this.#reject(decoded.entry, decoded.problem);
    }
    if (batch.length === 0) return;
    try {
      this.target.apply(batch.map((b) => b.resource));
    } catch {
      // One value the engine refuses (beyond per-resource validation) must not block the others.
      for (const b of batch) this.#applyOne(b.entry, b.ref, b.resource);
      return;
    }
    for (const b of batch) this.#recordApplied(b.entry, b.ref);
  }

  #decode(entry: StoredEntry): Decoded {
    const keyed = safeKeyToRef(entry.key, this.prefix);
    if (!keyed.ok) {
      if (keyed.issue.code === "unknown-kind") return { kind: "ignored" };
      const issue: ResourceIssue = { code: keyed.issue.code, message: keyed.issue.message, path: [] };
      return {
        kind: "problem",
        entry,
        problem: { key: entry.key, revision: entry.modRevision, issues: [issue] },
      };
    }
    const result = decodeValue(keyed.ref, entry.value, entry.modRevision, this.validate);
    if (!result.ok) {
      const problem = { key: entry.key, revision: entry.modRevision, issues: result.issues };
      return { kind: "problem", entry, ref: keyed.ref, problem };
    }
    return { kind: "resource", entry, ref: keyed.ref, resource: result.resource };
  }

  #applyOne(entry: StoredEntry, ref: StoredRef, resource: Resource): void {
    try {
      this.target.apply([resource]);
    } catch (error) {
      this.#reject(entry, { key: entry.key, revision: entry.modRevision, issues: issuesOf(error) });
      return;
    }
    this.#recordApplied(entry, ref);
  }

  #recordApplied(entry: StoredEntry, ref: StoredRef): void {
    this.#rejected.delete(entry.key);
    this.#applied.set(entry.key, { ref, modRevision: entry.modRevision });
    this.onChange({ type: "upsert", key: entry.key, revision: entry.modRevision, ref });
  }

  #reject(entry: StoredEntry, problem: SyncProblem): void {
    this.#drop(entry.key, entry.modRevision);
    this.#rejected.set(entry.key, entry.modRevision);
    this.onProblem(problem);
  }

  #drop(key: string, revision: string): void {
    const known = this.#applied.get(key);
    if (known === undefined) return;
    this.#applied.delete(key);
    this.target.delete(known.ref);
    this.onChange({ type: "delete", key, revision, ref: known.ref });
  }
}

function issuesOf(error: unknown): readonly ResourceIssue[] {
  const issues = (error as { issues?: unknown } | null)?.issues;
  if (Array.isArray(issues) && issues.length > 0) {
    return issues.map((i: Partial<ResourceIssue>) => ({
      code: typeof i.code === "string" ? i.code : "apply-failed",
      message: typeof i.message === "string" ? i.message : String(i.message),
      path: Array.isArray(i.path) ? i.path : [],
      ...(i.value === undefined ? {} : { value: i.value }),
    }));
  }
  const message = error instanceof Error ? error.message : String(error);
  return [{ code: "apply-failed", message: `the engine refused the resource: ${message}`, path: [] }];
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

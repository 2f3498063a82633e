import { describe, expect, it } from "vitest";
import type { Validator } from "../../src/datastore/decode.js";
import { DEFAULT_PREFIX } from "../../src/datastore/keys.js";
import {
  EngineMirror,
  type MirrorChange,
  type SyncProblem,
  type SyncTarget,
} from "../../src/datastore/mirror.js";
import type { Resource } from "../../src/model/types.js";

const P = DEFAULT_PREFIX;

/** An engine stand-in that records calls and holds resources by kind/namespace/name. */
class RecordingTarget implements SyncTarget {
  readonly held = new Map<string, unknown>();
  readonly calls: string[] = [];
  refuse = new Set<string>();

  apply(resources: readonly unknown[]): void {
    const ids = resources.map((r) => idOf(r as Resource));
    this.calls.push(`apply ${ids.join(",")}`);
    const refused = ids.find((id) => this.refuse.has(id));
    if (refused !== undefined)
      throw Object.assign(new Error(`refused ${refused}`), {
        issues: [{ code: "x", message: `refused ${refused}`, path: ["spec"] }],
      });
    for (const [i, r] of resources.entries()) this.held.set(ids[i]!, r);
  }

  delete(ref: { kind: string; name: string; namespace?: string }): boolean {
    const id = `${ref.kind}:${ref.namespace ?? ""}/${ref.name}`;
    this.calls.push(`delete ${id}`);
    return this.held.delete(id);
  }
}

function idOf(r: Resource): string {
  return `${r.kind}:${r.metadata.namespace ?? ""}/${r.metadata.name}`;
}

/** Accepts any object except one whose spec says `valid: false`. */
const validate: Validator = (value) => {
  const spec = (value as { spec?: { valid?: boolean } }).spec;
  if (spec?.valid === false)
    return {
      ok: false,
      issues: [{ code: "invalid", message: "spec.valid is false", path: ["spec", "valid"] }],
    };
  return { ok: true, resource: value as Resource, warnings: [] };
};

function setup() {
  const target = new RecordingTarget();
  const problems: SyncProblem[] = [];
  const changes: MirrorChange[] = [];
  const mirror = new EngineMirror(
    target,
    validate,
    P,
    (p) => problems.push(p),
    (c) => changes.push(c),
  );
  return { target, problems, changes, mirror };
}

const tier = (name: string, rev: string, spec: object = {}) => ({
  key: `${P}tiers/${name}`,
  value: JSON.stringify({ spec }),
  modRevision: rev,
});

describe("EngineMirror", () => {
  it("applies a put, and a delete removes exactly what the key put", () => {
    const { target, mirror, changes } = setup();
    mirror.put(tier("a", "2"));
    expect([...target.held.keys()]).toEqual(["Tier:/a"]);
    mirror.remove(`${P}tiers/a`, "3");
    expect(target.held.size).toBe(0);
    expect(changes.map((c) => `${c.type}@${c.revision}`)).toEqual(["upsert@2", "delete@3"]);
  });

  it("ignores a delete for a key it never applied", () => {
    const { target, mirror } = setup();
    mirror.remove(`${P}tiers/never`, "4");
    expect(target.calls).toEqual([]);
  });

  it("does not apply the same revision twice", () => {
    const { target, mirror } = setup();
    mirror.put(tier("a", "2"));
    mirror.put(tier("a", "2"));
    mirror.reconcile([tier("a", "2")], "5");
    expect(target.calls).toEqual(["apply Tier:/a"]);
  });

  it("reports an invalid value with key and revision and removes the key's previous valid version", () => {
    const { target, mirror, problems } = setup();
    mirror.put(tier("a", "2"));
    mirror.put(tier("a", "6", { valid: false }));
    expect(target.held.size).toBe(0);
    expect(problems).toEqual([
      {
        key: `${P}tiers/a`,
        revision: "6",
        issues: [{ code: "invalid", message: "spec.valid is false", path: ["spec", "valid"] }],
      },
    ]);
    mirror.put(tier("a", "7"));
    expect([...target.held.keys()]).toEqual(["Tier:/a"]);
  });

  it("reports a bad value once, even when a re-list sees it again", () => {
    const { mirror, problems } = setup();
    mirror.put(tier("bad", "3", { valid: false }));
    mirror.reconcile([tier("bad", "3", { valid: false })], "8");
    expect(problems).toHaveLength(1);
  });

  it("silently ignores Calico kinds the engine does not evaluate, and reports malformed keys", () => {
    const { target, mirror, problems } = setup();
    mirror.put({ key: `${P}ippools/default`, value: "{}", modRevision: "2" });
    mirror.put({ key: `${P}networkpolicies/no-namespace`, value: "{}", modRevision: "3" });
    expect(target.calls).toEqual([]);
    expect(problems.map((p) => [p.revision, p.issues[0]?.code])).toEqual([["3", "malformed-key"]]);
  });

  it("reconciles a listing: deletes what disappeared, applies what is new or changed in one batch", () => {
    const { target, mirror } = setup();
    mirror.reconcile([tier("a", "2"), tier("b", "3"), tier("c", "4")], "4");
    target.calls.length = 0;
    mirror.reconcile([tier("a", "2"), tier("c", "9"), tier("d", "8")], "9");
    expect(target.calls).toEqual(["delete Tier:/b", "apply Tier:/c,Tier:/d"]);
    expect([...target.held.keys()].sort()).toEqual(["Tier:/a", "Tier:/c", "Tier:/d"]);
    expect(mirror.size).toBe(3);
  });

  it("falls back to one-by-one when the engine refuses a batch, so one value cannot block the rest", () => {
    const { target, mirror, problems } = setup();
    target.refuse.add("Tier:/b");
    mirror.reconcile([tier("a", "2"), tier("b", "3"), tier("c", "4")], "4");
    expect([...target.held.keys()].sort()).toEqual(["Tier:/a", "Tier:/c"]);
    expect(problems).toEqual([
      {
        key: `${P}tiers/b`,
        revision: "3",
        issues: [{ code: "x", message: "refused Tier:/b", path: ["spec"] }],
      },
    ]);
  });

  it("forgets a rejected key once it disappears, so a later identical value is judged again", () => {
    const { mirror, problems } = setup();
    mirror.reconcile([tier("bad", "3", { valid: false })], "3");
    mirror.reconcile([], "4");
    mirror.reconcile([tier("bad", "3", { valid: false })], "5");
    expect(problems).toHaveLength(2);
  });
});

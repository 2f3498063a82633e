/**
 * "The synced engine answers exactly like a fresh engine loaded from the same data": compares
 * check() verdicts, select() results and explain() output, including which calls throw.
 */
import { expect } from "vitest";
import type { SyncTarget } from "../../src/datastore/mirror.js";

/** The flow shape of DESIGN.md's FlowQuery, as far as these tests use it. */
export interface FlowQueryLike {
  readonly protocol: string | number;
  readonly source: { readonly endpoint?: string; readonly ip?: string; readonly port?: number };
  readonly destination: { readonly endpoint?: string; readonly ip?: string; readonly port?: number };
}

/** The query side of PolicyEngine. */
export interface QueryableEngine {
  check(flow: FlowQueryLike): unknown;
  select(selector: string, options?: { namespace?: string }): unknown;
  explain(endpoint: string): unknown;
}

/** What to ask both engines. */
export interface Questions {
  readonly flows: readonly FlowQueryLike[];
  readonly selectors: readonly string[];
  readonly endpoints: readonly string[];
}

/** Asks both engines every question and expects identical answers (or identical errors). */
export function expectSameAnswers(
  synced: QueryableEngine,
  fresh: QueryableEngine,
  questions: Questions,
): void {
  for (const flow of questions.flows) {
    expect(
      outcome(() => synced.check(flow)),
      `check ${JSON.stringify(flow)}`,
    ).toEqual(outcome(() => fresh.check(flow)));
  }
  for (const selector of questions.selectors) {
    expect(
      outcome(() => sorted(synced.select(selector))),
      `select ${selector}`,
    ).toEqual(outcome(() => sorted(fresh.select(selector))));
  }
  for (const endpoint of questions.endpoints) {
    expect(
      outcome(() => synced.explain(endpoint)),
      `explain ${endpoint}`,
    ).toEqual(outcome(() => fresh.explain(endpoint)));
  }
}

/** A target that forwards to an engine and keeps the resources it holds, keyed by kind/namespace/name. */
export class TeeTarget implements SyncTarget {
  readonly held = new Map<string, unknown>();
  constructor(private readonly engine?: SyncTarget) {}

  apply(resources: readonly unknown[]): void {
    this.engine?.apply(resources);
    for (const r of resources) this.held.set(idOf(r), r);
  }

  delete(ref: { kind: string; name: string; namespace?: string }): boolean {
    this.engine?.delete(ref);
    return this.held.delete(`${ref.kind}:${ref.namespace ?? ""}/${ref.name}`);
  }
}

/** kind:namespace/name of a resource. */
export function idOf(resource: unknown): string {
  const r = resource as { kind: string; metadata: { name: string; namespace?: string } };
  return `${r.kind}:${r.metadata.namespace ?? ""}/${r.metadata.name}`;
}

function outcome(call: () => unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function sorted(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return [...value].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/**
 * The naive baseline as a plain loop: every selector evaluated against every endpoint's
 * materialised effective labels. Used to time the naive approach at large sizes (where the
 * NaiveLabelIndex's full recompute per operation would never finish) and to cross-check the
 * index's final match sets.
 */
import type { LabelIndex } from "../../src/index/label-index.js";
import type { IndexEndpoint } from "../../src/index/types.js";
import type { Labels, Selector } from "../../src/selector/types.js";

/** Effective labels of an endpoint spec (own first, then parents in order; first hit wins). */
export function effectiveLabels(
  endpoint: IndexEndpoint,
  parents: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Map<string, string> {
  const out = new Map<string, string>(entriesOf(endpoint.labels));
  for (const parentId of endpoint.parents ?? []) {
    for (const [k, v] of parents.get(parentId) ?? []) if (!out.has(k)) out.set(k, v);
  }
  return out;
}

function entriesOf(labels: Labels): Iterable<[string, string]> {
  return labels instanceof Map ? labels : Object.entries(labels);
}

/** Evaluates every selector on every endpoint; returns match sets by selector id and the evaluation count. */
export function naiveMatches(
  selectors: readonly (readonly [string, Selector])[],
  endpoints: readonly (readonly [string, ReadonlyMap<string, string>])[],
): { matches: Map<string, Set<string>>; evaluations: number } {
  const matches = new Map<string, Set<string>>();
  let evaluations = 0;
  for (const [selectorId, selector] of selectors) {
    const set = new Set<string>();
    for (const [endpointId, labels] of endpoints) {
      evaluations++;
      if (selector.evaluate(labels)) set.add(endpointId);
    }
    matches.set(selectorId, set);
  }
  return { matches, evaluations };
}

/** Compares the index's match sets with the naive ones; returns a description of the first difference. */
export function compareMatches(
  index: LabelIndex,
  expected: ReadonlyMap<string, ReadonlySet<string>>,
): string | undefined {
  for (const [selectorId, want] of expected) {
    const got = new Set(index.matchingEndpoints(selectorId));
    if (got.size !== want.size)
      return `${selectorId}: index matches ${got.size} endpoints, naive ${want.size}`;
    for (const id of want) if (!got.has(id)) return `${selectorId}: index misses ${id}`;
  }
  return undefined;
}

/**
 * Recomputes every match set naively from the final inputs (endpoints with their parents'
 * labels) and fails the scenario if the index disagrees anywhere.
 */
export function verifyFinalMatches(
  what: string,
  index: LabelIndex,
  selectors: Iterable<readonly [string, Selector]>,
  endpoints: Iterable<readonly [string, IndexEndpoint]>,
  parents: ReadonlyMap<string, ReadonlyMap<string, string>>,
): void {
  const labelled = [...endpoints].map(([id, ep]) => [id, effectiveLabels(ep, parents)] as const);
  const { matches } = naiveMatches([...selectors], labelled);
  const difference = compareMatches(index, matches);
  if (difference !== undefined) throw new Error(`benchmark check failed: ${what}: ${difference}`);
}

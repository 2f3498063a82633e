/**
 * Index set-up shared by the label-index scenarios: counting match changes (the Δ of the
 * amplification figure) and loading a cluster's parents and selectors before timing.
 */
import type { LabelIndex } from "../../src/index/label-index.js";
import { parseSelector } from "../../src/selector/index.js";
import type { Selector } from "../../src/selector/types.js";
import type { Cluster } from "./cluster.js";

/** Counts matchStarted + matchStopped events on `index`; the returned function reads the count. */
export function countMatchChanges(index: LabelIndex): () => number {
  let changes = 0;
  const count = (): void => {
    changes++;
  };
  index.on("matchStarted", count);
  index.on("matchStopped", count);
  return () => changes;
}

/** Upserts the cluster's parents and adds its selectors; returns the selectors parsed, in order. */
export function loadParentsAndSelectors(index: LabelIndex, shape: Cluster): Selector[] {
  for (const [id, labels] of shape.parents) index.upsertParent(id, labels);
  return shape.selectors.map((s) => {
    const selector = parseSelector(s.text);
    index.addSelector(s.id, selector, s.namedPort);
    return selector;
  });
}

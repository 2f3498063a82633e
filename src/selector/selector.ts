/**
 * Selector objects: canonical string, uniqueId, compiled evaluator, and interning by canonical form.
 */

import { BoundedCache } from "./bounded-cache.js";
import { sortedUnique } from "./bytewise.js";
import { canonicalString } from "./canonical.js";
import { compile, type Evaluator } from "./compile.js";
import { SelectorError } from "./errors.js";
import { isValidLabel, MAX_NESTING_DEPTH } from "./limits.js";
import type { LabelLookup, Labels, Selector, SelectorNode } from "./types.js";
import { selectorUniqueId } from "./unique-id.js";

/**
 * Interned selectors by canonical string. Bounded so a stream of distinct selectors cannot grow
 * memory without limit (a selector costs roughly 1-2 KB with its closures); beyond the bound an
 * evicted selector parsed again yields a new, equal object: compare `uniqueId`, not identity.
 */
const INTERN_CAPACITY = 32_768;
const interned = new BoundedCache<string, Selector>(INTERN_CAPACITY);

// `matches` on a plain object reads labels through this adapter so evaluation never allocates.
// Own properties only (Object.hasOwn): `__proto__`, `constructor` and `toString` are ordinary
// labels, absent unless set. A non-string value counts as absent rather than crashing `includes`.
class OwnPropertyLookup implements LabelLookup {
  target: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null));
  get(key: string): string | undefined {
    const t = this.target;
    if (!Object.hasOwn(t, key)) return undefined;
    const v = t[key];
    return typeof v === "string" ? v : undefined;
  }
}
const ownLookup = new OwnPropertyLookup();
const NO_LABELS: LabelLookup = { get: () => undefined };

class CompiledSelector implements Selector {
  readonly source: string;
  readonly canonical: string;
  readonly uniqueId: string;
  readonly ast: SelectorNode;
  /** Allocation-free evaluation: the compiled closure itself. */
  readonly evaluate: Evaluator;

  constructor(source: string, canonical: string, ast: SelectorNode) {
    this.source = source;
    this.canonical = canonical;
    this.uniqueId = selectorUniqueId(canonical);
    this.ast = ast;
    this.evaluate = compile(ast);
  }

  matches(labels: Labels): boolean {
    // Hostile or careless callers: null/undefined labels are an empty label map, not a crash.
    if (labels === null || labels === undefined) return this.evaluate(NO_LABELS);
    // Any Map-like (a Map, or a ReadonlyMap view) is already a LabelLookup; a plain label object
    // never has a function-valued `get`, since label values are strings.
    if (labels instanceof Map || typeof (labels as { get?: unknown }).get === "function") {
      return this.evaluate(labels as LabelLookup);
    }
    // Save and restore the adapter's target so a re-entrant call (a getter that matches another
    // selector) cannot see the wrong labels.
    const previous = ownLookup.target;
    ownLookup.target = labels as Readonly<Record<string, unknown>>;
    try {
      return this.evaluate(ownLookup);
    } finally {
      ownLookup.target = previous;
    }
  }

  toString(): string {
    return this.canonical;
  }
}

/**
 * Returns the one Selector for `ast`'s canonical form, creating it from `source` if new. The AST
 * must already be normalised (sets sorted and de-duplicated), as the parser produces.
 */
export function internSelector(source: string, ast: SelectorNode): Selector {
  const canonical = canonicalString(ast);
  const existing = interned.get(canonical);
  if (existing !== undefined) return existing;
  const created = Object.freeze(new CompiledSelector(source, canonical, ast));
  interned.set(canonical, created);
  return created;
}

/** Builds a fresh, un-interned Selector (benchmarks use it to time parsing without caches). */
export function createSelector(source: string, ast: SelectorNode): Selector {
  return Object.freeze(new CompiledSelector(source, canonicalString(ast), ast));
}

/**
 * Builds a Selector from an AST (e.g. one built by hand or transformed), interned by canonical.
 * Sets are sorted and de-duplicated; labels and values are checked so the canonical form reparses.
 * Throws SelectorError (code "invalid-node") on an invalid tree.
 */
export function selectorFromNode(node: SelectorNode): Selector {
  const normalised = normaliseNode(node, 0);
  return internSelector(canonicalString(normalised), normalised);
}

function invalid(message: string): never {
  throw new SelectorError({ code: "invalid-node", message, offset: 0, expected: [], found: null }, "");
}

function checkLabel(label: unknown): string {
  if (typeof label !== "string" || !isValidLabel(label)) {
    invalid(
      `invalid label ${JSON.stringify(label)} in selector node: expected 1-512 characters from [a-zA-Z0-9_./-]`,
    );
  }
  return label;
}

function checkValue(value: unknown): string {
  if (typeof value !== "string") invalid(`invalid value ${JSON.stringify(value)}: expected a string`);
  if (value.includes('"') && value.includes("'")) {
    invalid(`invalid value ${JSON.stringify(value)}: a Calico string cannot contain both ' and "`);
  }
  return value;
}

function normaliseNode(node: SelectorNode, depth: number): SelectorNode {
  if (depth > MAX_NESTING_DEPTH * 4)
    invalid(`selector node nested deeper than ${MAX_NESTING_DEPTH * 4} levels`);
  if (node === null || typeof node !== "object") invalid(`invalid selector node ${JSON.stringify(node)}`);
  switch (node.kind) {
    case "all":
    case "global":
      return { kind: node.kind };
    case "has":
      return { kind: "has", label: checkLabel(node.label) };
    case "eq":
    case "ne":
    case "contains":
    case "startsWith":
    case "endsWith":
      return { kind: node.kind, label: checkLabel(node.label), value: checkValue(node.value) };
    case "in":
    case "notIn":
      if (!Array.isArray(node.values))
        invalid(`invalid set in ${node.kind} node: expected an array of strings`);
      return {
        kind: node.kind,
        label: checkLabel(node.label),
        values: sortedUnique(node.values.map(checkValue)),
      };
    case "not":
      return { kind: "not", operand: normaliseNode(node.operand, depth + 1) };
    case "and":
    case "or":
      if (!Array.isArray(node.operands) || node.operands.length === 0) {
        invalid(`invalid ${node.kind} node: expected a non-empty operands array`);
      }
      // A one-operand and/or never comes out of the parser; print it as its operand would reparse.
      if (node.operands.length === 1) return normaliseNode(node.operands[0]!, depth + 1);
      return { kind: node.kind, operands: node.operands.map((o) => normaliseNode(o, depth + 1)) };
    default:
      return invalid(`unknown selector node kind ${JSON.stringify((node as { kind: unknown }).kind)}`);
  }
}

/**
 * Calico's LabelRestrictions (ast.go, §A.6): per label, what every matching label map must
 * satisfy. The label index uses it to pick candidate endpoints and to file selectors.
 */
import { compareBytewise } from "./bytewise.js";
import type { LabelRestriction, LabelRestrictions, Selector, SelectorNode } from "./types.js";

interface Draft {
  present: boolean;
  absent: boolean;
  values: readonly string[] | undefined;
}
type Drafts = Map<string, Draft>;

const NONE: LabelRestrictions = new Map();

/**
 * The restrictions a selector (or AST) imposes: a sound lower bound, so every label map it matches
 * satisfies them all. Empty when nothing indexable is constrained (`!=`, `not in`, `all()`).
 */
export function labelRestrictions(sel: Selector | SelectorNode): LabelRestrictions {
  if ("kind" in sel) return build(sel);
  // One-entry cache, as Calico's: the index asks for the same selector several times in a row.
  if (sel !== lastSelector) {
    lastRestrictions = build(sel.ast);
    lastSelector = sel;
  }
  return lastRestrictions;
}

let lastSelector: Selector | undefined;
let lastRestrictions: LabelRestrictions = NONE;

function build(node: SelectorNode): LabelRestrictions {
  const drafts = restrictionsOf(node);
  if (drafts.size === 0) return NONE;
  const out = new Map<string, LabelRestriction>();
  for (const [label, d] of drafts) {
    out.set(
      label,
      Object.freeze(
        d.values === undefined
          ? { mustBePresent: d.present, mustBeAbsent: d.absent }
          : {
              mustBePresent: d.present,
              mustBeAbsent: d.absent,
              mustHaveOneOfValues: Object.freeze([...d.values]),
            },
      ),
    );
  }
  return out;
}

/** Calico's `PossibleToSatisfy` for one label: not both present and absent, and not an empty value list. */
export function restrictionPossible(r: LabelRestriction): boolean {
  return (
    !(r.mustBePresent && r.mustBeAbsent) &&
    !(r.mustHaveOneOfValues !== undefined && r.mustHaveOneOfValues.length === 0)
  );
}

/** False when the restrictions prove no label map can match (e.g. `a == "x" && a == "y"`). */
export function possibleToSatisfy(restrictions: LabelRestrictions): boolean {
  for (const r of restrictions.values()) if (!restrictionPossible(r)) return false;
  return true;
}

function single(label: string, draft: Draft): Drafts {
  return new Map([[label, draft]]);
}

function restrictionsOf(node: SelectorNode): Drafts {
  switch (node.kind) {
    case "eq":
      return single(node.label, { present: true, absent: false, values: [node.value] });
    case "in":
      return single(node.label, { present: true, absent: false, values: node.values });
    case "has":
    case "contains":
    case "startsWith":
    case "endsWith":
      return single(node.label, { present: true, absent: false, values: undefined });
    case "ne":
    case "notIn":
    case "all":
    case "global":
      return new Map();
    case "not":
      // Only `!has(L)` can be inverted; `!(a == "x")` says nothing about presence.
      return node.operand.kind === "has"
        ? single(node.operand.label, { present: false, absent: true, values: undefined })
        : new Map();
    case "and":
      return andAll(node.operands);
    case "or":
      return orAll(node.operands);
    default:
      return assertNever(node);
  }
}

function andAll(operands: readonly SelectorNode[]): Drafts {
  const acc: Drafts = new Map();
  for (const operand of operands) {
    for (const [label, r] of restrictionsOf(operand)) {
      const prev = acc.get(label);
      if (prev === undefined) {
        acc.set(label, { ...r });
        continue;
      }
      prev.present ||= r.present;
      prev.absent ||= r.absent;
      prev.values = intersect(prev.values, r.values);
    }
  }
  return acc;
}

function orAll(operands: readonly SelectorNode[]): Drafts {
  let acc: Drafts | undefined;
  for (const operand of operands) {
    const next = restrictionsOf(operand);
    if (acc === undefined) {
      acc = next;
      continue;
    }
    // Keep only labels every operand constrains, weakened to what both sides guarantee.
    for (const [label, prev] of acc) {
      const r = next.get(label);
      if (r === undefined) {
        acc.delete(label);
        continue;
      }
      prev.present &&= r.present;
      prev.absent &&= r.absent;
      prev.values =
        prev.values !== undefined && r.values !== undefined ? union(prev.values, r.values) : undefined;
      if (!prev.present && !prev.absent) acc.delete(label);
    }
    if (acc.size === 0) return acc;
  }
  return acc ?? new Map();
}

// undefined means "no constraint", so it is the identity of intersection; [] means impossible.
function intersect(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const inB = new Set(b);
  return a.filter((v) => inB.has(v));
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  return [...new Set([...a, ...b])].sort(compareBytewise);
}

function assertNever(node: never): never {
  throw new Error(`unknown selector node ${JSON.stringify(node)}`);
}

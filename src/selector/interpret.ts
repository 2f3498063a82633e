/**
 * The direct AST interpreter: the readable reference the compiled evaluator is tested against.
 */
import { compareBytewise } from "./bytewise.js";
import type { LabelLookup, SelectorNode } from "./types.js";

/** Evaluates `node` against `lookup` by walking the tree (Calico's ast.go `Evaluate`). */
export function interpret(node: SelectorNode, lookup: LabelLookup): boolean {
  switch (node.kind) {
    case "all":
    case "global":
      return true;
    case "has":
      return lookup.get(node.label) !== undefined;
    case "eq":
      return lookup.get(node.label) === node.value;
    case "ne":
      // Matches when the label is absent: `a != "x"` selects endpoints without `a`.
      return lookup.get(node.label) !== node.value;
    case "contains": {
      return lookup.get(node.label)?.includes(node.value) === true;
    }
    case "startsWith": {
      return lookup.get(node.label)?.startsWith(node.value) === true;
    }
    case "endsWith": {
      return lookup.get(node.label)?.endsWith(node.value) === true;
    }
    case "in": {
      const v = lookup.get(node.label);
      return v !== undefined && sortedContains(node.values, v);
    }
    case "notIn": {
      const v = lookup.get(node.label);
      return v === undefined || !sortedContains(node.values, v);
    }
    case "not":
      return !interpret(node.operand, lookup);
    case "and":
      return node.operands.every((operand) => interpret(operand, lookup));
    case "or":
      return node.operands.some((operand) => interpret(operand, lookup));
    default:
      return assertNever(node);
  }
}

// Binary search, as Calico's set membership; the set is sorted byte-wise.
function sortedContains(values: readonly string[], v: string): boolean {
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareBytewise(values[mid]!, v);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function assertNever(node: never): never {
  throw new Error(`unknown selector node ${JSON.stringify(node)}`);
}

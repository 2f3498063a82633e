/**
 * Compiles an AST to closures once, so evaluation is a few calls and no allocation.
 */
import type { LabelLookup, SelectorNode } from "./types.js";

/** A compiled selector: true when the labels behind `lookup` match. */
export type Evaluator = (lookup: LabelLookup) => boolean;

const always: Evaluator = () => true;

/** Builds the evaluator for `node`; semantics identical to `interpret` (property-tested). */
export function compile(node: SelectorNode): Evaluator {
  switch (node.kind) {
    case "all":
    case "global":
      return always;
    case "has": {
      const label = node.label;
      return (l) => l.get(label) !== undefined;
    }
    case "eq": {
      const { label, value } = node;
      return (l) => l.get(label) === value;
    }
    case "ne": {
      const { label, value } = node;
      return (l) => l.get(label) !== value;
    }
    case "contains": {
      const { label, value } = node;
      return (l) => l.get(label)?.includes(value) === true;
    }
    case "startsWith": {
      const { label, value } = node;
      return (l) => l.get(label)?.startsWith(value) === true;
    }
    case "endsWith": {
      const { label, value } = node;
      return (l) => l.get(label)?.endsWith(value) === true;
    }
    case "in": {
      const label = node.label;
      if (node.values.length === 0) return () => false;
      if (node.values.length === 1) {
        const only = node.values[0];
        return (l) => l.get(label) === only;
      }
      const set = new Set(node.values);
      return (l) => {
        const v = l.get(label);
        return v !== undefined && set.has(v);
      };
    }
    case "notIn": {
      const label = node.label;
      const set = new Set(node.values);
      return (l) => {
        const v = l.get(label);
        return v === undefined || !set.has(v);
      };
    }
    case "not": {
      const inner = compile(node.operand);
      return (l) => !inner(l);
    }
    case "and":
      return compileAnd(node.operands.map(compile));
    case "or":
      return compileOr(node.operands.map(compile));
    default:
      return assertNever(node);
  }
}

function compileAnd(parts: readonly Evaluator[]): Evaluator {
  if (parts.length === 2) {
    const [a, b] = parts as [Evaluator, Evaluator];
    return (l) => a(l) && b(l);
  }
  return (l) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i]!(l)) return false;
    return true;
  };
}

function compileOr(parts: readonly Evaluator[]): Evaluator {
  if (parts.length === 2) {
    const [a, b] = parts as [Evaluator, Evaluator];
    return (l) => a(l) || b(l);
  }
  return (l) => {
    for (let i = 0; i < parts.length; i++) if (parts[i]!(l)) return true;
    return false;
  };
}

function assertNever(node: never): never {
  throw new Error(`unknown selector node ${JSON.stringify(node)}`);
}

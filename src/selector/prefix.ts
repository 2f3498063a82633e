/**
 * Calico's PrefixVisitor (ast.go): prefixes the label of every leaf. The policy converter uses it
 * to turn namespace and service-account selectors into `pcns.` / `pcsa.` label selectors.
 */
import { selectorFromNode } from "./selector.js";
import type { Selector, SelectorNode } from "./types.js";

/** Returns `node` with `prefix` prepended to every label (==, !=, contains, starts/ends with, has, in, not in). */
export function prefixNode(node: SelectorNode, prefix: string): SelectorNode {
  switch (node.kind) {
    case "all":
    case "global":
      return node;
    case "has":
      return { kind: "has", label: prefix + node.label };
    case "eq":
    case "ne":
    case "contains":
    case "startsWith":
    case "endsWith":
      return { kind: node.kind, label: prefix + node.label, value: node.value };
    case "in":
    case "notIn":
      return { kind: node.kind, label: prefix + node.label, values: node.values };
    case "not":
      return { kind: "not", operand: prefixNode(node.operand, prefix) };
    case "and":
    case "or":
      return { kind: node.kind, operands: node.operands.map((o) => prefixNode(o, prefix)) };
    default:
      return assertNever(node);
  }
}

/**
 * Prefixes every label of `sel`: with `pcns.`, `k == 'v' || has(x)` becomes
 * `(pcns.k == "v" || has(pcns.x))`. Throws SelectorError if a prefixed label is invalid or too long.
 */
export function prefixSelector(sel: Selector, prefix: string): Selector {
  return selectorFromNode(prefixNode(sel.ast, prefix));
}

function assertNever(node: never): never {
  throw new Error(`unknown selector node ${JSON.stringify(node)}`);
}

/**
 * The leaves of a selector tree (every node that is not `not`, `and` or `or`), walked
 * iteratively so a deeply nested tree cannot overflow the stack.
 */
import type { SelectorNode } from "./types.js";

/** A selector node with no operands. */
export type SelectorLeaf = Exclude<SelectorNode, { readonly kind: "not" | "and" | "or" }>;

/** Calls `visit` on every leaf of the tree; stops early when it returns true. Returns whether it stopped. */
export function someLeaf(root: SelectorNode, visit: (leaf: SelectorLeaf) => boolean): boolean {
  const stack: SelectorNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.kind) {
      case "not":
        stack.push(node.operand);
        break;
      case "and":
      case "or":
        for (const operand of node.operands) stack.push(operand);
        break;
      case "all":
      case "global":
      case "has":
      case "eq":
      case "ne":
      case "contains":
      case "startsWith":
      case "endsWith":
      case "in":
      case "notIn":
        if (visit(node)) return true;
        break;
      default: {
        const unreachable: never = node;
        throw new Error(`unknown selector node ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return false;
}

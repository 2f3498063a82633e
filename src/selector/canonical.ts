/**
 * Calico's canonical `String()` (ast.go collectFragments): the form uniqueIds are computed from.
 */
import type { SelectorNode } from "./types.js";

/** Prints a node exactly as Calico does: `(a == "b" && has(c))`, sets sorted, every and/or parenthesised. */
export function canonicalString(node: SelectorNode): string {
  const parts: string[] = [];
  collect(node, parts);
  return parts.join("");
}

/** Quotes a value with `"` unless it contains `"`, then with `'` (Calico strings have no escapes). */
export function quoteValue(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function collect(node: SelectorNode, out: string[]): void {
  switch (node.kind) {
    case "all":
      out.push("all()");
      return;
    case "global":
      out.push("global()");
      return;
    case "has":
      out.push("has(", node.label, ")");
      return;
    case "eq":
      out.push(node.label, " == ", quoteValue(node.value));
      return;
    case "ne":
      out.push(node.label, " != ", quoteValue(node.value));
      return;
    case "contains":
      out.push(node.label, " contains ", quoteValue(node.value));
      return;
    case "startsWith":
      out.push(node.label, " starts with ", quoteValue(node.value));
      return;
    case "endsWith":
      out.push(node.label, " ends with ", quoteValue(node.value));
      return;
    case "in":
      out.push(node.label, " in {", node.values.map(quoteValue).join(", "), "}");
      return;
    case "notIn":
      out.push(node.label, " not in {", node.values.map(quoteValue).join(", "), "}");
      return;
    case "not":
      // Not adds no parentheses of its own: `!(a == "b")` prints as `!a == "b"`.
      out.push("!");
      collect(node.operand, out);
      return;
    case "and":
      joinOperands(node.operands, " && ", out);
      return;
    case "or":
      joinOperands(node.operands, " || ", out);
      return;
    default:
      assertNever(node);
  }
}

function joinOperands(operands: readonly SelectorNode[], separator: string, out: string[]): void {
  out.push("(");
  operands.forEach((operand, i) => {
    if (i > 0) out.push(separator);
    collect(operand, out);
  });
  out.push(")");
}

function assertNever(node: never): never {
  throw new Error(`unknown selector node ${JSON.stringify(node)}`);
}

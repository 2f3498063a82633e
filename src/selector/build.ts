/**
 * Typed AST builders called by the generated parser's actions (grammar/selector.peggy). All the
 * parser's logic lives here so the grammar stays declarative.
 */
import { sortedUnique } from "./bytewise.js";
import { SelectorAbort } from "./errors.js";
import { MAX_LABEL_LENGTH } from "./limits.js";
import type { SelectorNode } from "./types.js";

/** Operators whose right-hand side is a string literal. */
export type StringOperator = "eq" | "ne" | "contains" | "startsWith" | "endsWith";
/** Operators whose right-hand side is a set literal. */
export type SetOperator = "in" | "notIn";

const ALL: SelectorNode = Object.freeze({ kind: "all" });
const GLOBAL: SelectorNode = Object.freeze({ kind: "global" });

/** The builder set handed to the generated parser as `options.build`. */
export const builders = {
  /** Empty input means `all()`. */
  selector(body: SelectorNode | null): SelectorNode {
    return body ?? ALL;
  },
  or(head: SelectorNode, tail: readonly SelectorNode[]): SelectorNode {
    return tail.length === 0 ? head : { kind: "or", operands: [head, ...tail] };
  },
  and(head: SelectorNode, tail: readonly SelectorNode[]): SelectorNode {
    return tail.length === 0 ? head : { kind: "and", operands: [head, ...tail] };
  },
  /** A run of `!` (with any spaces) collapses: odd → one not, even → none, as Calico's parser loop. */
  not(bangs: string, operand: SelectorNode): SelectorNode {
    let count = 0;
    for (let i = 0; i < bangs.length; i++) if (bangs.charCodeAt(i) === 33) count++;
    return count % 2 === 1 ? { kind: "not", operand } : operand;
  },
  has(label: string): SelectorNode {
    return { kind: "has", label };
  },
  all(): SelectorNode {
    return ALL;
  },
  global(): SelectorNode {
    return GLOBAL;
  },
  compare(label: string, op: StringOperator, value: string): SelectorNode {
    return { kind: op, label, value };
  },
  compareSet(label: string, op: SetOperator, values: readonly string[]): SelectorNode {
    return { kind: op, label, values };
  },
  /** The items of a non-empty set literal, in source order. */
  items(head: string, tail: readonly string[]): readonly string[] {
    return [head, ...tail];
  },
  /** Set literal items, sorted byte-wise and de-duplicated. */
  set(items: readonly string[]): readonly string[] {
    return items.length <= 1 ? items : sortedUnique(items);
  },
  /** Enforces Calico's 512-byte label limit (labels are ASCII, so bytes = characters). */
  label(chars: string, offset: number): string {
    if (chars.length > MAX_LABEL_LENGTH) {
      throw new SelectorAbort({
        code: "label-too-long",
        message: `label too long at offset ${offset}: ${chars.length} bytes, the maximum is ${MAX_LABEL_LENGTH} (label starts "${chars.slice(0, 32)}...")`,
        offset,
        expected: [`a label of at most ${MAX_LABEL_LENGTH} bytes`],
        found: `${chars.slice(0, 32)}...`,
      });
    }
    return chars;
  },
  unterminatedString(quote: string, offset: number): never {
    throw new SelectorAbort({
      code: "unterminated-string",
      message: `unterminated string literal at offset ${offset}: no closing ${quote} (Calico strings have no escapes)`,
      offset,
      expected: [`closing ${quote}`],
      found: null,
    });
  },
} as const;

/** The shape of `options.build` the grammar's actions rely on. */
export type Builders = typeof builders;

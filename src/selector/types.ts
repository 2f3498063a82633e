/**
 * Shared selector types. This file is the contract between the selector module and its users
 * (label index, policy evaluation); implementations live beside it.
 */

/** A label map as users give it: a plain object or a Map. */
export type Labels = Readonly<Record<string, string>> | ReadonlyMap<string, string>;

/**
 * The one operation evaluation needs: a label's value, or `undefined` when absent.
 * A `Map<string, string>` satisfies it, and so does an inherited-label view that checks the
 * endpoint's own labels and then each parent's, without building a merged map.
 */
export interface LabelLookup {
  get(key: string): string | undefined;
}

/** A parsed Calico selector. Identical canonical forms share one object. */
export interface Selector {
  /** The text as given. */
  readonly source: string;
  /** Calico's String(): e.g. `(a == "b" && has(c))`. */
  readonly canonical: string;
  /** `"s:" + base64url-no-pad(SHA-224("s:" + canonical))`. */
  readonly uniqueId: string;
  /** The parsed tree. */
  readonly ast: SelectorNode;
  /** True when the labels (object or Map) satisfy the selector. */
  matches(labels: Labels): boolean;
  /** Allocation-free evaluation against any lookup (the label index's hot path). */
  evaluate(lookup: LabelLookup): boolean;
  /** The canonical string. */
  toString(): string;
}

/** Selector AST, as Calico's `ast.go`. Sets are sorted byte-wise and de-duplicated. */
export type SelectorNode =
  | { readonly kind: "all" }
  | { readonly kind: "global" }
  | { readonly kind: "has"; readonly label: string }
  | { readonly kind: "eq"; readonly label: string; readonly value: string }
  | { readonly kind: "ne"; readonly label: string; readonly value: string }
  | { readonly kind: "contains"; readonly label: string; readonly value: string }
  | { readonly kind: "startsWith"; readonly label: string; readonly value: string }
  | { readonly kind: "endsWith"; readonly label: string; readonly value: string }
  | { readonly kind: "in"; readonly label: string; readonly values: readonly string[] }
  | { readonly kind: "notIn"; readonly label: string; readonly values: readonly string[] }
  | { readonly kind: "not"; readonly operand: SelectorNode }
  | { readonly kind: "and"; readonly operands: readonly SelectorNode[] }
  | { readonly kind: "or"; readonly operands: readonly SelectorNode[] };

/**
 * Calico's LabelRestriction for one label (§A.6): a sound lower bound every matching label map
 * satisfies. `mustHaveOneOfValues` undefined = unknown; empty array = impossible.
 */
export interface LabelRestriction {
  readonly mustBePresent: boolean;
  readonly mustBeAbsent: boolean;
  readonly mustHaveOneOfValues?: readonly string[];
}

/** Restrictions per label; empty when the selector constrains nothing indexable. */
export type LabelRestrictions = ReadonlyMap<string, LabelRestriction>;

/**
 * Selector fields are validated by parsing them with the project's selector parser, as Calico's
 * validator does with selector.Validate (B.3): at most 1024 characters and syntactically valid.
 */

import { safeParseSelector } from "../selector/index.js";
import { someLeaf } from "../selector/leaves.js";
import type { SelectorNode } from "../selector/types.js";
import type { FieldResult } from "./fields.js";
import { field } from "./fields.js";
import { describeValue, typeOfValue } from "./issues.js";
import { once } from "./once.js";

/** Calico's limit on selector length (`validator.go`). */
export const MAX_SELECTOR_LENGTH = 1024;

/** True when the tree uses `global()`: checked on the AST, so `a == "global()"` is not a use. */
function usesGlobal(root: SelectorNode): boolean {
  return someLeaf(root, (leaf) => leaf.kind === "global");
}

/** Parses a selector field; `global` says whether `global()` may appear (only alone, in a namespaceSelector). */
export function parseSelectorField(value: unknown, global: "forbidden" | "alone"): FieldResult<string> {
  if (typeof value !== "string") {
    return {
      ok: false,
      code: "invalid-type",
      message: `expected a selector string, got ${typeOfValue(value)}`,
    };
  }
  if (value.length > MAX_SELECTOR_LENGTH) {
    return {
      ok: false,
      code: "selector-too-long",
      message: `selector is ${value.length} characters long: at most ${MAX_SELECTOR_LENGTH} allowed`,
    };
  }
  const parsed = safeParseSelector(value);
  if (!parsed.ok) {
    return {
      ok: false,
      code: "invalid-selector",
      message: `invalid selector ${describeValue(value)}: ${parsed.error.message}`,
    };
  }
  if (usesGlobal(parsed.selector.ast)) {
    if (global === "forbidden") {
      return {
        ok: false,
        code: "global-not-allowed",
        message: `invalid selector ${describeValue(value)}: global() is only allowed in a rule's namespaceSelector`,
      };
    }
    if (parsed.selector.ast.kind !== "global") {
      return {
        ok: false,
        code: "global-not-alone",
        message: `invalid namespaceSelector ${describeValue(value)}: global() must be the only term`,
      };
    }
  }
  return { ok: true, value };
}

/** A selector field where `global()` is forbidden (policy selectors, rule selector / notSelector). */
export const selectorField = once(() => field<string>((value) => parseSelectorField(value, "forbidden")));

/** A rule's namespaceSelector: `global()` is allowed, but only as the whole selector. */
export const namespaceSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "alone")),
);

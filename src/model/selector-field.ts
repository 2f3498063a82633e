/**
 * Selector fields are validated by parsing them with the project's selector parser, as Calico's
 * validator does with selector.Validate (B.3): at most 1024 characters and syntactically valid.
 */

import { safeParseSelector } from "../selector/index.js";
import type { FieldResult } from "./fields.js";
import { field } from "./fields.js";
import { describeValue, typeOfValue } from "./issues.js";
import { once } from "./once.js";

/** Calico's limit on selector length (`validator.go`). */
export const MAX_SELECTOR_LENGTH = 1024;

/**
 * Where a selector field sits, which decides how `global()` is policed. Calico checks text, not
 * the parsed tree (`validator.go`): a policy's selector or serviceAccountSelector may not contain
 * `global(` (the CRD rule), a rule's selector may not contain `global()` (so even
 * `name == "global()"` is refused), a notSelector or serviceAccounts selector is not checked,
 * and a namespaceSelector that contains `global(` must tokenize to `global()` alone
 * (`(global())` is refused).
 */
export type SelectorPlace = "policy" | "rule-selector" | "rule-unchecked" | "rule-namespace-selector";

const GLOBAL_ALONE = /^[ \t]*global\([ \t]*\)[ \t]*$/;

function globalProblem(value: string, place: SelectorPlace): FieldResult<string> | undefined {
  switch (place) {
    case "policy":
    case "rule-selector": {
      const banned = place === "policy" ? "global(" : "global()";
      if (!value.includes(banned)) return undefined;
      return {
        ok: false,
        code: "global-not-allowed",
        message: `invalid selector ${describeValue(value)}: contains "${banned}", which is only allowed as a rule's namespaceSelector`,
      };
    }
    case "rule-unchecked":
      return undefined;
    case "rule-namespace-selector":
      if (!value.includes("global(") || GLOBAL_ALONE.test(value)) return undefined;
      return {
        ok: false,
        code: "global-not-alone",
        message: `invalid namespaceSelector ${describeValue(value)}: global() cannot be combined with other selectors`,
      };
  }
}

/** Parses a selector field placed at `place` (see SelectorPlace for the `global()` checks). */
export function parseSelectorField(value: unknown, place: SelectorPlace): FieldResult<string> {
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
  const problem = globalProblem(value, place);
  if (problem !== undefined) return problem;
  return { ok: true, value };
}

/** A policy's selector or serviceAccountSelector (and a GlobalNetworkPolicy's namespaceSelector). */
export const policySelectorField = once(() => field<string>((value) => parseSelectorField(value, "policy")));

/** A rule's `selector`: may not contain `global()`. */
export const ruleSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "rule-selector")),
);

/** A rule's `notSelector` or `serviceAccounts.selector`: Calico does not police `global()` there. */
export const uncheckedSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "rule-unchecked")),
);

/** A rule's namespaceSelector: `global()` is allowed, but only as the whole selector. */
export const namespaceSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "rule-namespace-selector")),
);

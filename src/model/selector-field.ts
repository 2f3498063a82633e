/**
 * Selector fields are validated by parsing them with the project's selector parser, as Calico's
 * validator does with selector.Validate (B.3): at most 1024 characters and syntactically valid.
 */

import {
  MAX_LABEL_LENGTH,
  NAMESPACE_LABEL_PREFIX,
  SERVICE_ACCOUNT_LABEL_PREFIX,
  type SelectorNode,
  safeParseSelector,
} from "../selector/index.js";
import { someLeaf } from "../selector/leaves.js";
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

/** The longest label a selector names (undefined for `all()` / `global()` alone). */
function longestLabel(node: SelectorNode): string | undefined {
  let longest: string | undefined;
  someLeaf(node, (leaf) => {
    if (leaf.kind !== "all" && leaf.kind !== "global" && leaf.label.length > (longest?.length ?? 0)) {
      longest = leaf.label;
    }
    return false;
  });
  return longest;
}

/**
 * Calico prefixes the labels of namespace and service-account selectors (`pcns.`, `pcsa.`) and
 * re-parses the result in Felix, whose parser takes labels of at most 512 characters: a longer
 * prefixed label makes Felix's rule scanner fail on the policy ("Failed to parse selector that
 * should have been validated already", rule_scanner.go), so there is no verdict to reproduce.
 * Refused here rather than evaluated without the namespace or service-account restriction.
 */
function prefixProblem(node: SelectorNode, value: string, prefix: string): FieldResult<string> | undefined {
  const label = longestLabel(node);
  if (label === undefined || prefix.length + label.length <= MAX_LABEL_LENGTH) return undefined;
  const shown = label.length > 40 ? `${label.slice(0, 32)}...` : label;
  return {
    ok: false,
    code: "label-too-long-after-prefix",
    message: `invalid selector ${describeValue(value)}: Calico prefixes its labels with "${prefix}", which makes label "${shown}" ${prefix.length + label.length} characters long, more than the ${MAX_LABEL_LENGTH} Felix's selector parser accepts (Felix cannot load the policy): shorten the label to at most ${MAX_LABEL_LENGTH - prefix.length}`,
  };
}

/**
 * Parses a selector field placed at `place` (see SelectorPlace for the `global()` checks);
 * `prefix` is the label prefix Calico gives it before Felix parses it again (`pcns.`, `pcsa.`).
 */
export function parseSelectorField(
  value: unknown,
  place: SelectorPlace,
  prefix?: string,
): FieldResult<string> {
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
  const problem =
    globalProblem(value, place) ??
    (prefix === undefined ? undefined : prefixProblem(parsed.selector.ast, value, prefix));
  if (problem !== undefined) return problem;
  return { ok: true, value };
}

/** A policy's selector. */
export const policySelectorField = once(() => field<string>((value) => parseSelectorField(value, "policy")));

/** A policy's serviceAccountSelector: its labels become `pcsa.` labels. */
export const policyServiceAccountSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "policy", SERVICE_ACCOUNT_LABEL_PREFIX)),
);

/** A GlobalNetworkPolicy's namespaceSelector: its labels become `pcns.` labels. */
export const policyNamespaceSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "policy", NAMESPACE_LABEL_PREFIX)),
);

/** A rule's `selector`: may not contain `global()`. */
export const ruleSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "rule-selector")),
);

/** A rule's `notSelector`: Calico does not police `global()` there. */
export const uncheckedSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "rule-unchecked")),
);

/** A rule's `serviceAccounts.selector`: `global()` unpoliced, labels become `pcsa.` labels. */
export const ruleServiceAccountSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "rule-unchecked", SERVICE_ACCOUNT_LABEL_PREFIX)),
);

/** A rule's namespaceSelector: `global()` is allowed, but only as the whole selector; labels become `pcns.` labels. */
export const namespaceSelectorField = once(() =>
  field<string>((value) => parseSelectorField(value, "rule-namespace-selector", NAMESPACE_LABEL_PREFIX)),
);

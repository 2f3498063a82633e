/**
 * The string rewrites Calico's policy conversion applies to selectors (§D). Calico edits the
 * selector TEXT, not the tree, so these do too, quirks included: replacing `all()` also rewrites
 * an `all()` inside a string literal (`a == "all()"` becomes `a == "has(projectcalico.org/namespace)"`).
 */
import { safeParseSelector } from "./api.js";
import { prefixSelector } from "./prefix.js";

/** The label Calico puts on every namespaced endpoint: its namespace's name. */
export const NAMESPACE_LABEL = "projectcalico.org/namespace";
/** The label Calico puts on Kubernetes pods: their service account's name. */
export const SERVICE_ACCOUNT_LABEL = "projectcalico.org/serviceaccount";
/** Prefix of namespace labels copied onto endpoints through their `kns.<ns>` profile. */
export const NAMESPACE_LABEL_PREFIX = "pcns.";
/** Prefix of service-account labels copied onto endpoints through their `ksa.<ns>.<sa>` profile. */
export const SERVICE_ACCOUNT_LABEL_PREFIX = "pcsa.";

/**
 * Go's `strings.Replace(s, from, to, -1)`: every non-overlapping occurrence, left to right, with
 * `to` taken literally (unlike String.prototype.replaceAll, `$&` in `to` is not special).
 */
export function replaceAll(selectorText: string, from: string, to: string): string {
  if (from === "") return selectorText;
  return selectorText.split(from).join(to);
}

/** `all()` → `has(projectcalico.org/namespace)`: a namespace selector `all()` means "any namespaced endpoint". */
export function replaceAllWithHasNamespace(selectorText: string): string {
  return replaceAll(selectorText, "all()", `has(${NAMESPACE_LABEL})`);
}

/** `global()` → `!has(projectcalico.org/namespace)`: only non-namespaced things (host endpoints, global sets). */
export function replaceGlobalWithNotHasNamespace(selectorText: string): string {
  return replaceAll(selectorText, "global()", `!has(${NAMESPACE_LABEL})`);
}

/** `all()` → `has(projectcalico.org/serviceaccount)`, as GlobalNetworkPolicy conversion does for `serviceAccountSelector: all()`. */
export function replaceAllWithHasServiceAccount(selectorText: string): string {
  return replaceAll(selectorText, "all()", `has(${SERVICE_ACCOUNT_LABEL})`);
}

/**
 * Calico's `prefixAndAppendSelector` (updateprocessors/selectors.go): parses `additional`, prefixes
 * its labels, and appends its canonical form: `prefixAndAppendSelector("mylabel == 'selectme'",
 * "name == 'testing'", "pcns.")` is `(mylabel == 'selectme') && pcns.name == "testing"`. An empty
 * or unparsable `additional` leaves `current` unchanged (Calico logs and drops it); an empty
 * `current` yields the prefixed selector alone.
 */
export function prefixAndAppendSelector(current: string, additional: string, prefix: string): string {
  if (additional === "") return current;
  const parsed = safeParseSelector(additional);
  if (!parsed.ok) return current;
  let prefixed: string;
  try {
    prefixed = prefixSelector(parsed.selector, prefix).canonical;
  } catch {
    return current;
  }
  return current === "" ? prefixed : `(${current}) && ${prefixed}`;
}

/**
 * The namespace part of a rule's entity selector when `namespaceSelector` is set (rules.go
 * getEndpointSelector): labels prefixed `pcns.`, then `all()` → `has(projectcalico.org/namespace)`
 * and `global()` → `!has(projectcalico.org/namespace)`. `namespacelabel1 == 'value1'` becomes
 * `pcns.namespacelabel1 == "value1"`. Returns "" for an empty or unparsable namespace selector.
 */
export function ruleNamespaceSelector(namespaceSelector: string): string {
  const prefixed = prefixAndAppendSelector("", namespaceSelector, NAMESPACE_LABEL_PREFIX);
  return replaceGlobalWithNotHasNamespace(replaceAllWithHasNamespace(prefixed));
}

/**
 * The selectors of a rule's source or destination after Calico's rewriting (§D.3 rules.go
 * getEndpointSelector): namespace scoping, `pcns.`/`pcsa.` prefixes, service-account names.
 */
import type { EntityRule } from "../model/types.js";
import {
  NAMESPACE_LABEL,
  parseSelector,
  prefixAndAppendSelector,
  ruleNamespaceSelector,
  SERVICE_ACCOUNT_LABEL,
  SERVICE_ACCOUNT_LABEL_PREFIX,
} from "../selector/index.js";

/** Selector texts as Felix receives them: `selector` positive, `notSelector` negated ("" = none). */
export interface EntitySelectorTexts {
  readonly selector: string;
  readonly notSelector: string;
}

/**
 * Rewrites an entity rule's selectors for a policy in `policyNamespace` ("" for global policies
 * and profiles). Examples (rules_test.go): selector `mylabel == 'value1'` in `namespace2` →
 * `(projectcalico.org/namespace == 'namespace2') && (mylabel == 'value1')`; a rule with only
 * `notSelector` in `namespace2` gets the positive selector `projectcalico.org/namespace == 'namespace2'`
 * (so it only matches same-namespace Calico endpoints), while a rule with only nets or ports gets
 * none (any address, any namespace). The notSelector is never scoped or prefixed.
 * Callers validate the written selectors first; unparsable parts are dropped as Calico drops them.
 */
export function entitySelectorTexts(entity: EntityRule, policyNamespace: string): EntitySelectorTexts {
  const namespaceSelector = entity.namespaceSelector ?? "";
  const notSelector = entity.notSelector ?? "";
  // `global()` means "not namespaced": it only selects GlobalNetworkSets and host endpoints.
  const scope =
    namespaceSelector !== ""
      ? ruleNamespaceSelector(namespaceSelector)
      : policyNamespace !== ""
        ? `${NAMESPACE_LABEL} == '${policyNamespace}'`
        : "";

  let selector = entity.selector ?? "";
  const accounts = serviceAccountSelectorText(entity);
  if (accounts !== "") selector = selector === "" ? accounts : `(${accounts}) && (${selector})`;

  if (scope !== "" && (selector !== "" || notSelector !== "" || namespaceSelector !== "")) {
    selector = selector === "" ? scope : `(${scope}) && (${selector})`;
  }
  return { selector, notSelector };
}

/**
 * `serviceAccounts`: names become `projectcalico.org/serviceaccount in {...}`, the selector gets
 * `pcsa.` labels, and both are ANDed (parseServiceAccounts).
 */
function serviceAccountSelectorText(entity: EntityRule): string {
  const accounts = entity.serviceAccounts;
  if (accounts === undefined) return "";
  const names = accounts.names ?? [];
  const namesText =
    names.length === 0
      ? ""
      : parseSelector(`${SERVICE_ACCOUNT_LABEL} in { ${names.map((n) => `'${n}'`).join(", ")} }`).canonical;
  const prefixed = prefixAndAppendSelector("", accounts.selector ?? "", SERVICE_ACCOUNT_LABEL_PREFIX);
  if (prefixed === "") return namesText;
  return namesText === "" ? prefixed : `(${prefixed}) && (${namesText})`;
}

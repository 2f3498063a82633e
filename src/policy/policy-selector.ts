/**
 * The selector that decides which endpoints a policy applies to, after Calico's namespace and
 * service-account injection (§D.1 networkpolicyprocessor.go, §D.2 globalnetworkpolicyprocessor.go).
 * Calico builds these as strings and re-parses them; so does this module, so the canonical
 * forms (and unique ids) are Calico's.
 */
import {
  NAMESPACE_LABEL,
  NAMESPACE_LABEL_PREFIX,
  prefixAndAppendSelector,
  replaceAllWithHasNamespace,
  replaceAllWithHasServiceAccount,
  SERVICE_ACCOUNT_LABEL_PREFIX,
} from "../selector/index.js";

/** The fields of a policy spec that decide where it applies. */
export interface ApplicabilityInput {
  readonly selector?: string;
  readonly serviceAccountSelector?: string;
  /** GlobalNetworkPolicy only. */
  readonly namespaceSelector?: string;
}

/**
 * A namespaced (Staged)NetworkPolicy's selector: `(<selector>) && projectcalico.org/namespace == '<ns>'`,
 * then `(<that>) && <SA selector prefixed pcsa.>`. Example (networkpolicyprocessor_test.go):
 * `mylabel == 'selectme'` in `namespace2` with SA selector `role == 'development'` →
 * `((mylabel == 'selectme') && projectcalico.org/namespace == 'namespace2') && pcsa.role == "development"`.
 * An SA selector of `all()` stays `all()` here; only GlobalNetworkPolicy rewrites it.
 */
export function namespacedPolicySelectorText(spec: ApplicabilityInput, namespace: string): string {
  const scope = `${NAMESPACE_LABEL} == '${namespace}'`;
  const text = isEmpty(spec.selector) ? scope : `(${spec.selector}) && ${scope}`;
  return prefixAndAppendSelector(text, spec.serviceAccountSelector ?? "", SERVICE_ACCOUNT_LABEL_PREFIX);
}

/**
 * A (Staged)GlobalNetworkPolicy's selector: the namespace selector appended with `pcns.` labels and
 * every `all()` in the whole string replaced by `has(projectcalico.org/namespace)`, then the SA
 * selector with `pcsa.` and `all()` → `has(projectcalico.org/serviceaccount)`. Example:
 * `mylabel == 'selectme'` with namespaceSelector `all()` →
 * `(mylabel == 'selectme') && has(projectcalico.org/namespace)`. Empty everything ⇒ `""` = all().
 */
export function globalPolicySelectorText(spec: ApplicabilityInput): string {
  let text = spec.selector ?? "";
  if (!isEmpty(spec.namespaceSelector)) {
    text = replaceAllWithHasNamespace(
      prefixAndAppendSelector(text, spec.namespaceSelector, NAMESPACE_LABEL_PREFIX),
    );
  }
  if (!isEmpty(spec.serviceAccountSelector)) {
    text = replaceAllWithHasServiceAccount(
      prefixAndAppendSelector(text, spec.serviceAccountSelector, SERVICE_ACCOUNT_LABEL_PREFIX),
    );
  }
  return text;
}

function isEmpty(text: string | undefined): text is undefined | "" {
  return text === undefined || text === "";
}

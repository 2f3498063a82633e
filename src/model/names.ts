/**
 * Name and label syntax, as Kubernetes' apimachinery validation and Calico's validator define it
 * (calico-semantics.md B.1, B.6). Each check returns undefined when valid, else what was expected.
 */

const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(?:(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?)$/;
const IANA_SERVICE_NAME = /^[-a-z0-9]+$/;
const CONTAINER_ID = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const INTERFACE_NAME = /^[a-zA-Z0-9_.-]{1,15}$/;

/** A DNS-1123 label: lower-case alphanumerics and `-`, alphanumeric at both ends, at most 63 chars. */
export function checkDnsLabel(value: string): string | undefined {
  if (value.length > 63) return `at most 63 characters (got ${value.length})`;
  return DNS_LABEL.test(value)
    ? undefined
    : "a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";
}

/** A DNS-1123 subdomain: dot-separated DNS labels, at most 253 chars (Calico's resource-name rule). */
export function checkDnsSubdomain(value: string): string | undefined {
  if (value.length > 253) return `at most 253 characters (got ${value.length})`;
  return DNS_SUBDOMAIN.test(value)
    ? undefined
    : "a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
}

/** A Kubernetes qualified name (label key): optional `<dns-subdomain>/` prefix, then a name of at most 63 chars. */
export function checkLabelKey(key: string): string | undefined {
  const slash = key.indexOf("/");
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix === "" || checkDnsSubdomain(prefix) !== undefined) {
      return "a label key whose prefix (before '/') is a DNS-1123 subdomain";
    }
  }
  if (name.length === 0 || name.length > 63) return "a label key whose name part has 1-63 characters";
  return QUALIFIED_NAME_PART.test(name)
    ? undefined
    : "a label key: alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric, optionally prefixed by a DNS subdomain and '/'";
}

/** A Kubernetes label value: empty, or at most 63 alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
export function checkLabelValue(value: string): string | undefined {
  if (value.length > 63) return `a label value of at most 63 characters (got ${value.length})`;
  return LABEL_VALUE.test(value)
    ? undefined
    : "a label value: empty, or alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric";
}

/**
 * Kubernetes' IsValidPortName (an IANA service name), which Calico applies to named ports:
 * `http` and `metrics-2` are valid; `http_alt`, `HTTP`, `-web` and `a--b` are not.
 */
export function checkPortName(value: string): string | undefined {
  const expected =
    "a port name: 1-15 lower-case letters, digits and '-', with at least one letter, no '--', and no '-' at either end";
  if (value.length === 0 || value.length > 15) return expected;
  if (!IANA_SERVICE_NAME.test(value) || !/[a-z]/.test(value)) return expected;
  if (value.includes("--") || value.startsWith("-") || value.endsWith("-")) return expected;
  return undefined;
}

/** Calico's containerID rule: alphanumerics and '-', alphanumeric at both ends. */
export function checkContainerId(value: string): string | undefined {
  return CONTAINER_ID.test(value)
    ? undefined
    : "a container ID: letters, digits and '-', starting and ending with a letter or digit";
}

/** Calico's interface-name rule: 1-15 letters, digits, '_', '.' or '-' (the Linux IFNAMSIZ limit). */
export function checkInterfaceName(value: string): string | undefined {
  return INTERFACE_NAME.test(value)
    ? undefined
    : "an interface name of 1-15 letters, digits, '_', '.' or '-'";
}

const POLICY_LABEL = "[a-z0-9](?:[-a-z0-9]*[a-z0-9])?";
const NETWORK_POLICY_NAME = new RegExp(
  `^(?:${POLICY_LABEL}(?:\\.${POLICY_LABEL})?|(?:knp|ossg)\\.default\\.${POLICY_LABEL}(?:\\.${POLICY_LABEL})*)$`,
);
const GLOBAL_POLICY_NAME = new RegExp(`^(?:${POLICY_LABEL}\\.)?${POLICY_LABEL}$`);

/**
 * Calico's NetworkPolicy name rule (B.6): `name`, `tier.name`, or a converted Kubernetes policy
 * `knp.default.<subdomain>`; so `a.b.c` is rejected unless it starts with `knp.default.`.
 */
export function checkNetworkPolicyName(value: string): string | undefined {
  if (value.length > 253) return `at most 253 characters (got ${value.length})`;
  return NETWORK_POLICY_NAME.test(value)
    ? undefined
    : "a policy name: a DNS-1123 label, optionally prefixed by '<tier>.', or 'knp.default.<subdomain>'";
}

/** Calico's GlobalNetworkPolicy name rule (B.6): a DNS-1123 label, optionally prefixed by `<tier>.`. */
export function checkGlobalNetworkPolicyName(value: string): string | undefined {
  if (value.length > 253) return `at most 253 characters (got ${value.length})`;
  return GLOBAL_POLICY_NAME.test(value)
    ? undefined
    : "a policy name: a DNS-1123 label, optionally prefixed by '<tier>.'";
}

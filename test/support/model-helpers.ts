/**
 * Small builders for resource-model tests: wrap a rule or spec in a resource and read back the
 * issues (code and path) that validation reports.
 */
import type { ResourceIssue } from "../../src/model/issues.js";
import { validateResource } from "../../src/model/validate.js";

/** A NetworkPolicy (namespace "ns") with the given spec. */
export function networkPolicy(spec: unknown, name = "p"): unknown {
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "NetworkPolicy",
    metadata: { name, namespace: "ns" },
    spec,
  };
}

/** A GlobalNetworkPolicy with the given spec. */
export function globalNetworkPolicy(spec: unknown, name = "p"): unknown {
  return { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec };
}

/** A WorkloadEndpoint named "wep" in namespace "ns" with the given spec. */
export function workloadEndpoint(spec: unknown): unknown {
  return {
    apiVersion: "projectcalico.org/v3",
    kind: "WorkloadEndpoint",
    metadata: { name: "node1-k8s-pod-eth0", namespace: "ns" },
    // Calico requires interfaceName; tests about other fields get one unless they set it.
    spec:
      typeof spec === "object" && spec !== null && !Array.isArray(spec) && !("interfaceName" in spec)
        ? { interfaceName: "cali0", ...spec }
        : spec,
  };
}

/** The issues validation reports for a value ([] when valid). */
export function issuesOf(value: unknown): readonly ResourceIssue[] {
  const result = validateResource(value);
  return result.ok ? [] : result.issues;
}

/** `[code, path]` of each issue, for compact assertions. */
export function codesOf(value: unknown): [string, (string | number)[]][] {
  return issuesOf(value).map((i) => [i.code, [...i.path]]);
}

/** The issues of a NetworkPolicy whose only ingress rule is `rule`. */
export function ingressRuleCodes(rule: unknown): [string, (string | number)[]][] {
  return codesOf(networkPolicy({ ingress: [rule] }));
}

/** The issues of a NetworkPolicy whose only egress rule is `rule`. */
export function egressRuleCodes(rule: unknown): [string, (string | number)[]][] {
  return codesOf(networkPolicy({ egress: [rule] }));
}

/** A projectcalico.org/v3 resource of the given kind. */
export function v3(kind: string, metadata: Record<string, unknown>, spec?: unknown): unknown {
  return { apiVersion: "projectcalico.org/v3", kind, metadata, ...(spec === undefined ? {} : { spec }) };
}

/**
 * The cluster as Calico sees it: Kubernetes resources converted the way Calico converts them
 * (pods → WorkloadEndpoints, namespaces → kns.* profiles, NetworkPolicies → knp.default.*), for
 * listings and for the matrix.
 */
import { type CalicoResource, type PolicyEngine, toCalicoResources } from "../index.js";

/**
 * Every applied resource in Calico form, optionally only one kind. A StagedKubernetesNetworkPolicy
 * is a Calico kind of its own and is listed as itself, as calicoctl lists it (the engine evaluates
 * its StagedNetworkPolicy form, which calicoctl never shows).
 */
export function calicoResources(engine: PolicyEngine, kind?: CalicoResource["kind"]): CalicoResource[] {
  const out: CalicoResource[] = [];
  for (const resource of engine.getResources()) {
    const listed =
      resource.kind === "StagedKubernetesNetworkPolicy" ? [resource] : toCalicoResources(resource);
    for (const calico of listed) {
      if (kind === undefined || calico.kind === kind) out.push(calico);
    }
  }
  return out;
}

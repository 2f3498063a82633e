/**
 * The cluster as Calico sees it: Kubernetes resources converted the way Calico converts them
 * (pods → WorkloadEndpoints, namespaces → kns.* profiles, NetworkPolicies → knp.default.*), for
 * listings and for the matrix.
 */
import { type CalicoResource, type PolicyEngine, toCalicoResources } from "../index.js";

/** Every applied resource in Calico form, optionally only one kind. */
export function calicoResources(engine: PolicyEngine, kind?: CalicoResource["kind"]): CalicoResource[] {
  const out: CalicoResource[] = [];
  for (const resource of engine.getResources()) {
    for (const calico of toCalicoResources(resource)) {
      if (kind === undefined || calico.kind === kind) out.push(calico);
    }
  }
  return out;
}

/**
 * Places the policies that apply to an endpoint into ordered tiers for one direction, as Felix's
 * PolicyResolver and policy sorter do (§C.1, §C.2). Done once per endpoint and cached.
 */
import { comparePolicies, compareTiers } from "./order.js";
import type { Direction, PlacedTier, PolicyView, TierView } from "./views.js";

/**
 * Groups `policies` (those whose selector matches the workload endpoint) by tier, keeping only
 * policies whose types include `direction` and that are not host-only (doNotTrack, preDNAT); tiers with no such policy are left out (an empty tier has no
 * effect). Tiers and policies come out in evaluation order.
 */
export function placePolicies(
  policies: Iterable<PolicyView>,
  direction: Direction,
  tierOf: (name: string) => TierView,
): PlacedTier[] {
  const byTier = new Map<string, PolicyView[]>();
  for (const policy of policies) {
    if (policy[direction] === undefined || policy.hostOnly) continue;
    const list = byTier.get(policy.tier);
    if (list === undefined) byTier.set(policy.tier, [policy]);
    else list.push(policy);
  }
  const placed: PlacedTier[] = [];
  for (const [name, list] of byTier) {
    list.sort((a, b) =>
      comparePolicies(
        { order: a.order, name: a.ref.name, namespace: a.ref.namespace ?? "", kind: a.ref.kind },
        { order: b.order, name: b.ref.name, namespace: b.ref.namespace ?? "", kind: b.ref.kind },
      ),
    );
    placed.push({
      tier: tierOf(name),
      policies: list,
      hasEnforced: list.some((p) => !p.staged),
      hasStaged: list.some((p) => p.staged),
    });
  }
  placed.sort((a, b) => compareTiers(a.tier, b.tier));
  return placed;
}

/**
 * Felix's policy_sorter.go ordering of tiers and of policies within a tier (§C.2).
 */

/** What tier ordering looks at. */
export interface TierSortKey {
  readonly name: string;
  /** False when policies name a tier with no Tier resource. */
  readonly exists: boolean;
  readonly order: number | undefined;
}

/** What policy ordering looks at. */
export interface PolicySortKey {
  readonly order: number | undefined;
  readonly name: string;
  readonly namespace: string;
  readonly kind: string;
}

/**
 * Existing tiers before missing ones, then tiers with an order before those without, then
 * ascending order, then name. A policy naming a missing tier is still placed (tier last).
 */
export function compareTiers(a: TierSortKey, b: TierSortKey): number {
  if (a.exists !== b.exists) return a.exists ? -1 : 1;
  const byOrder = compareOrders(a.order, b.order);
  if (byOrder !== 0) return byOrder;
  return compareStrings(a.name, b.name);
}

/**
 * Ascending order with no order last, then `"<name>/<namespace>/<kind>"` compared as strings:
 * the name comes first, so `a` in namespace `z` sorts before `b` in namespace `a`.
 */
export function comparePolicies(a: PolicySortKey, b: PolicySortKey): number {
  const byOrder = compareOrders(a.order, b.order);
  if (byOrder !== 0) return byOrder;
  return compareStrings(`${a.name}/${a.namespace}/${a.kind}`, `${b.name}/${b.namespace}/${b.kind}`);
}

function compareOrders(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

// Go compares strings byte-wise; UTF-16 code-unit order agrees with UTF-8 byte order except
// for astral characters against U+E000..U+FFFF, which resource names cannot contain.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

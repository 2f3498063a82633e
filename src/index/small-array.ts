/**
 * Copy-on-write helpers for the index's small arrays. V8 gives a pushed-to array ~16 spare
 * slots; these allocate exactly, which for the thousands of few-element arrays the index holds
 * (a context's members and matches, a value group) is most of their size.
 */

/** A copy of `items` with `item` appended, allocated at its exact size. */
export function appended<T>(items: readonly T[], item: T): T[] {
  const out = new Array<T>(items.length + 1);
  for (let i = 0; i < items.length; i++) out[i] = items[i]!;
  out[items.length] = item;
  return out;
}

/** A copy of `items` without the one at `at`, allocated at its exact size. */
export function removedAt<T>(items: readonly T[], at: number): T[] {
  const out = new Array<T>(items.length - 1);
  for (let i = 0, j = 0; i < items.length; i++) if (i !== at) out[j++] = items[i]!;
  return out;
}

/**
 * A set kept as an exact-size array while it has at most `limit` items (a Set costs ~100 B more
 * for a handful), and as a Set beyond. Updates return the value to store back.
 */
export type SmallSet<T> = readonly T[] | Set<T>;

/** An empty SmallSet (shared; never mutated). */
export const EMPTY_SMALL_SET: readonly never[] = Object.freeze([]);

/** `set` with `item` added (not already present). */
export function smallAdd<T>(set: SmallSet<T>, item: T, limit: number): SmallSet<T> {
  if (!Array.isArray(set)) return (set as Set<T>).add(item);
  return set.length < limit ? appended(set, item) : new Set(set).add(item);
}

/** `set` without `item` (unchanged when absent); a Set shrinks back to an array at limit / 2. */
export function smallDelete<T>(set: SmallSet<T>, item: T, limit: number): SmallSet<T> {
  if (!Array.isArray(set)) {
    const full = set as Set<T>;
    return full.delete(item) && full.size <= limit >> 1 ? [...full] : full;
  }
  const at = set.indexOf(item);
  if (at < 0) return set;
  return set.length === 1 ? EMPTY_SMALL_SET : removedAt(set, at);
}

/** True when `item` is in `set`. */
export function smallHas<T>(set: SmallSet<T>, item: T): boolean {
  return Array.isArray(set) ? set.includes(item) : (set as Set<T>).has(item);
}

/** How many items `set` has. */
export function smallSize<T>(set: SmallSet<T>): number {
  return Array.isArray(set) ? set.length : (set as Set<T>).size;
}

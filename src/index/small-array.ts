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

/**
 * Byte-wise string order. Calico sorts set literals as Go strings, i.e. by UTF-8 bytes, which is
 * code-point order; JavaScript's `<` compares UTF-16 code units and disagrees for astral
 * characters: "\u{1F600}" < "\uFFFD" in JS, but its UTF-8 bytes (F0 ...) sort after EF BF BD.
 */

/** Orders two strings as Go orders their UTF-8 bytes (negative, zero or positive). */
export function compareBytewise(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

// Moves surrogates (D800-DFFF, the start of an astral code point) above E000-FFFF.
function fixup(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Sorts byte-wise and removes duplicates, as Calico's `ConvertToStringSetInPlace`; returns a new array. */
export function sortedUnique(values: readonly string[]): string[] {
  const sorted = [...values].sort(compareBytewise);
  const out: string[] = [];
  for (const v of sorted) {
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

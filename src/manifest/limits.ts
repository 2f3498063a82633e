/**
 * Limits that keep hostile manifests from exhausting memory, time or the stack: a size cap, a
 * cheap pre-scan (nesting and value count) run before the YAML parser sees the text, and an
 * alias-expansion cap.
 */

/** Largest manifest text accepted, in UTF-16 code units (about 16 MB of ASCII). */
export const MAX_MANIFEST_LENGTH = 16 * 1024 * 1024;

/** Deepest nesting of collections accepted in a document (Calico resources need about 10). */
export const MAX_NESTING_DEPTH = 100;

/** yaml's `maxAliasCount`: how much alias expansion toJS allows ("billion laughs" defence). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Most lines plus commas accepted in one text: the YAML parser spends about 5 µs per value, so
 * `[1,1,1,...]` filling 10 MB (5 million values) would take half a minute; a legitimate 16 MB
 * manifest has well under a million lines.
 */
export const MAX_VALUES = 1_000_000;

/** What the pre-scan found: nesting or value count beyond its bound, at a 0-based offset. */
export interface PrescanProblem {
  readonly kind: "nesting" | "values";
  readonly offset: number;
}

// The YAML parser itself recurses (and with 50 000 compact `- - - x` levels runs out of
// memory in a way no try/catch can stop), so text is rejected before parsing when any line's
// indentation plus compact block indicators, or the open flow brackets, exceed this bound.
const PRESCAN_LIMIT = 1000;

/** Scans the text once for nesting or value counts beyond the bounds; undefined when fine. */
export function prescan(text: string): PrescanProblem | undefined {
  let values = 0;
  let flow = 0;
  let lineStart = true;
  let column = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 44) {
      if (++values > MAX_VALUES) return { kind: "values", offset: i };
    }
    if (c === 10) {
      lineStart = true;
      column = 0;
      continue;
    }
    if (lineStart) {
      // Indentation and compact indicators (`- `, `? `, `: `) each open a block level.
      if (c === 32 || ((c === 45 || c === 63 || c === 58) && text.charCodeAt(i + 1) === 32)) {
        column++;
        if (column > PRESCAN_LIMIT) return { kind: "nesting", offset: i };
        continue;
      }
      lineStart = false;
    }
    if (quote !== undefined) {
      if (text[i] === quote) quote = undefined;
      continue;
    }
    if (c === 34 || c === 39) {
      if (flow > 0) quote = text[i];
    } else if (c === 91 || c === 123) {
      flow++;
      if (flow > PRESCAN_LIMIT) return { kind: "nesting", offset: i };
    } else if ((c === 93 || c === 125) && flow > 0) {
      flow--;
    }
  }
  return undefined;
}

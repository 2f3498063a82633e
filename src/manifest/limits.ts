/**
 * Limits that keep hostile manifests from exhausting memory, time or the stack: a size cap, a
 * cheap value count run before the YAML parser sees the text, nesting bounds checked on the
 * lexer's tokens as they stream into the parser (see parse-within-limits.ts), and an
 * alias-expansion cap.
 */

/** Largest manifest text accepted, in UTF-16 code units (about 16 MB of ASCII); files: in bytes. */
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

/**
 * Most indentation plus block indicators (`- `, `? `, `: `) accepted on one line outside flow
 * collections. yaml's parser recurses once per block level when it closes them, so this bounds its
 * stack before a document is complete enough to measure; a document within MAX_NESTING_DEPTH
 * needs at most a few columns per level.
 */
export const MAX_LINE_NESTING = 4 * MAX_NESTING_DEPTH;

/** A limit the text exceeds, found before it is composed into documents; offsets are 0-based. */
export type LimitProblem =
  | { readonly kind: "size"; readonly offset: 0; readonly length: number }
  | { readonly kind: "values" | "nesting"; readonly offset: number };

/** The issue code and message for a limit problem; `subject` names the text ("the manifest"). */
export function describeLimitProblem(
  problem: LimitProblem,
  subject = "the manifest",
): { readonly code: string; readonly message: string } {
  switch (problem.kind) {
    case "size":
      return {
        code: "manifest-too-large",
        message: `${subject} is ${(problem.length / 1048576).toFixed(1)} MB: at most ${MAX_MANIFEST_LENGTH / 1048576} MB is accepted`,
      };
    case "values":
      return {
        code: "too-many-values",
        message: `${subject} has more than ${MAX_VALUES} lines and list items: split it into several files`,
      };
    case "nesting":
      return {
        code: "nesting-too-deep",
        message: `the document is nested too deeply: at most ${MAX_NESTING_DEPTH} levels of mappings and lists are accepted`,
      };
    default: {
      const never: never = problem;
      return never;
    }
  }
}

/**
 * Counts lines and commas (anywhere, so it may over-count, never under-count) against MAX_VALUES;
 * the offset of the first value over the cap, or undefined when fine.
 */
export function countValues(text: string): number | undefined {
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 10 || c === 44) && ++values > MAX_VALUES) return i;
  }
  return undefined;
}

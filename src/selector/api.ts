/**
 * The selector entry points: parse with caching and interning, throwing and non-throwing forms.
 */
import { BoundedCache } from "./bounded-cache.js";
import { SelectorError } from "./errors.js";
import { parseSelectorNode } from "./parse.js";
import { createSelector, internSelector } from "./selector.js";
import type { Selector } from "./types.js";

/** The result of `safeParseSelector`. */
export type SafeParseSelectorResult =
  | { readonly ok: true; readonly selector: Selector }
  | { readonly ok: false; readonly error: SelectorError };

// Parse cache by exact source text, in front of the canonical intern table. Long texts are not
// cached so the cache's memory stays bounded (≤ 16,384 entries × ≤ 4 KB keys).
const SOURCE_CACHE_CAPACITY = 16_384;
const MAX_CACHED_SOURCE_LENGTH = 4_096;
const bySource = new BoundedCache<string, Selector>(SOURCE_CACHE_CAPACITY);

/**
 * Parses a Calico selector, or returns the error as data. Identical canonical forms share one
 * Selector object, whose `source` is the text it was first parsed from.
 */
export function safeParseSelector(text: string): SafeParseSelectorResult {
  const cached = typeof text === "string" ? bySource.get(text) : undefined;
  if (cached !== undefined) return { ok: true, selector: cached };
  const parsed = parseSelectorNode(text);
  if (!parsed.ok) return { ok: false, error: new SelectorError(parsed.problem, sourceText(text)) };
  const selector = internSelector(text, parsed.node);
  if (text.length <= MAX_CACHED_SOURCE_LENGTH) bySource.set(text, selector);
  return { ok: true, selector };
}

/** Parses a Calico selector; throws SelectorError (with offset and caret view) on invalid text. */
export function parseSelector(text: string): Selector {
  const result = safeParseSelector(text);
  if (!result.ok) throw result.error;
  return result.selector;
}

/** Parses without any cache or interning: a fresh object every call (for benchmarks and tools). */
export function parseSelectorUncached(text: string): Selector {
  const parsed = parseSelectorNode(text);
  if (!parsed.ok) throw new SelectorError(parsed.problem, sourceText(text));
  return createSelector(text, parsed.node);
}

/** True when `text` is a valid selector (Calico's `Validate`). */
export function isValidSelector(text: string): boolean {
  return safeParseSelector(text).ok;
}

// A non-string "selector" (hostile input) may not even convert to a string without throwing.
function sourceText(text: unknown): string {
  return typeof text === "string" ? text : "";
}

/** Calico's `selector.All`: `all()`, which matches every label map. */
export function allSelector(): Selector {
  return parseSelector("all()");
}

/** Calico's `selector.NoMatch`: `!all()`, which matches nothing. */
export function noMatchSelector(): Selector {
  return parseSelector("!all()");
}

/**
 * Go's unicode.IsSpace, which strings.TrimSpace uses. JavaScript's trim() differs: it also
 * strips U+FEFF and keeps U+0085 (NEL).
 */
function isGoSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Go's strings.TrimSpace, in linear time (a `\s+$` regex rescans every inner run of spaces). */
function goTrimSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) start++;
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Calico's `selector.Normalise`: trims surrounding whitespace as Go's `strings.TrimSpace` does,
 * parses, and returns the canonical string; text that does not parse is returned as trimmed,
 * not re-printed (Go returns its trimmed variable). `"  a=='b'\n"` becomes `a == "b"`, and
 * `" a == "` becomes `"a =="`. Throws SelectorError for anything but a string.
 */
export function normaliseSelector(text: string): string {
  if (typeof text !== "string") return parseSelector(text).canonical;
  const trimmed = goTrimSpace(text);
  const result = safeParseSelector(trimmed);
  return result.ok ? result.selector.canonical : trimmed;
}
